import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Switch, Typography } from 'antd';
import { suggestDistrictCode, type IntakeResult } from '@shangmi/shared';
import { publicCasesApi } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { PublicFrame } from '../../components/PublicHeader';
import { usePublicRegion } from '../../components/usePublicRegion';
import { useDocumentTitle } from '../../lib/title';
import { INTAKE_RENAME, IntakeFields, toIntake, type IntakeValues } from './CaseIntake';

/** 投诉举报 (public, no sign-in): named or anonymous; says plainly who will see what; answers with the tracking code. */
export default function PublicReportPage() {
  const t = useT();
  const onError = useErrorHandler();
  const [form] = Form.useForm<IntakeValues>();
  const anonymous = Form.useWatch('anonymous', form);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<IntakeResult | null>(null);
  const pr = usePublicRegion();
  useDocumentTitle(t('cases.reportTitle'));

  const submit = async (v: IntakeValues) => {
    setBusy(true);
    try {
      // the region the page shows: the host's, or the one chosen in the header — said in the request, never guessed there
      setDone(await publicCasesApi.file({ ...toIntake(v), regionCode: pr.region?.code, districtCode: v.districtCode ?? null }));
    } catch (e) {
      onError(e, form, INTAKE_RENAME);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame narrow>
      <Typography.Title level={3}>{t('cases.reportTitle')}</Typography.Title>
      {done ? (
        <Result
          status="success"
          title={t('cases.submitted')}
          subTitle={
            <>
              <div data-testid="sent-to">{t('cases.sentTo', { bureau: done.bureauName })}</div>
              <div>{t('cases.codeHint')}</div>
            </>
          }
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
            <Form<IntakeValues>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ tracks: ['report'], anonymous: true }}
              onValuesChange={(changed: Partial<IntakeValues>) => {
                // a credit code names its district (characters 3–8): offer it, the filer may still change it
                if (changed.respondentCreditCode?.length === 18 && !form.getFieldValue('districtCode')) {
                  const d = suggestDistrictCode(changed.respondentCreditCode, pr.districtOptions.map((o) => o.value));
                  if (d) form.setFieldValue('districtCode', d);
                }
              }}
            >
              <Form.Item label={t('cases.filedRegion')} required>
                <Typography.Text strong data-testid="filed-region">
                  {pr.regionLabel || t('publicNav.chooseRegion')}
                </Typography.Text>
              </Form.Item>
              <Form.Item name="tracks" label={t('cases.tracks')} rules={[{ required: true }]}>
                <Checkbox.Group
                  options={[
                    { value: 'complaint', label: t('cases.trackComplaint') },
                    { value: 'report', label: t('cases.trackReport') },
                  ]}
                />
              </Form.Item>
              <IntakeFields descriptionRows={5} />
              <Form.Item name="districtCode" label={t('cases.filedDistrict')} extra={t('cases.filedDistrictHelp')}>
                <Select allowClear options={pr.districtOptions} placeholder={t('common.pleaseSelect')} />
              </Form.Item>
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
    </PublicFrame>
  );
}
