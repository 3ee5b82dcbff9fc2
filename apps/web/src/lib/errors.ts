import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { fieldLabel, type Locale } from '@shangmi/shared';
import { ApiError, type FieldError } from '../api/client';
import { useI18n } from './i18n';

/** Names of the fields a form has registered (top-level segment). */
function registeredFields(form: FormInstance): Set<string> {
  const names = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta?.name.length) names.add(String(meta.name[0]));
    return false;
  });
  return names;
}

/** "用户名：至少 3 个字符" under the 用户名 field reads better as "至少 3 个字符". */
function withoutLabel(field: string, message: string, locale: Locale): string {
  const label = fieldLabel(field, locale);
  for (const sep of ['：', ':', ': ']) {
    const prefix = label + sep;
    if (message.startsWith(prefix) && message.length > prefix.length) return message.slice(prefix.length).trim();
  }
  return message;
}

/**
 * Puts the server's field errors on the matching form items (`roleIds.0` → `roleIds`; `rename` maps API names to
 * form names where they differ, by the whole path — `reporter.name` → `name` — or by its first segment). Returns the
 * messages that matched no item, so they can be shown elsewhere.
 */
export function applyFieldErrors(
  form: FormInstance,
  fields: FieldError[],
  locale: Locale,
  rename: Record<string, string> = {},
): string[] {
  const known = registeredFields(form);
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const f of fields) {
    const top = f.field.split('.')[0];
    const name = rename[f.field] ?? rename[top] ?? top;
    if (known.has(name)) {
      const list = byField.get(name) ?? [];
      list.push(withoutLabel(f.field, f.message, locale));
      byField.set(name, list);
    } else {
      unplaced.push(f.message);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (byField.size) form.scrollToField([...byField.keys()][0], { block: 'center' });
  return unplaced;
}

/**
 * Reports a failed request: field errors go onto the form, the rest into one toast. Errors the client already acted on
 * (sign-in redirect, forced steps) stay silent.
 */
export function useErrorHandler() {
  const { message } = App.useApp();
  const { locale, t } = useI18n();
  return useCallback(
    (err: unknown, form?: FormInstance, rename?: Record<string, string>) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (!(err instanceof ApiError)) {
        console.error(err);
        message.error(t('common.networkError'));
        return;
      }
      if (err.handled) return;
      if (form && err.fields.length) {
        const unplaced = applyFieldErrors(form, err.fields, locale, rename);
        message.error(unplaced.length ? `${err.message} ${unplaced.join('；')}` : err.message);
        return;
      }
      const extra = err.fields.map((f) => f.message).join('；');
      message.error(extra ? `${err.message} ${extra}` : err.message);
    },
    [message, locale, t],
  );
}

/** Readable text for any error (query error panels). */
export function errorText(err: unknown, fallback: string): string {
  if (err instanceof ApiError) return err.message;
  return fallback;
}
