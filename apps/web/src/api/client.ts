import { ERROR_MESSAGES, FILE_NAME_HEADER, FILE_TYPE_HEADER, type ErrorCode, type Locale, pick, type ProgressLine, type StoredFile } from '@shangmi/shared';

/**
 * The one way the web talks to the API: same origin, JSON, the CSRF token on state changes and the UI language on
 * every request. Failures become an ApiError whose message is always readable text, never raw JSON.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldError[];
  readonly requestId?: string;
  /** set when the client already acted on the error (redirected to sign-in, forced step): pages stay quiet */
  handled = false;

  constructor(code: string, message: string, status: number, fields: FieldError[] = [], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.requestId = requestId;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** Reasons the client interrupts whatever page the user is on. */
export type Interruption = 'expired' | 'unauthenticated' | 'passwordChange' | 'totpEnroll';

let csrfToken: string | null = null;
let locale: Locale = 'zh-CN';
let interruptionHandler: ((reason: Interruption) => void) | null = null;

const ACTIVITY_KEY = 'shangmi.lastActivity';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setRequestLocale(next: Locale): void {
  locale = next;
}

/** The auth provider registers here to redirect on expired sessions and forced steps. */
export function setInterruptionHandler(handler: ((reason: Interruption) => void) | null): void {
  interruptionHandler = handler;
}

/**
 * Time of the last answered request, shared by every tab through localStorage: the server's idle timer is per session
 * (one cookie for all tabs), so a tab must not sign out while the user works in another one.
 */
export function lastActivity(): number {
  try {
    return Number(localStorage.getItem(ACTIVITY_KEY)) || 0;
  } catch {
    return 0;
  }
}

function recordActivity(): void {
  try {
    localStorage.setItem(ACTIVITY_KEY, String(Date.now()));
  } catch {
    // storage may be unavailable (private mode quota); the idle check then relies on the server alone
  }
}

export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function localMessage(code: ErrorCode): string {
  return pick(ERROR_MESSAGES[code], locale);
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 423) return 'ACCOUNT_LOCKED';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  return 'INTERNAL';
}

function isErrorBody(v: unknown): v is { error: { code: string; message: string; requestId?: string; fields?: FieldError[] } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Requests to these answer 401 as part of their normal work; they never trigger the sign-in redirect. */
const NO_REDIRECT_PATHS = ['/api/auth/login', '/api/auth/session', '/api/auth/logout'];

async function toApiError(res: Response, path: string): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // a proxy's HTML error page or an empty body: fall back to the status
  }
  let err: ApiError;
  if (isErrorBody(body)) {
    const e = body.error;
    const known = (e.code in ERROR_MESSAGES ? e.code : null) as ErrorCode | null;
    const message = typeof e.message === 'string' && e.message ? e.message : localMessage(known ?? codeForStatus(res.status));
    const fields = Array.isArray(e.fields)
      ? e.fields.filter((f): f is FieldError => typeof f?.field === 'string' && typeof f?.message === 'string')
      : [];
    err = new ApiError(e.code, message, res.status, fields, e.requestId);
  } else {
    const code = codeForStatus(res.status);
    err = new ApiError(code, localMessage(code), res.status);
  }
  interrupt(err, path);
  return err;
}

function interrupt(err: ApiError, path: string): void {
  if (!interruptionHandler) return;
  const cleanPath = path.split('?')[0];
  let reason: Interruption | null = null;
  if (err.code === 'SESSION_EXPIRED' || err.code === 'UNAUTHENTICATED') {
    if (!NO_REDIRECT_PATHS.includes(cleanPath)) reason = err.code === 'SESSION_EXPIRED' ? 'expired' : 'unauthenticated';
  } else if (err.code === 'PASSWORD_CHANGE_REQUIRED') {
    reason = 'passwordChange';
  } else if (err.code === 'TOTP_ENROLL_REQUIRED') {
    reason = 'totpEnroll';
  }
  if (reason) {
    err.handled = true;
    interruptionHandler(reason);
  }
}

function networkError(): ApiError {
  return new ApiError('NETWORK', localMessage('UNAVAILABLE'), 0);
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function headersFor(method: Method, hasBody: boolean, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept, 'x-shangmi-locale': locale };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // No content-type without a body: Fastify rejects an empty body declared as JSON.
  if (hasBody) headers['content-type'] = 'application/json';
  return headers;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const hasBody = options.body !== undefined;
  let res: Response;
  try {
    res = await fetch(path + toQueryString(options.query), {
      method,
      headers: headersFor(method, hasBody, 'application/json'),
      body: hasBody ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw networkError();
  }
  recordActivity();
  if (!res.ok) throw await toApiError(res, path);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('INTERNAL', localMessage('INTERNAL'), res.status);
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** `attachment; filename*=UTF-8''%E7%94%A8%E6%88%B7.xlsx` or `filename="users.xlsx"` → the file name. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // malformed encoding: try the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : null;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET `<path>` with the list's filters and save the answer as a file. Fetching (rather than navigating an <a download>)
 * lets a refusal show as a readable message instead of a downloaded JSON file.
 */
export async function downloadExport(path: string, query: Query, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path + toQueryString(query), {
      method: 'GET',
      headers: headersFor('GET', false, `${XLSX_MIME}, application/json`),
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  recordActivity();
  if (!res.ok) throw await toApiError(res, path);
  const blob = await res.blob();
  const name = filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // revoke after the click has been handled; revoking synchronously cancels the download in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type UploadedFile = StoredFile;

/**
 * Uploads a file's bytes to POST /api/files (XMLHttpRequest, so the upload itself can report progress: fetch cannot).
 * `onProgress` gets 0…1.
 */
export function uploadFile(file: File, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return uploadBytes<UploadedFile>('/api/files', file, onProgress, signal);
}

/** Uploads a file's bytes to a route that takes them as POST /api/files does (octet-stream, x-file-name). */
export function uploadBytes<T>(path: string, file: File, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    const headers = headersFor('POST', false, 'application/json');
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader(FILE_NAME_HEADER, encodeURIComponent(file.name));
    if (file.type) xhr.setRequestHeader(FILE_TYPE_HEADER, file.type);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      recordActivity();
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } });
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as T);
      } else {
        void toApiError(res, path).then(reject);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** A progress line of a streamed job (the NDJSON lines are typed in packages/shared, imports.ts). */
export type JobProgress = Omit<Extract<ProgressLine<unknown>, { type: 'progress' }>, 'type'>;

/**
 * A long state change answered as NDJSON lines (progress…, then done or error): resolves with the result, reports
 * each progress line, and turns an error line into an ApiError like any other refusal.
 */
export async function streamJob<T>(path: string, body: unknown, onProgress: (p: JobProgress) => void): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: headersFor('POST', body !== undefined, 'application/x-ndjson, application/json'),
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  recordActivity();
  if (!res.ok || !res.body) throw await toApiError(res, path);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as ProgressLine<T>;
      if (msg.type === 'progress') onProgress(msg);
      else if (msg.type === 'done') return msg.result;
      else {
        // an error line carries the request id as every refusal does
        const e: { code: string; message: string; fields?: FieldError[]; requestId?: string } = msg.error;
        const err = new ApiError(e.code, e.message, 200, e.fields ?? [], e.requestId);
        interrupt(err, path);
        throw err;
      }
    }
    if (done) break;
  }
  throw networkError();
}
