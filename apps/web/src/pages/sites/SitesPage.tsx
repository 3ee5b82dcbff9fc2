import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { DashboardOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { formatDateTime, siteListQuery, type Site } from '@shangmi/shared';
import { SITES_EXPORT_PATH, sitesApi, type SiteFilters } from '../../api/sites';
import { filtersFromParams } from '../../lib/filters';
import { Can } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { useServerTable } from '../../components/useServerTable';
import { useRegionOptions } from '../../components/useRegionOptions';
import { SiteFormModal } from './SiteFormModal';
import { SiteImportModal } from './SiteImportModal';
import { AcceptanceTag, SiteKindTag, SiteStatusTag, useSiteLabels } from '../../components/sites/labels';

/** 站点管理: bases, stations and points in scope, filtered by kind, status, district, park, host kind, service. */
export default function SitesPage() {
  const t = useT();
  const l = useSiteLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // filters a link may carry (the dashboard, the home page's to-dos)
  const [initial] = useState(() => filtersFromParams(siteListQuery, params, ['q', 'kind', 'status', 'districtCode', 'parkId', 'hostKind', 'host', 'service', 'acceptance']));
  const regions = useRegionOptions();
  const hostKinds = useDict('site_host_kind');
  const services = useDict('site_service');
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const list = useServerTable<Site, SiteFilters>({
    key: 'sites',
    fetch: sitesApi.list,
    initialFilters: initial,
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
          <span>
            {s.hostName ?? '—'}
            {s.hostName && !s.hostOrgId ? (
              <Tag color="orange" style={{ marginInlineStart: 6 }}>
                {t('sites.hostsUnlinked')}
              </Tag>
            ) : null}
          </span>
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
      <FilterBar<SiteFilters> table={list} name="sitesFilter" initialValues={initial} keyword={{ placeholder: t('sites.keywordPlaceholder'), width: 180 }}>
        <FilterSelect name="kind" label={t('sites.kind')} options={l.kindOptions} width={90} />
        <FilterSelect name="status" label={t('sites.status')} options={l.statusOptions} width={120} />
        <FilterSelect name="districtCode" label={t('sites.district')} options={regions.districtOptions} width={110} />
        <FilterSelect name="parkId" label={t('sites.park')} options={regions.parkOptions} width={150} popupMatchSelectWidth={false} />
        <FilterSelect name="hostKind" label={t('sites.hostKind')} options={hostKinds.options} width={150} popupMatchSelectWidth={false} />
        <FilterSelect
          name="host"
          label={t('sites.hostFilter')}
          options={[
            { value: 'unlinked', label: t('sites.hostPending') },
            { value: 'linked', label: t('sites.hostLinked') },
          ]}
          width={150}
          popupMatchSelectWidth={false}
        />
        <FilterSelect name="service" label={t('sites.service')} options={services.options} width={120} popupMatchSelectWidth={false} />
        <FilterSelect name="acceptance" label={t('sites.acceptance')} options={l.acceptanceOptions} width={130} popupMatchSelectWidth={false} />
      </FilterBar>
      <ListCard<Site> table={list} columns={columns} scroll={{ x: 1300 }} />
      <SiteImportModal open={importing} onClose={() => setImporting(false)} />
      <SiteFormModal open={adding} onClose={() => setAdding(false)} onSaved={(s) => navigate(`/sites/${s.id}`)} />
    </>
  );
}
