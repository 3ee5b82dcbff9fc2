import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Typography } from 'antd';
import { publicCasesApi } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../components/PageHeader';

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
    <div style={{ maxWidth: 560, margin: '48px auto', padding: '0 16px' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch />
      </div>
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
    </div>
  );
}
