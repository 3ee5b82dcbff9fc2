import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Col, Descriptions, Empty, Flex, Form, Image, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PublicSite } from '@shangmi/shared';
import { publicSitesApi } from '../../api/sites';
import type { Query } from '../../api/client';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../components/PageHeader';
import { useRegionOptions } from '../../components/useRegionOptions';
import { SiteMap } from '../../components/sites/SiteMap';
import { SiteKindTag, useSiteLabels } from '../../components/sites/labels';

interface Filters {
  q?: string;
  districtCode?: string;
  parkId?: number;
  service?: string;
  kind?: string;
}

/** 保护站点名录 (public, no sign-in): accepted sites by district, park, service or name, with contacts, hours and the map. */
export default function DirectoryPage() {
  const t = useT();
  const l = useSiteLabels();
  const regions = useRegionOptions();
  const services = useDict('site_service');
  const hostKinds = useDict('site_host_kind');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  useDocumentTitle(t('directory.title'));
  const regionCode = regions.districts[0]?.regionCode;
  const query = { ...filters, regionCode } as Query;
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
    <div className="directory-page">
      <div className="directory-top">
        <Link to="/login" className="directory-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.title')}</span>
        </Link>
        <Space>
          <LanguageSwitch size="middle" />
          <Link to="/login">
            <Button>{t('auth.login')}</Button>
          </Link>
        </Space>
      </div>
      <div className="directory-body">
        <Typography.Title level={3}>{t('directory.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('directory.subtitle')}</Typography.Paragraph>
        <Card className="filter-bar">
          <Form<Filters>
            layout="inline"
            name="directoryFilter"
            onFinish={(v) => {
              setFilters({ ...v, q: v.q?.trim() || undefined });
              setPage(1);
            }}
          >
            <Form.Item name="q" label={t('directory.search')}>
              <Input allowClear placeholder={t('directory.searchPlaceholder')} maxLength={100} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="districtCode" label={t('sites.district')}>
              <Select allowClear options={regions.districtOptions} style={{ width: 110 }} placeholder={t('common.all')} />
            </Form.Item>
            <Form.Item name="parkId" label={t('sites.park')}>
              <Select allowClear options={regions.parkOptions} style={{ width: 150 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
            </Form.Item>
            <Form.Item name="service" label={t('sites.service')}>
              <Select allowClear options={services.options} style={{ width: 120 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
            </Form.Item>
            <Form.Item name="kind" label={t('sites.kind')}>
              <Select allowClear options={l.kindOptions} style={{ width: 90 }} placeholder={t('common.all')} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('common.search')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card title={t('directory.map')}>
              {regionCode ? <SiteMap regionCode={regionCode} points={points.data ?? []} height={520} onPick={setSelected} /> : null}
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title={t('directory.found', { n: list.data?.total ?? 0 })}>
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
    </div>
  );
}
