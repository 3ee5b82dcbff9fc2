import { useMemo } from 'react';
import { Card, Col, Empty, Row } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from './EChart';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartDatum {
  name: string;
  value: number;
  itemStyle?: { color: string };
}

/** One chart of counts: bars, horizontal bars (long labels, many buckets), or a ring. */
export interface ChartSpec {
  key: string;
  title: string;
  data: ChartDatum[];
  kind: 'bar' | 'barH' | 'pie';
  /** of the 24 columns on a wide screen */
  span: number;
}

/** Builds the option from the data's content, so a re-render with equal data does not redraw the chart. */
function CountChart({ data, kind, seriesName, label, height }: { data: ChartDatum[]; kind: ChartSpec['kind']; seriesName: string; label: string; height: number }) {
  const key = JSON.stringify(data);
  const option = useMemo<EChartsCoreOption>(() => {
    const d = JSON.parse(key) as ChartDatum[];
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
      series: [{ type: 'bar', name: seriesName, data: d.map((x) => ({ value: x.value, itemStyle: x.itemStyle ?? { color: '#1f5fbf' } })), barMaxWidth: 32 }],
    };
  }, [key, kind, seriesName]);
  return <EChart option={option} label={label} height={height} />;
}

/** The statistics pages' charts, each on its card; a chart with nothing to count says so instead. */
export function ChartGrid({ charts, loading, seriesName, empty }: { charts: ChartSpec[]; loading: boolean; seriesName: string; empty: string }) {
  return (
    <Row gutter={[16, 16]}>
      {charts.map((c) => (
        <Col key={c.key} xs={24} lg={c.span}>
          <Card title={c.title} loading={loading}>
            {c.data.some((d) => d.value > 0) ? (
              <CountChart data={c.data} kind={c.kind} seriesName={seriesName} label={c.title} height={c.kind === 'barH' ? Math.max(240, c.data.length * 28) : 300} />
            ) : (
              <Empty description={empty} />
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Counts by key (null: unknown) as chart data, named in the user's language. */
export function named(buckets: { key: string | null; count: number }[] | undefined, label: (key: string) => string, unknown: string): ChartDatum[] {
  return (buckets ?? []).map((b) => ({ name: b.key ? label(b.key) : unknown, value: b.count }));
}
