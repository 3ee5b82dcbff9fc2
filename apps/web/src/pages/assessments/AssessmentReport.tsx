import { useMemo } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { RadarChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { allRequirements, formatDateTime, IMPORTANCE_LABELS, modelDocumentSlugOf, pick, RESULT_LABELS, RISK_LABELS, type AssessmentDetail, type Framework } from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { EChart } from '../../components/EChart';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { riskColor, resultColor } from './AssessmentParts';

echarts.use([RadarChart, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The report of a submitted check: radar by dimension (with the last check), gaps, recommendations, legal basis. */
export function ReportView({ d, f }: { d: AssessmentDetail; f: Framework }) {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const onError = useErrorHandler();
  const report = useQuery({ queryKey: ['assessments', 'report', d.id], queryFn: ({ signal }) => assessmentsApi.report(d.id, signal) });
  const reqs = useMemo(() => new Map(allRequirements(f).map((r) => [r.id, r])), [f]);
  const dims = useMemo(() => new Map(f.dimensions.map((x) => [x.id, x])), [f]);
  const r = report.data;
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!r) return null;
    const shown = r.result.dimensions.filter((x) => x.score !== null);
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: { indicator: shown.map((x) => ({ name: L(dims.get(x.id)!.name), max: 100 })), radius: '62%' },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('assessments.thisTime'), value: shown.map((x) => x.score), areaStyle: { opacity: 0.2 } },
            ...(r.previous ? [{ name: t('assessments.lastTime'), value: shown.map((x) => r.previous!.dimensions[x.id] ?? 0), lineStyle: { type: 'dashed' } }] : []),
          ],
        },
      ],
    };
  }, [r, dims, locale]); // eslint-disable-line react-hooks/exhaustive-deps
  if (report.isLoading) return <FullPageSpinner />;
  if (!r) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  const res = r.result;
  const level = f.levels[res.level - 1];
  const change = r.previous ? res.overall - r.previous.overall : null;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('assessments.summary')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('assessments.score')}>
                <Typography.Text strong style={{ fontSize: 24 }} data-testid="report-score">
                  {res.overall.toFixed(1)}
                </Typography.Text>
                {change !== null ? <Tag style={{ marginLeft: 8 }} color={change >= 0 ? 'green' : 'red'}>{t('assessments.change', { d: `${change >= 0 ? '+' : ''}${change.toFixed(1)}` })}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.level')}>
                {res.level} {L(level.name)}
                {level.description ? <Typography.Text type="secondary">（{L(level.description)}）</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.risk')}>
                <Tag color={riskColor(res.risk)}>{L(RISK_LABELS[res.risk])}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.percentile')}>
                {r.percentile
                  ? t('assessments.percentileText', { basis: r.percentile.basis === 'industry' ? t('assessments.sameIndustry') : t('assessments.sameDistrict'), n: r.percentile.peers, p: r.percentile.value })
                  : t('assessments.percentileNone')}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.submittedAt')}>{formatDateTime(d.submittedAt)}</Descriptions.Item>
            </Descriptions>
            {res.cappedBy.length ? (
              <Alert type="error" showIcon title={t('assessments.cappedBy', { items: res.cappedBy.map((id) => L(reqs.get(id)!.text)).join('；') })} />
            ) : null}
            <Space style={{ marginTop: 12 }} wrap>
              <Button type="primary" icon={<DownloadOutlined aria-hidden />} onClick={() => assessmentsApi.downloadReport(d.id).catch(onError)}>
                {t('assessments.downloadWord')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('assessments.radar')}>
            {option ? <EChart option={option} height={340} label={t('assessments.radar')} /> : null}
          </Card>
        </Col>
      </Row>
      {res.warnings.length ? (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          title={t('assessments.warnCount', { n: res.warnings.length })}
          description={res.warnings.map((w) => L(reqs.get(w.requirementId)!.text)).join('；')}
        />
      ) : null}
      <Card size="small" title={t('assessments.gaps', { n: res.gaps.length })} style={{ marginTop: 16 }}>
        <Table
          rowKey="requirementId"
          size="small"
          pagination={{ pageSize: 10 }}
          dataSource={res.gaps}
          columns={[
            { title: '#', width: 48, render: (_v, _g, i) => i + 1 },
            {
              title: t('assessments.requirement'),
              render: (_v, g) => (
                <>
                  <div>{L(reqs.get(g.requirementId)!.text)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {L(dims.get(g.dimensionId)!.name)}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('assessments.result'),
              width: 120,
              render: (_v, g) => (
                <Space orientation="vertical" size={2}>
                  <Tag color={resultColor(g.result)}>{L(RESULT_LABELS[g.result])}</Tag>
                  <Tag>{L(IMPORTANCE_LABELS[g.importance])}</Tag>
                  {g.redLine ? <Tag color="red">{t('assessments.redLine')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('assessments.recommendation'),
              render: (_v, g) => {
                const req = reqs.get(g.requirementId)!;
                return (
                  <>
                    <div>{L(req.recommendation)}</div>
                    {(req.documents ?? []).map((doc) => {
                      const slug = modelDocumentSlugOf(doc.href);
                      return (
                        <Tag key={doc.href} color="blue">
                          {t('assessments.modelDoc')}：
                          {slug ? <Link to={`/model-documents/${slug}`}>{L(doc.title)}</Link> : L(doc.title)}
                        </Tag>
                      );
                    })}
                  </>
                );
              },
            },
            { title: t('assessments.legalBasis'), width: 260, render: (_v, g) => <Typography.Text style={{ fontSize: 12 }}>{reqs.get(g.requirementId)!.legalBasis.map(L).join('；')}</Typography.Text> },
          ]}
        />
      </Card>
    </>
  );
}
