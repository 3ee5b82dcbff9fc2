import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  CREDIT_SOURCES,
  CREDIT_SOURCE_LABELS,
  CREDIT_STATES,
  CREDIT_STATE_LABELS,
  PUBLISH_STATES,
  PUBLISH_STATE_LABELS,
  fenToWan,
  pick,
  type CreditPrefill,
  type CreditRecord,
  type creditRecordListQuery,
} from '@shangmi/shared';
import { CREDIT_RECORDS_EXPORT_PATH, creditApi } from '../../api/credit';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { useServerTable } from '../../components/useServerTable';
import { RecordForm } from './RecordForm';
import { PublishStateTag } from './tags';

type RecordFilters = Filters<typeof creditRecordListQuery>;

/** Cases decided with a penalty that still wait for their record: one click prefills the form from the case. */
function PendingCases({ onEnter }: { onEnter: (caseId: number) => void }) {
  const { t } = useI18n();
  const pending = useQuery({ queryKey: ['credit', 'pending-cases'], queryFn: ({ signal }) => creditApi.pendingCases(signal) });
  if (!pending.data?.length) return null;
  return (
    <Card size="small" title={t('credit.pendingCases')} style={{ marginBottom: 16 }} className="credit-pending">
      <Table
        size="small"
        rowKey="caseId"
        pagination={false}
        dataSource={pending.data}
        columns={[
          { title: t('cases.caseTitle'), dataIndex: 'title', render: (v: string, c) => <Link to={`/cases/${c.caseId}`}>{c.caseNumber ? `${c.caseNumber} ${v}` : v}</Link> },
          { title: t('credit.party'), dataIndex: 'respondentName' },
          { title: t('credit.decisionNo'), dataIndex: 'decisionNo' },
          { title: t('credit.decidedOn'), dataIndex: 'decidedOn', width: 120 },
          { title: t('credit.publishDueOn'), dataIndex: 'publishDueOn', width: 120 },
          {
            title: '',
            width: 90,
            render: (_, c) => (
              <Button size="small" type="link" onClick={() => onEnter(c.caseId)}>
                {t('credit.enterFromCase')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 行政处罚信息: every penalty record in scope with its path and publication state; entry by hand or from a case. */
export default function CreditRecordsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('credit.menuRecords'));
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const [params] = useSearchParams();
  const canManage = useCan('credit:manage');
  const initial: RecordFilters = {};
  const st = params.get('state');
  if (st && (CREDIT_STATES as readonly string[]).includes(st)) initial.state = st as RecordFilters['state'];
  const ps = params.get('publishState');
  if (ps && (PUBLISH_STATES as readonly string[]).includes(ps)) initial.publishState = ps as RecordFilters['publishState'];
  const table = useServerTable<CreditRecord, RecordFilters>({ key: 'credit', fetch: creditApi.list, initialFilters: initial, sortable: { decidedOn: 'decidedOn', publishDueOn: 'publishDueOn', publishedOn: 'publishedOn' } });
  const [form, setForm] = useState<{ open: boolean; prefill: CreditPrefill | null }>({ open: false, prefill: null });
  const enterFromCase = async (caseId: number) => {
    try {
      setForm({ open: true, prefill: await creditApi.prefill(caseId) });
    } catch (e) {
      onError(e);
    }
  };
  return (
    <>
      <PageHeader
        title={t('credit.menuRecords')}
        extra={
          <Space wrap>
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, prefill: null })}>
                {t('credit.enter')}
              </Button>
            ) : null}
            <ExportButton path={CREDIT_RECORDS_EXPORT_PATH} query={table.exportQuery} baseName={t('credit.menuRecords')} />
          </Space>
        }
      />
      {canManage ? <PendingCases onEnter={enterFromCase} /> : null}
      <FilterBar<RecordFilters> table={table} name="creditFilter" instant keyword={{ placeholder: t('credit.search'), width: 260 }}>
        <FilterSelect name="publishState" label={t('credit.publishState')} width={150} options={PUBLISH_STATES.map((k) => ({ value: k, label: pick(PUBLISH_STATE_LABELS[k], locale) }))} />
        <FilterSelect name="state" label={t('credit.state')} width={150} options={CREDIT_STATES.map((k) => ({ value: k, label: pick(CREDIT_STATE_LABELS[k], locale) }))} />
        <FilterSelect name="source" label={t('credit.source')} width={130} options={CREDIT_SOURCES.map((k) => ({ value: k, label: pick(CREDIT_SOURCE_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<CreditRecord>
        table={table}
        scroll={{ x: 1300 }}
        columns={[
          { title: t('credit.party'), dataIndex: 'partyName', render: (v: string, r) => <Link to={`/credit/records/${r.id}`}>{v}</Link> },
          { title: t('credit.creditCode'), dataIndex: 'creditCode', width: 190 },
          { title: t('credit.decisionNo'), dataIndex: 'decisionNo', width: 210 },
          { title: t('credit.fine'), dataIndex: 'fineFen', width: 120, render: (v: number | null) => (v === null ? '—' : fenToWan(v)) },
          { title: t('credit.decidedOn'), dataIndex: 'decidedOn', width: 120, sorter: true },
          { title: t('credit.state'), dataIndex: 'state', width: 120, render: (v: CreditRecord['state']) => <Tag>{pick(CREDIT_STATE_LABELS[v], locale)}</Tag> },
          { title: t('credit.publishState'), dataIndex: 'publishState', width: 130, render: (v: CreditRecord['publishState']) => <PublishStateTag state={v} /> },
          {
            title: t('credit.publishDueOn'),
            dataIndex: 'publishDueOn',
            width: 130,
            sorter: true,
            render: (v: string | null, r) => (v ? <Typography.Text type={r.publishState === 'overdue' ? 'danger' : undefined}>{v}</Typography.Text> : '—'),
          },
          { title: t('credit.publicUntil'), dataIndex: 'publicUntil', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('credit.org'), dataIndex: 'orgName', width: 180 },
        ]}
      />
      <RecordForm open={form.open} prefill={form.prefill} record={null} onClose={() => setForm({ open: false, prefill: null })} onSaved={(r) => navigate(`/credit/records/${r.id}`)} />
    </>
  );
}
