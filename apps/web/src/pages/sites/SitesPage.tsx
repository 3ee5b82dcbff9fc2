import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Flex, Form, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DashboardOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { formatDateTime, type Site } from '@shangmi/shared';
import type { Query } from '../../api/client';
import { SITES_EXPORT_PATH, sitesApi } from '../../api/sites';
import { Can } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { useRegionOptions } from '../../components/useRegionOptions';
import { SiteFormModal } from './SiteFormModal';
import { SiteImportModal } from './SiteImportModal';
import { AcceptanceTag, SiteKindTag, SiteStatusTag, useSiteLabels } from '../../components/sites/labels';

interface Filters {
  q?: string;
  kind?: string;
  status?: string;
  districtCode?: string;
  parkId?: number;
  hostKind?: string;
  service?: string;
  acceptance?: string;
}

const FILTER_KEYS = ['q', 'kind', 'status', 'districtCode', 'parkId', 'hostKind', 'service', 'acceptance'] as const;

function fromParams(params: URLSearchParams): Filters {
  const f: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = k === 'parkId' ? Number(v) : v;
  }
  return f as Filters;
}

/** 站点管理: bases, stations and points in scope, filtered by kind, status, district, park, host kind, service. */
export default function SitesPage() {
  const t = useT();
  const l = useSiteLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [initial] = useState(() => fromParams(params));
  const [form] = Form.useForm<Filters>();
  const regions = useRegionOptions();
  const hostKinds = useDict('site_host_kind');
  const services = useDict('site_service');
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const list = useServerTable<Site>({
    key: 'sites',
    fetch: sitesApi.list,
    initialFilters: initial as Query,
    sortable: { name: 'name', status: 'statusChangedAt', accreditedAt: 'accreditedAt' },
  });

  const columns: TableColumnsType<Site> = [
    {
      title: t('sites.name'),
      key: 'name',
      sorter: true,
      width: 280,
      render: (_, s) => (
        <Flex vertical>
          <span>
            <SiteKindTag kind={s.kind} />
            <Link to={`/sites/${s.id}`}>{s.name}</Link>
          </span>
          {s.parentSiteName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sites.under', { name: s.parentSiteName })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('sites.level'), key: 'level', width: 80, render: (_, s) => l.level(s.level) },
    { title: t('sites.district'), key: 'district', width: 90, render: (_, s) => regions.districtLabel(s.districtCode) || '—' },
    { title: t('sites.park'), key: 'park', width: 130, ellipsis: true, render: (_, s) => (s.parkId ? regions.parkLabel(s.parkId) : '—') },
    {
      title: t('sites.host'),
      key: 'host',
      width: 200,
      render: (_, s) => (
        <Flex vertical>
          <span>{s.hostName ?? '—'}</span>
          {s.hostKind ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hostKinds.label(s.hostKind)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('sites.status'),
      key: 'status',
      sorter: true,
      width: 150,
      render: (_, s) => (
        <Flex vertical gap={4} align="start">
          <SiteStatusTag status={s.status} />
          {s.acceptance && s.acceptance !== 'approved' ? <AcceptanceTag state={s.acceptance} /> : null}
        </Flex>
      ),
    },
    { title: t('sites.plaqueNo'), key: 'plaque', width: 160, render: (_, s) => s.plaqueNo ?? '—' },
    { title: t('sites.accreditedAt'), key: 'accreditedAt', sorter: true, width: 110, render: (_, s) => (s.accreditedAt ? formatDateTime(s.accreditedAt).slice(0, 10) : '—') },
  ];

  const reset = () => {
    form.resetFields();
    form.setFieldsValue(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])));
    list.setFilters({});
  };

  return (
    <>
      <PageHeader
        title={t('sites.title')}
        extra={
          <>
            <Button icon={<DashboardOutlined aria-hidden />} onClick={() => navigate('/sites/dashboard')}>
              {t('sites.dashboard')}
            </Button>
            <Can perm="sites:create">
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
                {t('sites.add')}
              </Button>
            </Can>
            <Can perm="sites:import">
              <Button icon={<ImportOutlined aria-hidden />} onClick={() => setImporting(true)}>
                {t('sites.import')}
              </Button>
            </Can>
            <ExportButton path={SITES_EXPORT_PATH} query={list.exportQuery} baseName={t('sites.title')} />
          </>
        }
      />
      <Card className="filter-bar">
        <Form<Filters> form={form} name="sitesFilter" layout="inline" initialValues={initial} onFinish={(v) => list.setFilters({ ...v, q: v.q?.trim() || undefined } as Query)}>
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('sites.keywordPlaceholder')} maxLength={100} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('sites.kind')}>
            <Select allowClear options={l.kindOptions} style={{ width: 90 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="status" label={t('sites.status')}>
            <Select allowClear options={l.statusOptions} style={{ width: 120 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="districtCode" label={t('sites.district')}>
            <Select allowClear options={regions.districtOptions} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="parkId" label={t('sites.park')}>
            <Select allowClear options={regions.parkOptions} style={{ width: 150 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="hostKind" label={t('sites.hostKind')}>
            <Select allowClear options={hostKinds.options} style={{ width: 150 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="service" label={t('sites.service')}>
            <Select allowClear options={services.options} style={{ width: 120 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="acceptance" label={t('sites.acceptance')}>
            <Select allowClear options={l.acceptanceOptions} style={{ width: 130 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Site> {...list.tableProps} columns={columns} scroll={{ x: 1300 }} size="middle" />
      </Card>
      <SiteImportModal open={importing} onClose={() => setImporting(false)} />
      <SiteFormModal open={adding} onClose={() => setAdding(false)} onSaved={(s) => navigate(`/sites/${s.id}`)} />
    </>
  );
}
