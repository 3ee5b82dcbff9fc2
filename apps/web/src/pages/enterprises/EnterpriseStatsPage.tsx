import { useMemo } from 'react';
import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import type { EnterpriseStatus } from '@shangmi/shared';
import { enterprisesApi } from '../../api/enterprises';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { EChart as Chart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type ChartKind = 'bar' | 'barH' | 'pie';

interface Datum {
  name: string;
  value: number;
}


function barOption(data: Datum[], seriesName: string, horizontal = false): EChartsCoreOption {
  const names = data.map((d) => d.name);
  const category = { type: 'category', data: names, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30, width: 120, overflow: 'truncate' } };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [{ type: 'bar', name: seriesName, data: data.map((d) => d.value), itemStyle: { color: '#1f5fbf' }, barMaxWidth: 32 }],
  };
}

function pieOption(data: Datum[], seriesName: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', name: seriesName, radius: ['40%', '68%'], center: ['50%', '45%'], data }],
  };
}

export default function EnterpriseStatsPage() {
  const t = useT();
  const regions = useRegionOptions();
  const industry = useDict('industry');
  const kinds = useDict('enterprise_kind');
  const sizes = useDict('enterprise_size');
  const stats = useQuery({ queryKey: ['enterprises', 'stats'], queryFn: ({ signal }) => enterprisesApi.stats({}, signal) });
  const s = stats.data;

  const unknown = t('enterpriseStats.unknown');
  const named = (buckets: { key: string | null; count: number }[] | undefined, label: (k: string) => string): Datum[] =>
    (buckets ?? []).map((b) => ({ name: b.key ? label(b.key) : unknown, value: b.count }));

  const seriesName = t('enterpriseStats.count');
  const charts: { key: string; title: string; data: Datum[]; kind: ChartKind; span: number }[] = [
    { key: 'district', title: t('enterpriseStats.byDistrict'), data: named(s?.byDistrict, regions.districtLabel), kind: 'bar', span: 12 },
    { key: 'status', title: t('enterpriseStats.byStatus'), data: named(s?.byStatus, (k) => t(`enterprises.statuses.${k as EnterpriseStatus}`)), kind: 'pie', span: 12 },
    { key: 'industry', title: t('enterpriseStats.byIndustry'), data: named(s?.byIndustry, (k) => `${k} ${industry.label(k)}`), kind: 'barH', span: 24 },
    { key: 'kind', title: t('enterpriseStats.byKind'), data: named(s?.byKind, kinds.label), kind: 'bar', span: 12 },
    { key: 'size', title: t('enterpriseStats.bySize'), data: named(s?.bySize, sizes.label), kind: 'pie', span: 12 },
  ];

  return (
    <>
      <PageHeader title={t('enterpriseStats.title')} />
      {stats.error ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Card style={{ marginBottom: 16 }} loading={stats.isPending}>
        <Statistic title={t('enterpriseStats.total')} value={s?.total ?? 0} />
      </Card>
      <Row gutter={[16, 16]}>
        {charts.map((c) => (
          <Col key={c.key} xs={24} lg={c.span}>
            <Card title={c.title} loading={stats.isPending}>
              {c.data.length ? (
                <ChartFor data={c.data} kind={c.kind} seriesName={seriesName} label={c.title} height={c.key === 'industry' ? Math.max(240, c.data.length * 28) : 300} />
              ) : (
                <Empty description={t('enterpriseStats.empty')} />
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** Builds the option from the data's content, so a re-render with equal data does not redraw the chart. */
function ChartFor({ data, kind, seriesName, label, height }: { data: Datum[]; kind: ChartKind; seriesName: string; label: string; height: number }) {
  const key = JSON.stringify(data);
  const option = useMemo(() => {
    const d = JSON.parse(key) as Datum[];
    return kind === 'pie' ? pieOption(d, seriesName) : barOption(d, seriesName, kind === 'barH');
  }, [key, kind, seriesName]);
  return <Chart option={option} label={label} height={height} />;
}
