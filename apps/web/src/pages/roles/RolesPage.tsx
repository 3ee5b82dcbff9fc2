import { useState } from 'react';
import { Button, Card, Popconfirm, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Role } from '@shangmi/shared';
import { rolesApi } from '../../api/roles';
import { Can, usePermissions } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { YesNoTag } from '../../components/Tags';
import { useServerTable } from '../../components/useServerTable';
import { useAction } from '../../components/useAction';
import { dataScopeLabel } from '../../lib/labels';
import { RoleDrawer } from './RoleDrawer';

export default function RolesPage() {
  const { t, pick } = useI18n();
  const can = usePermissions();
  const [drawer, setDrawer] = useState<{ open: boolean; role: Role | null }>({ open: false, role: null });
  const list = useServerTable<Role>({ key: 'roles', fetch: (_query, signal) => rolesApi.all(signal) });

  const act = useAction(['roles']);
  const remove = (r: Role) => act(() => rolesApi.remove(r.id), t('common.deleted'));

  const columns: TableColumnsType<Role> = [
    { title: t('roles.name'), key: 'name', render: (_, r) => pick(r.nameZh, r.nameEn), width: 180 },
    { title: t('roles.code'), dataIndex: 'code', key: 'code', width: 170 },
    {
      title: t('roles.type'),
      key: 'builtin',
      width: 100,
      render: (_, r) => (r.builtin ? <Tag color="gold">{t('roles.builtin')}</Tag> : <Tag>{t('roles.custom')}</Tag>),
    },
    { title: t('roles.dataScope'), key: 'dataScope', width: 160, render: (_, r) => dataScopeLabel(r.dataScope, pick) },
    {
      title: t('roles.totpRequired'),
      key: 'totpRequired',
      width: 130,
      render: (_, r) => <YesNoTag value={r.totpRequired} yesColor="success" />,
    },
    { title: t('roles.userCount'), dataIndex: 'userCount', key: 'userCount', width: 90, align: 'right' },
  ];

  if (can('roles:update') || can('roles:delete')) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      fixed: 'right',
      render: (_, r) => {
        const deletable = !r.builtin && r.userCount === 0;
        return (
          <Space size={0}>
            <Can perm="roles:update">
              <Button type="link" size="small" onClick={() => setDrawer({ open: true, role: r })}>
                {t('common.edit')}
              </Button>
            </Can>
            <Can perm="roles:delete">
              {deletable ? (
                <Popconfirm
                  title={t('common.deleteConfirm', { name: pick(r.nameZh, r.nameEn) })}
                  onConfirm={() => remove(r)}
                  okButtonProps={{ danger: true }}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ) : (
                <Tooltip title={t('roles.deleteBlocked')}>
                  <Button type="link" size="small" disabled>
                    {t('common.delete')}
                  </Button>
                </Tooltip>
              )}
            </Can>
          </Space>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        extra={
          <Can perm="roles:create">
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ open: true, role: null })}>
              {t('roles.add')}
            </Button>
          </Can>
        }
      />
      <Card>
        {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Role> {...list.tableProps} columns={columns} scroll={{ x: 900 }} size="middle" />
      </Card>
      <RoleDrawer open={drawer.open} role={drawer.role} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
    </>
  );
}
