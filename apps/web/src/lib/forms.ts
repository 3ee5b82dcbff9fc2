import type { MessageKey, TFunction } from './i18n';

/** Empty optional text is sent as null (clears the column) rather than as "" (fails the server's format checks). */
export function nullIfEmpty(v: string | null | undefined): string | null {
  const s = typeof v === 'string' ? v.trim() : v;
  return s ? s : null;
}

/** The same rules the server applies (packages/shared), for feedback before submitting. */
export const USERNAME_RE = /^[A-Za-z0-9_.@-]+$/;
export const PHONE_RE = /^[0-9+\- ]{5,20}$/;
export const CODE_RE = /^[a-z][a-z0-9_]*$/;
export const DICT_VALUE_RE = /^[A-Za-z0-9_.-]+$/;

/** The usual antd rules with messages that name the field in the user's language. */
export function formRules(t: TFunction) {
  return {
    req: (key: MessageKey) => ({ required: true, message: t('common.required', { label: t(key) }) }),
    select: (key: MessageKey) => ({ required: true, message: t('common.requiredSelect', { label: t(key) }) }),
    max: (key: MessageKey, n: number) => ({ max: n, message: t('common.maxLength', { label: t(key), max: n }) }),
  };
}

/** The fields whose value differs from before (compared as JSON): a PATCH sends only what the user changed. */
export function changedFields<T extends object>(next: T, before: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changed[key] = next[key];
  }
  return changed;
}

/** A zod schema as far as maxLengthOf reads it (the web need not import zod's types for this). */
interface StringSchemaLike {
  maxLength?: number | null;
  unwrap?: () => unknown;
}

/**
 * The longest text a shared schema's string field accepts (its `.max`), so a long-text field's counter (antd showCount +
 * maxLength) shows the server's own limit: `maxLengthOf(proofDeposit.shape.description)` → 2000.
 */
export function maxLengthOf(schema: unknown): number {
  let s = schema as StringSchemaLike | undefined;
  // optional / nullable / default wrap the string schema
  for (let i = 0; s && typeof s.maxLength !== 'number' && typeof s.unwrap === 'function' && i < 5; i++) s = s.unwrap() as StringSchemaLike;
  if (typeof s?.maxLength !== 'number') throw new Error('maxLengthOf: not a string schema with a maximum length');
  return s.maxLength;
}
