import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_MESSAGES } from '@shangmi/shared';
import { ApiError, api, setCsrfToken, setInterruptionHandler, setRequestLocale, streamJob, toQueryString, type Interruption, type JobProgress } from './client';

/**
 * The client against answers built as a server sends them (status, headers, body, a body streamed in the chunks given):
 * fetch is the only thing replaced, and it records what the client sent.
 */
interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}
let sent: Sent[];
let answer: () => Response | Promise<Response>;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** A body that arrives in exactly these pieces (a line may be cut anywhere). */
const chunked = (pieces: string[]) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of pieces) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'application/x-ndjson' } },
  );

beforeEach(() => {
  sent = [];
  setCsrfToken(null);
  setRequestLocale('zh-CN');
  setInterruptionHandler(null);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    // as a browser's fetch does
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    sent.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, body: init.body as string | undefined });
    return answer();
  });
});
afterEach(() => vi.unstubAllGlobals());

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('requests', () => {
  it('send the language on every call and the CSRF token on state changes only; queries drop empty values', async () => {
    answer = () => json(200, { ok: true });
    setCsrfToken('tok');
    setRequestLocale('en-US');
    await api.get('/api/users', { q: '王', orgId: 5, status: undefined, roleId: null, blank: '' });
    await api.post('/api/users', { username: 'a' });
    await api.del('/api/users/1');
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/users?q=%E7%8E%8B&orgId=5', 'POST /api/users', 'DELETE /api/users/1']);
    expect(sent[0].headers).toMatchObject({ 'x-shangmi-locale': 'en-US' });
    expect(sent[0].headers['x-csrf-token']).toBeUndefined();
    expect(sent[1].headers).toMatchObject({ 'x-csrf-token': 'tok', 'content-type': 'application/json' });
    expect(JSON.parse(sent[1].body!)).toEqual({ username: 'a' });
    // no body, no content type: Fastify refuses an empty body declared as JSON
    expect(sent[2].headers['content-type']).toBeUndefined();
    expect(toQueryString({})).toBe('');
  });

  it('answer the parsed body, and nothing for 204 or an empty body', async () => {
    answer = () => json(200, { items: [1], total: 1 });
    expect(await api.get('/api/x')).toEqual({ items: [1], total: 1 });
    answer = () => new Response(null, { status: 204 });
    expect(await api.post('/api/x')).toBeUndefined();
    answer = () => new Response('', { status: 200 });
    expect(await api.post('/api/x')).toBeUndefined();
  });
});

describe('error mapping', () => {
  it("keeps the server's code, message, request id and well-formed field errors", async () => {
    answer = () =>
      json(400, {
        error: {
          code: 'VALIDATION',
          message: '请检查填写的内容',
          requestId: 'req-7',
          fields: [{ field: 'username', message: '用户名：已被占用' }, { field: 'roleIds.0', message: '角色：不存在' }, { field: 3, message: 'dropped' }, null],
        },
      });
    const e = await refusal(api.post('/api/users', {}));
    expect(e).toMatchObject({ code: 'VALIDATION', status: 400, message: '请检查填写的内容', requestId: 'req-7', handled: false });
    expect(e.fields).toEqual([
      { field: 'username', message: '用户名：已被占用' },
      { field: 'roleIds.0', message: '角色：不存在' },
    ]);
  });

  it('words an answer without an error body by its status, in the request language', async () => {
    answer = () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const zh = await refusal(api.get('/api/x'));
    expect(zh).toMatchObject({ code: 'UNAVAILABLE', status: 502, message: ERROR_MESSAGES.UNAVAILABLE.zh });
    setRequestLocale('en-US');
    answer = () => new Response('', { status: 413 });
    expect(await refusal(api.post('/api/files'))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: ERROR_MESSAGES.PAYLOAD_TOO_LARGE.en });
    answer = () => new Response('not json', { status: 418 });
    expect(await refusal(api.get('/api/x'))).toMatchObject({ code: 'INTERNAL', status: 418 });
  });

  it('gives an error body without a message the words of its code', async () => {
    answer = () => json(409, { error: { code: 'CONFLICT', message: '' } });
    expect(await refusal(api.post('/api/x'))).toMatchObject({ code: 'CONFLICT', message: ERROR_MESSAGES.CONFLICT.zh });
  });

  it('turns an unreachable server into NETWORK and lets an abort through as it is', async () => {
    answer = () => Promise.reject(new TypeError('fetch failed'));
    expect(await refusal(api.get('/api/x'))).toMatchObject({ code: 'NETWORK', status: 0, message: ERROR_MESSAGES.UNAVAILABLE.zh });
    const ctrl = new AbortController();
    ctrl.abort();
    const aborted = await api.get('/api/x', undefined, ctrl.signal).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(DOMException);
    expect((aborted as DOMException).name).toBe('AbortError');
  });

  it('reports an expired session and forced steps to the auth provider once, and marks the error handled', async () => {
    const seen: Interruption[] = [];
    setInterruptionHandler((r) => seen.push(r));
    answer = () => json(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期' } });
    expect((await refusal(api.get('/api/users'))).handled).toBe(true);
    answer = () => json(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改密码' } });
    expect((await refusal(api.get('/api/users'))).handled).toBe(true);
    answer = () => json(403, { error: { code: 'TOTP_ENROLL_REQUIRED', message: '请先绑定' } });
    await refusal(api.get('/api/users'));
    // a wrong password on the login page is the page's to show, not a redirect
    answer = () => json(401, { error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' } });
    expect((await refusal(api.post('/api/auth/login', {}))).handled).toBe(false);
    answer = () => json(403, { error: { code: 'FORBIDDEN', message: '无权限' } });
    expect((await refusal(api.get('/api/users'))).handled).toBe(false);
    expect(seen).toEqual(['expired', 'passwordChange', 'totpEnroll']);
  });
});

describe('streamed jobs (NDJSON)', () => {
  it('reports each progress line, whatever the chunks cut, and answers the result', async () => {
    answer = () =>
      chunked([
        '{"type":"progress","phase":"read","done":0,"total":3}\n{"type":"prog',
        'ress","phase":"check","done":2,"total":3}',
        '\n\n{"type":"progress","phase":"write","done":3,"total":3}\n{"type":"done","result":{"id":9,"status":"committed"}}\n',
      ]);
    setCsrfToken('tok');
    const progress: JobProgress[] = [];
    const result = await streamJob<{ id: number; status: string }>('/api/enterprises/imports/9/commit', undefined, (p) => progress.push(p));
    expect(result).toEqual({ id: 9, status: 'committed' });
    expect(progress.map((p) => [p.phase, p.done])).toEqual([
      ['read', 0],
      ['check', 2],
      ['write', 3],
    ]);
    expect(sent[0]).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'tok', accept: 'application/x-ndjson, application/json' } });
    expect(sent[0].headers['content-type']).toBeUndefined();
  });

  it('turns an error line into an ApiError with its fields, after the progress before it', async () => {
    answer = () =>
      chunked(['{"type":"progress","phase":"check","done":1}\n', '{"type":"error","error":{"code":"VALIDATION","message":"文件有误","requestId":"r1","fields":[{"field":"fileId","message":"文件：不存在"}]}}\n']);
    const progress: JobProgress[] = [];
    const e = await refusal(streamJob('/api/enterprises/imports', { fileId: 1 }, (p) => progress.push(p)));
    expect(e).toMatchObject({ code: 'VALIDATION', message: '文件有误', requestId: 'r1', fields: [{ field: 'fileId', message: '文件：不存在' }] });
    expect(progress).toHaveLength(1);
    expect(JSON.parse(sent[0].body!)).toEqual({ fileId: 1 });
  });

  it('treats a stream that ends without its result as a network failure, and a refused start like any refusal', async () => {
    answer = () => chunked(['{"type":"progress","phase":"read","done":1}\n']);
    expect(await refusal(streamJob('/api/x', undefined, () => undefined))).toMatchObject({ code: 'NETWORK' });
    answer = () => json(403, { error: { code: 'FORBIDDEN', message: '无权限' } });
    expect(await refusal(streamJob('/api/x', undefined, () => undefined))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});
