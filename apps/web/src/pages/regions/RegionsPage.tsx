import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Region, RegionConfig } from '@shangmi/shared';
import { regionsApi } from '../../api/regions';
import { regionsQuery } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

type RegionForm = Omit<RegionConfig, 'parks' | 'partners'> & { parks?: RegionConfig['parks']; partners?: RegionConfig['partners'] };

/**
 * 试点地区 (issue 24 item 6): the regions the platform runs, and a platform administrator's form to add one — code, name,
 * districts, parks, targets. The server checks it like a config/regions file and seeds it (bureaus, standards) at once.
 */
export default function RegionsPage() {
  const { t, pick } = useI18n();
  const regions = useQuery(regionsQuery);
  const [open, setOpen] = useState(false);

  const columns: TableColumnsType<Region> = [
    { title: t('regions.code'), dataIndex: 'code', key: 'code', width: 110 },
    { title: t('regions.name'), key: 'name', render: (_, r) => pick(r.name, r.nameEn) },
    { title: t('regions.districts'), key: 'districts', render: (_, r) => r.districts.map((d) => pick(d.name, d.nameEn)).join('、') },
    { title: t('regions.parks'), key: 'parks', width: 90, align: 'right', render: (_, r) => r.parks.length },
  ];

  return (
    <>
      <PageHeader
        title={t('regions.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('regions.add')}
          </Button>
        }
      />
      <Card>
        {regions.isError ? (
          <QueryError error={regions.error} onRetry={() => void regions.refetch()} />
        ) : (
          <Table<Region> rowKey="code" size="middle" loading={regions.isPending} columns={columns} dataSource={regions.data ?? []} pagination={false} />
        )}
      </Card>
      <RegionDrawer open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function RegionDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RegionForm>();
  const districts = Form.useWatch('districts', form) ?? [];
  const districtOptions = districts.filter((d) => d?.code && d?.name).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }));
  return (
    <FormDrawer<RegionForm, Region>
      open={open}
      onClose={onClose}
      form={form}
      name="regionForm"
      size={760}
      title={t('regions.addTitle')}
      success={(r) => t('regions.added', { name: r.name })}
      invalidate={['regions']}
      initialValues={{ districts: [{}], parks: [], siteTargets: [] }}
      before={<Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('regions.hint')} />}
      save={(v) => regionsApi.create({ ...v, parks: (v.parks ?? []).map((p) => ({ ...p, districtCode: p.districtCode ?? null })), partners: v.partners ?? [] })}
    >
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="code" label={t('regions.code')} extra={t('regions.codeHint')} rules={[{ required: true }]}>
            <Input maxLength={6} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="name" label={t('regions.name')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="nameEn" label={t('regions.nameEn')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="cityBureau" label={t('regions.cityBureau')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>

      <Typography.Title level={5}>{t('regions.districts')}</Typography.Title>
      <Form.List name="districts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'code']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.districtCode')} aria-label={`${t('regions.districtCode')} ${i + 1}`} style={{ width: 110 }} maxLength={6} />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.districtName')} aria-label={`${t('regions.districtName')} ${i + 1}`} style={{ width: 130 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'nameEn']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.nameEn')} aria-label={`${t('regions.districtNameEn')} ${i + 1}`} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'bureau']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.bureau')} aria-label={`${t('regions.bureau')} ${i + 1}`} style={{ width: 200 }} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} disabled={fields.length < 2} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
              {t('regions.addDistrict')}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>{t('regions.parks')}</Typography.Title>
      <Form.List name="parks">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.parkName')} aria-label={`${t('regions.parkName')} ${i + 1}`} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'nameEn']} rules={[{ required: true }]}>
                  <Input placeholder={t('regions.nameEn')} aria-label={`${t('regions.parkNameEn')} ${i + 1}`} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'districtCode']}>
                  <Select allowClear placeholder={t('regions.parkDistrict')} aria-label={`${t('regions.parkDistrict')} ${i + 1}`} options={districtOptions} style={{ width: 180 }} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ districtCode: null })} style={{ marginBottom: 16 }}>
              {t('regions.addPark')}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>{t('regions.targets')}</Typography.Title>
      <Form.List name="siteTargets">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'year']} rules={[{ required: true }]}>
                  <InputNumber placeholder={t('regions.year')} aria-label={`${t('regions.year')} ${i + 1}`} min={2020} max={2100} />
                </Form.Item>
                <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                  <Select
                    aria-label={`${t('regions.targetKind')} ${i + 1}`}
                    style={{ width: 150 }}
                    options={[
                      { value: 'base', label: t('regions.kindBase') },
                      { value: 'station_point', label: t('regions.kindStationPoint') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'cumulative']} rules={[{ required: true }]}>
                  <InputNumber placeholder={t('regions.cumulative')} aria-label={`${t('regions.cumulative')} ${i + 1}`} min={0} />
                </Form.Item>
                <Form.Item name={[f.name, 'newPerYear']} rules={[{ required: true }]}>
                  <InputNumber placeholder={t('regions.newPerYear')} aria-label={`${t('regions.newPerYear')} ${i + 1}`} min={0} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'station_point' })}>
              {t('regions.addTarget')}
            </Button>
          </>
        )}
      </Form.List>
    </FormDrawer>
  );
}
