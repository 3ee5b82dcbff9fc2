import { useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Segmented, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { allRequirements, pick } from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';

echarts.use([BarChart, PieChart, RadarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type By = 'district' | 'industry' | 'kind';

/** 区域体检画像: averages by dimension, maturity distribution and most-failed requirements, over groups of ≥ 5 enterprises. */
export default function RegionalPage() {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const [by, setBy] = useState<By>('district');
  const pic = useQuery({ queryKey: ['assessments', 'regional', by], queryFn: ({ signal }) => assessmentsApi.regional({ by }, signal) });
  const fw = useQuery({
    queryKey: ['assessments', 'framework', pic.data?.frameworkId],
    queryFn: ({ signal }) => assessmentsApi.framework(pic.data!.frameworkId!, signal),
    enabled: !!pic.data?.frameworkId,
    staleTime: Infinity,
  });
  const regions = useRegionOptions();
  const kinds = useDict('enterprise_kind');
  const industry = useDict('industry');
  const groupName = (key: string) => {
    if (!key) return t('assessments.unknownGroup');
    if (by === 'district') return regions.districtLabel(key);
    if (by === 'kind') return kinds.label(key);
    return industry.label(key);
  };
  const f = fw.data;
  const p = pic.data;
  const dimName = (id: string) => (f ? L(f.dimensions.find((d) => d.id === id)!.name) : id);
  const reqName = useMemo(() => new Map(f ? allRequirements(f).map((r) => [r.id, L(r.text)]) : []), [f, locale]); // eslint-disable-line react-hooks/exhaustive-deps

  const avgOption = useMemo<EChartsCoreOption | null>(() => {
    if (!p?.groups.length) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: p.groups.map((g) => groupName(g.key)), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', max: 100 },
      series: [{ type: 'bar', name: t('assessments.average'), data: p.groups.map((g) => g.average), barMaxWidth: 36, itemStyle: { color: '#1f5fbf' } }],
    };
  }, [p, regions, kinds, industry]); // eslint-disable-line react-hooks/exhaustive-deps
  const radarOption = useMemo<EChartsCoreOption | null>(() => {
    if (!p?.total || !f) return null;
    const ids = f.dimensions.map((d) => d.id).filter((id) => p.total!.dimensions[id] !== null);
    return {
      tooltip: {},
      radar: { indicator: ids.map((id) => ({ name: dimName(id), max: 100 })), radius: '62%' },
      series: [{ type: 'radar', data: [{ name: t('assessments.average'), value: ids.map((id) => p.total!.dimensions[id]), areaStyle: { opacity: 0.2 } }] }],
    };
  }, [p, f, locale]); // eslint-disable-line react-hooks/exhaustive-deps
  const levelOption = useMemo<EChartsCoreOption | null>(() => {
    if (!p?.total || !f) return null;
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'], data: f.levels.map((l, i) => ({ name: `${l.level} ${L(l.name)}`, value: p.total!.levels[i] })) }],
    };
  }, [p, f, locale]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
      <PageHeader title={t('assessments.regionalTitle')} extra={<Segmented<By> value={by} onChange={setBy} options={[{ value: 'district', label: t('assessments.byDistrict') }, { value: 'industry', label: t('assessments.byIndustry') }, { value: 'kind', label: t('assessments.byKind') }]} />} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('assessments.regionalPrivacy', { n: p?.minGroup ?? 5 })} />
      {pic.error ? <QueryError error={pic.error} onRetry={() => void pic.refetch()} /> : null}
      {p && !p.total ? <Empty description={t('assessments.tooFew', { n: p.minGroup })} /> : null}
      {p?.total ? (
        <>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('assessments.enterprisesChecked')} value={p.total.enterprises} valueRender={(n) => <span data-testid="regional-enterprises">{n}</span>} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('assessments.average')} value={p.total.average} precision={1} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('assessments.groupsShown')} value={p.groups.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('assessments.groupsSuppressed')} value={p.suppressed} />
              </Card>
            </Col>
          </Row>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('assessments.radarRegion')}>
                {radarOption ? <EChart option={radarOption} height={320} label={t('assessments.radarRegion')} /> : null}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('assessments.levelDistribution')}>
                {levelOption ? <EChart option={levelOption} height={320} label={t('assessments.levelDistribution')} /> : null}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('assessments.averageByGroup')} style={{ marginTop: 16 }}>
            {avgOption ? <EChart option={avgOption} height={300} label={t('assessments.averageByGroup')} /> : <Empty description={t('assessments.tooFew', { n: p.minGroup })} />}
          </Card>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('assessments.mostFailed')}>
                <Table
                  rowKey="requirementId"
                  size="small"
                  pagination={false}
                  dataSource={p.total.mostFailed}
                  columns={[
                    { title: t('assessments.requirement'), dataIndex: 'requirementId', render: (id: string) => reqName.get(id) ?? id },
                    { title: t('assessments.failedCount'), dataIndex: 'count', width: 120 },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('assessments.groupTable')}>
                <Table
                  rowKey="key"
                  size="small"
                  pagination={false}
                  dataSource={p.groups}
                  columns={[
                    { title: t('assessments.group'), dataIndex: 'key', render: (k: string) => groupName(k) },
                    { title: t('assessments.enterprisesChecked'), dataIndex: 'enterprises', width: 100 },
                    { title: t('assessments.average'), dataIndex: 'average', width: 90 },
                    { title: t('assessments.weakest'), render: (_v, g) => { const w = Object.entries(g.dimensions).filter(([, s]) => s !== null).sort((a, b) => a[1]! - b[1]!)[0]; return w ? `${dimName(w[0])} ${w[1]}` : '—'; } },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </>
  );
}
