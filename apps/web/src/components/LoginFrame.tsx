import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { useT } from '../lib/i18n';
import { PublicHeader } from './PublicHeader';

/** The sign-in side of the platform (login, an enterprise's registration): the public header, its name over one card. */
export function LoginFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="login-page">
      <PublicHeader />
      <Typography.Title level={2} className="login-title" style={{ color: '#fff' }}>
        {t('app.title')}
      </Typography.Title>
      {children}
    </div>
  );
}
