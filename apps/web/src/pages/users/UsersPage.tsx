import { useState } from 'react';
import { Button, Checkbox, Form, Popconfirm, Space, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { formatDateTime, type User } from '@shangmi/shared';
import { usersApi, type UserFilters } from '../../api/users';
import { useMe } from '../../lib/auth';
import { Can, usePermissions } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { StatusTag, YesNoTag } from '../../components/Tags';
import { useServerTable } from '../../components/useServerTable';
import { useAssignableRoleOptions, useRoleOptions } from '../../components/useRoleOptions';
import { useAction } from '../../components/useAction';
import { UserDrawer } from './UserDrawer';
import { ResetPasswordModal } from './ResetPasswordModal';

/** The form's values: the list's filters, with 含下级 as a checkbox. */
type Filters = Omit<UserFilters, 'subtree'> & { subtree?: boolean };

function toQuery(f: Filters): UserFilters {
  return {
    q: f.q?.trim() || undefined,
    orgId: f.orgId,
    subtree: f.orgId ? (f.subtree === false ? 'false' : 'true') : undefined,
    roleId: f.roleId,
    status: f.status,
  };
}

export default function UsersPage() {
  const t = useT();
  const me = useMe();
  const can = usePermissions();
  // the role filter: every role for whoever may read roles; else (an enterprise's administrator) the roles they may grant
  const allRoles = useRoleOptions(can('roles:read'));
  const grantable = useAssignableRoleOptions(!can('roles:read'));
  const roles = can('roles:read') ? allRoles : grantable;
  const [drawer, setDrawer] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<User | null>(null);

  const list = useServerTable<User, UserFilters>({
    key: 'users',
    fetch: usersApi.list,
    sortable: { username: 'username', lastLoginAt: 'lastLoginAt', createdAt: 'createdAt' },
  });

  const act = useAction(['users']);

  const canUpdate = can('users:update');
  const canReset = can('users:reset-password');

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username', sorter: true, width: 140 },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName', width: 120 },
    { title: t('users.org'), dataIndex: 'orgName', key: 'orgName', ellipsis: true, width: 200 },
    {
      title: t('users.roles'),
      key: 'roles',
      width: 200,
      render: (_, u) =>
        u.roles.map((r) => (
          <Tag key={r.id} color="blue">
            {r.name}
          </Tag>
        )),
    },
    {
      title: t('users.status'),
      key: 'status',
      width: 90,
      render: (_, u) => <StatusTag status={u.status} />,
    },
    {
      title: t('users.locked'),
      key: 'locked',
      width: 90,
      render: (_, u) => (u.locked ? <Tag color="error">{t('users.lockedTag')}</Tag> : null),
    },
    {
      title: t('users.totp'),
      key: 'totpEnabled',
      width: 90,
      render: (_, u) => <YesNoTag value={u.totpEnabled} yesColor="success" />,
    },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      sorter: true,
      width: 170,
      render: (v: string | null) => formatDateTime(v),
    },
  ];

  if (canUpdate || canReset) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 300,
      render: (_, u) => (
        <Space size={0} wrap>
          {canUpdate ? (
            <Button type="link" size="small" onClick={() => setDrawer({ open: true, user: u })}>
              {t('common.edit')}
            </Button>
          ) : null}
          {canUpdate && u.id !== me.id ? (
            <Popconfirm
              title={t(u.status === 'active' ? 'users.disableConfirm' : 'users.enableConfirm', { name: u.displayName })}
              onConfirm={() =>
                act(() => usersApi.update(u.id, { status: u.status === 'active' ? 'disabled' : 'active' }), t('users.statusChanged'))
              }
            >
              <Button type="link" size="small" danger={u.status === 'active'}>
                {u.status === 'active' ? t('common.disable') : t('common.enable')}
              </Button>
            </Popconfirm>
          ) : null}
          {canUpdate && u.locked ? (
            <Button type="link" size="small" onClick={() => act(() => usersApi.unlock(u.id), t('users.unlocked'))}>
              {t('users.unlock')}
            </Button>
          ) : null}
          {canReset ? (
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              {t('users.resetPassword')}
            </Button>
          ) : null}
          {canUpdate && u.totpEnabled ? (
            <Popconfirm
              title={t('users.resetTotpConfirm', { name: u.displayName })}
              onConfirm={() => act(() => usersApi.resetTotp(u.id), t('users.resetTotpDone'))}
            >
              <Button type="link" size="small">
                {t('users.resetTotp')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <>
            <Can perm="users:create">
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ open: true, user: null })}>
                {t('users.add')}
              </Button>
            </Can>
            <ExportButton path="/api/users/export" query={list.exportQuery} baseName={t('users.title')} />
          </>
        }
      />
      <FilterBar<Filters, UserFilters> table={list} name="userFilter" initialValues={{ subtree: true }} defaults={{ subtree: true }} toQuery={toQuery} keyword={{ placeholder: t('users.keywordPlaceholder'), maxLength: 50 }}>
        <Form.Item name="orgId" label={t('users.org')}>
          <OrgTreeSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="subtree" valuePropName="checked">
          <Checkbox>{t('users.includeSubOrgs')}</Checkbox>
        </Form.Item>
        <FilterSelect name="roleId" label={t('users.roles')} options={roles.options} loading={roles.loading} showSearch={{ optionFilterProp: 'label' }} width={180} />
        <FilterSelect
          name="status"
          label={t('users.status')}
          width={120}
          options={[
            { value: 'active', label: t('common.active') },
            { value: 'disabled', label: t('common.disabled') },
          ]}
        />
      </FilterBar>
      <ListCard<User> table={list} columns={columns} scroll={{ x: 1300 }} />
      <UserDrawer open={drawer.open} user={drawer.user} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
