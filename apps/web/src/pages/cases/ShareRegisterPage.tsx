import { Link } from 'react-router';
import { Card, DatePicker, Flex, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, pick, SHARE_KIND_LABELS, SHARE_KINDS, type ShareRegisterRow } from '@shangmi/shared';
import { casesApi, SHARE_REGISTER_EXPORT_PATH } from '../../api/cases';
import { useCan } from '../../lib/access';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader, useDocumentTitle } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { useCaseLabels } from './labels';

/**
 * 信息共享台账: every police transfer, case notice and joint-case membership across the cases in scope — what was sent,
 * to whom, when, and where it stands. A partner agency sees only the rows sent to it (the server decides).
 */
export default function ShareRegisterPage() {
  const l = useCaseLabels();
  const { t, locale } = l;
  useDocumentTitle(t('cases.menuShares'));
  const table = useServerTable<ShareRegisterRow>({ key: 'case-shares', fetch: casesApi.shares });
  const f = table.filters;
  const set = (k: string, v: unknown) => table.setFilters({ ...f, [k]: v === null || v === undefined || v === '' ? undefined : (v as string) });
  // the agency filter is the bureau's: a partner sees its own rows only
  const bureau = useCan('cases:handle');
  const partners = useQuery({ queryKey: ['case-partners'], queryFn: ({ signal }) => casesApi.partners(signal), enabled: bureau });
  const time = (v: string | null) => (v ? formatDateTime(v) : '—');
  return (
    <>
      <PageHeader title={t('cases.menuShares')} extra={<ExportButton path={SHARE_REGISTER_EXPORT_PATH} query={table.exportQuery} baseName={t('cases.menuShares')} />} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {bureau ? (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t('cases.shareTo')}
              placeholder={t('cases.shareTo')}
              style={{ width: 240 }}
              value={f.orgId as string | undefined}
              onChange={(v) => set('orgId', v)}
              options={(partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            />
          ) : null}
          <Select
            allowClear
            aria-label={t('cases.shareKind')}
            placeholder={t('cases.shareKind')}
            style={{ width: 140 }}
            value={f.kind as string | undefined}
            onChange={(v) => set('kind', v)}
            options={SHARE_KINDS.map((k) => ({ value: k, label: pick(SHARE_KIND_LABELS[k], locale) }))}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            aria-label={t('cases.shareDates')}
            onChange={(_, s) => table.setFilters({ ...f, from: s?.[0] || undefined, to: s?.[1] || undefined })}
          />
        </Flex>
        {table.error ? <QueryError error={table.error} onRetry={() => table.refetch()} /> : null}
        <Table<ShareRegisterRow>
          {...table.tableProps}
          size="middle"
          scroll={{ x: 1500 }}
          locale={{ emptyText: t('cases.none') }}
          columns={[
            { title: t('cases.shareKind'), dataIndex: 'kind', width: 110, render: (v: ShareRegisterRow['kind']) => pick(SHARE_KIND_LABELS[v], locale) },
            { title: t('cases.caseTitle'), dataIndex: 'caseTitle', width: 240, render: (v: string, s) => <Link to={`/cases/${s.caseId}`}>{v}</Link> },
            { title: t('cases.shareFrom'), dataIndex: 'fromOrgName', width: 190 },
            { title: t('cases.shareTo'), dataIndex: 'orgName', width: 190 },
            { title: t('cases.reason'), dataIndex: 'reason', ellipsis: { showTitle: true } },
            { title: t('cases.status'), dataIndex: 'status', width: 130, render: (v: string) => <Tag>{l.share(v)}</Tag> },
            { title: t('cases.shareMade'), dataIndex: 'proposedAt', width: 170, render: time },
            { title: t('cases.shareHandedOver'), dataIndex: 'handedOverAt', width: 170, render: time },
            { title: t('cases.shareAcknowledged'), dataIndex: 'acknowledgedAt', width: 170, render: time },
          ]}
        />
      </Card>
    </>
  );
}
