import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { consultApi } from '../../api/consultations';
import type { Offering } from '../../api/services';
import { useMe } from '../../lib/auth';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

type Values = { serviceKind?: string; title?: string; description?: string | null; free?: boolean; audience?: string | null; responseDays?: number };

/**
 * 本单位服务目录: a site's or provider's staff list what their organisation offers, edit an entry, and withdraw it
 * (停用: no longer suggested nor offered to new requests) or bring it back.
 */
export default function OfferingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('consult.offerings'));
  const me = useMe();
  const kinds = useDict('service_kind');
  const list = useQuery({ queryKey: ['services', 'offerings', 'mine', me.orgId], queryFn: ({ signal }) => consultApi.myOfferings(me.orgId, signal) });
  const [editing, setEditing] = useState<Offering | 'new' | null>(null);
  if (list.error) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <>
      <PageHeader
        title={t('consult.offerings')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('consult.offeringAdd')}
          </Button>
        }
      />
      <Card>
        <Table<Offering>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('consult.title'), dataIndex: 'title' },
            { title: t('services.serviceKind'), dataIndex: 'serviceKind', width: 130, render: (v: string) => kinds.label(v) },
            { title: t('consult.responseDays'), dataIndex: 'responseDays', width: 110 },
            { title: t('consult.state'), dataIndex: 'active', width: 100, render: (v: boolean) => (v ? <Tag color="green">{t('consult.active')}</Tag> : <Tag>{t('consult.inactive')}</Tag>) },
            {
              title: '',
              key: 'actions',
              width: 160,
              render: (_: unknown, o) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(o)}>
                    {t('consult.edit')}
                  </Button>
                  <Button
                    size="small"
                    danger={o.active}
                    onClick={() =>
                      void consultApi
                        .updateOffering(o.id, { active: !o.active })
                        .then(() => list.refetch())
                    }
                  >
                    {o.active ? t('consult.deactivate') : t('consult.activate')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <FormModal<Values, unknown>
        open={editing !== null}
        title={current ? t('consult.edit') : t('consult.offeringAdd')}
        name="offeringForm"
        values={current ? { serviceKind: current.serviceKind, title: current.title, description: current.description, free: current.free, audience: current.audience, responseDays: current.responseDays } : { free: true, responseDays: 2 }}
        valuesKey={current ? String(current.id) : 'new'}
        save={(v) =>
          current
            ? consultApi.updateOffering(current.id, { title: v.title, description: v.description ?? null, free: v.free, audience: v.audience ?? null, responseDays: v.responseDays })
            : consultApi.createOffering({ serviceKind: v.serviceKind!, title: v.title!, description: v.description ?? null, free: v.free ?? true, audience: v.audience ?? null, responseDays: v.responseDays ?? 2 })
        }
        success={t('consult.saved')}
        invalidate={['services']}
        onClose={() => setEditing(null)}
      >
        <Form.Item name="serviceKind" label={t('services.serviceKind')} rules={[{ required: true }]}>
          <Select options={kinds.options} disabled={!!current} />
        </Form.Item>
        <Form.Item name="title" label={t('consult.title')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('consult.description')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="audience" label={t('consult.audience')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="responseDays" label={t('consult.responseDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} />
        </Form.Item>
        <Form.Item name="free" label={t('consult.free')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormModal>
    </>
  );
}
