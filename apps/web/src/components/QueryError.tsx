import { Alert, Button } from 'antd';
import { ApiError } from '../api/client';
import { useT } from '../lib/i18n';
import { errorText } from '../lib/errors';

/** A failed load, in words, with a retry. Silent when the client is already redirecting. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (error instanceof ApiError && error.handled) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={errorText(error, t('common.networkError'))}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
