import { Form, Input, Select } from 'antd';
import type { User } from '@shangmi/shared';
import { usersApi } from '../../api/users';
import { useMe } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { ContactFields, InitialPasswordField, UsernameField } from '../../components/AccountFields';
import { useAssignableRoleOptions } from '../../components/useRoleOptions';
import { nullIfEmpty } from '../../lib/forms';

interface Values {
  username: string;
  displayName: string;
  orgId?: number;
  phone?: string;
  email?: string;
  roleIds: number[];
  password?: string;
}

interface Props {
  open: boolean;
  /** null: a new user */
  user: User | null;
  onClose: () => void;
}

/** 新增用户 / 编辑用户. The user name is fixed once created; passwords are set here only for new users. */
export function UserDrawer({ open, user, onClose }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const assignable = useAssignableRoleOptions(open);
  // roles the user holds that the editor may not grant still show by name (and cannot be added by the editor)
  const roles = {
    loading: assignable.loading,
    options: [
      ...assignable.options,
      ...(user?.roles ?? [])
        .filter((r) => !assignable.options.some((o) => o.value === r.id))
        .map((r) => ({ value: r.id, label: r.name, disabled: true })),
    ],
  };
  const creating = !user;
  const me = useMe();
  const username = Form.useWatch('username', form);
  const password = Form.useWatch('password', form);

  const values: Partial<Values> | undefined = user
    ? {
        username: user.username,
        displayName: user.displayName,
        orgId: user.orgId,
        phone: user.phone ?? undefined,
        email: user.email ?? undefined,
        roleIds: user.roles.map((r) => r.id),
      }
    : // an enterprise administrator adds members to the enterprise itself
      me.orgKind === 'enterprise'
      ? { orgId: me.orgId }
      : undefined;

  const save = (v: Values) =>
    creating
      ? usersApi.create({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          orgId: v.orgId!,
          phone: nullIfEmpty(v.phone),
          email: nullIfEmpty(v.email),
          roleIds: v.roleIds,
          password: v.password!,
        })
      : usersApi.update(user.id, {
          displayName: v.displayName.trim(),
          orgId: v.orgId,
          phone: nullIfEmpty(v.phone),
          email: nullIfEmpty(v.email),
          roleIds: v.roleIds,
        });

  const req = (labelKey: Parameters<typeof t>[0]) => ({ required: true, message: t('common.required', { label: t(labelKey) }) });

  return (
    <FormDrawer<Values>
      form={form}
      name="userForm"
      title={creating ? t('users.add') : t('users.editTitle')}
      open={open}
      onClose={onClose}
      size={520}
      values={values}
      valuesKey={user}
      save={save}
      success={creating ? t('common.created') : t('common.saved')}
      invalidate={['users']}
    >
      <UsernameField disabled={!creating} />
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[req('users.displayName'), { whitespace: true, max: 50, message: t('common.maxLength', { label: t('users.displayName'), max: 50 }) }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true, message: t('common.requiredSelect', { label: t('users.org') }) }]}>
        <OrgTreeSelect status="active" fallbackLabel={user?.orgName} allowClear={false} />
      </Form.Item>
      <Form.Item name="roleIds" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, max: 20, message: t('common.requiredSelect', { label: t('users.roles') }) }]}>
        <Select mode="multiple" options={roles.options} loading={roles.loading} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <ContactFields />
      {creating ? <InitialPasswordField hint={t('users.initialPasswordHint')} username={username} password={password} /> : null}
    </FormDrawer>
  );
}
