import { Form, Input } from 'antd';
import { useT } from '../lib/i18n';
import { formRules, PHONE_RE, USERNAME_RE } from '../lib/forms';
import { GeneratedPasswordInput } from './GeneratedPasswordInput';
import { PasswordPolicy, passwordRule } from './PasswordPolicy';

/** 用户名 of a new account (fixed once made), as the server checks it. */
export function UsernameField({ disabled }: { disabled?: boolean }) {
  const t = useT();
  return (
    <Form.Item
      name="username"
      label={t('users.username')}
      extra={disabled ? undefined : t('users.usernameFormat')}
      rules={disabled ? [] : [formRules(t).req('users.username'), { min: 3, max: 50, pattern: USERNAME_RE, message: t('users.usernameFormat') }]}
    >
      <Input disabled={disabled} autoComplete="off" maxLength={50} />
    </Form.Item>
  );
}

/** 手机号 and 邮箱 of an account. */
export function ContactFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: PHONE_RE, message: t('users.phoneFormat') }]}>
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', max: 100, message: t('users.emailFormat') }]}>
        <Input maxLength={100} inputMode="email" />
      </Form.Item>
    </>
  );
}

/** The initial password of a new account, generated or typed, against the policy; the user changes it at first sign-in. */
export function InitialPasswordField({ hint, username, password }: { hint: string; username?: string; password?: string }) {
  const t = useT();
  return (
    <Form.Item
      name="password"
      label={t('users.initialPassword')}
      rules={[formRules(t).req('users.initialPassword'), passwordRule(t('password.weak'), username)]}
      extra={
        <>
          <div>{hint}</div>
          <PasswordPolicy password={password} username={username} />
        </>
      }
    >
      <GeneratedPasswordInput username={username} />
    </Form.Item>
  );
}
