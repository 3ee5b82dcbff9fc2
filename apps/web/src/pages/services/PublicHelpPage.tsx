import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { NEED_MAX, type PublicRequestCreate, type PublicRequestTracked } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';
import { usePublicRegion } from '../../components/usePublicRegion';

/**
 * The kinds a member of the public may ask for (values of the `service_kind` dictionary, which is not public): advice,
 * legal advice, help with enforcement, on-site guidance.
 */
const PUBLIC_KINDS = [
  { value: 'consulting', zh: '咨询', en: 'Consulting' },
  { value: 'legal_consulting', zh: '法律咨询', en: 'Legal advice' },
  { value: 'rights_assistance', zh: '维权援助', en: 'Enforcement assistance' },
  { value: 'field_guidance', zh: '实地指导', en: 'On-site guidance' },
];

type Values = Omit<PublicRequestCreate, 'regionCode'>;

/** 我要求助 without an account (issue 15): the same queue as an enterprise's request; rate-limited like the public report form. */
export default function PublicHelpPage() {
  const { t, pick } = useI18n();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PublicRequestTracked | null>(null);
  const pr = usePublicRegion();
  useDocumentTitle(t('services.publicTitle'));

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      setDone(await servicesApi.askPublic({ ...v, regionCode: pr.region?.code }));
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame narrow>
      <Typography.Title level={3}>{t('services.publicTitle')}</Typography.Title>
      {done ? (
        <Result
          status="success"
          title={t('services.publicSubmitted')}
          subTitle={<span data-testid="public-sent-to">{done.assigneeName ? t('services.publicSentTo', { bureau: done.bureauName, assignee: done.assigneeName }) : t('services.publicSentToDistrict', { bureau: done.bureauName })}</span>}
          extra={
            <Card size="small" title={t('consult.trackCodeGiven')}>
              <Typography.Title level={4} copyable data-testid="help-tracking-code" style={{ margin: 0 }}>
                {done.trackingCode}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('consult.trackCodeKeep')}</Typography.Paragraph>
              <Link to={`/help-status?code=${done.trackingCode}`}>{t('consult.trackOpen')}</Link>
            </Card>
          }
        />
      ) : (
        <>
          <Typography.Paragraph>{t('services.publicIntro')}</Typography.Paragraph>
          <Alert type="warning" showIcon title={t('services.noSecret')} style={{ marginBottom: 16 }} />
          <Card>
            <Form<Values> form={form} layout="vertical" name="publicHelp" onFinish={submit}>
              <Form.Item name="districtCode" label={t('services.district')} rules={[{ required: true }]}>
                <Select options={pr.districtOptions} placeholder={pr.regionLabel} />
              </Form.Item>
              <Form.Item name="publicName" label={t('services.publicName')} rules={[{ required: true, max: 100 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="serviceKind" label={t('services.serviceKind')} rules={[{ required: true }]}>
                <Select options={PUBLIC_KINDS.map((k) => ({ value: k.value, label: pick(k.zh, k.en) }))} />
              </Form.Item>
              <Form.Item name="title" label={t('services.title')} rules={[{ required: true, max: 60 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="need" label={t('services.need')} extra={t('services.needHelp')} rules={[{ required: true }]}>
                <Input.TextArea rows={5} showCount maxLength={NEED_MAX} />
              </Form.Item>
              <Form.Item name="contactName" label={t('services.contactName')} rules={[{ required: true, max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="contactPhone" label={t('services.contactPhone')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('services.submit')}
              </Button>
            </Form>
          </Card>
        </>
      )}
    </PublicFrame>
  );
}
