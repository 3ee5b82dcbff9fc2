import { useQueryClient } from '@tanstack/react-query';
import type { Locale } from '@shangmi/shared';
import { useI18n } from '../lib/i18n';
import { useAuth } from '../lib/auth';

/** 中文 / English. Labels stay in their own language so either reader finds them. */
export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { locale, setLocale, t } = useI18n();
  const { status, refresh } = useAuth();
  const queryClient = useQueryClient();

  const change = (next: Locale) => {
    if (next === locale) return;
    void setLocale(next).then(() => {
      // The server words some data in the request's language (role names, messages): fetch it again. Dictionaries and
      // regions carry both languages already.
      void queryClient.invalidateQueries({ predicate: (q) => !['dicts', 'regions'].includes(String(q.queryKey[0])) });
      if (status === 'signedIn') refresh().catch(() => undefined);
    });
  };

  // two radio buttons drawn as antd's Segmented (styles.css .lang-switch): Segmented would bring Tooltip and the form
  // context into the login page's first load
  const options: { value: Locale; label: string; lang: string }[] = [
    { value: 'zh-CN', label: '中文', lang: 'zh-CN' },
    { value: 'en-US', label: 'English', lang: 'en' },
  ];
  return (
    <div className={`lang-switch lang-switch-${size}`} role="radiogroup" aria-label={t('lang.label')}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={locale === o.value}
          className={locale === o.value ? 'lang-switch-item selected' : 'lang-switch-item'}
          onClick={() => change(o.value)}
          lang={o.lang}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
