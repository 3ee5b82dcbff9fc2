import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Flex, Layout, Menu, Spin, Typography, type MenuProps } from 'antd';
import { AlertOutlined, CommentOutlined, CustomerServiceOutlined, DeploymentUnitOutlined, FundProjectionScreenOutlined, HomeOutlined, LogoutOutlined, ReadOutlined, SafetyOutlined, SettingOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../lib/auth';
import { usePermissions } from '../lib/access';
import { useT } from '../lib/i18n';
import { CASES_NAV, CREDIT_NAV, ENTERPRISE_NAV, LISTENING_NAV, NETWORK_NAV, OUTREACH_NAV, PROTECTION_NAV, SERVICES_NAV, STEERING_NAV, SYSTEM_NAV, visibleNav } from './nav';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { InboxBadge } from '../components/InboxBadge';

const { Header, Sider, Content } = Layout;

/** Left menu, header with the user and language, the page in the middle. Menu entries follow the user's permissions. */
export function AppLayout() {
  const t = useT();
  const me = useMe();
  const { logout } = useAuth();
  const can = usePermissions();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const nav = visibleNav(me.orgKind, can);
  const { enterpriseUser: isEnterpriseUser, partner } = nav;
  const systemItems = nav.system;
  const enterpriseItems = nav.enterprise;
  const items: NonNullable<MenuProps['items']> = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('menu.home')}</Link> },
  ];
  if (enterpriseItems.length) {
    items.push({
      key: 'enterprise',
      icon: <ShopOutlined />,
      label: t('menu.enterpriseGroup'),
      children: enterpriseItems.map((item) => ({
        key: item.path,
        icon: item.icon,
        label: <Link to={item.path}>{t(isEnterpriseUser && item.enterpriseLabel ? item.enterpriseLabel : item.label)}</Link>,
      })),
    });
  }
  const protectionItems = nav.protection;
  if (protectionItems.length) {
    items.push({
      key: 'protection',
      icon: <SafetyOutlined />,
      label: t('protection.menuGroup'),
      children: protectionItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  const networkItems = nav.network;
  if (networkItems.length) {
    items.push({
      key: 'network',
      icon: <DeploymentUnitOutlined />,
      label: t('sites.menuGroup'),
      children: networkItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  const caseItems = nav.cases;
  if (caseItems.length) {
    items.push({
      key: 'cases',
      icon: <AlertOutlined />,
      label: t(partner ? 'cases.partnerMenuGroup' : 'cases.menuGroup'),
      children: caseItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  const servicesItems = nav.services;
  if (servicesItems.length) {
    items.push({
      key: 'services',
      icon: <CustomerServiceOutlined />,
      label: t('services.menuGroup'),
      children: servicesItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  const creditItems = nav.credit;
  if (creditItems.length) {
    items.push({
      key: 'credit',
      icon: <SafetyOutlined />,
      label: t('credit.menuGroup'),
      children: creditItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  if (nav.listening.length) {
    items.push({
      key: 'listening',
      icon: <CommentOutlined />,
      label: t('listening.menuGroup'),
      children: nav.listening.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  const outreachItems = nav.outreach;
  if (outreachItems.length) {
    items.push({
      key: 'outreach',
      icon: <ReadOutlined />,
      label: t('outreach.menuGroup'),
      children: outreachItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  if (nav.steering.length) {
    items.push({
      key: 'steering',
      icon: <FundProjectionScreenOutlined />,
      label: t('steering.menuGroup'),
      children: nav.steering.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }
  if (systemItems.length) {
    items.push({
      key: 'system',
      icon: <SettingOutlined />,
      label: t('menu.system'),
      children: systemItems.map((item) => ({ key: item.path, icon: item.icon, label: <Link to={item.path}>{t(item.label)}</Link> })),
    });
  }

  // The longest menu path the location starts with (/enterprises/stats before /enterprises, /enterprises/12 → /enterprises).
  const selected =
    [...ENTERPRISE_NAV, ...PROTECTION_NAV, ...NETWORK_NAV, ...CASES_NAV, ...SERVICES_NAV, ...CREDIT_NAV, ...LISTENING_NAV, ...OUTREACH_NAV, ...STEERING_NAV, ...SYSTEM_NAV]
      .filter((item) => location.pathname === item.path || location.pathname.startsWith(`${item.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0]?.path ?? location.pathname;

  const signOut = async () => {
    setLeaving(true);
    await logout();
  };

  return (
    <Layout className="app-shell">
      <Header className="app-header">
        <Link to="/" className="app-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="app-title">{t('app.title')}</span>
        </Link>
        <Flex align="center" gap={12} className="app-header-right">
          <Typography.Text className="app-user" ellipsis title={`${me.displayName} · ${me.orgName}`}>
            <UserOutlined aria-hidden /> {me.displayName}
            <Typography.Text type="secondary" className="app-user-org">
              {me.orgName}
            </Typography.Text>
          </Typography.Text>
          <InboxBadge />
          <LanguageSwitch />
          <Button type="text" size="small" icon={<UserOutlined aria-hidden />} onClick={() => navigate('/profile')} aria-label={t('menu.profile')}>
            {t('menu.profile')}
          </Button>
          <Button type="text" size="small" icon={<LogoutOutlined aria-hidden />} onClick={signOut} loading={leaving} aria-label={t('menu.logout')}>
            {t('menu.logout')}
          </Button>
        </Flex>
      </Header>
      <Layout>
        <Sider
          theme="light"
          width={216}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          className="app-sider"
        >
          <Menu
            mode="inline"
            items={items}
            selectedKeys={[selected]}
            defaultOpenKeys={['enterprise', 'network', 'cases', 'services', 'credit', 'listening', 'steering', 'system']}
            style={{ borderInlineEnd: 0 }}
          />
        </Sider>
        <Content className="app-content">
          <ErrorBoundary key={location.pathname}>
            <Suspense
              fallback={
                <Flex justify="center" style={{ padding: 80 }}>
                  <Spin />
                </Flex>
              }
            >
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}
