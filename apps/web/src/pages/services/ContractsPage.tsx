import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Progress, Select, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { CONTRACT_STATE_LABELS, pick, type Contract } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { useCan } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { ContractDetail } from './ContractDetail';

type Values = { number?: string; title?: string; providerOrgId?: number; budgetYuan?: number; startOn?: Dayjs; endOn?: Dayjs; quotas?: { serviceKind?: string; quota?: number }[] };
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 });

/** 政府购买服务: contracts with their progress against the quotas, counted from the ledger; acceptance on the engine. */
export default function ContractsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('services.menuContracts'));
  const q = useQuery({ queryKey: ['services', 'contracts'], queryFn: ({ signal }) => servicesApi.contracts(signal) });
  const kinds = useDict('service_kind');
  const canCreate = useCan('services:contracts');
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<number | null>(null);
  const offerings = useQuery({ queryKey: ['services', 'offerings', 'all'], queryFn: ({ signal }) => servicesApi.offerings({}, signal), enabled: open });
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const step = async (c: Contract, s: 'submit' | 'accept') => {
    try {
      await servicesApi.contractStep(c.id, s);
      void message.success(t('services.done'));
      await qc.invalidateQueries({ queryKey: ['services'] });
    } catch (e) {
      onError(e);
    }
  };
  return (
    <>
      <PageHeader title={t('services.menuContracts')} extra={canCreate && <Button type="primary" onClick={() => setOpen(true)}>{t('services.addContract')}</Button>} />
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Card>
        <Table<Contract>
          rowKey="id"
          size="middle"
          loading={q.isPending}
          dataSource={q.data ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            {
              title: t('services.number'),
              dataIndex: 'number',
              width: 140,
              render: (v: string, c) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDetail(c.id)}>
                  {v}
                </Button>
              ),
            },
            { title: t('services.title'), dataIndex: 'title', width: 220 },
            { title: t('services.purchaser'), dataIndex: 'purchaserName', width: 170 },
            { title: t('services.provider'), dataIndex: 'providerName', width: 170 },
            { title: t('services.period'), width: 200, render: (_, c) => `${c.startOn} ~ ${c.endOn}` },
            { title: `${t('services.paid')} / ${t('services.budget')}`, width: 170, render: (_, c) => `${yuan(c.paidFen)} / ${yuan(c.budgetFen)}` },
            {
              title: t('services.progress'),
              width: 260,
              render: (_, c) => (
                <Space direction="vertical" style={{ width: '100%' }} size={2}>
                  {c.progress.map((p) => (
                    <div key={p.serviceKind} data-testid={`progress-${c.id}-${p.serviceKind}`}>
                      {`${kinds.label(p.serviceKind)} ${p.delivered}/${p.quota}`}
                      <Progress percent={Math.min(100, Math.round((p.delivered / p.quota) * 100))} size="small" />
                    </div>
                  ))}
                </Space>
              ),
            },
            { title: t('services.state'), dataIndex: 'state', width: 100, render: (v: Contract['state']) => <Tag>{pick(CONTRACT_STATE_LABELS[v], locale)}</Tag> },
            {
              title: '',
              width: 120,
              render: (_, c) => (
                <Space>
                  {c.allowed.includes('submit') && <Button size="small" onClick={() => void step(c, 'submit')}>{t('services.submitContract')}</Button>}
                  {c.allowed.includes('accept') && <Button size="small" type="primary" onClick={() => void step(c, 'accept')}>{t('services.acceptContract')}</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ContractDetail id={detail} onClose={() => setDetail(null)} />
      <FormModal<Values, Contract>
        open={open}
        title={t('services.addContract')}
        name="contractForm"
        width={640}
        values={{ quotas: [{ serviceKind: 'rights_assistance', quota: 10 }] }}
        save={(v) =>
          servicesApi.createContract({
            number: v.number!,
            title: v.title!,
            providerOrgId: v.providerOrgId!,
            budgetFen: Math.round((v.budgetYuan ?? 0) * 100),
            startOn: v.startOn!.format('YYYY-MM-DD'),
            endOn: v.endOn!.format('YYYY-MM-DD'),
            quotas: (v.quotas ?? []).map((x) => ({ serviceKind: x.serviceKind!, quota: x.quota! })),
          })
        }
        rename={{ budgetFen: 'budgetYuan' }}
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setOpen(false)}
      >
        <Space wrap>
          <Form.Item name="number" label={t('services.number')} rules={[{ required: true }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="title" label={t('services.title')} rules={[{ required: true }]}>
            <Input style={{ width: 360 }} />
          </Form.Item>
        </Space>
        <Form.Item name="providerOrgId" label={t('services.provider')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={[...new Map((offerings.data ?? []).map((o) => [o.orgId, { value: o.orgId, label: o.orgName }])).values()]} loading={offerings.isPending} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="budgetYuan" label={t('services.budget')} rules={[{ required: true }]}>
            <InputNumber min={0.01} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="startOn" label={t('services.startOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endOn" label={t('services.endOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.List name="quotas">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key}>
                  <Form.Item name={[f.name, 'serviceKind']} label={t('services.serviceKind')} rules={[{ required: true }]}>
                    <Select style={{ width: 160 }} options={kinds.options} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quota']} label={t('services.quota')} rules={[{ required: true }]}>
                    <InputNumber min={1} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add({ quota: 1 })}>+ {t('services.quota')}</Button>
            </>
          )}
        </Form.List>
      </FormModal>
    </>
  );
}
