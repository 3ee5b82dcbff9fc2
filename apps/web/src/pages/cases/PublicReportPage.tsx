import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Switch, Typography } from 'antd';
import type { IntakeResult } from '@shangmi/shared';
import { publicCasesApi } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../components/PageHeader';
import { INTAKE_RENAME, IntakeFields, toIntake, type IntakeValues } from './CaseIntake';

/** 投诉举报 (public, no sign-in): named or anonymous; says plainly who will see what; answers with the tracking code. */
export default function PublicReportPage() {
  const t = useT();
  const onError = useErrorHandler();
  const [form] = Form.useForm<IntakeValues>();
  const anonymous = Form.useWatch('anonymous', form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<IntakeResult | null>(null);
  useDocumentTitle(t('cases.reportTitle'));

  const submit = async (v: IntakeValues) => {
    setBusy(true);
    try {
      setDone(await publicCasesApi.file(toIntake(v)));
    } catch (e) {
      onError(e, form, INTAKE_RENAME);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="public-page" style={{ maxWidth: 760, margin: '24px auto', padding: '0 16px' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={3}>{t('cases.reportTitle')}</Typography.Title>
        <LanguageSwitch />
      </div>
      {done ? (
        <Result
          status="success"
          title={t('cases.submitted')}
          subTitle={t('cases.codeHint')}
          extra={[
            <Card key="code" size="small" title={t('cases.codeLabel')}>
              <Typography.Text copyable strong style={{ fontSize: 28, letterSpacing: 2 }} data-testid="tracking-code">
                {done.trackingCode}
              </Typography.Text>
            </Card>,
            <Link key="track" to={`/track?code=${done.trackingCode}`}>
              <Button type="primary" style={{ marginTop: 16 }}>
                {t('cases.goTrack')}
              </Button>
            </Link>,
          ]}
        />
      ) : (
        <>
          <Typography.Paragraph>{t('cases.reportIntro')}</Typography.Paragraph>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cases.whoSees')} description={t('cases.whoSeesText')} />
          <Card>
            <Form<IntakeValues> form={form} layout="vertical" onFinish={submit} initialValues={{ tracks: ['report'], anonymous: true }}>
              <Form.Item name="tracks" label={t('cases.tracks')} rules={[{ required: true }]}>
                <Checkbox.Group
                  options={[
                    { value: 'complaint', label: t('cases.trackComplaint') },
                    { value: 'report', label: t('cases.trackReport') },
                  ]}
                />
              </Form.Item>
              <IntakeFields descriptionRows={5} />
              <Form.Item name="anonymous" label={t('cases.anonymous')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {anonymous === false ? (
                <>
                  <Form.Item name="name" label={t('cases.reporterName')} rules={[{ required: true, max: 50 }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="phone" label={t('cases.reporterPhone')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="email" label={t('cases.reporterEmail')}>
                    <Input />
                  </Form.Item>
                </>
              ) : null}
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('cases.submit')}
              </Button>
            </Form>
          </Card>
        </>
      )}
    </div>
  );
}
