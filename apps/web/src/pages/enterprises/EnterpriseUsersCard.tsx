import { Button, Card, Table, Tag } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, type Enterprise, type User } from '@shangmi/shared';
import { usersApi } from '../../api/users';
import { useCan } from '../../lib/access';
import { useT } from '../../lib/i18n';

/** 企业账号: the enterprise's own accounts (its organisation's users), for the bureau and the enterprise administrator. */
export function EnterpriseUsersCard({ enterprise, onInvite }: { enterprise: Enterprise; onInvite?: () => void }) {
  const t = useT();
  const canRead = useCan('users:read');
  const canInvite = useCan('enterprises:create');
  const q = useQuery({
    queryKey: ['users', 'enterprise', enterprise.orgId],
    queryFn: ({ signal }) => usersApi.list({ orgId: enterprise.orgId, subtree: 'false', page: 1, pageSize: 100, order: 'asc' }, signal),
    enabled: canRead,
  });
  if (!canRead) return null;
  return (
    <Card
      title={t('enterprises.accounts')}
      extra={
        canInvite && onInvite && enterprise.status === 'active' ? (
          <Button size="small" icon={<UserAddOutlined aria-hidden />} onClick={onInvite}>
            {t('enterprises.invite')}
          </Button>
        ) : null
      }
    >
      <Table<User>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('enterprises.noAccounts') }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r.id}>{r.name}</Tag>) },
          {
            title: t('users.status'),
            width: 100,
            render: (_, u) => (u.status === 'active' ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.disabled')}</Tag>),
          },
          { title: t('users.lastLoginAt'), width: 170, render: (_, u) => formatDateTime(u.lastLoginAt) || '—' },
        ]}
      />
    </Card>
  );
}
