import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, List, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { ASSESSMENT_KIND_LABELS, ASSESSMENT_STATUS_LABELS, formatDateTime, pick, RISK_LABELS, type AssessmentSummary } from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useAuth } from '../../lib/auth';
import { useCan } from '../../lib/access';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

interface OnsiteValues {
  enterpriseId: number;
  consentBy: string;
  consentDate?: Dayjs;
  consentNote?: string;
}

/**
 * The enterprise's campaign tasks: what the city or district asks it to check, by when, and reminders. A task whose
 * check is already started continues that draft instead of starting a second one.
 */
function Tasks({ onStart }: { onStart: (campaignId: number) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['assessments', 'campaigns'], queryFn: ({ signal }) => assessmentsApi.campaigns(signal) });
  const drafts = useQuery({ queryKey: ['assessments', 'list', 'drafts'], queryFn: ({ signal }) => assessmentsApi.list({ status: 'draft', pageSize: 200 }, signal) });
  const draftOf = new Map((drafts.data?.items ?? []).filter((a) => a.campaignId).map((a) => [a.campaignId!, a.id]));
  const open = (q.data ?? []).filter((c) => c.task && !c.task.completedAt);
  if (!open.length) return null;
  return (
    <Card title={t('assessments.tasksTitle')} size="small" style={{ marginBottom: 16 }}>
      <List
        dataSource={open}
        renderItem={(c) => (
          <List.Item
            actions={[
              draftOf.has(c.id) ? (
                <Button key="continue" type="primary" size="small" onClick={() => navigate(`/assessments/${draftOf.get(c.id)}`)}>
                  {t('assessments.continueForCampaign')}
                </Button>
              ) : (
                <Button key="start" type="primary" size="small" onClick={() => onStart(c.id)}>
                  {t('assessments.startForCampaign')}
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={c.title}
              description={
                <Space wrap>
                  <span>{t('assessments.taskFrom', { org: c.orgName, deadline: c.deadline })}</span>
                  {c.task!.remindedCount > 0 ? (
                    <Tag color="orange">{t('assessments.reminded', { n: c.task!.remindedCount, at: formatDateTime(c.task!.lastRemindedAt).slice(0, 16) })}</Tag>
                  ) : null}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 诊断体检: the checks the caller may see; an enterprise starts a self-check, site staff an on-site check with consent. */
export default function AssessmentsPage() {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const canAnswer = useCan('assessments:answer');
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const isEnterprise = me?.orgKind === 'enterprise';
  const isSite = me?.orgKind === 'site';
  const [page, setPage] = useState(1);
  const [onsiteOpen, setOnsiteOpen] = useState(false);
  const list = useQuery({ queryKey: ['assessments', 'list', page], queryFn: ({ signal }) => assessmentsApi.list({ page, pageSize: 20 }, signal) });

  const start = async (campaignId?: number) => {
    try {
      const a = await assessmentsApi.create({ kind: 'self', campaignId });
      navigate(`/assessments/${a.id}`);
    } catch (e) {
      onError(e);
    }
  };
  const columns: TableColumnsType<AssessmentSummary> = [
    { title: t('assessments.enterprise'), dataIndex: 'enterpriseName', render: (v: string, a) => <Link to={`/assessments/${a.id}`}>{v}</Link> },
    { title: t('assessments.kind'), dataIndex: 'kind', width: 110, render: (k: AssessmentSummary['kind'], a) => `${pick(ASSESSMENT_KIND_LABELS[k], locale)}${a.siteOrgName ? ` · ${a.siteOrgName}` : ''}` },
    { title: t('assessments.framework'), dataIndex: 'frameworkTitle', responsive: ['lg'] },
    {
      title: t('assessments.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: AssessmentSummary['status']) => <Tag color={s === 'submitted' ? 'green' : 'blue'}>{pick(ASSESSMENT_STATUS_LABELS[s], locale)}</Tag>,
    },
    { title: t('assessments.score'), dataIndex: 'score', width: 90, render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
    { title: t('assessments.level'), dataIndex: 'level', width: 80, render: (v: number | null) => v ?? '—' },
    { title: t('assessments.risk'), dataIndex: 'risk', width: 100, render: (r: AssessmentSummary['risk']) => (r ? <Tag color={r === 'high' ? 'red' : r === 'medium' ? 'orange' : 'green'}>{pick(RISK_LABELS[r], locale)}</Tag> : '—') },
    { title: t('assessments.shared'), dataIndex: 'shared', width: 90, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('assessments.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v).slice(0, 16) },
  ];

  return (
    <>
      <PageHeader
        title={t('assessments.title')}
        extra={
          <>
            {isEnterprise && canAnswer ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => start()}>
                {t('assessments.startSelf')}
              </Button>
            ) : null}
            {isSite && canAnswer ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOnsiteOpen(true)}>
                {t('assessments.startOnsite')}
              </Button>
            ) : null}
          </>
        }
      />
      {!isEnterprise ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('assessments.consentInfo')} /> : null}
      {isEnterprise ? <Tasks onStart={(id) => start(id)} /> : null}
      {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<AssessmentSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: t('assessments.none') }}
      />
      <FormModal<OnsiteValues, { id: number }>
        open={onsiteOpen}
        title={t('assessments.startOnsite')}
        okText={t('assessments.start')}
        onClose={() => setOnsiteOpen(false)}
        save={(v) =>
          assessmentsApi.create({
            kind: 'onsite',
            enterpriseId: v.enterpriseId,
            consentBy: v.consentBy,
            consentDate: v.consentDate ? dayjs(v.consentDate).format('YYYY-MM-DD') : null,
            consentNote: v.consentNote,
          })
        }
        success={t('assessments.started')}
        onSaved={(a) => navigate(`/assessments/${a.id}`)}
        before={<Typography.Paragraph type="secondary">{t('assessments.onsiteHint')}</Typography.Paragraph>}
      >
        <Form.Item name="enterpriseId" label={t('assessments.enterpriseId')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="consentBy" label={t('assessments.consentBy')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="consentDate" label={t('assessments.consentDate')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="consentNote" label={t('assessments.consentNote')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
