import { Link, useSearchParams } from 'react-router';
import { Card, Checkbox, Col, Form, Row, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { TF_TASK_STATES, TF_TASK_STATE_LABELS, pick, type TfTask, type tfTaskListQuery } from '@shangmi/shared';
import { TASKS_EXPORT_PATH, taskforceApi } from '../../api/taskforce';
import type { Filters } from '../../api/lists';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type TaskFilters = Filters<typeof tfTaskListQuery>;

/** 交办督办: the supervision view (per unit or district, overdue first) and the tasks in scope, overdue first. */
export default function TasksPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('taskforce.menuTasks'));
  const [params] = useSearchParams();
  const initial: TaskFilters = {};
  const st = params.get('state');
  if (st && (TF_TASK_STATES as readonly string[]).includes(st)) initial.state = st as TaskFilters['state'];
  if (params.get('mine') === 'true') initial.mine = true;
  if (params.get('open') === 'true') initial.open = true;
  if (params.get('overdue') === 'true') initial.overdue = true;
  const table = useServerTable<TfTask, TaskFilters>({ key: 'taskforce', fetch: taskforceApi.tasks, initialFilters: initial });
  const sup = useQuery({ queryKey: ['taskforce', 'supervision'], queryFn: ({ signal }) => taskforceApi.supervision(signal) });
  return (
    <>
      <PageHeader title={t('taskforce.menuTasks')} extra={<ExportButton path={TASKS_EXPORT_PATH} query={table.exportQuery} baseName={t('taskforce.menuTasks')} />} />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('taskforce.totalOpen')} value={sup.data?.open ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('taskforce.totalOverdue')} value={sup.data?.overdue ?? 0} styles={{ content: { color: sup.data?.overdue ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('taskforce.supervision')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="assigneeOrgId"
          size="small"
          pagination={false}
          loading={sup.isPending}
          dataSource={sup.data?.rows ?? []}
          scroll={{ x: 640 }}
          data-testid="tf-supervision"
          columns={[
            { title: t('taskforce.assignee'), dataIndex: 'assigneeName' },
            { title: t('taskforce.open'), dataIndex: 'open', width: 90 },
            { title: t('taskforce.overdue'), dataIndex: 'overdue', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
            { title: t('taskforce.awaiting'), dataIndex: 'awaitingAcceptance', width: 90 },
            { title: t('taskforce.done'), dataIndex: 'done', width: 90 },
            { title: t('taskforce.earliestDue'), dataIndex: 'earliestDue', width: 120, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <FilterBar<TaskFilters> table={table} name="taskFilter" instant>
        <FilterSelect name="state" label={t('taskforce.state')} width={140} options={TF_TASK_STATES.map((k) => ({ value: k, label: pick(TF_TASK_STATE_LABELS[k], locale) }))} />
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{t('taskforce.overdue')}</Checkbox>
        </Form.Item>
        <Form.Item name="mine" valuePropName="checked">
          <Checkbox>{t('taskforce.mine')}</Checkbox>
        </Form.Item>
      </FilterBar>
      <ListCard<TfTask>
        table={table}
        scroll={{ x: 960 }}
        columns={[
          { title: t('taskforce.task'), dataIndex: 'title', render: (v: string, r) => <Link to={`/taskforce/tasks/${r.id}`}>{v}</Link> },
          { title: t('taskforce.meeting'), dataIndex: 'meetingTitle', width: 220 },
          { title: t('taskforce.assignee'), dataIndex: 'assigneeName', width: 180 },
          { title: t('taskforce.dueOn'), dataIndex: 'dueOn', width: 160, render: (v: string, r) => <>{v} {r.overdue ? <Tag color="red">{t('taskforce.overdue')}</Tag> : null}</> },
          { title: t('taskforce.state'), dataIndex: 'state', width: 110, render: (v: TfTask['state']) => <Tag>{pick(TF_TASK_STATE_LABELS[v], locale)}</Tag> },
          { title: t('taskforce.reports'), dataIndex: 'reports', width: 90 },
        ]}
      />
    </>
  );
}
