import { useState } from 'react';
import { App, Form, Modal, Typography } from 'antd';
import type { User } from '@shangmi/shared';
import { usersApi } from '../../api/users';
import { useT } from '../../app/i18n';
import { useErrorHandler } from '../../app/errors';
import { GeneratedPasswordInput } from '../../components/GeneratedPasswordInput';
import { PasswordPolicy, passwordRule } from '../../components/PasswordPolicy';

/** 重置密码: an administrator sets a new password; the user must change it at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<{ password: string }>();
  const password = Form.useWatch('password', form);
  const [busy, setBusy] = useState(false);

  const submit = async ({ password: pw }: { password: string }) => {
    if (!user) return;
    setBusy(true);
    try {
      await usersApi.resetPassword(user.id, pw);
      message.success(t('users.resetPasswordDone'));
      onClose();
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHint')}</Typography.Paragraph>
      <Form form={form} name="resetPassword" layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('password.new')}
          rules={[
            { required: true, message: t('common.required', { label: t('password.new') }) },
            passwordRule(t('password.weak'), user?.username),
          ]}
          extra={<PasswordPolicy password={password} username={user?.username} />}
        >
          <GeneratedPasswordInput username={user?.username} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
