import type { ReactNode } from 'react';
import { useT } from '../lib/i18n';
import { PublicHeader } from './PublicHeader';

/** The sign-in side of the platform (login, an enterprise's registration): the public header, its name over one card. */
export function LoginFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="login-page">
      <PublicHeader />
      <h1 className="login-title">{t('app.title')}</h1>
      {children}
    </div>
  );
}
