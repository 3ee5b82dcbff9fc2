import { useMemo } from 'react';
import { Form, Input, InputNumber, Select, type SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ORG_KINDS, type Org, type OrgKind } from '@shangmi/shared';
import { orgsApi } from '../../api/orgs';
import { useMe } from '../../lib/auth';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { regionsQuery, useDict } from '../../lib/dicts';
import { FormDrawer } from '../../components/FormDialog';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { nullIfEmpty } from '../../lib/forms';

interface Values {
  parentId?: number;
  name: string;
  shortName?: string;
  kind: OrgKind;
  districtCode?: string;
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  sort?: number;
  status?: 'active' | 'disabled';
}

export type OrgDrawerMode = { kind: 'create'; parent: Org } | { kind: 'edit'; org: Org };

interface Props {
  open: boolean;
  /** kept while the drawer closes, so its content does not change during the animation */
  mode: OrgDrawerMode | null;
  onClose: () => void;
  /** after a save: the parents whose children changed */
  onSaved: (changedParents: (number | null)[]) => void;
}

/** 编辑 / 新增下级: the organisation's own fields; an edit may also move it or disable it. */
export function OrgDrawer({ open, mode, onClose, onSaved }: Props) {
  const { t, pick } = useI18n();
  const me = useMe();
  const kinds = useDict('org_kind');
  const regions = useQuery(regionsQuery);
  const editing = mode?.kind === 'edit' ? mode.org : null;
  const parent = mode?.kind === 'create' ? mode.parent : null;

  // Kinds come from the org_kind dictionary; the code's own list is the fallback while it loads.
  const kindOptions = kinds.options.length ? kinds.options : ORG_KINDS.map((k) => ({ value: k, label: k }));

  // Districts of the organisation's region; every region, grouped, when none is known (platform level).
  const regionCode = editing?.regionCode ?? parent?.regionCode ?? me.regionCode;
  const districtOptions = useMemo((): SelectProps['options'] => {
    const all = regions.data ?? [];
    const region = all.find((r) => r.code === regionCode);
    const toOptions = (ds: { code: string; name: string; nameEn: string | null }[]) =>
      ds.map((d) => ({ value: d.code, label: `${pick(d.name, d.nameEn)}（${d.code}）` }));
    if (region) return toOptions(region.districts);
    return all.map((r) => ({ label: pick(r.name, r.nameEn), options: toOptions(r.districts) }));
  }, [regions.data, regionCode, pick]);

  const values: Partial<Values> | undefined =
    mode?.kind === 'edit'
      ? {
          parentId: mode.org.parentId ?? undefined,
          name: mode.org.name,
          shortName: mode.org.shortName ?? undefined,
          kind: mode.org.kind as OrgKind,
          districtCode: mode.org.districtCode ?? undefined,
          creditCode: mode.org.creditCode ?? undefined,
          contactName: mode.org.contactName ?? undefined,
          contactPhone: mode.org.contactPhone ?? undefined,
          address: mode.org.address ?? undefined,
          sort: mode.org.sort,
          status: mode.org.status,
        }
      : mode
        ? { sort: 0, districtCode: mode.parent.districtCode ?? undefined }
        : undefined;

  /** Saves, and answers the parents whose children changed. */
  const save = async (v: Values): Promise<(number | null)[]> => {
    const body = {
      name: v.name.trim(),
      shortName: nullIfEmpty(v.shortName),
      kind: v.kind,
      districtCode: v.districtCode ?? null,
      creditCode: nullIfEmpty(v.creditCode),
      contactName: nullIfEmpty(v.contactName),
      contactPhone: nullIfEmpty(v.contactPhone),
      address: nullIfEmpty(v.address),
      sort: v.sort ?? 0,
    };
    if (editing) {
      const moved = v.parentId !== undefined && v.parentId !== editing.parentId;
      await orgsApi.update(editing.id, { ...body, status: v.status, ...(moved ? { parentId: v.parentId } : {}) });
      return moved ? [editing.parentId, v.parentId ?? null] : [editing.parentId];
    }
    await orgsApi.create({ ...body, parentId: parent!.id });
    return [parent!.id];
  };

  const maxRule = (label: MessageKey, max: number) => ({ max, message: t('common.maxLength', { label: t(label), max }) });

  return (
    <FormDrawer<Values, (number | null)[]>
      name="orgForm"
      title={editing ? t('orgs.editTitle') : t('orgs.addChildTitle', { parent: parent?.name ?? '' })}
      open={open}
      onClose={onClose}
      size={560}
      values={values}
      valuesKey={mode}
      save={save}
      success={editing ? t('common.saved') : t('common.created')}
      onSaved={onSaved}
    >
      {editing && editing.parentId !== null ? (
        <Form.Item name="parentId" label={t('orgs.parent')} rules={[{ required: true, message: t('common.requiredSelect', { label: t('orgs.parent') }) }]}>
          <OrgTreeSelect allowClear={false} disabledSubtreeOf={editing.id} status="active" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="name"
        label={t('orgs.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('orgs.name') }) }, maxRule('orgs.name', 100)]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="shortName" label={t('orgs.shortName')} rules={[maxRule('orgs.shortName', 50)]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('common.requiredSelect', { label: t('orgs.kind') }) }]}>
        <Select options={kindOptions} loading={kinds.loading} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="districtCode" label={t('orgs.districtCode')}>
        <Select options={districtOptions} loading={regions.isPending} allowClear showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item
        name="creditCode"
        label={t('orgs.creditCode')}
        rules={[maxRule('orgs.creditCode', 18)]}
        normalize={(v: string) => v.toUpperCase()}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="contactName" label={t('orgs.contactName')} rules={[maxRule('orgs.contactName', 50)]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="contactPhone"
        label={t('orgs.contactPhone')}
        rules={[maxRule('orgs.contactPhone', 30)]}
      >
        <Input maxLength={30} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label={t('orgs.address')} rules={[maxRule('orgs.address', 200)]}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="sort" label={t('orgs.sort')}>
        <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      {editing ? (
        <Form.Item name="status" label={t('orgs.status')}>
          <Select
            options={[
              { value: 'active', label: t('common.active') },
              { value: 'disabled', label: t('common.disabled') },
            ]}
          />
        </Form.Item>
      ) : null}
    </FormDrawer>
  );
}
