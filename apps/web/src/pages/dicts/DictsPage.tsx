import { useState } from 'react';
import { App, Button, Card, Col, Empty, Menu, Popconfirm, Row, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DictItem } from '@shangmi/shared';
import { dictsApi } from '../../api/dicts';
import { useI18n } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { dictsQuery } from '../../lib/dicts';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useAction } from '../../components/useAction';
import { DictItemDrawer, DictTypeDrawer } from './DictDrawers';

export default function DictsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const dicts = useQuery(dictsQuery);
  const [code, setCode] = useState<string | null>(null);
  const [typeDrawer, setTypeDrawer] = useState(false);
  const [itemDrawer, setItemDrawer] = useState<{ open: boolean; item: DictItem | null }>({ open: false, item: null });
  const [toggling, setToggling] = useState<number | null>(null);

  const types = dicts.data?.types ?? [];
  const type = types.find((ty) => ty.code === code) ?? null;
  const items = [...(type?.items ?? [])].sort((a, b) => a.sort - b.sort || a.id - b.id);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dicts'] });

  const setEnabled = async (item: DictItem, enabled: boolean) => {
    if (!type) return;
    setToggling(item.id);
    try {
      await dictsApi.updateItem(type.code, item.id, { enabled });
      message.success(t('common.saved'));
      await refresh();
    } catch (e) {
      onError(e);
    } finally {
      setToggling(null);
    }
  };

  const act = useAction(['dicts']);
  const remove = (item: DictItem) => type && act(() => dictsApi.removeItem(type.code, item.id), t('common.deleted'));

  const columns: TableColumnsType<DictItem> = [
    { title: t('dicts.value'), dataIndex: 'value', key: 'value', width: 160 },
    { title: t('dicts.labelZh'), dataIndex: 'labelZh', key: 'labelZh' },
    { title: t('dicts.labelEn'), dataIndex: 'labelEn', key: 'labelEn' },
    { title: t('dicts.parentValue'), dataIndex: 'parentValue', key: 'parentValue', width: 110 },
    { title: t('dicts.sort'), dataIndex: 'sort', key: 'sort', width: 80, align: 'right' },
    {
      title: t('dicts.enabled'),
      key: 'enabled',
      width: 90,
      render: (_, item) => (
        <Switch
          size="small"
          checked={item.enabled}
          loading={toggling === item.id}
          aria-label={`${t('dicts.enabled')} ${item.value}`}
          onChange={(on) => void setEnabled(item, on)}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, item) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setItemDrawer({ open: true, item })}>
            {t('common.edit')}
          </Button>
          {!item.system ? (
            <Popconfirm
              title={t('common.deleteConfirm', { name: pick(item.labelZh, item.labelEn) })}
              onConfirm={() => remove(item)}
              okButtonProps={{ danger: true }}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('dicts.title')}
        extra={
          <>
            {dicts.data ? (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('dicts.version', { version: dicts.data.version })}
              </Typography.Text>
            ) : null}
            <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void refresh()} loading={dicts.isFetching}>
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      {dicts.error ? <QueryError error={dicts.error} onRetry={() => void dicts.refetch()} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={7} xl={6}>
          <Card
            size="small"
            title={t('dicts.types')}
            loading={dicts.isPending}
            extra={
              <Button size="small" type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setTypeDrawer(true)}>
                {t('dicts.addType')}
              </Button>
            }
          >
            {types.length ? (
              <Menu
                mode="inline"
                style={{ borderInlineEnd: 0 }}
                selectedKeys={code ? [code] : []}
                onClick={({ key }) => setCode(key)}
                items={types.map((ty) => ({
                  key: ty.code,
                  label: (
                    <span title={ty.code}>
                      {pick(ty.nameZh, ty.nameEn)} <Typography.Text type="secondary">{ty.code}</Typography.Text>
                    </span>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <Card
            size="small"
            title={
              type ? (
                <Space>
                  {pick(type.nameZh, type.nameEn)}
                  <Typography.Text type="secondary">{type.code}</Typography.Text>
                  {type.system ? <Tag color="gold">{t('dicts.system')}</Tag> : null}
                </Space>
              ) : (
                t('dicts.items')
              )
            }
            extra={
              type ? (
                <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setItemDrawer({ open: true, item: null })}>
                  {t('dicts.addItem')}
                </Button>
              ) : null
            }
          >
            {type ? (
              <>
                {type.system ? (
                  <Typography.Paragraph type="secondary">{t('dicts.systemItemHint')}</Typography.Paragraph>
                ) : null}
                <Table<DictItem>
                  rowKey="id"
                  dataSource={items}
                  columns={columns}
                  size="middle"
                  scroll={{ x: 800 }}
                  loading={dicts.isFetching}
                  pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
                />
              </>
            ) : (
              <Empty description={t('dicts.selectType')} />
            )}
          </Card>
        </Col>
      </Row>
      <DictTypeDrawer open={typeDrawer} onClose={() => setTypeDrawer(false)} onCreated={setCode} />
      <DictItemDrawer
        open={itemDrawer.open}
        type={type}
        item={itemDrawer.item}
        onClose={() => setItemDrawer((d) => ({ ...d, open: false }))}
      />
    </>
  );
}
