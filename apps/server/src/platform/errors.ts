import { ERROR_CODES, ERROR_MESSAGES, fieldLabel, pick, type ErrorCode, type Locale } from '@shangmi/shared';

export interface FieldError {
  field: string;
  message: string;
}
type Msg = { zh: string; en: string };

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

  fieldsFor(locale: Locale): FieldError[] | undefined {
    return this.fields?.map((f) => ({
      field: f.field,
      message: `${fieldLabel(f.field, locale)}${locale === 'en-US' ? ': ' : '：'}${pick(f.message, locale)}`,
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

export interface ZodLikeIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** Turns a zod issue into a sentence that names the field in the user's language. */
export function describeIssue(issue: ZodLikeIssue, context: string | undefined, locale: Locale): FieldError {
  const pathParts = issue.instancePath.split('/').filter(Boolean);
  const field = pathParts.join('.') || (context === 'body' ? 'body' : context ?? 'body');
  const label = fieldLabel(field, locale);
  const zh = locale !== 'en-US';
  const p = issue.params;
  let msg: string;
  switch (issue.keyword) {
    case 'invalid_type':
      if (p.input === undefined) msg = zh ? '必填' : 'is required';
      else msg = zh ? `类型不正确（应为 ${String(p.expected)}）` : `must be a ${String(p.expected)}`;
      break;
    case 'too_small':
      if (p.origin === 'string') msg = zh ? `至少 ${String(p.minimum)} 个字符` : `must have at least ${String(p.minimum)} characters`;
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
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? p.keys.join(', ') : '';
      return { field: keys || field, message: zh ? `不允许的字段：${keys}` : `unknown field(s): ${keys}` };
    }
    default:
      msg = zh ? '无效' : 'is invalid';
  }
  return { field, message: zh ? `${label}：${msg}` : `${label} ${msg}` };
}
