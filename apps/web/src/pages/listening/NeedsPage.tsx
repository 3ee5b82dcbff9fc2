import { Link, useSearchParams } from 'react-router';
import { Card, Col, Row, Statistic, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { NEED_KINDS, NEED_KIND_LABELS, NEED_SOURCES, NEED_SOURCE_LABELS, NEED_STATES, NEED_STATE_LABELS, pick, type Need, type needListQuery } from '@shangmi/shared';
import { listeningApi, NEEDS_EXPORT_PATH } from '../../api/listening';
import type { Filters } from '../../api/lists';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type NeedFilters = Filters<typeof needListQuery>;

/** 诉求与意见: the needs in scope (an enterprise: its own), with counts and the overdue ones flagged. */
export default function NeedsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const enterpriseUser = me?.orgKind === 'enterprise';
  const [params] = useSearchParams();
  const initial: NeedFilters = {};
  const st = params.get('state');
  if (st && (NEED_STATES as readonly string[]).includes(st)) initial.state = st as NeedFilters['state'];
  if (params.get('mine') === 'true') initial.mine = true;
  if (params.get('overdue') === 'true') initial.overdue = true;
  const table = useServerTable<Need, NeedFilters>({ key: 'listening', fetch: listeningApi.needs, initialFilters: initial });
  const stats = useQuery({ queryKey: ['listening', 'needStats'], queryFn: ({ signal }) => listeningApi.needStats(signal), enabled: !enterpriseUser });
  return (
    <>
      <PageHeader title={t('listening.menuNeeds')} extra={<ExportButton path={NEEDS_EXPORT_PATH} query={table.exportQuery} baseName={t('listening.menuNeeds')} />} />
      {!enterpriseUser && stats.data ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={8} md={4}>
            <Card size="small">
              <Statistic title={t('listening.statTotal')} value={stats.data.total} />
            </Card>
          </Col>
          <Col xs={8} md={4}>
            <Card size="small">
              <Statistic title={t('listening.statOpen')} value={stats.data.open} />
            </Card>
          </Col>
          <Col xs={8} md={4}>
            <Card size="small">
              <Statistic title={t('listening.statOverdue')} value={stats.data.overdue} styles={{ content: { color: stats.data.overdue ? '#cf1322' : undefined } }} />
            </Card>
          </Col>
        </Row>
      ) : null}
      <FilterBar<NeedFilters> table={table} name="needFilter" instant>
        <FilterSelect name="state" label={t('listening.state')} width={140} options={NEED_STATES.map((k) => ({ value: k, label: pick(NEED_STATE_LABELS[k], locale) }))} />
        <FilterSelect name="kind" label={t('listening.needKind')} width={120} options={NEED_KINDS.map((k) => ({ value: k, label: pick(NEED_KIND_LABELS[k], locale) }))} />
        <FilterSelect name="source" label={t('listening.source')} width={120} options={NEED_SOURCES.map((k) => ({ value: k, label: pick(NEED_SOURCE_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<Need>
        table={table}
        scroll={{ x: 900 }}
        columns={[
          { title: t('listening.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/listening/needs/${r.id}`}>{v}</Link> },
          { title: t('listening.enterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('listening.source'), dataIndex: 'source', width: 90, render: (v: Need['source']) => pick(NEED_SOURCE_LABELS[v], locale) },
          { title: t('listening.assignee'), dataIndex: 'assigneeName', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('listening.dueOn'), dataIndex: 'dueOn', width: 150, render: (v: string | null, r) => (v ? <>{v} {r.overdue ? <Tag color="red">{t('listening.overdue')}</Tag> : null}</> : '—') },
          { title: t('listening.state'), dataIndex: 'state', width: 120, render: (v: Need['state']) => <Tag>{pick(NEED_STATE_LABELS[v], locale)}</Tag> },
        ]}
      />
    </>
  );
}
