import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { PASSWORD_MAX_LENGTH } from '@shangmi/shared';
import { authApi } from '../api/auth';
import { useT } from '../lib/i18n';
import { useMe } from '../lib/auth';
import { useErrorHandler } from '../lib/errors';
import { PasswordPolicy, passwordRule } from './PasswordPolicy';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current, new and confirmed password; the policy shows live; server field errors land on the matching items. */
export function ChangePasswordForm({ username, onDone }: { username: string; onDone: () => void | Promise<void> }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form);
  const org = { orgName: useMe().orgName };
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await authApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      await onDone();
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} name="changePassword" layout="vertical" onFinish={submit} requiredMark style={{ maxWidth: 420 }}>
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('common.required', { label: t('password.current') }) }]}
      >
        <Input.Password autoComplete="current-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('common.required', { label: t('password.new') }) },
          passwordRule(t('password.weak'), username, org),
        ]}
        extra={<PasswordPolicy password={newPassword} username={username} org={org} />}
      >
        <Input.Password autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required', { label: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('password.change')}
      </Button>
    </Form>
  );
}
