import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import { useT } from '../lib/i18n';

// Plain pieces of the first screen's bundle, not antd's Result: a notice shown because a chunk failed to load must not
// need another chunk (and Result's illustrations would weigh on every first load).
function CrashNotice() {
  const t = useT();
  return (
    <div role="alert" data-error-boundary style={{ textAlign: 'center', padding: '64px 16px' }}>
      <WarningFilled style={{ fontSize: 64, color: '#faad14' }} aria-hidden />
      <h3 style={{ fontSize: 24, margin: '16px 0 8px' }}>{t('errors.crashTitle')}</h3>
      <p className="text-secondary">{t('errors.crashDesc')}</p>
      <Button type="primary" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </Button>
    </div>
  );
}

/**
 * Catches render errors and failed lazy chunks (after a deployment the old chunk names are gone) so the user gets a
 * reload button rather than a blank screen.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashNotice /> : this.props.children;
  }
}
