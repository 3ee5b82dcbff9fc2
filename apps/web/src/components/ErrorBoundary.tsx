import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useT } from '../lib/i18n';

function CrashNotice() {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('errors.crashTitle')}
      subTitle={t('errors.crashDesc')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
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
