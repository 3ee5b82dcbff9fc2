import { Segmented } from 'antd';
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

  return (
    <Segmented<Locale>
      size={size}
      aria-label={t('lang.label')}
      value={locale}
      onChange={change}
      options={[
        { value: 'zh-CN', label: <span lang="zh-CN">中文</span> },
        { value: 'en-US', label: <span lang="en">English</span> },
      ]}
    />
  );
}
