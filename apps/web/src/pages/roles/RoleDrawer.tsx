import { Form, Input, Select, Switch } from 'antd';
import { DATA_SCOPES, type DataScope, type Permission, type Role } from '@shangmi/shared';
import { rolesApi } from '../../api/roles';
import { useI18n } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { CODE_RE } from '../../lib/forms';
import { dataScopeLabel } from '../../lib/labels';
import { knownPermissions, PermissionPicker } from './PermissionPicker';

interface Values {
  code: string;
  nameZh: string;
  nameEn: string;
  dataScope: DataScope;
  permissions: Permission[];
  totpRequired: boolean;
}

export function RoleDrawer({ open, role, onClose }: { open: boolean; role: Role | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  const creating = !role;

  const save = (v: Values) => {
    const body = {
      nameZh: v.nameZh.trim(),
      nameEn: v.nameEn.trim(),
      dataScope: v.dataScope,
      permissions: v.permissions,
      totpRequired: v.totpRequired,
    };
    return role ? rolesApi.update(role.id, body) : rolesApi.create({ ...body, code: v.code.trim() });
  };

  return (
    <FormDrawer<Values>
      name="roleForm"
      title={creating ? t('roles.add') : t('roles.editTitle')}
      open={open}
      onClose={onClose}
      size={720}
      values={
        role
          ? {
              code: role.code,
              nameZh: role.nameZh,
              nameEn: role.nameEn,
              dataScope: role.dataScope,
              permissions: knownPermissions(role.permissions),
              totpRequired: role.totpRequired,
            }
          : { dataScope: 'org', permissions: [], totpRequired: false }
      }
      valuesKey={role}
      save={save}
      success={creating ? t('common.created') : t('common.saved')}
      invalidate={['roles']}
    >
      <Form.Item
        name="nameZh"
        label={t('roles.nameZh')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { label: t('roles.nameZh') }) },
          { max: 50, message: t('common.maxLength', { label: t('roles.nameZh'), max: 50 }) },
        ]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="nameEn"
        label={t('roles.nameEn')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { label: t('roles.nameEn') }) },
          { max: 100, message: t('common.maxLength', { label: t('roles.nameEn'), max: 100 }) },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('roles.code')}
        extra={creating ? t('roles.codeFormat') : role?.builtin ? t('roles.builtinCodeHint') : undefined}
        rules={
          creating
            ? [
                { required: true, message: t('common.required', { label: t('roles.code') }) },
                { min: 2, max: 50, pattern: CODE_RE, message: t('roles.codeFormat') },
              ]
            : []
        }
      >
        <Input disabled={!creating} maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="dataScope" label={t('roles.dataScope')} rules={[{ required: true }]}>
        <Select options={DATA_SCOPES.map((s) => ({ value: s, label: dataScopeLabel(s, pick) }))} />
      </Form.Item>
      <Form.Item name="totpRequired" label={t('roles.totpRequired')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="permissions" label={t('roles.permissions')}>
        <PermissionPicker />
      </Form.Item>
    </FormDrawer>
  );
}
