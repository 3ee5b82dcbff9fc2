import { useMemo, useState } from 'react';
import { Card, Col, Empty, Form, Row, Select, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { CULTIVATION_STAGES, type CultivationStage } from '@shangmi/shared';
import { cultivationApi, type CultivationFilters } from '../../api/cultivation';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { EChart as Chart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { STAGE_ACCENTS, useCultivationLabels, yearOptions } from '../../components/cultivation/labels';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Datum {
  name: string;
  value: number;
  itemStyle?: { color: string };
}


function ChartFor({ data, kind, seriesName, label, height }: { data: Datum[]; kind: 'bar' | 'barH' | 'pie'; seriesName: string; label: string; height: number }) {
  const key = JSON.stringify(data);
  const option = useMemo<EChartsCoreOption>(() => {
    const d = JSON.parse(key) as Datum[];
    if (kind === 'pie') {
      return {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, type: 'scroll' },
        series: [{ type: 'pie', name: seriesName, radius: ['40%', '68%'], center: ['50%', '45%'], data: d }],
      };
    }
    const horizontal = kind === 'barH';
    const category = { type: 'category', data: d.map((x) => x.name), axisLabel: { interval: 0, rotate: horizontal ? 0 : 30, width: 140, overflow: 'truncate' } };
    const value = { type: 'value', minInterval: 1 };
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series: [
        {
          type: 'bar',
          name: seriesName,
          data: d.map((x) => ({ value: x.value, itemStyle: x.itemStyle ?? { color: '#1f5fbf' } })),
          barMaxWidth: 32,
        },
      ],
    };
  }, [key, kind, seriesName]);
  return <Chart option={option} label={label} height={height} />;
}

/** 培育统计: headline counts and charts by stage, district, industry section and enterprise kind. */
export default function CultivationStatsPage() {
  const t = useT();
  const l = useCultivationLabels();
  const regions = useRegionOptions();
  const industry = useDict('industry');
  const kinds = useDict('enterprise_kind');
  const [filters, setFilters] = useState<CultivationFilters>({});
  const stats = useQuery({ queryKey: ['cultivation', 'stats', filters], queryFn: ({ signal }) => cultivationApi.stats(filters, signal) });
  const s = stats.data;

  const unknown = t('cultivation.unknown');
  const named = (buckets: { key: string | null; count: number }[] | undefined, label: (k: string) => string): Datum[] =>
    (buckets ?? []).map((b) => ({ name: b.key ? label(b.key) : unknown, value: b.count }));
  const stageCount = new Map((s?.byStage ?? []).map((b) => [b.key, b.count]));
  // the stages in their order, every one shown (a zero is information too)
  const byStage: Datum[] = CULTIVATION_STAGES.map((st: CultivationStage) => ({ name: l.stage(st), value: stageCount.get(st) ?? 0, itemStyle: { color: STAGE_ACCENTS[st] } }));
  const reviewCount = new Map((s?.byReview ?? []).map((b) => [b.key, b.count]));

  const seriesName = t('cultivation.count');
  const charts = [
    { key: 'stage', title: t('cultivation.byStage'), data: byStage, kind: 'bar' as const, span: 12 },
    { key: 'district', title: t('cultivation.byDistrict'), data: named(s?.byDistrict, regions.districtLabel), kind: 'bar' as const, span: 12 },
    { key: 'industry', title: t('cultivation.byIndustry'), data: named(s?.byIndustry, (k) => `${k} ${industry.label(k)}`), kind: 'barH' as const, span: 12 },
    { key: 'kind', title: t('cultivation.byKind'), data: named(s?.byKind, kinds.label), kind: 'pie' as const, span: 12 },
  ];

  return (
    <>
      <PageHeader title={t('cultivation.statsTitle')} />
      <Card className="filter-bar">
        <Form<CultivationFilters> layout="inline" name="cultivationStatsFilter" onValuesChange={(_, all) => setFilters(Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined && v !== null)))}>
          <Form.Item name="year" label={t('cultivation.year')}>
            <Select allowClear options={yearOptions((year) => t('cultivation.yearOption', { year }))} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="districtCode" label={t('cultivation.district')}>
            <Select allowClear options={regions.districtOptions} loading={regions.loading} style={{ width: 130 }} placeholder={t('common.all')} />
          </Form.Item>
        </Form>
      </Card>
      {stats.error ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          { key: 'total', title: t('cultivation.statsTotal'), value: s?.total ?? 0 },
          { key: 'accepted', title: t('cultivation.statsAccepted'), value: stageCount.get('accepted') ?? 0 },
          { key: 'district', title: t('cultivation.statsPendingDistrict'), value: reviewCount.get('district') ?? 0 },
          { key: 'city', title: t('cultivation.statsPendingCity'), value: reviewCount.get('city') ?? 0 },
        ].map((x) => (
          <Col key={x.key} xs={12} lg={6}>
            <Card loading={stats.isPending}>
              <Statistic title={x.title} value={x.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        {charts.map((c) => (
          <Col key={c.key} xs={24} lg={c.span}>
            <Card title={c.title} loading={stats.isPending}>
              {c.data.some((d) => d.value > 0) ? (
                <ChartFor data={c.data} kind={c.kind} seriesName={seriesName} label={c.title} height={c.kind === 'barH' ? Math.max(240, c.data.length * 28) : 300} />
              ) : (
                <Empty description={t('cultivation.empty')} />
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
