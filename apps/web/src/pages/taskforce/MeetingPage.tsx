import { Link, useParams } from 'react-router';
import { Card, Descriptions, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { TF_MEETING_KIND_LABELS, TF_TASK_STATE_LABELS, pick, type TfTask } from '@shangmi/shared';
import { taskforceApi } from '../../api/taskforce';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { MeetingEdits } from './MeetingEdits';

/** One meeting: agenda, attendees, minutes and files, and each decision with its tasks and where they stand. */
export default function MeetingPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['taskforce', 'meeting', id], queryFn: ({ signal }) => taskforceApi.meeting(id, signal) });
  useDocumentTitle(q.data?.title ?? t('taskforce.menuMeetings'));
  const canManage = useCan('taskforce:manage');
  if (q.error) return <QueryError error={q.error} />;
  const m = q.data;
  return (
    <>
      <PageHeader title={m?.title ?? t('taskforce.menuMeetings')} extra={m?.editable && canManage ? <MeetingEdits meeting={m} /> : null} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {m ? (
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('taskforce.kind')}>{pick(TF_MEETING_KIND_LABELS[m.kind], locale)}</Descriptions.Item>
              <Descriptions.Item label={t('taskforce.heldOn')}>{`${m.heldOn} ${m.place ?? ''}`}</Descriptions.Item>
              <Descriptions.Item label={t('taskforce.agenda')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{m.agenda}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('taskforce.attendeeUnits')}>{m.attendeeNames.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('taskforce.attendees')}>{m.attendees ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('taskforce.minutes')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }} data-testid="tf-minutes">{m.minutes ?? '—'}</div>
                {m.minutesFiles.map((f) => (
                  <div key={f.id}>
                    <a href={`/api/taskforce/meetings/${m.id}/files/${f.id}`}>{f.name}</a>
                  </div>
                ))}
              </Descriptions.Item>
            </Descriptions>
          ) : null}
        </Card>
        {(m?.decisions ?? []).map((d) => (
          <Card key={d.id} size="small" title={`${t('taskforce.decision')} ${d.seq}：${d.text}`}>
            <Table<TfTask>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.tasks}
              scroll={{ x: 640 }}
              columns={[
                { title: t('taskforce.task'), dataIndex: 'title', render: (v: string, r) => <Link to={`/taskforce/tasks/${r.id}`}>{v}</Link> },
                { title: t('taskforce.assignee'), dataIndex: 'assigneeName', width: 180 },
                { title: t('taskforce.dueOn'), dataIndex: 'dueOn', width: 160, render: (v: string, r) => <>{v} {r.overdue ? <Tag color="red">{t('taskforce.overdue')}</Tag> : null}</> },
                { title: t('taskforce.state'), dataIndex: 'state', width: 110, render: (v: TfTask['state']) => <Tag>{pick(TF_TASK_STATE_LABELS[v], locale)}</Tag> },
              ]}
            />
          </Card>
        ))}
      </Space>
    </>
  );
}
