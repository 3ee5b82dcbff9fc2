import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { useT } from '../lib/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The sign-in side of the platform (login, an enterprise's registration): its name over one card, the language switch above. */
export function LoginFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="login-page">
      <div className="login-top">
        <span />
        <LanguageSwitch size="middle" />
      </div>
      <Typography.Title level={2} className="login-title" style={{ color: '#fff' }}>
        {t('app.title')}
      </Typography.Title>
      {children}
    </div>
  );
}
