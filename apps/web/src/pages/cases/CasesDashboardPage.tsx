import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { casesApi } from '../../api/cases';
import { EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { ReferralCountsCard } from './CaseReferrals';
import { useCaseLabels } from './labels';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 案件看板: intake per month, on-time rate and overdue items by district, police transfers and their outcomes. */
export default function CasesDashboardPage() {
  const l = useCaseLabels();
  const { t } = l;
  const regions = useRegionOptions();
  useDocumentTitle(t('cases.menuDashboard'));
  const stats = useQuery({ queryKey: ['cases', 'stats'], queryFn: ({ signal }) => casesApi.stats(signal) });
  const option = useMemo(() => {
    const m = stats.data?.intakeByMonth ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: {},
      xAxis: { type: 'category', data: m.map((x) => x.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: l.track('complaint'), type: 'bar', stack: 'n', data: m.map((x) => x.complaint) },
        { name: l.track('report'), type: 'bar', stack: 'n', data: m.map((x) => x.report) },
      ],
    };
  }, [stats.data, l]);
  if (stats.error) return <QueryError error={stats.error} />;
  const d = stats.data;
  return (
    <>
      <PageHeader title={t('cases.menuDashboard')} />
      <Row gutter={16}>
        <Col span={8}>
          <Card>
            <Statistic title={t('cases.onTime')} value={pct(d?.onTimeRate ?? null)} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic title={t('cases.open')} value={d?.byDistrict.reduce((s, x) => s + x.open, 0) ?? 0} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic title={t('cases.overdue')} value={d?.byDistrict.reduce((s, x) => s + x.overdue, 0) ?? 0} styles={{ content: { color: '#cf1322' } }} />
          </Card>
        </Col>
      </Row>
      <Card title={t('cases.intakeByMonth')} style={{ marginTop: 16 }}>
        <EChart option={option} label={t('cases.intakeByMonth')} />
      </Card>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card title={t('cases.byDistrict')}>
            <Table
              rowKey={(r) => r.districtCode ?? '-'}
              size="small"
              pagination={false}
              dataSource={d?.byDistrict ?? []}
              columns={[
                { title: t('cases.district'), dataIndex: 'districtCode', render: (v: string | null) => (v ? regions.districtLabel(v) : '—') },
                { title: t('cases.open'), dataIndex: 'open' },
                { title: t('cases.overdue'), dataIndex: 'overdue' },
                { title: t('cases.onTime'), dataIndex: 'onTimeRate', render: (v: number | null) => pct(v) },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card title={t('cases.transfers')}>
            <Table
              rowKey="status"
              size="small"
              pagination={false}
              dataSource={d?.transfers ?? []}
              columns={[
                { title: t('cases.status'), dataIndex: 'status', render: (v: string) => l.share(v) },
                { title: t('cases.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <ReferralCountsCard />
    </>
  );
}
