import { Form, Typography } from 'antd';
import type { User } from '@shangmi/shared';
import { usersApi } from '../../api/users';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { GeneratedPasswordInput } from '../../components/GeneratedPasswordInput';
import { PasswordPolicy, passwordRule } from '../../components/PasswordPolicy';

/** 重置密码: an administrator sets a new password; the user must change it at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ password: string }>();
  const password = Form.useWatch('password', form);

  return (
    <FormModal<{ password: string }>
      form={form}
      name="resetPassword"
      open={!!user}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      okText={t('common.save')}
      onClose={onClose}
      save={({ password: pw }) => usersApi.resetPassword(user!.id, pw)}
      success={t('users.resetPasswordDone')}
      before={<Typography.Paragraph type="secondary">{t('users.resetPasswordHint')}</Typography.Paragraph>}
    >
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
    </FormModal>
  );
}
