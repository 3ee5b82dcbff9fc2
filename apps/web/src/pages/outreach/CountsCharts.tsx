import { useState } from 'react';
import { Card, Segmented, Space } from 'antd';
import type { YearCounts } from '@shangmi/shared';
import { ChartGrid } from '../../components/ChartGrid';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useT, type MessageKey } from '../../lib/i18n';

const METRICS = ['trainings', 'hours', 'participants', 'events', 'reach', 'articles'] as const;
type Metric = (typeof METRICS)[number];
const LABEL: Record<Metric, MessageKey> = {
  trainings: 'outreach.trainings',
  hours: 'outreach.trainingHours',
  participants: 'outreach.trainingParticipants',
  events: 'outreach.events',
  reach: 'outreach.reach',
  articles: 'outreach.articles',
};

/** The dashboard's charts of the year: one figure at a time (chosen above), by month and by the organiser's district. */
export function CountsCharts({ data, loading }: { data: YearCounts | undefined; loading: boolean }) {
  const t = useT();
  const regions = useRegionOptions();
  const [metric, setMetric] = useState<Metric>('trainings');
  const name = t(LABEL[metric]);
  return (
    <Card
      title={t('outreach.chartsTitle')}
      extra={
        <Space>
          <span>{t('outreach.chartMetric')}</span>
          <Segmented<Metric> size="small" value={metric} onChange={setMetric} options={METRICS.map((m) => ({ value: m, label: t(LABEL[m]) }))} data-testid="counts-metric" />
        </Space>
      }
    >
      <ChartGrid
        loading={loading}
        seriesName={name}
        empty={t('outreach.noData')}
        charts={[
          { key: 'month', title: `${name} · ${t('outreach.chartByMonth')}`, kind: 'bar', span: 14, data: (data?.byMonth ?? []).map((m) => ({ name: String(m.month), value: m[metric] })) },
          {
            key: 'district',
            title: `${name} · ${t('outreach.chartByDistrict')}`,
            kind: 'barH',
            span: 10,
            data: (data?.byDistrict ?? []).map((d) => ({ name: d.districtCode ? regions.districtLabel(d.districtCode) : t('outreach.cityLevel'), value: d[metric] })),
          },
        ]}
      />
    </Card>
  );
}
