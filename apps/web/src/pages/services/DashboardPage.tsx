import { Card, Col, Row, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { REQUEST_STATE_LABELS, pick, type RequestState, type ServicesDashboard } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { ChartGrid } from '../../components/ChartGrid';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

type Group = ServicesDashboard['byDistrict'][number];

/** 服务统计: requests, time to accept and satisfaction, by district, service kind and site or provider, within scope. */
export default function DashboardPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('services.menuDashboard'));
  const q = useQuery({ queryKey: ['services', 'dashboard'], queryFn: ({ signal }) => servicesApi.dashboard(signal) });
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const chart = (rows: Group[] | undefined) => (rows ?? []).map((r) => ({ name: r.label ?? r.key ?? '—', value: r.requests }));
  const table = (title: string, rows: Group[] | undefined) => (
    <Card title={title} size="small">
      <Table<Group>
        rowKey={(r) => r.key ?? '-'}
        size="small"
        pagination={false}
        dataSource={rows ?? []}
        columns={[
          { title, render: (_, r) => r.label ?? r.key ?? '—' },
          { title: t('services.count'), dataIndex: 'requests', align: 'right', width: 70 },
          { title: t('services.delivered'), dataIndex: 'delivered', align: 'right', width: 80 },
          { title: t('services.avgRating'), dataIndex: 'avgRating', align: 'right', width: 90, render: (v: number | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
  return (
    <>
      <PageHeader title={t('services.menuDashboard')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('services.totalRequests')} value={d?.requests ?? 0} loading={q.isPending} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('services.avgResponse')} value={d?.avgResponseHours ?? '—'} loading={q.isPending} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('services.avgRating')} value={d?.avgRating ?? '—'} loading={q.isPending} />
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <ChartGrid
          loading={q.isPending}
          seriesName={t('services.count')}
          empty={t('services.empty')}
          charts={[
            { key: 'state', title: t('services.state'), kind: 'pie', span: 8, data: (d?.byState ?? []).map((s) => ({ name: pick(REQUEST_STATE_LABELS[s.state as RequestState] ?? { zh: s.state, en: s.state }, locale), value: s.n })) },
            { key: 'kind', title: t('services.byKind'), kind: 'bar', span: 8, data: chart(d?.byServiceKind) },
            { key: 'district', title: t('services.byDistrict'), kind: 'bar', span: 8, data: chart(d?.byDistrict) },
          ]}
        />
      </div>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>{table(t('services.byDistrict'), d?.byDistrict)}</Col>
        <Col xs={24} lg={8}>{table(t('services.byKind'), d?.byServiceKind)}</Col>
        <Col xs={24} lg={8}>{table(t('services.byProvider'), d?.byProvider)}</Col>
      </Row>
    </>
  );
}
