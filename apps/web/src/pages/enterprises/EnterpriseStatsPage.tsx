import { Card, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { enterprisesApi } from '../../api/enterprises';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { ChartGrid, named, type ChartSpec } from '../../components/ChartGrid';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useStatusOptions } from './options';

/** 企业统计: the registry's counts by district, status, industry section, kind and size. */
export default function EnterpriseStatsPage() {
  const t = useT();
  const regions = useRegionOptions();
  const industry = useDict('industry');
  const kinds = useDict('enterprise_kind');
  const sizes = useDict('enterprise_size');
  const stats = useQuery({ queryKey: ['enterprises', 'stats'], queryFn: ({ signal }) => enterprisesApi.stats({}, signal) });
  const s = stats.data;

  const statuses = useStatusOptions();
  const unknown = t('enterpriseStats.unknown');
  const statusLabel = (k: string) => statuses.find((o) => o.value === k)?.label ?? k;
  const seriesName = t('enterpriseStats.count');
  const charts: ChartSpec[] = [
    { key: 'district', title: t('enterpriseStats.byDistrict'), data: named(s?.byDistrict, regions.districtLabel, unknown), kind: 'bar', span: 12 },
    { key: 'status', title: t('enterpriseStats.byStatus'), data: named(s?.byStatus, statusLabel, unknown), kind: 'pie', span: 12 },
    { key: 'industry', title: t('enterpriseStats.byIndustry'), data: named(s?.byIndustry, (k) => `${k} ${industry.label(k)}`, unknown), kind: 'barH', span: 24 },
    { key: 'kind', title: t('enterpriseStats.byKind'), data: named(s?.byKind, kinds.label, unknown), kind: 'bar', span: 12 },
    { key: 'size', title: t('enterpriseStats.bySize'), data: named(s?.bySize, sizes.label, unknown), kind: 'pie', span: 12 },
  ];

  return (
    <>
      <PageHeader title={t('enterpriseStats.title')} />
      {stats.error ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Card style={{ marginBottom: 16 }} loading={stats.isPending}>
        <Statistic title={t('enterpriseStats.total')} value={s?.total ?? 0} />
      </Card>
      <ChartGrid charts={charts} loading={stats.isPending} seriesName={seriesName} empty={t('enterpriseStats.empty')} />
    </>
  );
}

