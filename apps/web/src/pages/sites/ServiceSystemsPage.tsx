import { useState } from 'react';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SERVICE_SYSTEM_KINDS, type ServiceSystem, type ServiceSystemKind } from '@shangmi/shared';
import { serviceSystemsApi, type ServiceSystemCreate } from '../../api/serviceSystems';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { SystemKindTag, useSystemKindLabel } from '../../components/sites/ServiceSystemItem';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useCan } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { ServiceSystemsStatsCard } from './ServiceSystemsStatsCard';

interface Values {
  kind: ServiceSystemKind;
  name: string;
  nameEn?: string;
  operator?: string;
  services: string;
  districtCode?: string;
  address?: string;
  phone?: string;
  url?: string;
  active: boolean;
  sort: number;
}
const KEY = ['service-systems'];
const blank = (v?: string | null) => (v?.trim() ? v.trim() : null);

/**
 * 其他服务体系 (issue 24 item 5): the region's directory of other public service systems. The city administrator
 * (sites:systems) adds, edits and deactivates entries; an officer records a referral; the counts per entry beside it.
 */
export default function ServiceSystemsPage() {
  const t = useT();
  const kindLabel = useSystemKindLabel();
  const regions = useRegionOptions();
  const canEdit = useCan('sites:systems');
  const canStats = useCan('sites:read');
  useDocumentTitle(t('systems.title'));
  const q = useQuery({ queryKey: [...KEY, 'admin', canEdit], queryFn: ({ signal }) => serviceSystemsApi.list({ all: canEdit }, signal) });
  const [editing, setEditing] = useState<ServiceSystem | 'new' | null>(null);
  const [referring, setReferring] = useState<ServiceSystem | null>(null);
  const current = editing && editing !== 'new' ? editing : null;
  const save = (v: Values) => {
    const body: ServiceSystemCreate = {
      kind: v.kind,
      name: v.name,
      nameEn: blank(v.nameEn),
      operator: blank(v.operator),
      services: v.services,
      districtCode: v.districtCode ?? null,
      address: blank(v.address),
      phone: blank(v.phone),
      url: blank(v.url),
      active: v.active,
      sort: v.sort,
    };
    return current ? serviceSystemsApi.update(current.id, body) : serviceSystemsApi.create(body);
  };
  return (
    <>
      <PageHeader title={t('systems.title')}>
        {canEdit ? (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="system-add">
            {t('systems.add')}
          </Button>
        ) : null}
      </PageHeader>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card>
            <Table<ServiceSystem>
              rowKey="id"
              size="small"
              loading={q.isPending}
              pagination={false}
              scroll={{ x: 1000 }}
              dataSource={q.data ?? []}
              columns={[
                { title: t('systems.kind'), key: 'kind', width: 230, render: (_, s) => <SystemKindTag kind={s.kind} /> },
                { title: t('systems.name'), dataIndex: 'name', width: 260 },
                { title: t('systems.operator'), dataIndex: 'operator', responsive: ['lg'] },
                { title: t('systems.services'), dataIndex: 'services', ellipsis: true, responsive: ['xl'] },
                { title: t('systems.district'), key: 'd', width: 90, render: (_, s) => (s.districtCode ? regions.districtLabel(s.districtCode) : t('systems.wholeRegion')) },
                { title: t('systems.phone'), dataIndex: 'phone', width: 120, responsive: ['lg'] },
                { title: t('systems.source'), key: 'src', width: 90, render: (_, s) => (s.active ? (s.source === 'file' ? t('systems.sourceFile') : t('systems.sourceEdit')) : <Tag>{t('systems.inactive')}</Tag>) },
                {
                  title: t('common.actions'),
                  key: 'a',
                  width: 160,
                  render: (_, s) => (
                    <Space size={4}>
                      {canEdit ? (
                        <Button size="small" type="link" onClick={() => setEditing(s)}>
                          {t('systems.edit')}
                        </Button>
                      ) : null}
                      {s.active ? (
                        <Button size="small" type="link" onClick={() => setReferring(s)} data-testid={`system-refer-${s.id}`}>
                          {t('systems.refer')}
                        </Button>
                      ) : null}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        {canStats ? (
          <Col xs={24}>
            <ServiceSystemsStatsCard />
          </Col>
        ) : null}
      </Row>
      <FormModal<Values, ServiceSystem>
        open={editing !== null}
        name="systemForm"
        title={current ? `${t('systems.edit')}：${current.name}` : t('systems.add')}
        onClose={() => setEditing(null)}
        success={t('systems.saved')}
        invalidate={KEY}
        width={640}
        initialValues={{ active: true, sort: 0 }}
        values={current ? { ...current, nameEn: current.nameEn ?? undefined, operator: current.operator ?? undefined, districtCode: current.districtCode ?? undefined, address: current.address ?? undefined, phone: current.phone ?? undefined, url: current.url ?? undefined } : undefined}
        valuesKey={current?.id}
        save={save}
      >
        <Form.Item name="kind" label={t('systems.kind')} rules={[{ required: true }]}>
          <Select options={SERVICE_SYSTEM_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('systems.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('systems.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="operator" label={t('systems.operator')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="services" label={t('systems.services')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
        <Form.Item name="districtCode" label={t('systems.district')} extra={t('systems.wholeRegion')}>
          <Select allowClear options={regions.districtOptions} />
        </Form.Item>
        <Form.Item name="address" label={t('systems.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('systems.phone')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="url" label={t('systems.url')}>
          <Input maxLength={300} placeholder="https://" />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="active" label={t('systems.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="sort" label={t('systems.sort')}>
            <InputNumber min={0} max={9999} />
          </Form.Item>
        </Space>
      </FormModal>
      <FormModal<{ note?: string }, unknown>
        open={referring !== null}
        name="systemReferForm"
        title={`${t('systems.refer')}：${referring?.name ?? ''}`}
        onClose={() => setReferring(null)}
        success={t('systems.referred')}
        invalidate={KEY}
        save={(v) => serviceSystemsApi.refer(referring!.id, { note: blank(v.note) })}
      >
        <Form.Item name="note" label={t('systems.referNote')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
