import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, SITE_KINDS, type SiteKind, type SiteStandard, type StandardItem } from '@shangmi/shared';
import { sitesApi } from '../../api/sites';
import { Can } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSiteLabels } from '../../components/sites/labels';

interface Values {
  title: string;
  basis?: string;
  passScore: number;
  items: StandardItem[];
}

/** 发布新版本: the current version as the starting point; saving publishes version n+1 (acceptances keep theirs). */
function NewVersionModal({ standard, onClose }: { standard: SiteStandard | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const items = Form.useWatch('items', form) ?? [];
  const total = items.reduce((a, it) => a + (Number(it?.weight) || 0), 0);
  return (
    <FormModal<Values>
      form={form}
      name="standardForm"
      open={!!standard}
      title={t('sites.standardNewVersion')}
      width={1100}
      maskClosable={false}
      onClose={onClose}
      values={
        standard
          ? {
              title: standard.title.replace(/第\d+版/, `第${standard.version + 1}版`),
              basis: standard.basis ?? undefined,
              passScore: standard.passScore,
              items: standard.items.map((it) => ({ ...it, description: it.description ?? null })),
            }
          : undefined
      }
      valuesKey={standard}
      save={(v) => sitesApi.createStandard({ regionCode: standard!.regionCode, kind: standard!.kind, title: v.title, basis: v.basis || null, passScore: v.passScore, items: v.items })}
      success={t('sites.standardPublished')}
      invalidate={['sites']}
    >
      <Row gutter={16}>
        <Col span={16}>
          <Form.Item name="title" label={t('sites.standardTitle')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="passScore" label={t('sites.passScore')} extra={t('sites.standardTotal', { total })} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="basis" label={t('sites.standardBasis')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top">
                <Col span={2}>
                  <Form.Item name={[f.name, 'code']} rules={[{ required: true, message: t('sites.itemCode') }]}>
                    <Input placeholder={t('sites.itemCode')} maxLength={20} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item name={[f.name, 'category']} rules={[{ required: true, message: t('sites.category') }]}>
                    <Input placeholder={t('sites.category')} maxLength={50} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: t('sites.itemTitle') }]}>
                    <Input.TextArea autoSize placeholder={t('sites.itemTitle')} maxLength={200} />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: t('sites.weight') }]}>
                    <InputNumber min={1} max={100} placeholder={t('sites.weight')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[f.name, 'evidence']} rules={[{ required: true, message: t('sites.evidenceRequired') }]}>
                    <Input placeholder={t('sites.evidenceRequired')} maxLength={500} />
                  </Form.Item>
                </Col>
                <Col span={3}>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked">
                    <Checkbox>{t('sites.mustHave')}</Checkbox>
                  </Form.Item>
                </Col>
                <Col span={1}>
                  <Button type="text" danger icon={<DeleteOutlined aria-label={t('common.delete')} />} onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ code: '', category: '', title: '', weight: 5, evidence: '', required: false })}>
              {t('sites.addItem')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

/** A newer standard shipped with the release, not taken because the city had edited the kind: adopt it, or keep the own. */
function ShippedNotice({ kind }: { kind: SiteKind }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const shipped = useQuery({ queryKey: ['sites', 'standards', 'shipped'], queryFn: ({ signal }) => sitesApi.shippedStandards(signal) });
  const offer = shipped.data?.find((s) => s.kind === kind);
  if (!offer) return null;
  const adopt = async () => {
    setSaving(true);
    try {
      await sitesApi.adoptStandard(kind);
      message.success(t('sites.standardAdopted'));
      await queryClient.invalidateQueries({ queryKey: ['sites'] });
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('sites.shippedOffer', { title: offer.title, n: offer.itemCount, total: offer.totalScore, pass: offer.passScore })}
      description={t('sites.shippedHint')}
      action={
        <Button type="primary" loading={saving} onClick={() => void adopt()}>
          {t('sites.shippedAdopt')}
        </Button>
      }
    />
  );
}

/** 建设标准: each kind's current checklist (and its earlier versions); city administrators publish new versions. */
export default function StandardsPage() {
  const t = useT();
  const l = useSiteLabels();
  const [kind, setKind] = useState<SiteKind>('base');
  const [version, setVersion] = useState<number | null>(null);
  const [editing, setEditing] = useState<SiteStandard | null>(null);
  const query = useQuery({ queryKey: ['sites', 'standards', 'all'], queryFn: ({ signal }) => sitesApi.standards({ all: 'true' }, signal) });
  const versions = (query.data ?? []).filter((s) => s.kind === kind);
  const shown = versions.find((s) => s.version === version) ?? versions[0];
  return (
    <>
      <PageHeader
        title={t('sites.standards')}
        extra={
          <Can perm="sites:standards">
            <Button type="primary" icon={<EditOutlined aria-hidden />} disabled={!versions[0]} onClick={() => setEditing(versions[0])}>
              {t('sites.standardNewVersion')}
            </Button>
          </Can>
        }
      />
      {query.error ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Card loading={query.isPending}>
        <Tabs
          activeKey={kind}
          onChange={(k) => {
            setKind(k as SiteKind);
            setVersion(null);
          }}
          items={SITE_KINDS.map((k) => ({ key: k, label: l.kind(k) }))}
        />
        <Can perm="sites:standards">
          <ShippedNotice kind={kind} />
        </Can>
        {shown ? (
          <>
            <Space style={{ marginBottom: 12 }} wrap>
              <Select
                value={shown.version}
                onChange={setVersion}
                options={versions.map((s, i) => ({ value: s.version, label: `${t('sites.version', { n: s.version })}${i === 0 ? t('sites.current') : ''}` }))}
                style={{ width: 160 }}
                aria-label={t('sites.version', { n: '' })}
              />
              <Tag color={shown.source === 'file' ? 'default' : 'blue'}>{shown.source === 'file' ? t('sites.fromFile') : t('sites.fromEdit', { name: shown.createdByName ?? '' })}</Tag>
              <Typography.Text type="secondary">{formatDateTime(shown.createdAt)}</Typography.Text>
            </Space>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('sites.standardTitle')}>{shown.title}</Descriptions.Item>
              <Descriptions.Item label={t('sites.passScore')}>{`${shown.passScore} / ${shown.totalScore}`}</Descriptions.Item>
              <Descriptions.Item label={t('sites.standardBasis')}>{shown.basis ?? '—'}</Descriptions.Item>
            </Descriptions>
            {versions[0] && shown.version !== versions[0].version ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sites.oldVersion')} /> : null}
            <Table<SiteStandard['items'][number]>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={shown.items}
              columns={[
                { title: t('sites.itemCode'), dataIndex: 'code', width: 60 },
                { title: t('sites.category'), dataIndex: 'category', width: 100 },
                { title: t('sites.itemTitle'), dataIndex: 'title' },
                { title: t('sites.weight'), dataIndex: 'weight', width: 70 },
                { title: t('sites.evidenceRequired'), dataIndex: 'evidence', width: 220 },
                { title: t('sites.mustHave'), key: 'r', width: 80, render: (_, it) => (it.required ? <Tag color="red">{t('common.yes')}</Tag> : '') },
              ]}
            />
          </>
        ) : null}
      </Card>
      <NewVersionModal standard={editing} onClose={() => setEditing(null)} />
    </>
  );
}
