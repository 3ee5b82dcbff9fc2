import { lazy, Suspense, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { Button } from 'antd';
import { useAuth } from '../lib/auth';
import { useT } from '../lib/i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { usePublicRegion } from './usePublicRegion';

// only a multi-region deployment shows it: antd's Select stays out of the first load elsewhere
const RegionPicker = lazy(() => import('./RegionPicker'));

/** The public services every public page links to, in the order a citizen looks for them. A new public page adds its line. */
export const PUBLIC_NAV = [
  { to: '/report', key: 'publicNav.report' },
  { to: '/help', key: 'publicNav.help' },
  { to: '/help-status', key: 'consult.navTrack' },
  { to: '/faq', key: 'consult.navFaq' },
  { to: '/track', key: 'publicNav.track' },
  { to: '/directory', key: 'publicNav.directory' },
  { to: '/service-systems', key: 'systems.publicNav' },
  { to: '/verify', key: 'publicNav.verify' },
  { to: '/model-documents', key: 'publicNav.modelDocs' },
  { to: '/credit', key: 'publicNav.credit' },
] as const;

/**
 * The one public header (the login page and every public page): the brand, the public services, the region when the host
 * serves several, the language switch and 登录 (返回工作台 when signed in). On a phone the services take a row of their own.
 * The public portal (pages/outreach/PortalPage: `/` without a session, and /portal) sits under it too; the brand leads
 * to `/`: the portal for a visitor, the workspace for a signed-in user.
 */
export function PublicHeader() {
  const t = useT();
  const { me } = useAuth();
  const pr = usePublicRegion();
  const { pathname } = useLocation();
  return (
    <header className="public-header">
      <Link to="/" className="public-brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span className="public-brand-full">{t('app.title')}</span>
        <span className="public-brand-short">{t('app.name')}</span>
      </Link>
      <nav className="public-nav" aria-label={t('publicNav.label')}>
        {PUBLIC_NAV.map((n) => (
          <NavLink key={n.to} to={n.to} className={({ isActive }) => (isActive ? 'public-nav-item active' : 'public-nav-item')}>
            {t(n.key)}
          </NavLink>
        ))}
      </nav>
      {/* a plain flex row: antd's Space would bring the form context into the login page's first load */}
      <div className="public-tools">
        {pr.regions.length > 1 ? (
          <Suspense fallback={null}>
            <RegionPicker />
          </Suspense>
        ) : null}
        <LanguageSwitch size="middle" />
        {me ? (
          <Link to="/">
            <Button>{t('publicNav.workspace')}</Button>
          </Link>
        ) : pathname === '/login' ? null : (
          <Link to="/login">
            <Button>{t('publicNav.login')}</Button>
          </Link>
        )}
      </div>
    </header>
  );
}

/** A public page: the header over the page's own body (`wide` for the directory's map and list). */
export function PublicFrame({ children, wide, narrow }: { children: ReactNode; wide?: boolean; narrow?: boolean }) {
  return (
    <div className="public-page">
      <PublicHeader />
      <main className={`public-body${wide ? ' public-body-wide' : ''}${narrow ? ' public-body-narrow' : ''}`}>{children}</main>
    </div>
  );
}
