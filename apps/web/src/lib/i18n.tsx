import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import dayjs from 'dayjs';
import { LOCALES, type Locale } from '@shangmi/shared';
import type { Messages } from '../locales/zh-CN';
import { setRequestLocale } from '../api/client';

/** Dotted paths to every string in the message tree, e.g. 'users.add'. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;
export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** What one language needs: the platform's messages and antd's own (dayjs's locale is registered on load). */
export interface LocaleBundle {
  messages: Messages;
  antd: AntdLocale;
}

/**
 * Each language is its own chunk, loaded when first used: the login page downloads one language, not both.
 * Ready bundles stay in memory for the page's life.
 */
const LOADERS: Record<Locale, () => Promise<LocaleBundle>> = {
  'zh-CN': async () => {
    const [messages, antd] = await Promise.all([import('../locales/zh-CN'), import('antd/locale/zh_CN'), import('dayjs/locale/zh-cn')]);
    return { messages: messages.default, antd: antd.default };
  },
  'en-US': async () => {
    const [messages, antd] = await Promise.all([import('../locales/en-US'), import('antd/locale/en_US')]);
    return { messages: messages.default, antd: antd.default };
  },
};
const loaded = new Map<Locale, LocaleBundle>();

export async function loadLocale(locale: Locale): Promise<LocaleBundle> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  const bundle = await LOADERS[locale]();
  loaded.set(locale, bundle);
  return bundle;
}

const STORAGE_KEY = 'shangmi.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage unavailable: Chinese
  }
  return 'zh-CN';
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A message in a loaded language (the key itself while that language is not loaded: it never is shown so). */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const messages = loaded.get(locale)?.messages;
  const template = (messages && lookup(messages, key)) ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

function applyLocale(locale: Locale): void {
  setRequestLocale(locale);
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
}

interface I18nValue {
  locale: Locale;
  /** resolves once the language is loaded and shown */
  setLocale: (locale: Locale) => Promise<void>;
  t: TFunction;
  /** picks the Chinese or English variant of a bilingual value (role names, dictionary labels …) */
  pick: (zh: string, en: string | null | undefined) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    colorInfo: '#1f5fbf',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};

const BUTTON = { autoInsertSpace: false };

/** Loads and applies the saved language before the first render, so the first requests already carry it. */
export async function startI18n(): Promise<void> {
  const locale = initialLocale();
  await loadLocale(locale);
  applyLocale(locale);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback(
    async (next: Locale) => {
      // kept at once: a page opened or reloaded while the language is still loading starts in it
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // not persisted; still switched for this page
      }
      await loadLocale(next);
      applyLocale(next);
      setLocaleState(next);
    },
    [],
  );

  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      pick: (zh, en) => (locale === 'en-US' && en ? en : zh),
    }),
    [locale, setLocale],
  );

  return (
    <I18nContext value={value}>
      {/* autoInsertSpace off: antd would render 登录 as "登 录", which screen readers and tests read as two words */}
      <ConfigProvider locale={loaded.get(locale)?.antd} theme={THEME} button={BUTTON}>
        {children}
      </ConfigProvider>
    </I18nContext>
  );
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function useT(): TFunction {
  return useI18n().t;
}
