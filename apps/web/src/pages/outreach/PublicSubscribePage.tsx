import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Segmented, Typography } from 'antd';
import { PUBLIC_TOPICS, PUBLIC_TOPIC_LABELS, type PublicTopic } from '@shangmi/shared';
import { portalApi } from '../../api/outreach';
import { PublicFrame } from '../../components/PublicHeader';
import { usePublicRegion } from '../../components/usePublicRegion';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';

type Values = { address: string; topics: PublicTopic[] };

/**
 * 订阅资讯 (no account): an e-mail address or a mobile number and topics. Nothing counts until the link sent to the
 * address is opened (double opt-in); every message carries a stop link.
 */
export default function PublicSubscribePage() {
  const { t, pick } = useI18n();
  const onError = useErrorHandler();
  const pr = usePublicRegion();
  const [form] = Form.useForm<Values>();
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('outreach.subscribeTitle'));
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await portalApi.subscribe({ channel, address: v.address, topics: v.topics, regionCode: pr.region?.code });
      setSent(true);
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame narrow>
      <Card title={t('outreach.subscribeTitle')}>
        <Typography.Paragraph type="secondary">{t('outreach.subscribeLead')}</Typography.Paragraph>
        {sent ? (
          <Alert type="success" showIcon title={t(channel === 'email' ? 'outreach.subscribeSentEmail' : 'outreach.subscribeSentSms')} data-testid="subscribe-sent" />
        ) : (
          <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ topics: ['case', 'guide'] }}>
            <Form.Item label={t('outreach.subscribeChannel')}>
              <Segmented
                value={channel}
                onChange={(v) => setChannel(v as 'email' | 'sms')}
                options={[
                  { value: 'email', label: t('outreach.channelEmail') },
                  { value: 'sms', label: t('outreach.channelSms') },
                ]}
              />
            </Form.Item>
            <Form.Item name="address" label={t(channel === 'email' ? 'outreach.channelEmail' : 'outreach.channelSms')} rules={[{ required: true }]}>
              <Input inputMode={channel === 'email' ? 'email' : 'tel'} autoComplete={channel === 'email' ? 'email' : 'tel'} data-testid="subscribe-address" />
            </Form.Item>
            <Form.Item name="topics" label={t('outreach.subscribeTopics')} rules={[{ required: true }]}>
              <Checkbox.Group options={PUBLIC_TOPICS.map((k) => ({ value: k, label: pick(PUBLIC_TOPIC_LABELS[k].zh, PUBLIC_TOPIC_LABELS[k].en) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block data-testid="subscribe-submit">
              {t('outreach.subscribeButton')}
            </Button>
          </Form>
        )}
      </Card>
    </PublicFrame>
  );
}
