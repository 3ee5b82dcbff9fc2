import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { PROVIDER_KINDS, PROVIDER_KIND_LABELS, pick, type Provider, type ProviderKind, type providerListQuery } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type ProviderFilters = Filters<typeof providerListQuery>;
type Values = { name?: string; kind?: ProviderKind; serviceKinds?: string[]; contactName?: string; contactPhone?: string; qualKind?: string; qualNumber?: string; validUntil?: Dayjs };

/** 服务机构名录: the region's providers by kind, their qualifications (an expired one bars assignments), load and rating. */
export default function ProvidersPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('services.menuProviders'));
  const table = useServerTable<Provider, ProviderFilters>({ key: 'services', fetch: servicesApi.providers });
  const kinds = useDict('service_kind');
  const canCreate = useCan('services:providers');
  const [open, setOpen] = useState(false);
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
            render: (_, p) =>
              p.qualifications.map((q) => (
                <Tag key={q.id} color={q.expired ? 'red' : 'green'}>{`${q.kind} ${q.validUntil} ${q.expired ? t('services.qualifiedExpired') : ''}`}</Tag>
              )),
          },
          { title: t('services.openRequests'), dataIndex: 'openRequests', width: 80, align: 'right' },
          { title: t('services.rating'), dataIndex: 'rating', width: 80, align: 'right', render: (v: number | null) => v ?? '—' },
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
    </>
  );
}
