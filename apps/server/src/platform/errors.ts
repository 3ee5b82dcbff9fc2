import { ERROR_CODES, ERROR_MESSAGES, fieldLabel, pick, type ErrorCode, type Locale } from '@shangmi/shared';
import type { Msg } from './messages.js';

export interface FieldError {
  field: string;
  message: string;
}

/** The one error type services throw. The code picks the HTTP status and the default message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: { field: string; message: Msg }[];
  readonly details?: Record<string, unknown>;
  /** message keyed by language, when the default for the code is not specific enough */
  readonly localized?: { zh: string; en: string };

  constructor(
    code: ErrorCode,
    opts: { message?: Msg; fields?: { field: string; message: Msg }[]; details?: Record<string, unknown> } = {},
  ) {
    super(opts.message?.en ?? ERROR_MESSAGES[code].en);
    this.code = code;
    this.fields = opts.fields;
    this.details = opts.details;
    this.localized = opts.message;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  messageFor(locale: Locale): string {
    return pick(this.localized ?? ERROR_MESSAGES[this.code], locale);
  }

  fieldsFor(locale: Locale, labels?: Record<string, Msg>): FieldError[] | undefined {
    return this.fields?.map((f) => ({
      field: f.field,
      message: `${fieldLabel(f.field, locale, labels)}${locale === 'en-US' ? ': ' : '：'}${pick(f.message, locale)}`,
    }));
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = (message?: { zh: string; en: string }) => new AppError('FORBIDDEN', { message });
export const conflict = (message: { zh: string; en: string }, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', { message, details });

/** A validation error on one field, in the user's words: "用户名：已被使用". */
export function fieldError(field: string, message: Msg, code: ErrorCode = 'VALIDATION'): AppError {
  return new AppError(code, { fields: [{ field, message }] });
}

/**
 * Refuses, naming each one with `message` (403), the fields given in `input` that are not in `allowed`: what a record's
 * own users (an enterprise, a site) may not change about themselves.
 */
export function assertOnlyFields(input: object, allowed: readonly string[], message: Msg): void {
  const kept = Object.entries(input)
    .filter(([k, v]) => v !== undefined && !allowed.includes(k))
    .map(([k]) => k);
  if (kept.length) throw new AppError('FORBIDDEN', { fields: kept.map((field) => ({ field, message })) });
}

export interface ZodLikeIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** Turns a zod issue into a sentence that names the field in the user's language. */
export function describeIssue(issue: ZodLikeIssue, context: string | undefined, locale: Locale, labels?: Record<string, Msg>): FieldError {
  const pathParts = issue.instancePath.split('/').filter(Boolean);
  const field = pathParts.join('.') || (context === 'body' ? 'body' : context ?? 'body');
  const label = fieldLabel(field, locale, labels);
  const zh = locale !== 'en-US';
  const p = issue.params;
  let msg: string;
  switch (issue.keyword) {
    case 'invalid_type':
      // zod 4 keeps the input out of issues; its message says "received undefined" when the field is missing
      if (/received undefined/.test(issue.message)) msg = zh ? '必填' : 'is required';
      else msg = zh ? `类型不正确（应为 ${String(p.expected)}）` : `must be a ${String(p.expected)}`;
      break;
    case 'too_small':
      if (p.inclusive === false && p.origin !== 'string' && p.origin !== 'array') msg = zh ? `必须大于 ${String(p.minimum)}` : `must be greater than ${String(p.minimum)}`;
      else if (p.origin === 'string') msg = zh ? `至少 ${String(p.minimum)} 个字符` : `must have at least ${String(p.minimum)} characters`;
      else if (p.origin === 'array') msg = zh ? `至少选择 ${String(p.minimum)} 项` : `needs at least ${String(p.minimum)} item(s)`;
      else msg = zh ? `不能小于 ${String(p.minimum)}` : `must be at least ${String(p.minimum)}`;
      break;
    case 'too_big':
      if (p.origin === 'string') msg = zh ? `最多 ${String(p.maximum)} 个字符` : `must have at most ${String(p.maximum)} characters`;
      else if (p.origin === 'array') msg = zh ? `最多 ${String(p.maximum)} 项` : `allows at most ${String(p.maximum)} items`;
      else msg = zh ? `不能大于 ${String(p.maximum)}` : `must be at most ${String(p.maximum)}`;
      break;
    case 'invalid_format':
      if (p.format === 'email') msg = zh ? '不是有效的电子邮箱地址' : 'is not a valid e-mail address';
      else if (p.format === 'datetime') msg = zh ? '不是有效的时间' : 'is not a valid date-time';
      else msg = zh ? '格式不正确' : 'has the wrong format';
      break;
    case 'invalid_value':
      msg = zh
        ? `取值无效${Array.isArray(p.values) ? `（可选：${p.values.join('、')}）` : ''}`
        : `is not an allowed value${Array.isArray(p.values) ? ` (one of ${p.values.join(', ')})` : ''}`;
      break;
    case 'custom': {
      // a shared schema's own check carries its message in both languages (e.g. creditCodeField)
      const own = p.params as { zh?: unknown; en?: unknown } | undefined;
      if (typeof own?.zh === 'string' && typeof own.en === 'string') msg = zh ? own.zh : own.en;
      else msg = zh ? '无效' : 'is invalid';
      break;
    }
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? p.keys.join(', ') : '';
      return { field: keys || field, message: zh ? `不允许的字段：${keys}` : `unknown field(s): ${keys}` };
    }
    default:
      msg = zh ? '无效' : 'is invalid';
  }
  return { field, message: zh ? `${label}：${msg}` : `${label} ${msg}` };
}

/** Unique constraints and the field each one protects, so a race that slips past a service's check still names the field. */
const UNIQUE_FIELDS: Record<string, string> = {
  users_username_uq: 'username',
  roles_code_uq: 'code',
  dict_items_type_value_uq: 'value',
  dict_types_pkey: 'code',
  parks_region_name_uq: 'name',
};

export function registerUniqueField(constraint: string, field: string) {
  UNIQUE_FIELDS[constraint] = field;
}

/**
 * Database errors a client can cause are client errors: a duplicate (a concurrent create that passed the service's
 * check), a number out of range, a character PostgreSQL cannot store. Everything else stays a 500.
 */
export function fromDatabaseError(err: unknown): AppError | null {
  let e = err as { code?: unknown; constraint?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 3 && e && typeof e.code !== 'string'; i++) e = e.cause as typeof e;
  const code = e && typeof e.code === 'string' ? e.code : undefined;
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === '23505') {
    const field = e?.constraint ? UNIQUE_FIELDS[e.constraint] : undefined;
    return field
      ? fieldError(field, { zh: '已被使用', en: 'is already taken' }, 'CONFLICT')
      : new AppError('CONFLICT');
  }
  if (code === '23503') return new AppError('CONFLICT', { message: { zh: '关联的数据不存在或仍被引用', en: 'A related record is missing or still in use' } });
  if (code === '22003' || code === '22P02' || code === '22021' || code === '22P05' || code === '22001' || code === '54000') {
    return new AppError('BAD_REQUEST', { message: { zh: '提交的值超出范围或含有无法保存的字符', en: 'A value is out of range or holds a character that cannot be stored' } });
  }
  return null;
}
