import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Divider, Form, Input, Result, Select } from 'antd';
import { normalizeCreditCode, PASSWORD_MAX_LENGTH, suggestDistrictCode } from '@shangmi/shared';
import { enterprisesApi } from '../../api/enterprises';
import { useT, type MessageKey } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { LoginFrame } from '../../components/LoginFrame';
import { PasswordPolicy, passwordRule } from '../../components/PasswordPolicy';
import { useDocumentTitle } from '../../lib/title';
import { nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { useCreditCodeRule } from '../../components/useCreditCodeRule';
import { usePublicRegion } from '../../components/usePublicRegion';

interface Values {
  creditCode: string;
  name: string;
  districtCode?: string;
  contactName: string;
  contactPhone?: string;
  contactEmail?: string;
  password: string;
  confirm: string;
}

/** 企业注册 (public): the enterprise is pending and its account disabled until the district bureau or site confirms it. */
export default function RegisterEnterprisePage() {
  const t = useT();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ name: string; username: string } | null>(null);
  // the public region of this host (or the visitor's choice in the header): its districts, and the request names it
  const regions = usePublicRegion();
  const creditCodeRule = useCreditCodeRule();
  const password = Form.useWatch('password', form);
  // the administrator's user name is the credit code (the server names it so; nothing about other names is told)
  const creditCode = normalizeCreditCode(Form.useWatch('creditCode', form) ?? '');
  const orgName = Form.useWatch('name', form);
  const pwOrg = { orgName, creditCode };
  useDocumentTitle(t('register.title'));

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const res = await enterprisesApi.register({
        creditCode: normalizeCreditCode(v.creditCode),
        name: v.name.trim(),
        regionCode: regions.region?.code,
        districtCode: v.districtCode ?? null,
        contactName: v.contactName.trim(),
        contactPhone: nullIfEmpty(v.contactPhone),
        contactEmail: nullIfEmpty(v.contactEmail),
        password: v.password,
      });
      setDone({ name: res.name, username: res.username });
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const req = (key: MessageKey) => ({ required: true, whitespace: true, message: t('common.required', { label: t(key) }) });
  const eitherContact = {
    validator: () =>
      nullIfEmpty(form.getFieldValue('contactPhone')) || nullIfEmpty(form.getFieldValue('contactEmail'))
        ? Promise.resolve()
        : Promise.reject(new Error(t('register.contactEither'))),
  };

  return (
    <LoginFrame>
      <Card className="login-card" title={t('register.title')} style={{ width: 560 }}>
        {done ? (
          <Result
            status="success"
            title={t('register.successTitle')}
            subTitle={t('register.successDesc', { name: done.name, username: done.username })}
            extra={
              <Link to="/login">
                <Button type="primary">{t('register.backToLogin')}</Button>
              </Link>
            }
          />
        ) : (
          <>
            <Alert type="info" showIcon title={t('register.intro')} style={{ marginBottom: 16 }} />
            <Form<Values>
              form={form}
              name="registerEnterprise"
              layout="vertical"
              onFinish={submit}
              onValuesChange={(changed: Partial<Values>) => {
                if (changed.creditCode && !form.getFieldValue('districtCode')) {
                  const d = suggestDistrictCode(changed.creditCode, regions.districtOptions.map((x) => x.value));
                  if (d) form.setFieldValue('districtCode', d);
                }
              }}
            >
              <Divider titlePlacement="start" plain>
                {t('register.enterprise')}
              </Divider>
              <Form.Item
                name="creditCode"
                label={t('enterprises.creditCode')}
                extra={t('enterprises.creditCodeHint')}
                normalize={(v: string) => v.toUpperCase()}
                validateDebounce={300}
                rules={[req('enterprises.creditCode'), creditCodeRule]}
              >
                <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Form.Item name="name" label={t('enterprises.name')} rules={[req('enterprises.name'), { max: 200 }]}>
                <Input maxLength={200} autoComplete="organization" />
              </Form.Item>
              <Form.Item name="districtCode" label={t('enterprises.district')}>
                <Select allowClear options={regions.districtOptions} loading={regions.loading} placeholder={t('common.pleaseSelect')} />
              </Form.Item>
              <Form.Item name="contactName" label={t('enterprises.contactName')} rules={[req('enterprises.contactName'), { max: 50 }]}>
                <Input maxLength={50} autoComplete="name" />
              </Form.Item>
              <Form.Item
                name="contactPhone"
                label={t('users.phone')}
                dependencies={['contactEmail']}
                rules={[{ pattern: PHONE_RE, message: t('users.phoneFormat') }, eitherContact]}
              >
                <Input maxLength={20} inputMode="tel" autoComplete="tel" />
              </Form.Item>
              <Form.Item
                name="contactEmail"
                label={t('users.email')}
                dependencies={['contactPhone']}
                extra={t('register.contactEither')}
                rules={[{ type: 'email', max: 100, message: t('users.emailFormat') }]}
              >
                <Input maxLength={100} inputMode="email" autoComplete="email" />
              </Form.Item>
              <Divider titlePlacement="start" plain>
                {t('register.account')}
              </Divider>
              <Alert type="info" showIcon title={t('register.usernameIsCode')} style={{ marginBottom: 16 }} />
              <Form.Item
                name="password"
                label={t('auth.password')}
                rules={[{ required: true, message: t('common.required', { label: t('auth.password') }) }, passwordRule(t('password.weak'), creditCode, pwOrg)]}
                extra={<PasswordPolicy password={password} username={creditCode} org={pwOrg} />}
              >
                <Input.Password maxLength={PASSWORD_MAX_LENGTH} autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('password.confirm')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('common.required', { label: t('password.confirm') }) },
                  ({ getFieldValue }) => ({
                    validator: (_, v) =>
                      !v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
                  }),
                ]}
              >
                <Input.Password maxLength={PASSWORD_MAX_LENGTH} autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy}>
                {t('register.submit')}
              </Button>
              <div style={{ marginTop: 16, textAlign: 'center' }}>
                <Link to="/login">{t('register.haveAccount')}</Link>
              </div>
            </Form>
          </>
        )}
      </Card>
      <div className="login-footer">{t('app.copyright')}</div>
    </LoginFrame>
  );
}
