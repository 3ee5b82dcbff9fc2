import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Col, Dropdown, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { AuditOutlined, FileExcelOutlined, FileWordOutlined, FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { TARGET_STATUS_LABELS, formatDateTime, pick, type IndicatorValue, type Pace, type TargetStatus } from '@shangmi/shared';
import { steeringApi } from '../../api/steering';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { useErrorHandler } from '../../lib/errors';
import { EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { DistrictMap } from './DistrictMap';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

const STATUS_COLORS: Record<TargetStatus, string> = { met: 'green', on_track: 'blue', at_risk: 'orange', behind: 'volcano', missed: 'red', upcoming: 'default', no_target: 'default' };
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100));

/** The list an indicator counts, as an address (its filters, the district and the year where the list takes them). */
export function listHref(i: IndicatorValue, districtCode?: string | null): string | null {
  if (!i.link) return null;
  const q = new URLSearchParams(i.link.query);
  if (districtCode && i.link.district) q.set('districtCode', districtCode);
  const s = q.toString();
  return s ? `${i.link.path}?${s}` : i.link.path;
}

/** 领导驾驶舱: the pilot's targets with their pace, the districts on the map and ranked, the monthly trend; full screen for a meeting room. */
export default function CockpitPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  useDocumentTitle(t('steering.menuCockpit'));
  const navigate = useNavigate();
  const regions = useRegionOptions();
  const [year, setYear] = useState<number | undefined>();
  const [districtCode, setDistrictCode] = useState<string | undefined>();
  const [key, setKey] = useState('sites.stations_points');
  const [full, setFull] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const q = useQuery({ queryKey: ['steering', 'cockpit', year, districtCode], queryFn: ({ signal }) => steeringApi.cockpit({ year, districtCode }, signal) });
  const d = q.data;
  const current = d?.indicators.find((i) => i.key === key) ?? d?.indicators[0];
  const planYears = d ? d.years : [];
  const withTargets = (d?.indicators ?? []).filter((i) => i.planned || i.years.some((y) => y.target !== null));
  const others = (d?.indicators ?? []).filter((i) => !withTargets.includes(i));
  const name = (i: IndicatorValue) => pick(i.name, locale);
  const unit = (i: IndicatorValue) => pick(i.unit, locale);
  const status = (p: Pace) => <Tag color={STATUS_COLORS[p.status]}>{pick(TARGET_STATUS_LABELS[p.status], locale)}</Tag>;
  const figure = (i: IndicatorValue, v: number | null, district?: string | null) => {
    const href = listHref(i, district ?? d?.districtCode);
    return href ? <Link to={href} data-testid={`figure-${i.key}`}>{fmt(v)}</Link> : <span>{fmt(v)}</span>;
  };

  const toggleFull = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await box.current?.requestFullscreen();
      setFull(!!document.fullscreenElement);
    } catch {
      // a browser that refuses full screen (an iframe, a policy) keeps the page as it is
      setFull(false);
    }
  };
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const download = (kind: 'docx' | 'xlsx') => {
    if (!d) return;
    // the report in the page's language: Chinese, or English for an English session
    steeringApi.report(d.year, kind, lang).then(() => message.success(kind === 'docx' ? t('steering.reportDocx') : t('steering.reportXlsx')), onError);
  };
  const acceptance = (kind: 'docx' | 'xlsx') => steeringApi.acceptance(kind, lang).then(() => message.success(t('steering.acceptance')), onError);

  const trend = useMemo<EChartsCoreOption | null>(() => {
    if (!current) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: current.months.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: [{ type: current.kind === 'cumulative' ? 'line' : 'bar', name: name(current), data: current.months.map((m) => m.value ?? 0), itemStyle: { color: '#1f5fbf' } }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, locale]);
  const ranking = useMemo(() => (current ? [...current.districts].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)) : []), [current]);

  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const targetColumns = [
    { title: t('steering.indicator'), key: 'name', render: (_: unknown, i: IndicatorValue) => <span>{name(i)}</span> },
    ...planYears.map((y) => ({
      title: String(y),
      key: `y${y}`,
      render: (_: unknown, i: IndicatorValue) => {
        const p = i.years.find((x) => x.year === y)!;
        return (
          <Space size={4} wrap data-testid={`pace-${i.key}-${y}`}>
            {figure(i, p.done)}
            <Typography.Text type="secondary">/ {fmt(p.target)}</Typography.Text>
            {status(p)}
            {p.status === 'missed' && p.shortfall ? <Typography.Text type="danger">{t('steering.shortfall', { n: fmt(p.shortfall) })}</Typography.Text> : null}
            {p.status !== 'missed' && p.status !== 'met' && p.mustAdd ? <Typography.Text type="secondary">{t('steering.mustAdd', { n: fmt(p.mustAdd) })}</Typography.Text> : null}
            {p.status !== 'upcoming' && p.status !== 'met' && p.status !== 'missed' && p.projected !== null ? (
              <Typography.Text type="secondary" data-testid={`projected-${i.key}-${y}`}>
                {t('steering.projected')} {fmt(p.projected)}
              </Typography.Text>
            ) : null}
          </Space>
        );
      },
    })),
  ];

  return (
    <div ref={box} style={full ? { background: '#fff', padding: 16, overflow: 'auto', height: '100vh' } : undefined} data-testid="cockpit">
      <PageHeader
        title={t('steering.menuCockpit')}
        extra={
          <Space wrap>
            <Select<number> style={{ width: 110 }} aria-label={t('steering.year')} value={d?.year} onChange={setYear} options={planYears.map((y) => ({ value: y, label: String(y) }))} />
            {d && !d.districtCode ? (
              <Select<string>
                allowClear
                style={{ width: 160 }}
                aria-label={t('steering.district')}
                placeholder={t('steering.cityView')}
                value={districtCode}
                onChange={setDistrictCode}
                options={regions.districtOptions.filter((o) => regions.regionOf(o.value) === d.regionCode)}
              />
            ) : null}
            <Button icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={() => void toggleFull()}>
              {full ? t('steering.exitFullscreen') : t('steering.fullscreen')}
            </Button>
            <Button icon={<FileWordOutlined />} onClick={() => download('docx')}>
              {t('steering.reportDocx')}
            </Button>
            <Button icon={<FileExcelOutlined />} onClick={() => download('xlsx')}>
              {t('steering.reportXlsx')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'docx', label: <span data-testid="acceptance-docx">{t('steering.acceptanceDocx')}</span>, icon: <FileWordOutlined /> },
                  { key: 'xlsx', label: <span data-testid="acceptance-xlsx">{t('steering.acceptanceXlsx')}</span>, icon: <FileExcelOutlined /> },
                ],
                onClick: ({ key }) => void acceptance(key as 'docx' | 'xlsx'),
              }}
            >
              <Button icon={<AuditOutlined />} data-testid="acceptance">
                {t('steering.acceptance')}
              </Button>
            </Dropdown>
          </Space>
        }
      />
      {d ? <Typography.Paragraph type="secondary">{t('steering.computedAt', { at: formatDateTime(d.computedAt) })}{d.districtCode ? ` · ${regions.districtLabel(d.districtCode)}` : ''}</Typography.Paragraph> : null}
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card title={t('steering.targets')} size="small">
            <Table<IndicatorValue> rowKey="key" size="small" pagination={false} loading={q.isPending} dataSource={withTargets} columns={targetColumns} onRow={(i) => ({ 'data-testid': `target-${i.key}` }) as never} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('steering.map')}
            size="small"
            extra={<Select style={{ width: 220 }} aria-label={t('steering.pickIndicator')} value={current?.key} onChange={setKey} options={(d?.indicators ?? []).map((i) => ({ value: i.key, label: name(i) }))} />}
          >
            {d && current ? (
              <DistrictMap
                regionCode={d.regionCode}
                unit={unit(current)}
                values={current.districts}
                height={full ? 520 : 400}
                onPick={(code) => {
                  const href = listHref(current, code);
                  if (href) void navigate(href);
                }}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`${t('steering.ranking')}${current ? ` · ${name(current)}` : ''}`} size="small">
            <Table
              rowKey="districtCode"
              size="small"
              pagination={false}
              dataSource={ranking}
              columns={[
                { title: '#', key: 'rank', width: 40, render: (_: unknown, __: unknown, n: number) => n + 1 },
                { title: t('steering.district'), dataIndex: 'districtCode', render: (c: string) => regions.districtLabel(c) },
                { title: t('steering.done'), key: 'value', align: 'right' as const, render: (_: unknown, r: (typeof ranking)[number]) => (current ? figure(current, r.value, r.districtCode) : null) },
                { title: t('steering.target'), dataIndex: 'target', align: 'right' as const, render: fmt },
                { title: t('steering.status'), dataIndex: 'status', render: (s: TargetStatus) => <Tag color={STATUS_COLORS[s]}>{pick(TARGET_STATUS_LABELS[s], locale)}</Tag> },
              ]}
            />
          </Card>
          <Card title={`${t('steering.trend')}${current ? ` · ${name(current)}（${unit(current)}）` : ''}`} size="small" style={{ marginTop: 16 }}>
            {trend ? <EChart option={trend} label={t('steering.trend')} height={220} /> : null}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={`${t('steering.others')} · ${d?.year ?? ''}`} size="small">
            <Row gutter={[12, 12]}>
              {others.map((i) => {
                const p = i.years.find((y) => y.year === d?.year);
                return (
                  <Col key={i.key} xs={12} md={8} lg={6} xl={4}>
                    <Card size="small" data-testid={`tile-${i.key}`}>
                      <Typography.Text type="secondary">{name(i)}</Typography.Text>
                      <div style={{ fontSize: 24 }}>
                        {figure(i, p?.done ?? null)} <Typography.Text type="secondary">{unit(i)}</Typography.Text>
                      </div>
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
