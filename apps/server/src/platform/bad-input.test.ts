/**
 * Bad input of every kind gets a 4xx JSON error `{ error: { code, message, requestId } }` that names the problem in the
 * request's language — never a 500 — and a refused request changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { count, eq } from 'drizzle-orm';
import { ERROR_MESSAGES, type ErrorCode } from '@shangmi/shared';
import { dictItems, loginlog, orgs, parks, roles, sessions, users } from '../db/schema/index.js';
import { sha256Hex } from './crypto.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../test/harness.js';
import { actorCache } from './actor-cache.js';

type Locale = 'zh-CN' | 'en-US';
const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const CJK = /[\u4e00-\u9fff]/;

let t: TestApp;
let roleIds: Record<string, number>;
let jinfeng: number;
let xixia: number;
let xixiaUser: number;
let jinfengUser: number;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.admin();
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
  jinfeng = await t.orgId('金凤区市场监督管理局');
  xixia = await t.orgId('西夏区市场监督管理局');
  await admin.post('/api/roles', {
    code: 'bi_user_admin',
    nameZh: '用户管理',
    nameEn: 'User admin',
    dataScope: 'org_and_below',
    permissions: ['users:read', 'users:create', 'users:update', 'orgs:read'],
  });
  xixiaUser = await t.createUser({ username: 'bi_xixia', orgId: xixia, roles: ['district_staff'] });
  jinfengUser = await t.createUser({ username: 'bi_jinfeng', orgId: jinfeng, roles: ['district_staff', 'bi_user_admin'] });
});
afterAll(async () => t?.close());

/** A signed-in 金凤区 officer who may manage users of their district, speaking `locale`. */
async function officer(locale: Locale): Promise<Client> {
  const c = await t.loginAs('bi_jinfeng');
  c.locale = locale;
  return c;
}

async function snapshot() {
  const db = t.database.db;
  const c = async (table: typeof users | typeof orgs | typeof roles | typeof dictItems | typeof parks) => (await db.select({ n: count() }).from(table))[0].n;
  const [u] = await db.select().from(users).where(eq(users.id, xixiaUser));
  return { users: await c(users), orgs: await c(orgs), roles: await c(roles), dictItems: await c(dictItems), parks: await c(parks), xixiaUser: u };
}

/** The error shape every failure shares, in the request's language. */
function expectError(res: LightMyRequestResponse, status: number, code: ErrorCode, locale: Locale) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const e = json(res).error;
  expect(e.code).toBe(code);
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  expect(typeof e.requestId).toBe('string');
  expect(e.requestId.length).toBeGreaterThan(0);
  if (locale === 'zh-CN') expect(e.message).toMatch(CJK);
  else expect(e.message).not.toMatch(CJK);
  if (!e.fields) expect(e.message).toBe(locale === 'en-US' ? ERROR_MESSAGES[code].en : ERROR_MESSAGES[code].zh);
  for (const f of e.fields ?? []) {
    expect(typeof f.field).toBe('string');
    if (locale === 'zh-CN') expect(f.message).toMatch(CJK);
    else expect(f.message).not.toMatch(CJK);
  }
  return e as { code: string; message: string; requestId: string; fields?: { field: string; message: string }[]; details?: Record<string, unknown> };
}

const validUser = () => ({ username: `bi_new_${++n}`, displayName: '新人', orgId: jinfeng, roleIds: [roleIds.district_staff], password: 'Valid#Pass2026' });

describe.each(LOCALES)('bad input, in %s', (locale) => {
  const zh = locale === 'zh-CN';
  let c: Client;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    c = await officer(locale);
    before = await snapshot();
  });

  it('malformed JSON', async () => {
    for (const body of ['{"username": "x",', '{username: x}', 'not json at all', '']) {
      const res = await c.request('POST', '/api/users', body, { 'content-type': 'application/json' });
      expectError(res, 400, 'BAD_REQUEST', locale);
    }
    // prototype pollution is refused, not merged
    expectError(await c.request('POST', '/api/users', '{"__proto__": {"isAdmin": true}}'), 400, 'BAD_REQUEST', locale);
  });

  it('wrong types name each field, with its label in the request\'s language', async () => {
    const res = await c.post('/api/users', { ...validUser(), displayName: 42, orgId: 'jinfeng', roleIds: 'all' });
    const e = expectError(res, 400, 'VALIDATION', locale);
    expect(e.fields!.map((f) => f.field).sort()).toEqual(['displayName', 'orgId', 'roleIds']);
    const byField = Object.fromEntries(e.fields!.map((f) => [f.field, f.message]));
    expect(byField.displayName).toMatch(zh ? /^姓名：/ : /^Name /);
    expect(byField.orgId).toMatch(zh ? /^所属机构：/ : /^Organisation /);
    expect(e.message).toContain(byField.orgId);
    const arr = expectError(await c.post('/api/users', [validUser()]), 400, 'VALIDATION', locale);
    expect(arr.fields![0].field).toBe('body');
    const nul = expectError(await c.post('/api/users', 'null' as never), 400, 'VALIDATION', locale);
    expect(nul.fields![0].field).toBe('body');
    const page = expectError(await c.get('/api/users?page=abc'), 400, 'VALIDATION', locale);
    expect(page.fields![0].field).toBe('page');
    expect(page.fields![0].message).toMatch(zh ? /^页码：/ : /^Page /);
  });

  it('a value of the wrong type is reported as wrong, not as missing', async () => {
    const e = expectError(await c.post('/api/users', { ...validUser(), orgId: 'jinfeng' }), 400, 'VALIDATION', locale);
    expect(e.fields![0].field).toBe('orgId');
    expect(e.fields![0].message).not.toMatch(/必填|is required/);
    const id = expectError(await c.get('/api/users/abc'), 400, 'VALIDATION', locale);
    expect(id.fields![0].message).not.toMatch(/必填|is required/);
    // and a value that is really missing still says so
    const { orgId: _omit, ...missing } = validUser();
    const m = expectError(await c.post('/api/users', missing), 400, 'VALIDATION', locale);
    expect(m.fields![0]).toMatchObject({ field: 'orgId', message: zh ? '所属机构：必填' : 'Organisation is required' });
  });

  it('unknown fields', async () => {
    const e = expectError(await c.post('/api/users', { ...validUser(), isAdmin: true }), 400, 'VALIDATION', locale);
    expect(e.fields!.map((f) => f.field)).toEqual(['isAdmin']);
    expect(e.fields![0].message).toContain('isAdmin');
    const p = expectError(await c.patch(`/api/users/${jinfengUser}`, { passwordHash: 'scrypt$1$1$1$x$y' }), 400, 'VALIDATION', locale);
    expect(p.fields![0].field).toBe('passwordHash');
    expectError(await c.get('/api/users?sort=password_hash'), 400, 'VALIDATION', locale);
  });

  it('an oversized body (> 1 MiB)', async () => {
    const big = { ...validUser(), displayName: 'x'.repeat(1024 * 1024 + 10) };
    expectError(await c.post('/api/users', big), 413, 'PAYLOAD_TOO_LARGE', locale);
    // a public route too
    const anon = t.client();
    anon.locale = locale;
    expectError(await anon.post('/api/auth/login', { username: 'x', password: 'y'.repeat(1100 * 1024) }), 413, 'PAYLOAD_TOO_LARGE', locale);
    // a too-long field below the body limit is a validation error on that field
    const long = expectError(await c.post('/api/users', { ...validUser(), displayName: '长'.repeat(51) }), 400, 'VALIDATION', locale);
    expect(long.fields![0]).toMatchObject({ field: 'displayName' });
    expect(long.fields![0].message).toContain('50');
  });

  it('a missing or wrong CSRF token', async () => {
    expectError(await c.post('/api/users', validUser(), { 'x-csrf-token': '' }), 403, 'CSRF', locale);
    expectError(await c.patch(`/api/users/${jinfengUser}`, { displayName: 'x' }, { 'x-csrf-token': 'forged' }), 403, 'CSRF', locale);
    const noToken = await officer(locale);
    noToken.csrf = null;
    expectError(await noToken.post('/api/users', validUser()), 403, 'CSRF', locale);
    expectError(await noToken.request('DELETE', `/api/orgs/${jinfeng}`), 403, 'CSRF', locale);
  });

  it('an expired session, and no session at all', async () => {
    const s = await officer(locale);
    const token = s.cookie!.slice(s.cookie!.indexOf('=') + 1);
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.id, sha256Hex(token)));
    await actorCache(t.database).sync(); // written beside the app: the node forgets its copy once the notice arrives
    expectError(await s.post('/api/users', validUser()), 401, 'SESSION_EXPIRED', locale);
    expectError(await s.get('/api/users'), 401, 'UNAUTHENTICATED', locale);
    const anon = t.client();
    anon.locale = locale;
    expectError(await anon.get('/api/users'), 401, 'UNAUTHENTICATED', locale);
    anon.cookie = 'shangmi_sid=forged-token';
    expectError(await anon.get('/api/users'), 401, 'UNAUTHENTICATED', locale);
  });

  it('another district\'s record id answers 404, for reads and writes', async () => {
    expectError(await c.get(`/api/users/${xixiaUser}`), 404, 'NOT_FOUND', locale);
    expectError(await c.patch(`/api/users/${xixiaUser}`, { displayName: '越权' }), 404, 'NOT_FOUND', locale);
    expectError(await c.post(`/api/users/${xixiaUser}/unlock`), 404, 'NOT_FOUND', locale);
    expectError(await c.get(`/api/orgs/${xixia}`), 404, 'NOT_FOUND', locale);
    // and an id that does not exist at all looks the same
    expectError(await c.get('/api/users/987654'), 404, 'NOT_FOUND', locale);
  });

  it('page numbers and sizes out of range', async () => {
    for (const url of ['/api/users', '/api/oplog', '/api/loginlog', '/api/orgs']) {
      const huge = expectError(await c.get(`${url}?page=100001`), 400, 'VALIDATION', locale);
      expect(huge.fields![0].field, url).toBe('page');
      expectError(await c.get(`${url}?page=99999999999999999999999`), 400, 'VALIDATION', locale);
      const neg = expectError(await c.get(`${url}?pageSize=-5`), 400, 'VALIDATION', locale);
      expect(neg.fields![0].field, url).toBe('pageSize');
      expect(neg.fields![0].message).toMatch(zh ? /^每页条数：/ : /^Page size /);
      expectError(await c.get(`${url}?pageSize=0`), 400, 'VALIDATION', locale);
      expectError(await c.get(`${url}?page=0`), 400, 'VALIDATION', locale);
      expectError(await c.get(`${url}?page=1.5`), 400, 'VALIDATION', locale);
    }
    expectError(await c.get('/api/users?pageSize=201'), 400, 'VALIDATION', locale);
    // the deepest allowed page is simply empty
    const deep = await c.get('/api/users?page=100000&pageSize=200');
    expect(deep.statusCode).toBe(200);
    expect(json(deep)).toMatchObject({ items: [], page: 100000 });
  });

  it('a non-numeric, negative or zero id in the path', async () => {
    for (const bad of ['abc', '-1', '0', '1.5', '1e3x', '%20']) {
      const e = expectError(await c.get(`/api/users/${bad}`), 400, 'VALIDATION', locale);
      expect(e.fields![0].field, bad).toBe('id');
    }
    expectError(await c.patch('/api/users/abc', { displayName: 'x' }), 400, 'VALIDATION', locale);
    expectError(await c.get('/api/orgs/xyz'), 400, 'VALIDATION', locale);
  });

  it('an id beyond the integer range is not found, never a 500', async () => {
    const admin = await t.admin();
    admin.locale = locale;
    for (const url of ['/api/users/99999999999', '/api/orgs/99999999999', '/api/roles/99999999999', '/api/users?orgId=99999999999', '/api/orgs?parentId=99999999999']) {
      const res = await admin.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      expect([200, 400, 404], url).toContain(res.statusCode);
    }
    for (const res of [
      await admin.patch('/api/users/99999999999', { displayName: 'x' }),
      await admin.patch('/api/dicts/org_kind/items/99999999999', { labelZh: 'x' }),
      await admin.request('DELETE', '/api/regions/640100/parks/99999999999'),
      await admin.post('/api/users', { ...validUser(), orgId: 99999999999 }),
    ]) {
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
  });

  it('SQL-looking text in q is only text', async () => {
    const attacks = ["' OR '1'='1", "1; DROP TABLE users; --", "%' OR 1=1 --", "bi_jinfeng' --", '\\', "') UNION SELECT password_hash FROM users --"];
    const admin = await t.admin();
    admin.locale = locale;
    for (const q of attacks) {
      const enc = encodeURIComponent(q);
      for (const url of [`/api/users?q=${enc}`, `/api/orgs?q=${enc}`, `/api/oplog?q=${enc}`, `/api/loginlog?q=${enc}`, `/api/users/export?q=${enc}`]) {
        const res = await admin.get(url);
        expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
        if (!url.includes('export')) expect(json(res).total, url).toBe(0);
      }
    }
    // SQL in a path parameter is a name that does not exist
    expect((await admin.post(`/api/dicts/${encodeURIComponent("x' OR '1'='1")}/items`, { value: 'a', labelZh: 'a', labelEn: 'a' })).statusCode).toBe(404);
    // the tables are all still there, and the text really is searched as text
    expect(json(await admin.get('/api/users?q=bi_jinfeng')).total).toBe(1);
    expect((await t.database.db.select({ n: count() }).from(loginlog))[0].n).toBeGreaterThan(0);
  });

  it('control characters in text are refused or ignored, never a 500', async () => {
    const admin = await t.admin();
    admin.locale = locale;
    for (const url of ['/api/users?q=%00', '/api/users?q=a%00b', '/api/orgs?q=%00', '/api/oplog?q=%00', '/api/loginlog?q=%00']) {
      const res = await admin.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
    }
    const res = await admin.post('/api/dicts/%00/items', { value: 'a', labelZh: 'a', labelEn: 'a' });
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('a wrong content type', async () => {
    expectError(await c.request('POST', '/api/users', '<user><name>x</name></user>', { 'content-type': 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE', locale);
    expectError(await c.request('POST', '/api/users', 'username=x&password=y', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', locale);
    // plain text is parsed as a string, which is not an object
    const text = await c.request('POST', '/api/users', JSON.stringify(validUser()), { 'content-type': 'text/plain' });
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    expect(json(text).error.requestId).toBeTruthy();
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const given = await c.get('/api/users/abc', { 'x-request-id': `bad-input-${locale}` });
    expect(json(given).error.requestId).toBe(`bad-input-${locale}`);
    const replaced = await c.get('/api/users/abc', { 'x-request-id': 'has spaces and ; semicolons' });
    expect(json(replaced).error.requestId).not.toContain(' ');
  });

  it('none of the refused requests changed anything', async () => {
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(after.xixiaUser.displayName).toBe('bi_xixia');
  });
});
