import { Alert, Flex, Form, Input, Select, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { normalizeCreditCode, suggestDistrictCode, type Enterprise } from '@shangmi/shared';
import { enterprisesApi, type EnterpriseUpdateInput } from '../../api/enterprises';
import { MAX_PAGE_SIZE } from '../../api/lists';
import { orgsApi } from '../../api/orgs';
import { useCan } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useT, type MessageKey } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { changedFields, nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { useCreditCodeRule } from '../../components/useCreditCodeRule';
import { useIndustryTree } from '../../components/useIndustryTree';
import { useRegionOptions } from '../../components/useRegionOptions';

interface Values {
  creditCode: string;
  name: string;
  legalRep?: string;
  regAddress?: string;
  opAddress?: string;
  districtCode?: string;
  parkId?: number;
  industryCode?: string;
  size?: string;
  kinds?: string[];
  products?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  status?: 'active' | 'closed';
  siteOrgId?: number;
}

interface Props {
  open: boolean;
  /** null: a new enterprise */
  enterprise: Enterprise | null;
  onClose: () => void;
  onSaved?: (e: Enterprise) => void;
}

function toValues(e: Enterprise): Values {
  return {
    creditCode: e.creditCode,
    name: e.name,
    legalRep: e.legalRep ?? undefined,
    regAddress: e.regAddress ?? undefined,
    opAddress: e.opAddress ?? undefined,
    districtCode: e.districtCode ?? undefined,
    parkId: e.parkId ?? undefined,
    industryCode: e.industryCode ?? undefined,
    size: e.size ?? undefined,
    kinds: e.kinds,
    products: e.products ?? undefined,
    contactName: e.contactName ?? undefined,
    contactPhone: e.contactPhone ?? undefined,
    contactEmail: e.contactEmail ?? undefined,
    status: e.status === 'active' || e.status === 'closed' ? e.status : undefined,
    siteOrgId: e.siteOrgId ?? undefined,
  };
}

function toBody(v: Values): Required<EnterpriseUpdateInput> {
  return {
    creditCode: normalizeCreditCode(v.creditCode ?? ''),
    name: (v.name ?? '').trim(),
    legalRep: nullIfEmpty(v.legalRep),
    regAddress: nullIfEmpty(v.regAddress),
    opAddress: nullIfEmpty(v.opAddress),
    districtCode: v.districtCode ?? null,
    parkId: v.parkId ?? null,
    industryCode: v.industryCode ?? null,
    size: v.size ?? null,
    kinds: v.kinds ?? [],
    products: nullIfEmpty(v.products),
    contactName: nullIfEmpty(v.contactName),
    contactPhone: nullIfEmpty(v.contactPhone),
    contactEmail: nullIfEmpty(v.contactEmail),
    status: v.status ?? 'active',
    siteOrgId: v.siteOrgId ?? null,
  };
}

/**
 * 新增企业 / 编辑企业. Edits send only the fields that changed (a patch), so an enterprise's own administrator, who may
 * change only the profile fields, is not refused for fields they did not touch.
 */
export function EnterpriseDrawer({ open, enterprise, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const creating = !enterprise;
  // Registry fields (name, code, district, park, kinds, status) are the bureau's; enterprise users cannot create.
  const registryEditable = useCan('enterprises:create');
  const districtCode = Form.useWatch('districtCode', form);
  const regions = useRegionOptions(districtCode);
  const industry = useIndustryTree();
  const kinds = useDict('enterprise_kind');
  const sizes = useDict('enterprise_size');
  const creditCodeRule = useCreditCodeRule();
  const sites = useQuery({
    queryKey: ['orgs', 'sites'],
    queryFn: ({ signal }) => orgsApi.list({ kind: 'site', status: 'active', page: 1, pageSize: MAX_PAGE_SIZE }, signal),
    enabled: open && registryEditable,
    staleTime: 60_000,
  });

  const save = async (v: Values): Promise<Enterprise> => {
    const body = toBody(v);
    if (creating) {
      const { status: _status, ...create } = body;
      void _status;
      return enterprisesApi.create({ ...create, regionCode: regions.regionOf(create.districtCode) });
    }
    const before = toBody(toValues(enterprise));
    const patch: EnterpriseUpdateInput = changedFields(body, before);
    if (enterprise.status !== 'active' && enterprise.status !== 'closed') delete patch.status;
    return Object.keys(patch).length ? enterprisesApi.update(enterprise.id, patch) : enterprise;
  };

  const req = (labelKey: MessageKey) => ({ required: true, message: t('common.required', { label: t(labelKey) }) });
  const max = (labelKey: MessageKey, n: number) => ({ max: n, message: t('common.maxLength', { label: t(labelKey), max: n }) });
  const locked = !creating && !registryEditable;

  return (
    <FormDrawer<Values, Enterprise>
      form={form}
      name="enterpriseForm"
      title={creating ? t('enterprises.add') : t('enterprises.editTitle')}
      open={open}
      onClose={onClose}
      size={600}
      values={enterprise ? toValues(enterprise) : undefined}
      valuesKey={enterprise}
      save={save}
      success={creating ? t('common.created') : t('common.saved')}
      invalidate={['enterprises']}
      onSaved={onSaved}
      before={locked ? <Alert type="info" showIcon title={t('enterprises.selfOnlyHint')} style={{ marginBottom: 16 }} /> : null}
      onValuesChange={(changed: Partial<Values>) => {
        // The code's 行政区划 part names the district: fill it in when still empty.
        if (creating && changed.creditCode && !form.getFieldValue('districtCode')) {
          const d = suggestDistrictCode(changed.creditCode, regions.districts.map((x) => x.code));
          if (d) form.setFieldValue('districtCode', d);
        }
        if ('districtCode' in changed) form.setFieldValue('parkId', undefined);
      }}
    >
      <Form.Item
        name="creditCode"
        label={t('enterprises.creditCode')}
        extra={creating ? t('enterprises.creditCodeHint') : undefined}
        normalize={(v: string) => v.toUpperCase()}
        validateDebounce={300}
        rules={[req('enterprises.creditCode'), creditCodeRule]}
      >
        <Input maxLength={18} autoComplete="off" disabled={locked} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="name" label={t('enterprises.name')} rules={[req('enterprises.name'), { whitespace: true }, max('enterprises.name', 200)]}>
        <Input maxLength={200} disabled={locked} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="districtCode" label={t('enterprises.district')} style={{ flex: 1 }}>
          <Select allowClear options={regions.districtOptions} loading={regions.loading} disabled={locked} placeholder={t('common.pleaseSelect')} />
        </Form.Item>
        <Form.Item name="parkId" label={t('enterprises.park')} style={{ flex: 1 }}>
          <Select allowClear options={regions.parkOptions} loading={regions.loading} disabled={locked} placeholder={t('common.pleaseSelect')} />
        </Form.Item>
      </Flex>
      <Form.Item name="industryCode" label={t('enterprises.industry')}>
        <TreeSelect
          allowClear
          treeData={industry.tree}
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('common.pleaseSelect')}
          listHeight={360}
        />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="kinds" label={t('enterprises.kinds')} style={{ flex: 2 }}>
          <Select mode="multiple" allowClear options={kinds.options} loading={kinds.loading} disabled={locked} />
        </Form.Item>
        <Form.Item name="size" label={t('enterprises.size')} style={{ flex: 1 }}>
          <Select allowClear options={sizes.options} loading={sizes.loading} placeholder={t('common.pleaseSelect')} />
        </Form.Item>
      </Flex>
      <Form.Item name="legalRep" label={t('enterprises.legalRep')} rules={[max('enterprises.legalRep', 50)]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="regAddress" label={t('enterprises.regAddress')} rules={[max('enterprises.regAddress', 200)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="opAddress" label={t('enterprises.opAddress')} rules={[max('enterprises.opAddress', 200)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="products" label={t('enterprises.products')} rules={[max('enterprises.products', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      {registryEditable ? (
        <Form.Item name="siteOrgId" label={t('enterprises.site')} extra={t('enterprises.siteHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={sites.isLoading}
            placeholder={t('common.pleaseSelect')}
            options={[
              ...(sites.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })),
              ...(enterprise?.siteOrgId && !sites.data?.items.some((o) => o.id === enterprise.siteOrgId)
                ? [{ value: enterprise.siteOrgId, label: enterprise.siteOrgName ?? `#${enterprise.siteOrgId}` }]
                : []),
            ]}
          />
        </Form.Item>
      ) : null}
      <Flex gap={16}>
        <Form.Item name="contactName" label={t('enterprises.contactName')} style={{ flex: 1 }} rules={[max('enterprises.contactName', 50)]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('enterprises.contactPhone')} style={{ flex: 1 }} rules={[{ pattern: PHONE_RE, message: t('users.phoneFormat') }]}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </Flex>
      <Form.Item name="contactEmail" label={t('enterprises.contactEmail')} rules={[{ type: 'email', max: 100, message: t('users.emailFormat') }]}>
        <Input maxLength={100} inputMode="email" />
      </Form.Item>
      {!creating && !locked && (enterprise.status === 'active' || enterprise.status === 'closed') ? (
        <Form.Item name="status" label={t('enterprises.status')} extra={t('enterprises.statusClosedHint')}>
          <Select
            options={[
              { value: 'active', label: t('enterprises.statuses.active') },
              { value: 'closed', label: t('enterprises.statuses.closed') },
            ]}
          />
        </Form.Item>
      ) : null}
    </FormDrawer>
  );
}
