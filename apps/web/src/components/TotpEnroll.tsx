import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Skeleton, Typography } from 'antd';
import { authApi } from '../api/auth';
import type { TotpSetup } from '../api/auth';
import { useT } from '../lib/i18n';
import { useErrorHandler } from '../lib/errors';

/**
 * The server renders the QR code as SVG text. It is ours, but it is still markup put into the page, so only a plain
 * <svg> document without scripts, event handlers, links or embedded HTML is rendered; anything else falls back to the
 * key typed by hand.
 */
export function isSafeSvg(svg: string): boolean {
  const s = svg.trimStart();
  if (!s.startsWith('<svg')) return false;
  return !/<script|<foreignObject|<iframe|<a[\s>]|\son[a-z]+\s*=|javascript:|href\s*=|<!ENTITY/i.test(s);
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type into a phone. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

interface Props {
  /** ask the server for a key as soon as the component shows (the forced enrolment page) */
  autoStart?: boolean;
  onDone: () => void | Promise<void>;
  onCancel?: () => void;
}

/** Set up an authenticator: key + QR code from the server, then a first code to prove it works. */
export function TotpEnroll({ autoStart = false, onDone, onCancel }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<{ code: string }>();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [starting, setStarting] = useState(false);
  const [enabling, setEnabling] = useState(false);

  const start = async () => {
    setStarting(true);
    try {
      const fresh = await authApi.totpSetup();
      // the code form exists only once a key has been shown
      if (setup) form.resetFields();
      setSetup(fresh);
    } catch (e) {
      onError(e);
    } finally {
      setStarting(false);
    }
  };

  // One key per visit: a second setup call would replace the pending key the user may already have scanned.
  const started = useRef(false);
  useEffect(() => {
    if (!autoStart || started.current) return;
    started.current = true;
    void start();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once on mount
  }, [autoStart]);

  const enable = async ({ code }: { code: string }) => {
    setEnabling(true);
    try {
      await authApi.totpEnable(code.trim());
      message.success(t('totp.enabledDone'));
      await onDone();
    } catch (e) {
      onError(e, form, { totpCode: 'code' });
    } finally {
      setEnabling(false);
    }
  };

  if (!setup) {
    return starting ? (
      <Skeleton active />
    ) : (
      <Flex gap={8}>
        <Button type="primary" onClick={start}>
          {t('totp.enable')}
        </Button>
        {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
      </Flex>
    );
  }

  const svgOk = isSafeSvg(setup.qrSvg);
  return (
    <div className="totp-enroll">
      <Typography.Paragraph type="secondary">{t('totp.intro')}</Typography.Paragraph>
      <Typography.Paragraph strong>{t('totp.step1')}</Typography.Paragraph>
      {svgOk ? (
        <div className="totp-qr" role="img" aria-label="QR" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      ) : (
        <Alert type="warning" showIcon title={t('totp.qrUnavailable')} style={{ marginBottom: 16 }} />
      )}
      <Typography.Paragraph strong>{t('totp.step2')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('totp.secret')}</Typography.Text>{' '}
        <Typography.Text code copyable={{ text: setup.secret }} className="totp-secret">
          {groupSecret(setup.secret)}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph strong>{t('totp.step3')}</Typography.Paragraph>
      <Form form={form} name="totpEnable" layout="vertical" onFinish={enable} style={{ maxWidth: 320 }}>
        <Form.Item
          name="code"
          label={t('totp.code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totpCodeFormat') }]}
          normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={enabling}>
            {t('totp.confirmEnable')}
          </Button>
          <Button onClick={start} loading={starting}>
            {t('totp.startOver')}
          </Button>
          {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
        </Flex>
      </Form>
    </div>
  );
}
