import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Typography } from 'antd';
import { publicCasesApi } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { PublicFrame } from '../../components/PublicHeader';
import { useDocumentTitle } from '../../lib/title';

/** The link in a case-progress e-mail: one click stops the e-mails (a POST, so a mail scanner opening the link stops nothing). */
export default function PublicUnfollowPage() {
  const t = useT();
  const onError = useErrorHandler();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  useDocumentTitle(t('cases.unfollowTitle'));
  const stop = async () => {
    try {
      await publicCasesApi.unfollow(token);
      setDone(true);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <PublicFrame narrow>
      <Card title={t('cases.unfollowTitle')}>
        {done ? (
          <Alert type="success" showIcon title={t('cases.unfollowDone')} />
        ) : (
          <Typography.Paragraph>
            <Button type="primary" disabled={token.length < 16} onClick={() => void stop()}>
              {t('cases.unfollowButton')}
            </Button>
          </Typography.Paragraph>
        )}
      </Card>
    </PublicFrame>
  );
}
