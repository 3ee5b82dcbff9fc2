import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Typography } from 'antd';
import { PUBLIC_TOPIC_LABELS, type PublicTopic } from '@shangmi/shared';
import { portalApi } from '../../api/outreach';
import { PublicFrame } from '../../components/PublicHeader';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';

/**
 * The links in the messages: `/subscribe/confirm` (double opt-in) and `/subscribe/stop` (every message). One button
 * each — a POST, so a mail scanner that opens the link confirms or stops nothing.
 */
export default function PublicSubscriptionLinkPage({ action }: { action: 'confirm' | 'stop' }) {
  const { t, pick } = useI18n();
  const onError = useErrorHandler();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState<{ topics: PublicTopic[] } | null>(null);
  const title = t(action === 'confirm' ? 'outreach.confirmTitle' : 'outreach.stopTitle');
  useDocumentTitle(title);
  const go = async () => {
    try {
      setDone(await (action === 'confirm' ? portalApi.confirm(token) : portalApi.stop(token)));
    } catch (e) {
      onError(e);
    }
  };
  return (
    <PublicFrame narrow>
      <Card title={title}>
        {done ? (
          <Alert
            type="success"
            showIcon
            data-testid="subscription-done"
            title={action === 'confirm' ? t('outreach.confirmDone', { topics: done.topics.map((k) => pick(PUBLIC_TOPIC_LABELS[k].zh, PUBLIC_TOPIC_LABELS[k].en)).join(' · ') }) : t('outreach.stopDone')}
          />
        ) : (
          <Typography.Paragraph>
            <Button type="primary" disabled={token.length < 16} onClick={() => void go()} data-testid="subscription-button">
              {t(action === 'confirm' ? 'outreach.confirmButton' : 'outreach.stopButton')}
            </Button>
          </Typography.Paragraph>
        )}
      </Card>
    </PublicFrame>
  );
}
