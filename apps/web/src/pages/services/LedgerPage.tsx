import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { LedgerRow, ledgerListQuery } from '@shangmi/shared';
import { LEDGER_EXPORT_PATH, servicesApi } from '../../api/services';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type LedgerFilters = Filters<typeof ledgerListQuery>;
type ActivityValues = { serviceKind?: 'training' | 'publicity'; title?: string; occurredOn?: Dayjs; hours?: number; people?: number; outcome?: string };

/** 工作台账: every delivered service and activity of the site or provider (a bureau: those below it), exported as handed in. */
export default function LedgerPage() {
  const { t } = useI18n();
  useDocumentTitle(t('services.menuLedger'));
  const table = useServerTable<LedgerRow, LedgerFilters>({ key: 'services', fetch: servicesApi.ledger });
  const kinds = useDict('service_kind');
  const deliverer = useCan('services:deliver');
  const [open, setOpen] = useState(false);
  return (
    <>
      <PageHeader
        title={t('services.menuLedger')}
        extra={
          <Space>
            {deliverer && (
              <Button type="primary" onClick={() => setOpen(true)}>
                {t('services.addActivity')}
              </Button>
            )}
            <ExportButton path={LEDGER_EXPORT_PATH} query={table.exportQuery} baseName={t('services.menuLedger')} />
          </Space>
        }
      />
      <FilterBar<LedgerFilters> table={table} name="ledgerFilter" instant>
        <FilterSelect name="serviceKind" label={t('services.serviceKind')} width={150} options={kinds.options} />
      </FilterBar>
      <ListCard<LedgerRow>
        table={table}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('services.occurredOn'), dataIndex: 'occurredOn', width: 110 },
          { title: t('services.org'), dataIndex: 'orgName', width: 200 },
          { title: t('services.serviceKind'), dataIndex: 'serviceKind', width: 110, render: (v: string) => kinds.label(v) },
          { title: t('services.title'), dataIndex: 'title' },
          { title: t('services.enterprise'), dataIndex: 'enterpriseName', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('services.source'), dataIndex: 'source', width: 80, render: (v: LedgerRow['source']) => t(v === 'request' ? 'services.sourceRequest' : 'services.sourceActivity') },
          { title: t('services.hours'), dataIndex: 'hours', width: 90, align: 'right' },
          { title: t('services.people'), dataIndex: 'people', width: 90, align: 'right' },
        ]}
      />
      <FormModal<ActivityValues, LedgerRow>
        open={open}
        title={t('services.addActivity')}
        name="activityForm"
        values={{ serviceKind: 'training', occurredOn: dayjs(), hours: 2, people: 20 }}
        save={(v) => servicesApi.addActivity({ serviceKind: v.serviceKind!, title: v.title!, occurredOn: v.occurredOn!.format('YYYY-MM-DD'), hours: v.hours ?? 0, people: v.people ?? 0, outcome: v.outcome ?? null })}
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setOpen(false)}
      >
        <Form.Item name="serviceKind" label={t('services.serviceKind')} rules={[{ required: true }]}>
          <Select options={kinds.options.filter((o) => o.value === 'training' || o.value === 'publicity')} />
        </Form.Item>
        <Form.Item name="title" label={t('services.activityTitle')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space>
          <Form.Item name="occurredOn" label={t('services.occurredOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="hours" label={t('services.hours')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="people" label={t('services.people')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.Item name="outcome" label={t('services.outcome')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
