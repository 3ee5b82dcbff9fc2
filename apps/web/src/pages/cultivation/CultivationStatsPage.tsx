import { useState } from 'react';
import { Card, Col, Row, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { CULTIVATION_STAGES, type CultivationStage } from '@shangmi/shared';
import { cultivationApi, type CultivationFilters } from '../../api/cultivation';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { ChartGrid, named, type ChartDatum, type ChartSpec } from '../../components/ChartGrid';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { STAGE_ACCENTS, useCultivationLabels } from '../../components/cultivation/labels';
import { CultivationFilterBar } from './CultivationFilterBar';

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
  const stageCount = new Map((s?.byStage ?? []).map((b) => [b.key, b.count]));
  // the stages in their order, every one shown (a zero is information too)
  const byStage: ChartDatum[] = CULTIVATION_STAGES.map((st: CultivationStage) => ({ name: l.stage(st), value: stageCount.get(st) ?? 0, itemStyle: { color: STAGE_ACCENTS[st] } }));
  const reviewCount = new Map((s?.byReview ?? []).map((b) => [b.key, b.count]));

  const seriesName = t('cultivation.count');
  const charts: ChartSpec[] = [
    { key: 'stage', title: t('cultivation.byStage'), data: byStage, kind: 'bar', span: 12 },
    { key: 'district', title: t('cultivation.byDistrict'), data: named(s?.byDistrict, regions.districtLabel, unknown), kind: 'bar', span: 12 },
    { key: 'industry', title: t('cultivation.byIndustry'), data: named(s?.byIndustry, (k) => `${k} ${industry.label(k)}`, unknown), kind: 'barH', span: 12 },
    { key: 'kind', title: t('cultivation.byKind'), data: named(s?.byKind, kinds.label, unknown), kind: 'pie', span: 12 },
  ];

  return (
    <>
      <PageHeader title={t('cultivation.statsTitle')} />
      <CultivationFilterBar name="cultivationStatsFilter" onChange={setFilters} />
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
      <ChartGrid charts={charts} loading={stats.isPending} seriesName={seriesName} empty={t('cultivation.empty')} />
    </>
  );
}
