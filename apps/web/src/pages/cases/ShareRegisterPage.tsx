import { Link } from 'react-router';
import { DatePicker, Form, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, pick, SHARE_KIND_LABELS, SHARE_KINDS, type ShareRegisterRow, type shareRegisterQuery } from '@shangmi/shared';
import { casesApi, SHARE_REGISTER_EXPORT_PATH } from '../../api/cases';
import { useCan } from '../../lib/access';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import type { Filters } from '../../api/lists';
import { useServerTable } from '../../components/useServerTable';
import { useCaseLabels } from './labels';

type ShareFilters = Filters<typeof shareRegisterQuery>;
type ShareFilterValues = Omit<ShareFilters, 'from' | 'to'> & { range?: [Dayjs | null, Dayjs | null] | null };

/** The register's dates are calendar days (yyyy-MM-dd). */
const toFilters = ({ range, ...rest }: ShareFilterValues): ShareFilters => ({ ...rest, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') });

/**
 * 信息共享台账: every police transfer, case notice and joint-case membership across the cases in scope — what was sent,
 * to whom, when, and where it stands. A partner agency sees only the rows sent to it (the server decides).
 */
export default function ShareRegisterPage() {
  const l = useCaseLabels();
  const { t, locale } = l;
  useDocumentTitle(t('cases.menuShares'));
  const table = useServerTable<ShareRegisterRow, ShareFilters>({ key: 'case-shares', fetch: casesApi.shares });
  // the agency filter is the bureau's: a partner sees its own rows only
  const bureau = useCan('cases:handle');
  const partners = useQuery({ queryKey: ['case-partners'], queryFn: ({ signal }) => casesApi.partners(signal), enabled: bureau });
  const time = (v: string | null) => (v ? formatDateTime(v) : '—');
  return (
    <>
      <PageHeader title={t('cases.menuShares')} extra={<ExportButton path={SHARE_REGISTER_EXPORT_PATH} query={table.exportQuery} baseName={t('cases.menuShares')} />} />
      <FilterBar<ShareFilterValues, ShareFilters> table={table} name="sharesFilter" instant toQuery={toFilters}>
        {bureau ? (
          <FilterSelect
            name="orgId"
            label={t('cases.shareTo')}
            width={240}
            showSearch={{ optionFilterProp: 'label' }}
            options={(partners.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
        ) : null}
        <FilterSelect name="kind" label={t('cases.shareKind')} width={140} options={SHARE_KINDS.map((k) => ({ value: k, label: pick(SHARE_KIND_LABELS[k], locale) }))} />
        <Form.Item name="range" label={t('cases.shareDates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </FilterBar>
      <ListCard<ShareRegisterRow>
        table={table}
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
    </>
  );
}
