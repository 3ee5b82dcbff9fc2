import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Space } from 'antd';
import { useAuth } from '../lib/auth';
import { useT } from '../lib/i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** The public pages' frame (as the site directory): the brand, the language switch, and 登录 or, when signed in, 返回工作台. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const t = useT();
  const { me } = useAuth();
  return (
    <div className="directory-page">
      <div className="directory-top">
        <Link to={me ? '/' : '/login'} className="directory-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.title')}</span>
        </Link>
        <Space>
          <LanguageSwitch size="middle" />
          <Link to={me ? '/' : '/login'}>
            <Button>{me ? t('modelDocs.backToApp') : t('auth.login')}</Button>
          </Link>
        </Space>
      </div>
      <div className="directory-body model-docs-body">{children}</div>
    </div>
  );
}
