import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { authApi } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useAuth, useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { TotpEnroll } from '../../components/TotpEnroll';
import { dataScopeLabel } from '../../lib/labels';
import { NotifyPrefsCard } from './NotifyPrefsCard';

function DisableTotp({ onDone }: { onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [form] = Form.useForm<{ password: string }>();

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setRefusal(null);
    try {
      await authApi.totpDisable(password);
      message.success(t('totp.disabledDone'));
      setOpen(false);
      await onDone();
    } catch (e) {
      // A refusal (wrong password, a role requiring two factors) is explained inside the dialog.
      if (e instanceof ApiError && !e.handled && !e.fields.length) setRefusal(e.message);
      else onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('totp.disable')}
      </Button>
      <Modal
        open={open}
        title={t('totp.disableTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('totp.disable')}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        destroyOnHidden
        afterOpenChange={(visible) => !visible && setRefusal(null)}
      >
        <Typography.Paragraph type="secondary">{t('totp.disableDesc')}</Typography.Paragraph>
        {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} name="totpDisable" layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" maxLength={128} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function ProfilePage() {
  const { t, pick } = useI18n();
  const me = useMe();
  const { refresh, signOutLocally } = useAuth();
  const [enrolling, setEnrolling] = useState(false);

  const afterPassword = async () => {
    const fresh = await refresh().catch(() => null);
    if (!fresh) signOutLocally('passwordChanged');
  };

  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('profile.info')}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('profile.username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('profile.displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('profile.org')}>{me.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('profile.roles')}>
                {me.roles.map((r) => (
                  <Tag key={r.code} color="blue">
                    {r.name}
                  </Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.dataScope')}>{dataScopeLabel(me.dataScope, pick)}</Descriptions.Item>
              <Descriptions.Item label={t('profile.idleTimeout')}>
                {t('profile.idleTimeoutValue', { minutes: me.idleTimeoutMinutes })}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={
              <Space>
                {t('totp.title')}
                {me.totpEnabled ? <Tag color="success">{t('totp.enabledTag')}</Tag> : <Tag>{t('totp.disabledTag')}</Tag>}
              </Space>
            }
            style={{ marginTop: 16 }}
          >
            {me.totpEnabled ? (
              <Space orientation="vertical">
                <Typography.Text>{t('totp.statusOn')}</Typography.Text>
                <DisableTotp onDone={refresh} />
              </Space>
            ) : (
              <>
                {me.adminTotpAdvice ? (
                  <Alert type="warning" showIcon title={t('home.adminTotpAdvice')} style={{ marginBottom: 16 }} />
                ) : null}
                {enrolling ? (
                  <TotpEnroll
                    autoStart
                    onDone={async () => {
                      setEnrolling(false);
                      await refresh();
                    }}
                    onCancel={() => setEnrolling(false)}
                  />
                ) : (
                  <Space orientation="vertical">
                    <Typography.Text>{t('totp.statusOff')}</Typography.Text>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {t('totp.intro')}
                    </Typography.Paragraph>
                    <Button type="primary" onClick={() => setEnrolling(true)}>
                      {t('totp.enable')}
                    </Button>
                  </Space>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('password.change')}>
            <ChangePasswordForm username={me.username} onDone={afterPassword} />
          </Card>
          <NotifyPrefsCard />
        </Col>
      </Row>
    </>
  );
}
