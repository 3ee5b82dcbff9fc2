import { useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useT } from '../lib/i18n';
import { useDocumentTitle } from '../lib/title';

function BackHome() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      {t('common.backHome')}
    </Button>
  );
}

export function Forbidden() {
  const t = useT();
  useDocumentTitle(t('errors.forbiddenTitle'));
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenDesc')}
      extra={<BackHome />}
    />
  );
}

export function NotFound() {
  const t = useT();
  useDocumentTitle(t('errors.notFoundTitle'));
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFoundDesc')}
      extra={<BackHome />}
    />
  );
}
