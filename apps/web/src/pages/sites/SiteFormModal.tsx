import { Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SITE_PARENT_KINDS, type SiteDetail, type SiteKind } from '@shangmi/shared';
import { sitesApi, type SiteCreateInput } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { formRules, nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useSiteLabels } from '../../components/sites/labels';
import { HostSelect } from './HostSelect';

interface SiteValues {
  kind: SiteKind;
  name: string;
  level?: 'city' | 'district';
  districtCode?: string | null;
  parkId?: number | null;
  parentSiteId?: number | null;
  hostOrgId?: number | null;
  hostKind?: string | null;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  hours?: string;
  services?: string[];
  intro?: string;
  status?: 'planned' | 'building';
}

/** A site as the form shows it (empty text as an empty box). */
function toValues(s: SiteDetail): SiteValues {
  return {
    kind: s.kind,
    name: s.name,
    level: s.level,
    districtCode: s.districtCode,
    parkId: s.parkId,
    parentSiteId: s.parentSiteId,
    hostOrgId: s.hostOrgId,
    hostKind: s.hostKind,
    address: s.address ?? undefined,
    lng: s.lng,
    lat: s.lat,
    contactName: s.contactName ?? undefined,
    contactPhone: s.contactPhone ?? undefined,
    contactEmail: s.contactEmail ?? undefined,
    hours: s.hours ?? undefined,
    services: s.services,
    intro: s.intro ?? undefined,
  };
}

/** 新建站点 / 编辑站点. Site staff see only their profile fields. */
export function SiteFormModal({ open, site, onClose, onSaved }: { open: boolean; site?: SiteDetail | null; onClose: () => void; onSaved?: (s: SiteDetail) => void }) {
  const t = useT();
  const r = formRules(t);
  const l = useSiteLabels();
  const [form] = Form.useForm<SiteValues>();
  const kind = Form.useWatch('kind', form);
  const districtCode = Form.useWatch('districtCode', form);
  const regions = useRegionOptions(districtCode);
  const hostKinds = useDict('site_host_kind');
  const services = useDict('site_service');
  const profileOnly = !!site?.allowed.editProfileOnly;
  const parentKinds = kind ? SITE_PARENT_KINDS[kind] : [];
  const parents = useQuery({
    queryKey: ['sites', 'parents', parentKinds.join()],
    queryFn: ({ signal }) => sitesApi.list({ pageSize: 200, kind: parentKinds.length === 1 ? parentKinds[0] : undefined }, signal),
    enabled: open && parentKinds.length > 0 && !profileOnly,
  });
  const parentOptions = (parents.data?.items ?? [])
    .filter((p) => parentKinds.includes(p.kind) && p.id !== site?.id && p.status !== 'revoked')
    .map((p) => ({ value: p.id, label: `${l.kind(p.kind)} · ${p.name}` }));

  const save = (v: SiteValues): Promise<SiteDetail> => {
    // the host is sent only when it changed: an unlinked name (待关联) stays until a person picks its organisation
    const host = (v.hostOrgId ?? null) !== (site?.hostOrgId ?? null) ? { hostOrgId: v.hostOrgId ?? null, ...(v.hostOrgId ? {} : { hostName: null }) } : {};
    const common = {
      ...host,
      address: nullIfEmpty(v.address),
      lng: v.lng ?? null,
      lat: v.lat ?? null,
      contactName: nullIfEmpty(v.contactName),
      contactPhone: nullIfEmpty(v.contactPhone),
      contactEmail: nullIfEmpty(v.contactEmail),
      hours: nullIfEmpty(v.hours),
      services: v.services ?? [],
      intro: nullIfEmpty(v.intro),
    };
    const bureau = { name: v.name, level: v.level, parkId: v.parkId ?? null, hostKind: v.hostKind ?? null };
    if (!site) {
      const input: SiteCreateInput = { ...common, ...bureau, kind: v.kind, status: v.status ?? 'planned', parentSiteId: v.parentSiteId ?? null };
      if (!v.parentSiteId && v.districtCode) input.districtCode = v.districtCode;
      return sitesApi.create(input);
    }
    if (profileOnly) return sitesApi.update(site.id, common);
    return sitesApi.update(site.id, { ...common, ...bureau, parentSiteId: v.parentSiteId ?? null, ...(v.parentSiteId ? {} : { districtCode: v.districtCode ?? null }) });
  };

  return (
    <FormModal<SiteValues, SiteDetail>
      form={form}
      name="siteForm"
      open={open}
      title={site ? t('sites.edit') : t('sites.add')}
      width={820}
      okText={t('common.save')}
      maskClosable={false}
      onClose={onClose}
      values={site ? toValues(site) : { kind: 'base', status: 'planned', services: [] }}
      valuesKey={site}
      save={save}
      success={t('common.saved')}
      invalidate={['sites']}
      onSaved={onSaved}
    >
      {!profileOnly ? (
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label={t('sites.kind')} rules={[r.select('sites.kind')]}>
              <Radio.Group options={l.kindOptions} optionType="button" disabled={!!site} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('sites.name')} rules={[r.req('sites.name'), { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          {parentKinds.length ? (
            <Col span={12}>
              <Form.Item name="parentSiteId" label={t('sites.parent')} extra={t('sites.parentHint')}>
                <Select allowClear showSearch optionFilterProp="label" options={parentOptions} loading={parents.isFetching} placeholder={t('sites.noParent')} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={6}>
            <Form.Item name="level" label={t('sites.level')} extra={site ? undefined : t('sites.levelHint')}>
              <Select allowClear options={l.levelOptions} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="districtCode" label={t('sites.district')}>
              <Select allowClear options={regions.districtOptions} placeholder={t('sites.ownDistrict')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="parkId" label={t('sites.park')}>
              <Select allowClear options={regions.parkOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="hostKind" label={t('sites.hostKind')}>
              <Select allowClear options={hostKinds.options} />
            </Form.Item>
          </Col>
          {!site ? (
            <Col span={12}>
              <Form.Item name="status" label={t('sites.initialStatus')}>
                <Radio.Group options={(['planned', 'building'] as const).map((s) => ({ value: s, label: l.status(s) }))} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      ) : null}
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="hostOrgId"
            label={t('sites.host')}
            extra={site?.hostName && !site.hostOrgId ? <span style={{ color: '#d46b08' }}>{t('sites.hostUnlinked', { name: site.hostName })}</span> : undefined}
          >
            <HostSelect current={site?.hostOrgId ? { id: site.hostOrgId, name: site.hostName ?? '' } : null} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="address" label={t('sites.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="lng" label={t('sites.lng')}>
            <InputNumber min={73} max={136} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="lat" label={t('sites.lat')}>
            <InputNumber min={3} max={54} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="hours" label={t('sites.hours')}>
            <Input maxLength={200} placeholder={t('sites.hoursPlaceholder')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactName" label={t('sites.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactPhone" label={t('sites.contactPhone')} rules={[{ pattern: PHONE_RE, message: t('sites.phoneInvalid') }]}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactEmail" label={t('sites.contactEmail')} rules={[{ type: 'email', message: t('sites.emailInvalid') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="services" label={t('sites.services')}>
            <Select mode="multiple" options={services.options} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="intro" label={t('sites.intro')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
