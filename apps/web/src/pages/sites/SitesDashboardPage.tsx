import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Col, Empty, Flex, Form, InputNumber, Modal, Progress, Row, Select, Space, Statistic, Switch, Table, Typography } from 'antd';
import { EditOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { formatDateTime, SITE_KINDS, SITE_STATUSES, TARGET_KINDS, type SiteDashboard, type SiteTarget, type TargetKind } from '@shangmi/shared';
import { sitesApi } from '../../api/sites';
import { Can } from '../../lib/access';
import { useMe } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { EChart as Chart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { SiteMap } from '../../components/sites/SiteMap';
import { AcceptanceTag, SiteKindTag, STATUS_ACCENTS, useSiteLabels } from '../../components/sites/labels';
import { HostCountsCard } from './HostCountsCard';
import { ServiceSystemsStatsCard } from './ServiceSystemsStatsCard';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);


const pct = (built: number, goal: number | null) => (goal ? Math.min(100, Math.round((built / goal) * 100)) : 0);

/** 目标设定: a year's goals and their split into district quotas (the city). */
function TargetsModal({ open, year, targets, onClose }: { open: boolean; year: number; targets: SiteTarget[]; onClose: () => void }) {
  const t = useT();
  const l = useSiteLabels();
  const regions = useRegionOptions();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, number | null>>();
  const [saving, setSaving] = useState(false);
  const key = (d: string | null, k: TargetKind, f: 'cumulative' | 'newPerYear') => `${d ?? 'region'}_${k}_${f}`;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      Object.fromEntries(targets.filter((x) => x.year === year).flatMap((x) => [[key(x.districtCode, x.kind, 'cumulative'), x.cumulative], [key(x.districtCode, x.kind, 'newPerYear'), x.newPerYear]])),
    );
  }, [open, year, targets, form]);
  const rows = [{ code: null as string | null, name: t('sites.wholeRegion') }, ...regions.districts.map((d) => ({ code: d.code as string | null, name: regions.districtLabel(d.code) }))];
  const save = async () => {
    const v = form.getFieldsValue();
    const goals = TARGET_KINDS.filter((k) => v[key(null, k, 'cumulative')] !== undefined && v[key(null, k, 'cumulative')] !== null).map((k) => ({
      kind: k,
      cumulative: Number(v[key(null, k, 'cumulative')]),
      newPerYear: Number(v[key(null, k, 'newPerYear')] ?? 0),
    }));
    const quotas = regions.districts.flatMap((d) =>
      TARGET_KINDS.filter((k) => v[key(d.code, k, 'cumulative')] !== undefined && v[key(d.code, k, 'cumulative')] !== null).map((k) => ({
        districtCode: d.code,
        kind: k,
        cumulative: Number(v[key(d.code, k, 'cumulative')]),
        newPerYear: Number(v[key(d.code, k, 'newPerYear')] ?? 0),
      })),
    );
    setSaving(true);
    try {
      await sitesApi.putTargets(year, { goals, quotas });
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['sites'] });
      onClose();
    } catch (e) {
      onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('sites.targetsTitle', { year })} width={860} onCancel={onClose} onOk={save} confirmLoading={saving} destroyOnHidden>
      <Form form={form} name="siteTargets" component={false}>
        <Table
          rowKey={(r) => r.code ?? 'region'}
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: '', dataIndex: 'name', width: 120, render: (v: string, r) => (r.code ? v : <strong>{v}</strong>) },
            ...TARGET_KINDS.flatMap((k) =>
              (['cumulative', 'newPerYear'] as const).map((f) => ({
                title: `${l.targetKind(k)} · ${f === 'cumulative' ? t('sites.goalCumulative') : t('sites.goalNew')}`,
                key: `${k}_${f}`,
                render: (_: unknown, r: { code: string | null }) => (
                  <Form.Item name={key(r.code, k, f)} noStyle>
                    <InputNumber min={0} max={100000} style={{ width: 90 }} aria-label={`${r.code ?? 'region'} ${k} ${f}`} />
                  </Form.Item>
                ),
              })),
            ),
          ]}
        />
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('sites.targetsHint')}
      </Typography.Paragraph>
    </Modal>
  );
}

/** 建设进度: built vs goal per year and district, the pipeline, the longest waits, and the map. */
export default function SitesDashboardPage() {
  const t = useT();
  const l = useSiteLabels();
  const me = useMe();
  const navigate = useNavigate();
  const regions = useRegionOptions();
  const [districtCode, setDistrictCode] = useState<string | undefined>();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number>(thisYear);
  const [editing, setEditing] = useState(false);
  // the map shows the sites as they are, or (switched) those counting toward the selected year
  const [mapCounted, setMapCounted] = useState(false);
  const dash = useQuery({ queryKey: ['sites', 'dashboard', districtCode], queryFn: ({ signal }) => sitesApi.dashboard({ districtCode }, signal) });
  const targets = useQuery({ queryKey: ['sites', 'targets'], queryFn: ({ signal }) => sitesApi.targets(signal) });
  const d: SiteDashboard | undefined = dash.data;
  const years = d?.years.map((y) => y.year) ?? [thisYear];
  const current = d?.years.find((y) => y.year === year) ?? d?.years[d.years.length - 1];
  const mapYear = mapCounted ? (current?.year ?? year) : undefined;
  const map = useQuery({
    queryKey: ['sites', 'map', districtCode, mapYear],
    queryFn: ({ signal }) => sitesApi.map({ districtCode, year: mapYear }, signal),
    placeholderData: (previous) => previous,
  });

  const yearsOption = useMemo<EChartsCoreOption>(() => {
    const ys = d?.years ?? [];
    const series = TARGET_KINDS.flatMap((k) => [
      { type: 'bar', name: `${l.targetKind(k)} · ${t('sites.built')}`, data: ys.map((y) => y.items.find((i) => i.kind === k)?.builtCumulative ?? 0), itemStyle: { color: k === 'base' ? '#c41d7f' : '#1f5fbf' }, barMaxWidth: 28 },
      {
        type: 'bar',
        name: `${l.targetKind(k)} · ${t('sites.goal')}`,
        data: ys.map((y) => y.items.find((i) => i.kind === k)?.goalCumulative ?? 0),
        itemStyle: { color: k === 'base' ? '#ffadd2' : '#adc6ff' },
        barMaxWidth: 28,
      },
    ]);
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: ys.map((y) => t('sites.yearLabel', { year: y.year })) },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
  }, [d, l, t]);

  const pipelineOption = useMemo<EChartsCoreOption>(() => {
    const p = d?.pipeline ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: SITE_KINDS.map((k) => l.kind(k)) },
      series: SITE_STATUSES.map((s) => ({
        type: 'bar',
        stack: 'all',
        name: l.status(s),
        itemStyle: { color: STATUS_ACCENTS[s] },
        data: SITE_KINDS.map((k) => p.find((x) => x.kind === k && x.status === s)?.count ?? 0),
      })),
    };
  }, [d, l]);

  const byDistrict = (d?.byDistrict ?? []).filter((x) => x.year === current?.year);
  const total = (d?.pipeline ?? []).reduce((a, p) => a + p.count, 0);

  return (
    <>
      <PageHeader
        title={d?.districtCode ? t('sites.dashboardOf', { district: regions.districtLabel(d.districtCode) }) : t('sites.dashboard')}
        extra={
          <>
            <Button icon={<UnorderedListOutlined aria-hidden />} onClick={() => navigate('/sites')}>
              {t('sites.title')}
            </Button>
            <Can perm="sites:targets">
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('sites.editTargets')}
              </Button>
            </Can>
          </>
        }
      />
      <Card className="filter-bar">
        <Flex gap={16} wrap>
          <Flex align="center" gap={8}>
            <span>{t('sites.year')}</span>
            <Select value={current?.year ?? year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('sites.yearLabel', { year: y }) }))} style={{ width: 110 }} aria-label={t('sites.year')} />
          </Flex>
          {me.permissions.includes('sites:approve') || me.permissions.includes('sites:targets') ? (
            <Flex align="center" gap={8}>
              <span>{t('sites.district')}</span>
              <Select allowClear value={districtCode} onChange={setDistrictCode} options={regions.districtOptions} style={{ width: 130 }} placeholder={t('sites.wholeRegion')} aria-label={t('sites.district')} />
            </Flex>
          ) : null}
        </Flex>
      </Card>
      {dash.error ? <QueryError error={dash.error} onRetry={() => void dash.refetch()} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(current?.items ?? []).map((it) => (
          <Col key={it.kind} xs={24} lg={8}>
            <Card title={`${t('sites.yearLabel', { year: current!.year })} · ${l.targetKind(it.kind)}`} loading={dash.isPending} data-testid={`progress-${current!.year}-${it.kind}`}>
              <Row gutter={16}>
                <Col span={12}>
                  <Statistic title={t('sites.builtCumulative')} value={it.builtCumulative} suffix={it.goalCumulative !== null ? `/ ${it.goalCumulative}` : ''} />
                  <Progress percent={pct(it.builtCumulative, it.goalCumulative)} status={it.goalCumulative !== null && it.builtCumulative >= it.goalCumulative ? 'success' : 'active'} />
                </Col>
                <Col span={12}>
                  <Statistic title={t('sites.builtNew')} value={it.builtNew} suffix={it.goalNew !== null ? `/ ${it.goalNew}` : ''} />
                  <Progress percent={pct(it.builtNew, it.goalNew)} status={it.goalNew !== null && it.builtNew >= it.goalNew ? 'success' : 'active'} />
                </Col>
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('sites.byYear')} loading={dash.isPending}>
            <Chart option={yearsOption} height={300} label={t('sites.byYear')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('sites.pipeline', { n: total })} loading={dash.isPending}>
            {total ? <Chart option={pipelineOption} height={300} label={t('sites.pipeline', { n: total })} /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={mapYear ? t('sites.mapOfYear', { year: mapYear }) : t('sites.map')}
            loading={dash.isPending}
            extra={
              <Space size={6}>
                <Switch size="small" checked={mapCounted} onChange={setMapCounted} aria-label={t('sites.mapCounted', { year: current?.year ?? year })} />
                <span>{t('sites.mapCounted', { year: current?.year ?? year })}</span>
              </Space>
            }
          >
            {d ? <SiteMap regionCode={d.regionCode} points={map.data ?? []} highlight={d.districtCode} onPick={(id) => navigate(`/sites/${id}`)} /> : null}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card title={t('sites.byDistrictOf', { year: current?.year ?? year })} loading={dash.isPending}>
              <Table
                rowKey={(r) => r.districtCode ?? ''}
                size="small"
                pagination={false}
                dataSource={byDistrict}
                columns={[
                  { title: t('sites.district'), key: 'd', render: (_, r) => regions.districtLabel(r.districtCode) },
                  ...TARGET_KINDS.map((k) => ({
                    title: l.targetKind(k),
                    key: k,
                    render: (_: unknown, r: (typeof byDistrict)[number]) => {
                      const it = r.items.find((i) => i.kind === k)!;
                      return it.goalCumulative !== null ? `${it.builtCumulative} / ${it.goalCumulative}` : String(it.builtCumulative);
                    },
                  })),
                ]}
              />
            </Card>
            <Card title={t('sites.waiting')} loading={dash.isPending}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={d?.waiting ?? []}
                locale={{ emptyText: t('sites.noneWaiting') }}
                columns={[
                  {
                    title: t('sites.name'),
                    key: 'n',
                    render: (_, w) => (
                      <>
                        <SiteKindTag kind={w.kind} />
                        <Link to={`/sites/${w.id}`}>{w.name}</Link>
                      </>
                    ),
                  },
                  { title: t('sites.acceptance'), key: 'a', width: 120, render: (_, w) => <AcceptanceTag state={w.acceptance} /> },
                  { title: t('sites.submittedAt'), key: 's', width: 100, render: (_, w) => formatDateTime(w.submittedAt).slice(0, 10) },
                  { title: t('sites.waitedDays'), dataIndex: 'days', width: 70 },
                ]}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24}>
          <HostCountsCard hosts={d?.hosts} loading={dash.isPending} />
        </Col>
        <Col xs={24}>
          <ServiceSystemsStatsCard />
        </Col>
      </Row>
      <TargetsModal open={editing} year={current?.year ?? year} targets={targets.data ?? []} onClose={() => setEditing(false)} />
    </>
  );
}
