import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@shangmi/shared';
import { publicNoticeApi } from '../../api/protection';
import { errorText } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../lib/title';

/** SHA-256 of the text as shown (UTF-8), computed here: the acknowledgement binds to what this browser displayed. */
async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 保密告知书确认: the link a person opens without an account (phone-sized), reads the notice, types their name, acknowledges once. */
export default function AcknowledgePage() {
  const token = useParams().token ?? '';
  const t = useT();
  useDocumentTitle(t('protection.ackTitle'));
  const notice = useQuery({ queryKey: ['public-notice', token], queryFn: ({ signal }) => publicNoticeApi.get(token, signal), retry: false });
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    if (notice.data) void sha256Hex(notice.data.text).then(setHash);
  }, [notice.data]);
  const ack = useMutation({ mutationFn: (v: { typedName: string }) => publicNoticeApi.acknowledge(token, { typedName: v.typedName, textSha256: hash!, agree: true }) });
  const n = notice.data;
  return (
    <div style={{ maxWidth: 720, margin: '0 auto', padding: 16 }}>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      {notice.isError ? <Result status="warning" title={t('protection.ackInvalid')} subTitle={errorText(notice.error, '')} /> : null}
      {notice.isLoading ? <Typography.Text>{t('protection.ackLoading')}</Typography.Text> : null}
      {n && ack.data ? (
        <Result status="success" title={t('protection.ackDone')} subTitle={t('protection.ackDoneHint', { at: formatDateTime(ack.data.acknowledgedAt), hash: ack.data.documentSha256.slice(0, 16) })} data-testid="ack-done" />
      ) : null}
      {n && !ack.data ? (
        <Card title={n.title}>
          <Typography.Paragraph type="secondary">
            {n.enterpriseName} · {formatDateTime(n.sentAt)}
          </Typography.Paragraph>
          <div data-testid="notice-text" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, marginBottom: 16 }}>
            {n.text}
          </div>
          {hash ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {t('protection.ackHash', { hash })}
            </Typography.Paragraph>
          ) : null}
          {ack.isError ? <Alert type="error" showIcon message={errorText(ack.error, t('protection.ackInvalid'))} style={{ marginBottom: 12 }} /> : null}
          <Form layout="vertical" name="ackForm" onFinish={(v: { typedName: string }) => ack.mutate(v)}>
            <Form.Item name="typedName" label={t('protection.ackTypedName')} rules={[{ required: true, max: 30 }]}>
              <Input maxLength={30} autoComplete="name" />
            </Form.Item>
            <Form.Item name="agree" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('protection.ackAgree')))) }]}>
              <Checkbox>{t('protection.ackAgree')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={ack.isPending} disabled={!hash}>
              {t('protection.ackSubmit')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
