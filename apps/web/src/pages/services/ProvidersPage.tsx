import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Switch, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PROVIDER_KINDS, PROVIDER_KIND_LABELS, pick, type Provider, type ProviderKind, type providerListQuery } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { useRegionOptions } from '../../components/useRegionOptions';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type ProviderFilters = Filters<typeof providerListQuery>;
type EditValues = {
  name?: string;
  serviceKinds?: string[];
  districts?: string[];
  contactName?: string;
  contactPhone?: string;
  intro?: string;
  active?: boolean;
  qualifications?: { kind?: string; number?: string; validUntil?: Dayjs }[];
};
type Values = { name?: string; kind?: ProviderKind; serviceKinds?: string[]; contactName?: string; contactPhone?: string; qualKind?: string; qualNumber?: string; validUntil?: Dayjs };

/** 服务机构名录: the region's providers by kind, their qualifications (an expired one bars assignments), load and rating. */
export default function ProvidersPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('services.menuProviders'));
  const table = useServerTable<Provider, ProviderFilters>({ key: 'services', fetch: servicesApi.providers });
  const kinds = useDict('service_kind');
  const canCreate = useCan('services:providers');
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<Provider | null>(null);
  const { districtOptions } = useRegionOptions();
  const kindOptions = PROVIDER_KINDS.map((k) => ({ value: k, label: pick(PROVIDER_KIND_LABELS[k], locale) }));
  return (
    <>
      <PageHeader title={t('services.menuProviders')} extra={canCreate && <Button type="primary" onClick={() => setOpen(true)}>{t('services.addProvider')}</Button>} />
      <FilterBar<ProviderFilters> table={table} name="providerFilter" instant keyword={{ placeholder: t('services.name'), width: 220 }}>
        <FilterSelect name="kind" label={t('services.providerKind')} width={170} options={kindOptions} />
        <FilterSelect name="serviceKind" label={t('services.serviceKind')} width={150} options={kinds.options} />
      </FilterBar>
      <ListCard<Provider>
        table={table}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('services.name'), dataIndex: 'name' },
          { title: t('services.providerKind'), dataIndex: 'kind', width: 150, render: (v: ProviderKind) => pick(PROVIDER_KIND_LABELS[v], locale) },
          { title: t('services.serviceKind'), dataIndex: 'serviceKinds', width: 220, render: (v: string[]) => v.map((k) => <Tag key={k}>{kinds.label(k)}</Tag>) },
          {
            title: t('services.qualified'),
            width: 220,
            render: (_, p) => (
              <>
                {p.qualifications.map((q) => (
                  <Tag key={q.id} color={q.expired ? 'red' : 'green'}>{`${q.kind} ${q.validUntil} ${q.expired ? t('services.qualifiedExpired') : ''}`}</Tag>
                ))}
                {!p.qualified || !p.active ? (
                  <Tag color="volcano" data-testid={`paused-${p.id}`}>
                    {t('services.paused')}
                  </Tag>
                ) : null}
              </>
            ),
          },
          { title: t('services.openRequests'), dataIndex: 'openRequests', width: 80, align: 'right' },
          { title: t('services.rating'), dataIndex: 'rating', width: 80, align: 'right', render: (v: number | null) => v ?? '—' },
          ...(canCreate
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, p: Provider) => (
                    <Button size="small" onClick={() => setEditing(p)} aria-label={`${t('services.edit')} ${p.name}`}>
                      {t('services.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal<Values, Provider>
        open={open}
        title={t('services.addProvider')}
        name="providerForm"
        save={(v) =>
          servicesApi.createProvider({
            name: v.name!,
            kind: v.kind!,
            serviceKinds: v.serviceKinds ?? [],
            contactName: v.contactName ?? null,
            contactPhone: v.contactPhone || null,
            qualifications: v.qualKind && v.qualNumber && v.validUntil ? [{ kind: v.qualKind, number: v.qualNumber, validUntil: v.validUntil.format('YYYY-MM-DD') }] : [],
          })
        }
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setOpen(false)}
      >
        <Form.Item name="name" label={t('services.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('services.providerKind')} rules={[{ required: true }]}>
          <Select options={kindOptions} />
        </Form.Item>
        <Form.Item name="serviceKinds" label={t('services.serviceKind')} rules={[{ required: true }]}>
          <Select mode="multiple" options={kinds.options} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('services.contactName')}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('services.contactPhone')}>
            <Input />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="qualKind" label={t('services.qualKind')}>
            <Input placeholder="执业许可证" />
          </Form.Item>
          <Form.Item name="qualNumber" label={t('services.qualNumber')}>
            <Input />
          </Form.Item>
          <Form.Item name="validUntil" label={t('services.validUntil')}>
            <DatePicker />
          </Form.Item>
        </Space>
      </FormModal>
      <FormModal<EditValues, Provider>
        open={!!editing}
        title={t('services.editProvider')}
        name="providerEdit"
        width={720}
        valuesKey={editing?.id}
        values={
          editing
            ? {
                name: editing.name,
                serviceKinds: editing.serviceKinds,
                districts: editing.districts,
                contactName: editing.contactName ?? undefined,
                contactPhone: editing.contactPhone ?? undefined,
                intro: editing.intro ?? undefined,
                active: editing.active,
                qualifications: editing.qualifications.map((q) => ({ kind: q.kind, number: q.number, validUntil: dayjs(q.validUntil) })),
              }
            : undefined
        }
        before={editing && !editing.qualified ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('services.qualExpiredAlert')} data-testid="qual-expired" /> : null}
        save={(v) =>
          servicesApi.updateProvider(editing!.id, {
            name: v.name,
            serviceKinds: v.serviceKinds,
            districts: v.districts ?? [],
            contactName: v.contactName || null,
            contactPhone: v.contactPhone || null,
            intro: v.intro || null,
            active: v.active,
            qualifications: (v.qualifications ?? []).map((q) => ({ kind: q.kind ?? '', number: q.number ?? '', validUntil: q.validUntil ? q.validUntil.format('YYYY-MM-DD') : '' })),
          })
        }
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setEditing(null)}
      >
        <Form.Item name="name" label={t('services.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="serviceKinds" label={t('services.serviceKind')} rules={[{ required: true }]}>
          <Select mode="multiple" options={kinds.options} />
        </Form.Item>
        <Form.Item name="districts" label={t('services.districtsServed')}>
          <Select mode="multiple" options={districtOptions} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('services.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('services.contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="active" label={t('services.activeProvider')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="intro" label={t('services.intro')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.List name="qualifications">
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('services.qualifications')}>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                    <Input placeholder={t('services.qualKind')} aria-label={t('services.qualKind')} maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'number']} rules={[{ required: true }]}>
                    <Input placeholder={t('services.qualNumber')} aria-label={t('services.qualNumber')} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'validUntil']} rules={[{ required: true }]}>
                    <DatePicker placeholder={t('services.validUntil')} aria-label={t('services.validUntil')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} aria-label="−">
                    −
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({})}>+ {t('services.addQualification')}</Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      </FormModal>
    </>
  );
}
