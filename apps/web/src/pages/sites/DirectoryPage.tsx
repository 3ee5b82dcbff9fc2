import { useState } from 'react';
import { Card, Col, Descriptions, Empty, Flex, Image, List, Row, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PublicSite } from '@shangmi/shared';
import { publicSitesApi, type PublicSiteFilters } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { PublicFrame } from '../../components/PublicHeader';
import { useDocumentTitle } from '../../lib/title';
import { usePublicRegion } from '../../components/usePublicRegion';
import { SiteMap } from '../../components/sites/SiteMap';
import { SiteKindTag, useSiteLabels } from '../../components/sites/labels';

/** 保护站点名录 (public, no sign-in): accepted sites by district, park, service or name, with contacts, hours and the map. */
export default function DirectoryPage() {
  const t = useT();
  const l = useSiteLabels();
  // the region this host serves (or the visitor chose in the header), never the first region by code
  const regions = usePublicRegion();
  const services = useDict('site_service');
  const hostKinds = useDict('site_host_kind');
  const [filters, setFiltersState] = useState<PublicSiteFilters>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  useDocumentTitle(t('directory.title'));
  const regionCode = regions.region?.code;
  const query: PublicSiteFilters = { ...filters, regionCode };
  const setFilters = (next: PublicSiteFilters) => {
    setFiltersState(next);
    setPage(1);
  };
  const list = useQuery({
    queryKey: ['public-sites', query, page],
    queryFn: ({ signal }) => publicSitesApi.list({ ...query, page, pageSize: 10 }, signal),
    placeholderData: keepPreviousData,
    enabled: !!regionCode,
  });
  const points = useQuery({ queryKey: ['public-sites', 'map', query], queryFn: ({ signal }) => publicSitesApi.map(query, signal), enabled: !!regionCode });

  const item = (s: PublicSite) => (
    <List.Item key={s.id} className={selected === s.id ? 'directory-selected' : undefined} data-site={s.name}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Flex justify="space-between" wrap gap={8}>
          <span>
            <SiteKindTag kind={s.kind} />
            <Typography.Text strong>{s.name}</Typography.Text>
            <Typography.Text type="secondary">{`  ${l.level(s.level)} · ${regions.districtLabel(s.districtCode)}${s.parkId ? ` · ${regions.parkLabel(s.parkId)}` : ''}`}</Typography.Text>
          </span>
          {s.plaqueNo ? <Tag>{t('directory.plaque', { no: s.plaqueNo })}</Tag> : null}
        </Flex>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sites.host')}>{`${s.hostName ?? '—'}${s.hostKind ? `（${hostKinds.label(s.hostKind)}）` : ''}`}</Descriptions.Item>
          <Descriptions.Item label={t('sites.hours')}>{s.hours ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={<EnvironmentOutlined aria-label={t('sites.address')} />}>{s.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={<PhoneOutlined aria-label={t('sites.contactPhone')} />}>{[s.contactName, s.contactPhone, s.contactEmail].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
        </Descriptions>
        <Space wrap size={4}>
          {s.services.map((v) => (
            <Tag key={v} color="blue">
              {services.label(v)}
            </Tag>
          ))}
        </Space>
        {s.intro ? <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{s.intro}</Typography.Paragraph> : null}
        {s.photoIds.length ? (
          <Image.PreviewGroup>
            <Space>
              {s.photoIds.slice(0, 4).map((f) => (
                <Image key={f} width={96} height={64} style={{ objectFit: 'cover' }} src={publicSitesApi.photoUrl(s.id, f)} alt={s.name} />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : null}
      </Flex>
    </List.Item>
  );

  return (
    <PublicFrame wide>
      <div>
        <Typography.Title level={3}>{`${regions.regionLabel} ${t('directory.title')}`.trim()}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('directory.subtitle')}</Typography.Paragraph>
        <FilterBar<PublicSiteFilters> table={{ setFilters }} name="directoryFilter" keyword={{ label: t('directory.search'), placeholder: t('directory.searchPlaceholder') }}>
          <FilterSelect name="districtCode" label={t('sites.district')} options={regions.districtOptions} width={110} />
          <FilterSelect name="parkId" label={t('sites.park')} options={regions.parkOptions} width={150} popupMatchSelectWidth={false} />
          <FilterSelect name="service" label={t('sites.service')} options={services.options} width={120} popupMatchSelectWidth={false} />
          <FilterSelect name="kind" label={t('sites.kind')} options={l.kindOptions} width={90} />
        </FilterBar>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card title={t('directory.map')}>
              {regionCode ? <SiteMap regionCode={regionCode} points={points.data ?? []} height={520} onPick={setSelected} /> : null}
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title={t('directory.found', { n: list.data?.capped ? `${list.data.total}+` : (list.data?.total ?? 0) })}>
              {list.data?.total === 0 ? (
                <Empty description={t('directory.none')} />
              ) : (
                <List
                  loading={list.isFetching}
                  dataSource={list.data?.items ?? []}
                  renderItem={item}
                  pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
                />
              )}
            </Card>
          </Col>
        </Row>
      </div>
    </PublicFrame>
  );
}
