import { useEffect, useMemo, useState } from 'react';
import { Flex, Form, Input, Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { CultivationEntry } from '@shangmi/shared';
import { cultivationApi } from '../../api/cultivation';
import { enterprisesApi } from '../../api/enterprises';
import { orgsApi } from '../../api/orgs';
import { useT } from '../../lib/i18n';
import { useDebounced } from '../../lib/hooks';
import { formRules as rules, nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { FormModal } from '../FormDialog';
import { useCultivationLabels, yearOptions } from './labels';

/** Protection sites for the coaching-site picker (the server checks scope and kind again). */
function useSiteOptions(enabled: boolean) {
  const sites = useQuery({
    queryKey: ['orgs', 'sites'],
    queryFn: ({ signal }) => orgsApi.list({ kind: 'site', status: 'active', page: 1, pageSize: 200 }, signal),
    enabled,
    staleTime: 60_000,
  });
  return { loading: sites.isPending && enabled, options: (sites.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })) };
}

interface EntryValues {
  enterpriseId?: number;
  year: number;
  batch: number;
  siteOrgId?: number | null;
  mentorName?: string;
  mentorPhone?: string;
  note?: string;
}

/** 列入培育清单 / 修改培育信息. `preset` fixes the enterprise (from its own page). */
export function EntryModal({
  open,
  entry,
  preset,
  onClose,
  onSaved,
}: {
  open: boolean;
  entry?: CultivationEntry | null;
  preset?: { id: number; name: string } | null;
  onClose: () => void;
  onSaved?: (e: CultivationEntry) => void;
}) {
  const t = useT();
  const r = rules(t);
  const l = useCultivationLabels();
  const [form] = Form.useForm<EntryValues>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const creating = !entry;
  const sites = useSiteOptions(open);

  const found = useQuery({
    queryKey: ['enterprises', 'pick', q],
    queryFn: ({ signal }) => enterprisesApi.list({ q, status: 'active', page: 1, pageSize: 20 }, signal),
    enabled: open && creating && !preset,
    staleTime: 30_000,
  });

  useEffect(() => {
    if (open) setSearch('');
  }, [open]);
  const values: Partial<EntryValues> = entry
    ? {
        year: entry.year,
        batch: entry.batch,
        siteOrgId: entry.siteOrgId,
        mentorName: entry.mentorName ?? undefined,
        mentorPhone: entry.mentorPhone ?? undefined,
        note: entry.note ?? undefined,
      }
    : { enterpriseId: preset?.id, year: new Date().getFullYear(), batch: 1 };

  // the enterprise's own serving site, shown as the default once the enterprise is chosen
  const [defaultSite, setDefaultSite] = useState<{ value: number; label: string } | null>(null);
  const siteOptions = useMemo(() => {
    const list = [...sites.options];
    const known = entry?.siteOrgId ? { value: entry.siteOrgId, label: entry.siteOrgName ?? String(entry.siteOrgId) } : defaultSite;
    if (known && !list.some((o) => o.value === known.value)) list.push(known);
    return list;
  }, [sites.options, entry, defaultSite]);

  const pickEnterprise = (id: number | undefined) => {
    const e = found.data?.items.find((x) => x.id === id);
    setDefaultSite(e?.siteOrgId ? { value: e.siteOrgId, label: e.siteOrgName ?? String(e.siteOrgId) } : null);
    // not marked as touched: left alone, the server takes the enterprise's site itself
    form.setFieldValue('siteOrgId', e?.siteOrgId ?? undefined);
  };

  const save = (v: EntryValues) => {
    const common = {
      year: v.year,
      batch: v.batch,
      mentorName: nullIfEmpty(v.mentorName),
      mentorPhone: nullIfEmpty(v.mentorPhone),
      note: nullIfEmpty(v.note),
    };
    if (!creating) return cultivationApi.update(entry.id, { ...common, siteOrgId: v.siteOrgId ?? null });
    // an untouched site field keeps the enterprise's own serving site
    const site = form.isFieldTouched('siteOrgId') ? { siteOrgId: v.siteOrgId ?? null } : {};
    return cultivationApi.create({ enterpriseId: v.enterpriseId!, ...common, ...site });
  };

  return (
    <FormModal<EntryValues, CultivationEntry>
      form={form}
      name="cultivationEntryForm"
      open={open}
      title={creating ? t('cultivation.add') : t('cultivation.editTitle')}
      okText={t('common.save')}
      width={600}
      onClose={onClose}
      values={values}
      valuesKey={entry ?? preset?.id}
      save={save}
      success={creating ? t('common.created') : t('common.saved')}
      invalidate={['cultivation']}
      onSaved={onSaved}
    >
      {creating ? (
        <Form.Item name="enterpriseId" label={t('cultivation.enterprise')} rules={[r.select('cultivation.enterprise')]}>
          {preset ? (
            <Select disabled options={[{ value: preset.id, label: preset.name }]} />
          ) : (
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              onChange={pickEnterprise}
              placeholder={t('cultivation.enterprisePlaceholder')}
              notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
              options={(found.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }))}
            />
          )}
        </Form.Item>
      ) : (
        <Typography.Paragraph strong>{entry.enterpriseName}</Typography.Paragraph>
      )}
      <Flex gap={16}>
        <Form.Item name="year" label={t('cultivation.year')} rules={[r.select('cultivation.year')]} style={{ flex: 1 }}>
          <Select options={yearOptions((year) => t('cultivation.yearOption', { year }))} />
        </Form.Item>
        <Form.Item name="batch" label={t('cultivation.batch')} rules={[r.select('cultivation.batch')]} style={{ flex: 1 }}>
          <Select options={l.batchOptions} />
        </Form.Item>
      </Flex>
      <Form.Item name="siteOrgId" label={t('cultivation.site')} extra={t('cultivation.siteHint')}>
        <Select allowClear options={siteOptions} loading={sites.loading} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.pleaseSelect')} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="mentorName" label={t('cultivation.mentorName')} rules={[r.max('cultivation.mentorName', 50)]} style={{ flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="mentorPhone" label={t('cultivation.mentorPhone')} rules={[{ pattern: PHONE_RE, message: t('users.phoneFormat') }]} style={{ flex: 1 }}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('cultivation.note')} rules={[r.max('cultivation.note', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}
