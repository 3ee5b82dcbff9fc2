import { useRef, useState, type FormEvent, type InputHTMLAttributes, type Ref } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Button } from 'antd';
import { ApiError } from '../../api/client';
import { landingPath, useAuth, type LoginNotice } from '../../lib/auth';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { LoginFrame } from '../../components/LoginFrame';
import { FullPageSpinner } from '../../components/Spinner';
import { useDocumentTitle } from '../../lib/title';

// The first screen most people see, kept light (≤ 200 kB of JavaScript, gzip, with everything it loads): native inputs
// styled as antd's instead of antd's Form, Input and Alert, whose chunks (form store, validators, tooltip, trigger) only
// the signed-in pages need. The behaviour is the same: required fields named under them, the server's refusal above.

type Field = 'username' | 'password' | 'totpCode';

const NOTICES: Record<LoginNotice, { type: 'info' | 'warning' | 'success'; key: MessageKey }> = {
  expired: { type: 'warning', key: 'auth.sessionExpired' },
  unauthenticated: { type: 'info', key: 'auth.signInFirst' },
  loggedOut: { type: 'success', key: 'auth.loggedOut' },
  passwordChanged: { type: 'success', key: 'auth.passwordChangedRelogin' },
};

function Notice({ type, text, alert }: { type: 'info' | 'warning' | 'success' | 'error'; text: string; alert?: boolean }) {
  return (
    <div className={`login-notice login-notice-${type}`} role={alert ? 'alert' : 'status'}>
      {text}
    </div>
  );
}

export default function LoginPage() {
  const { t } = useI18n();
  const { status, me, login, notice } = useAuth();
  const [params] = useSearchParams();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '', totpCode: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const totpRef = useRef<HTMLInputElement>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [problem, setProblem] = useState<{ type: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('auth.loginTitle'));

  if (status === 'loading') return <FullPageSpinner label={t('auth.restoring')} />;
  if (status === 'signedIn' && me) return <Navigate to={landingPath(me, params.get('redirect'))} replace />;

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    // a different account may not need (or may need another) code
    if (field === 'username' && needTotp) {
      setNeedTotp(false);
      setProblem(null);
    }
  };

  const check = (): Partial<Record<Field, string>> => ({
    username: values.username.trim() ? undefined : t('auth.usernameRequired'),
    password: values.password ? undefined : t('auth.passwordRequired'),
    totpCode: !needTotp || /^\d{6}$/.test(values.totpCode) ? undefined : t('auth.totpCodeFormat'),
  });

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setProblem(null);
    try {
      // On success the auth state changes and this page redirects (forced steps first).
      await login({ username: values.username.trim(), password: values.password, totpCode: needTotp ? values.totpCode : undefined });
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setProblem({ type: 'error', text: t('common.networkError') });
      } else if (e.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setProblem({ type: 'info', text: e.message });
        setTimeout(() => totpRef.current?.focus(), 0);
      } else if (e.code === 'TOTP_INVALID') {
        setValues((v) => ({ ...v, totpCode: '' }));
        setErrors({ totpCode: e.message });
        setProblem({ type: 'error', text: e.message });
      } else {
        const byField: Partial<Record<Field, string>> = {};
        for (const f of e.fields) if (f.field === 'username' || f.field === 'password' || f.field === 'totpCode') byField[f.field] ??= f.message;
        setErrors(byField);
        if (e.code === 'INVALID_CREDENTIALS') setValues((v) => ({ ...v, password: '' }));
        setProblem({ type: 'error', text: e.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const shownNotice = !problem && notice ? NOTICES[notice] : null;
  const input = (field: Field, label: string, extra: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }, hint?: string) => (
    <div className={`login-field${errors[field] ? ' has-error' : ''}`}>
      <label htmlFor={`login_${field}`}>{label}</label>
      <input
        id={`login_${field}`}
        name={field}
        className="login-input"
        value={values[field]}
        onChange={(e) => set(field, field === 'totpCode' ? e.target.value.replace(/\D/g, '').slice(0, 6) : e.target.value)}
        aria-invalid={!!errors[field]}
        aria-describedby={errors[field] ? `login_${field}_error` : undefined}
        {...extra}
      />
      {hint && !errors[field] ? <div className="login-hint">{hint}</div> : null}
      {errors[field] ? (
        <div id={`login_${field}_error`} className="login-error">
          {errors[field]}
        </div>
      ) : null}
    </div>
  );

  return (
    <LoginFrame>
      {/* plain markup, not antd's Card and Typography: they would add their chunks to the first load (≤ 200 kB gzip) */}
      <section className="login-card login-panel" aria-labelledby="login-title">
        <h2 id="login-title" className="login-panel-title">
          {t('auth.loginTitle')}
        </h2>
        {shownNotice ? <Notice type={shownNotice.type} text={t(shownNotice.key)} /> : null}
        {problem ? <Notice type={problem.type} text={problem.text} alert /> : null}
        <form name="login" onSubmit={submit} noValidate>
          {input('username', t('auth.username'), { autoComplete: 'username', autoFocus: true, maxLength: 50 })}
          {input('password', t('auth.password'), { type: 'password', autoComplete: 'current-password', maxLength: 128 })}
          {needTotp ? input('totpCode', t('auth.totpCode'), { ref: totpRef, inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 6 }, t('auth.totpCodeHint')) : null}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('auth.login')}
          </Button>
        </form>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <span className="text-secondary">{t('auth.noAccount')}</span> <Link to="/register">{t('auth.registerLink')}</Link>
          <span style={{ margin: '0 8px', color: '#d9d9d9' }}>|</span>
          <Link to="/directory">{t('directory.link')}</Link>
          <span style={{ margin: '0 8px', color: '#d9d9d9' }}>|</span>
          <Link to="/model-documents">{t('modelDocs.link')}</Link>
        </div>
        <p className="text-secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('auth.securityNotice')}
        </p>
      </section>
      <div className="login-footer">{t('app.copyright')}</div>
    </LoginFrame>
  );
}
