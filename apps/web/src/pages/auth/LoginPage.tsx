import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { landingPath, useAuth, type LoginNotice } from '../../lib/auth';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { applyFieldErrors } from '../../lib/errors';
import { LoginFrame } from '../../components/LoginFrame';
import { FullPageSpinner } from '../../components/Spinner';
import { useDocumentTitle } from '../../components/PageHeader';

interface Values {
  username: string;
  password: string;
  totpCode?: string;
}

const NOTICES: Record<LoginNotice, { type: 'info' | 'warning' | 'success'; key: MessageKey }> = {
  expired: { type: 'warning', key: 'auth.sessionExpired' },
  unauthenticated: { type: 'info', key: 'auth.signInFirst' },
  loggedOut: { type: 'success', key: 'auth.loggedOut' },
  passwordChanged: { type: 'success', key: 'auth.passwordChangedRelogin' },
};

export default function LoginPage() {
  const { t, locale } = useI18n();
  const { status, me, login, notice } = useAuth();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const [problem, setProblem] = useState<{ type: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('auth.loginTitle'));

  if (status === 'loading') return <FullPageSpinner label={t('auth.restoring')} />;
  if (status === 'signedIn' && me) return <Navigate to={landingPath(me, params.get('redirect'))} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      // On success the auth state changes and this page redirects (forced steps first).
      await login({ username: v.username.trim(), password: v.password, totpCode: needTotp ? v.totpCode : undefined });
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setProblem({ type: 'error', text: t('common.networkError') });
      } else if (e.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setProblem({ type: 'info', text: e.message });
        setTimeout(() => form.getFieldInstance('totpCode')?.focus?.(), 0);
      } else if (e.code === 'TOTP_INVALID') {
        form.setFields([{ name: 'totpCode', value: '', errors: [e.message] }]);
        setProblem({ type: 'error', text: e.message });
      } else {
        if (e.fields.length) applyFieldErrors(form, e.fields, locale);
        if (e.code === 'INVALID_CREDENTIALS') form.setFieldValue('password', '');
        setProblem({ type: 'error', text: e.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const shownNotice = !problem && notice ? NOTICES[notice] : null;

  return (
    <LoginFrame>
      <Card className="login-card" title={t('auth.loginTitle')}>
        {shownNotice ? <Alert type={shownNotice.type} showIcon title={t(shownNotice.key)} style={{ marginBottom: 16 }} /> : null}
        {problem ? <Alert type={problem.type} showIcon title={problem.text} style={{ marginBottom: 16 }} role="alert" /> : null}
        <Form<Values>
          form={form}
          name="login"
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          onValuesChange={(changed: Partial<Values>) => {
            // A different account may not need (or may need another) code.
            if ('username' in changed && needTotp) {
              setNeedTotp(false);
              setProblem(null);
            }
          }}
        >
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={50} size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} size="large" />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              name="totpCode"
              label={t('auth.totpCode')}
              extra={t('auth.totpCodeHint')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totpCodeFormat') }]}
              normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
            >
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Typography.Text type="secondary">{t('auth.noAccount')}</Typography.Text> <Link to="/register">{t('auth.registerLink')}</Link>
          <span style={{ margin: '0 8px', color: '#d9d9d9' }}>|</span>
          <Link to="/directory">{t('directory.link')}</Link>
          <span style={{ margin: '0 8px', color: '#d9d9d9' }}>|</span>
          <Link to="/model-documents">{t('modelDocs.link')}</Link>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('auth.securityNotice')}
        </Typography.Paragraph>
      </Card>
      <div className="login-footer">{t('app.copyright')}</div>
    </LoginFrame>
  );
}
