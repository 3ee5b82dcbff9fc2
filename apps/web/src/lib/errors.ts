import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { applyFieldErrors } from './field-errors';
import { useI18n } from './i18n';

export { applyFieldErrors };

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
