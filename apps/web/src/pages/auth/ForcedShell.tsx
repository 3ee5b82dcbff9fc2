import type { ReactNode } from 'react';
import { Alert, Button, Card, Flex } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useAuth } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../lib/title';

/** The frame of a forced step: nothing else of the platform is reachable until it is done, but the user may leave. */
export function ForcedShell({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const t = useT();
  const { me, logout } = useAuth();
  useDocumentTitle(title);
  return (
    <div className="app-shell">
      <div className="app-header">
        <span className="app-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="app-title">{t('app.title')}</span>
        </span>
        <Flex align="center" gap={12}>
          {me ? <span>{t('auth.signedInAs', { name: me.displayName, org: me.orgName })}</span> : null}
          <LanguageSwitch />
          <Button type="text" size="small" icon={<LogoutOutlined aria-hidden />} onClick={() => void logout()}>
            {t('menu.logout')}
          </Button>
        </Flex>
      </div>
      <div className="forced-page">
        <Card title={title}>
          <Alert type="warning" showIcon title={description} style={{ marginBottom: 24 }} />
          {children}
        </Card>
      </div>
    </div>
  );
}
