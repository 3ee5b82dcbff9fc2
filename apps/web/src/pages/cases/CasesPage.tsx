import { Link } from 'react-router';
import { Card, Flex, Input, Select, Table, Tag } from 'antd';
import type { CaseSummary } from '@shangmi/shared';
import { CASE_STATUSES, CASE_TRACKS } from '@shangmi/shared';
import { casesApi, CASES_EXPORT_PATH } from '../../api/cases';
import { useMe } from '../../app/auth';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader, useDocumentTitle } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { useCaseLabels } from './labels';

const PARTNER_KINDS = ['police', 'procuratorate', 'court', 'justice'];

/** 案件列表: every case in the user's scope (a partner agency: what was transferred or notified to it), filterable and exportable. */
export default function CasesPage() {
  const l = useCaseLabels();
  const { t } = l;
  const me = useMe();
  const partner = PARTNER_KINDS.includes(me.orgKind);
  const title = partner ? t('cases.partnerMenuList') : t('cases.menuList');
  useDocumentTitle(title);
  const table = useServerTable<CaseSummary>({ key: 'cases', fetch: casesApi.list });
  const f = table.filters;
  const set = (k: string, v: unknown) => table.setFilters({ ...f, [k]: (v as string) || undefined });

  return (
    <>
      <PageHeader title={title} extra={partner ? null : <ExportButton path={CASES_EXPORT_PATH} query={table.exportQuery} baseName={t('cases.menuList')} />} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('cases.search')} style={{ width: 260 }} onSearch={(v) => set('q', v)} aria-label={t('cases.search')} />
          <Select allowClear placeholder={t('cases.track')} style={{ width: 120 }} value={f.track as string | undefined} onChange={(v) => set('track', v)} options={CASE_TRACKS.map((x) => ({ value: x, label: l.track(x) }))} />
          <Select allowClear placeholder={t('cases.status')} style={{ width: 160 }} value={f.status as string | undefined} onChange={(v) => set('status', v)} options={CASE_STATUSES.map((x) => ({ value: x, label: l.status(x) }))} />
        </Flex>
        {table.error ? <QueryError error={table.error} onRetry={() => table.refetch()} /> : null}
        <Table<CaseSummary>
          {...table.tableProps}
          size="middle"
          columns={[
            { title: t('cases.title'), dataIndex: 'title', render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
            { title: t('cases.track'), dataIndex: 'track', width: 90, render: (v: string) => <Tag>{l.track(v)}</Tag> },
            { title: t('cases.respondentName'), dataIndex: 'respondentName' },
            { title: t('cases.status'), dataIndex: 'status', width: 120, render: (v: string) => l.status(v) },
            { title: t('cases.org'), dataIndex: 'orgName' },
            { title: t('cases.receivedOn'), dataIndex: 'receivedOn', width: 120 },
            { title: t('cases.nextDue'), dataIndex: 'nextDue', width: 120, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}
