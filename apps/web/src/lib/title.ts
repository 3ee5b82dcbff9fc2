import { useEffect } from 'react';
import { useT } from './i18n';

/** The browser tab's title: the page's, then the platform's name. (No UI here: the login page imports it.) */
export function useDocumentTitle(title: string): void {
  const t = useT();
  useEffect(() => {
    document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
