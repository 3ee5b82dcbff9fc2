import { useNavigate, useSearchParams } from 'react-router';
import { Button, Tag } from 'antd';
import { REQUEST_STATES, REQUEST_STATE_LABELS, formatDateTime, pick, type HelpRequest, type RequestState, type requestListQuery } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import type { Filters } from '../../api/lists';
import { useMe } from '../../lib/auth';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type RequestFilters = Filters<typeof requestListQuery>;
const STATE_COLORS: Record<RequestState, string> = { assigned: 'orange', escalated: 'red', accepted: 'blue', delivered: 'cyan', confirmed: 'green', cancelled: 'default' };

export function RequestStateTag({ state }: { state: RequestState }) {
  const { locale } = useI18n();
  return <Tag color={STATE_COLORS[state]}>{pick(REQUEST_STATE_LABELS[state], locale)}</Tag>;
}

/**
 * Help requests in scope: an enterprise's own (我的求助), the site's or provider's work queue (服务工作台: what is
 * assigned to it), a bureau's area (what waits for it to assign under 待区县分派).
 */
export default function RequestsPage() {
  const { t, locale } = useI18n();
  const queue = useMe().orgKind !== 'enterprise';
  const title = t(queue ? 'services.menuQueue' : 'services.menuMine');
  useDocumentTitle(title);
  const [params] = useSearchParams();
  const st = params.get('state');
  const initial: RequestFilters = st && (REQUEST_STATES as readonly string[]).includes(st) ? { state: st as RequestState } : {};
  const table = useServerTable<HelpRequest, RequestFilters>({ key: 'services', fetch: servicesApi.requests, initialFilters: initial });
  const kinds = useDict('service_kind');
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={title} extra={queue ? null : <Button type="primary" onClick={() => void navigate('/services/help')}>{t('services.menuHelp')}</Button>} />
      <FilterBar<RequestFilters> table={table} name="requestFilter" instant>
        <FilterSelect name="state" label={t('services.state')} width={150} options={REQUEST_STATES.map((k) => ({ value: k, label: pick(REQUEST_STATE_LABELS[k], locale) }))} />
        <FilterSelect name="serviceKind" label={t('services.serviceKind')} width={150} options={kinds.options} />
      </FilterBar>
      <ListCard<HelpRequest>
        table={table}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('services.title'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => void navigate(`/services/requests/${r.id}`)}>
                {v}
              </Button>
            ),
          },
          { title: t('services.serviceKind'), dataIndex: 'serviceKind', width: 120, render: (v: string) => kinds.label(v) },
          { title: t('services.enterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('services.assignee'), dataIndex: 'assigneeName', width: 200, render: (v: string | null) => v ?? '—' },
          { title: t('services.state'), dataIndex: 'state', width: 120, render: (v: RequestState) => <RequestStateTag state={v} /> },
          { title: t('services.dueOn'), dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('services.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </>
  );
}
