/**
 * The access matrix: every operation the OpenAPI document lists, for a user of every built-in role and for an
 * anonymous client, is allowed or denied exactly as its `x-access` says; then data scope across districts and
 * enterprises, for single records, lists and exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ALL_PERMISSIONS, BUILTIN_ROLES } from '@shangmi/shared';
import { count, eq } from 'drizzle-orm';
import { users } from '../db/schema/index.js';
import type { Deps } from './context.js';
import { createSession, SESSION_COOKIE } from './session.js';
import { createTestApp, json, type Client, type Json, readXlsx } from '../../test/harness.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Operation {
  method: Method;
  path: string;
  access: string | undefined;
  label: string;
}
interface Actor {
  role: string;
  userId: number | null;
  username: string | null;
  client: Client;
  permissions: Set<string>;
}
interface Req {
  url: string;
  body?: unknown;
  /** a different client than the actor's usual one (sign-out must not end the session the other routes use) */
  client?: Client;
  headers?: Record<string, string>;
}

// the operation list is read from the running app, so `it.each` below can name every route
const t = await createTestApp();
const doc = json(await t.client().get('/api/openapi.json'));
const ops: Operation[] = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, op]) => ({
    method: method.toUpperCase() as Method,
    path,
    access: op['x-access'] as string | undefined,
    label: `${method.toUpperCase()} ${path} (${String(op['x-access'])})`,
  })),
);

afterAll(async () => t.close());

const errorCode = (res: LightMyRequestResponse): string | undefined => {
  try {
    return json(res)?.error?.code;
  } catch {
    return undefined;
  }
};

let admin: Client;
const org: Record<string, number> = {};
const roleIds: Record<string, number> = {};
const actors: Actor[] = [];
let targetUser: number;
let targetOrg: number;
let targetRole: number;
let targetPark: number;
let targetDictItem: number;
let n = 0;
const uniq = () => ++n;

/** Where a user of each built-in role lives; a role added later without a home here gets a child org of 金凤区. */
const HOME: Record<string, string> = {
  platform_admin: 'root',
  city_admin: 'city',
  city_staff: 'city',
  district_staff: 'jinfeng',
  site_staff: 'site',
  partner_staff: 'police',
  provider_staff: 'provider',
  enterprise_admin: 'enterprise',
  enterprise_member: 'enterprise',
  enterprise_protection: 'enterprise',
};

beforeAll(async () => {
  admin = await t.admin();
  org.root = await t.orgId('商秘通平台');
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xixia = await t.orgId('西夏区市场监督管理局');
  org.police = await t.orgId('银川市公安局');
  const child = async (name: string, kind: string, parentId = org.jinfeng) => {
    const res = await admin.post('/api/orgs', { parentId, name, kind });
    if (res.statusCode !== 200) throw new Error(`org ${name}: ${res.body}`);
    return json(res).id as number;
  };
  org.site = await child('金凤区矩阵测试站', 'site');
  org.provider = await child('矩阵测试服务机构', 'provider');
  org.enterprise = await child('矩阵测试企业', 'enterprise');
  org.other = await child('矩阵其他单位', 'other');
  targetOrg = await child('矩阵目标机构', 'other');
  for (const r of json(await admin.get('/api/roles')).items) roleIds[r.code] = r.id;

  for (const r of BUILTIN_ROLES) {
    const username = `mx_${r.code}`;
    const userId = await t.createUser({ username, orgId: org[HOME[r.code] ?? 'other'], roles: [r.code] });
    actors.push({ role: r.code, userId, username, client: await t.loginAs(username), permissions: new Set(r.permissions) });
  }
  actors.push({ role: 'anonymous', userId: null, username: null, client: t.client(), permissions: new Set() });

  targetUser = await t.createUser({ username: 'mx_target', orgId: org.enterprise, roles: ['enterprise_member'] });
  targetRole = json(await admin.post('/api/roles', { code: 'mx_target_role', nameZh: '矩阵目标角色', nameEn: 'Matrix target', dataScope: 'org', permissions: ['orgs:read'] })).id;
  targetPark = json(await admin.post('/api/regions/640100/parks', { name: '矩阵目标园区' })).id;
  await admin.post('/api/dicts', { code: 'mx_dict', nameZh: '矩阵字典', nameEn: 'Matrix dictionary' });
  targetDictItem = json(await admin.post('/api/dicts/mx_dict/items', { value: 'target', labelZh: '目标', labelEn: 'Target' })).id;
});

/** Another session of the same user, made directly (a login would cost a password hash). */
async function secondSession(userId: number): Promise<Client> {
  const s = await createSession({ database: t.database, config: t.config } as Deps, userId, { ip: null, userAgent: null, now: new Date() });
  const c = t.client();
  c.cookie = `${SESSION_COOKIE}=${s.token}`;
  c.csrf = s.csrfToken;
  return c;
}

const fresh = {
  org: async () => json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: `矩阵待删机构${uniq()}`, kind: 'other' })).id,
  role: async () =>
    json(await admin.post('/api/roles', { code: `mx_doomed_${uniq()}`, nameZh: '待删角色', nameEn: 'Doomed', dataScope: 'org', permissions: ['orgs:read'] })).id,
  park: async () => json(await admin.post('/api/regions/640100/parks', { name: `矩阵待删园区${uniq()}` })).id,
  dictItem: async () => json(await admin.post('/api/dicts/mx_dict/items', { value: `doomed${uniq()}`, labelZh: '待删', labelEn: 'Doomed' })).id,
};

/**
 * A request for each operation that, when allowed, exercises the route without harming the actors' sessions.
 * Operations not listed here get their path parameters filled generically and an empty JSON body.
 */
const REQUESTS: Record<string, (a: Actor) => Promise<Req>> = {
  // a missing password: 400 before any credential check, and no new session replaces the actor's cookie
  'POST /api/auth/login': async () => ({ url: '/api/auth/login', body: { username: 'mx_nobody' } }),
  'POST /api/auth/logout': async (a) => ({ url: '/api/auth/logout', client: a.userId ? await secondSession(a.userId) : a.client }),
  // bodies that fail validation where a valid one would cost a password hash per actor: access is decided before validation
  'POST /api/auth/password': async () => ({ url: '/api/auth/password', body: { currentPassword: '', newPassword: 'Another#Pass2026' } }),
  // a malformed code: a well-formed wrong one answers TOTP_INVALID, a 401 that is not about access
  'POST /api/auth/totp/enable': async () => ({ url: '/api/auth/totp/enable', body: { code: 'abc' } }),
  'POST /api/auth/totp/disable': async () => ({ url: '/api/auth/totp/disable', body: { password: '' } }),
  // a body that fails validation: adding a real region per actor would change the matrix's own scope
  'POST /api/regions': async () => ({ url: '/api/regions', body: { code: 'matrix' } }),
  'GET /api/sites/hosts': async () => ({ url: '/api/sites/hosts?q=%E9%93%B6%E5%B7%9D' }),
  'POST /api/regions/{code}/parks': async () => ({ url: '/api/regions/640100/parks', body: { name: `矩阵园区${uniq()}` } }),
  'PATCH /api/regions/{code}/parks/{id}': async () => ({ url: `/api/regions/640100/parks/${targetPark}`, body: { nameEn: 'Matrix park' } }),
  'DELETE /api/regions/{code}/parks/{id}': async () => ({ url: `/api/regions/640100/parks/${await fresh.park()}` }),
  'POST /api/orgs': async () => ({ url: '/api/orgs', body: { parentId: org.jinfeng, name: `矩阵新机构${uniq()}`, kind: 'other' } }),
  'GET /api/orgs/{id}': async () => ({ url: `/api/orgs/${targetOrg}` }),
  'PATCH /api/orgs/{id}': async () => ({ url: `/api/orgs/${targetOrg}`, body: { contactName: '矩阵' } }),
  'DELETE /api/orgs/{id}': async () => ({ url: `/api/orgs/${await fresh.org()}` }),
  'POST /api/users': async () => ({
    url: '/api/users',
    body: { username: `mx_new_${uniq()}`, displayName: '矩阵新用户', orgId: org.enterprise, roleIds: [roleIds.enterprise_member], password: 'Matrix#Pass2026' },
  }),
  'GET /api/users/{id}': async () => ({ url: `/api/users/${targetUser}` }),
  'PATCH /api/users/{id}': async () => ({ url: `/api/users/${targetUser}`, body: { displayName: '矩阵目标' } }),
  'POST /api/users/{id}/unlock': async () => ({ url: `/api/users/${targetUser}/unlock` }),
  'POST /api/users/{id}/reset-totp': async () => ({ url: `/api/users/${targetUser}/reset-totp` }),
  'POST /api/users/{id}/reset-password': async () => ({ url: `/api/users/${targetUser}/reset-password`, body: { password: 'Matrix#Reset2026' } }),
  'POST /api/roles': async () => ({
    url: '/api/roles',
    body: { code: `mx_role_${uniq()}`, nameZh: '矩阵角色', nameEn: 'Matrix role', dataScope: 'org', permissions: ['orgs:read'] },
  }),
  'GET /api/roles/{id}': async () => ({ url: `/api/roles/${targetRole}` }),
  'PATCH /api/roles/{id}': async () => ({ url: `/api/roles/${targetRole}`, body: { nameEn: 'Matrix target (edited)' } }),
  'DELETE /api/roles/{id}': async () => ({ url: `/api/roles/${await fresh.role()}` }),
  'POST /api/dicts': async () => ({ url: '/api/dicts', body: { code: `mx_type_${uniq()}`, nameZh: '矩阵类型', nameEn: 'Matrix type' } }),
  'POST /api/dicts/{code}/items': async () => ({ url: '/api/dicts/mx_dict/items', body: { value: `v${uniq()}`, labelZh: '矩阵项', labelEn: 'Matrix item' } }),
  'PATCH /api/dicts/{code}/items/{id}': async () => ({ url: `/api/dicts/mx_dict/items/${targetDictItem}`, body: { labelEn: 'Target (edited)' } }),
  'DELETE /api/dicts/{code}/items/{id}': async () => ({ url: `/api/dicts/mx_dict/items/${await fresh.dictItem()}` }),
  // the credit platforms' pull API: public, authenticated by its own token
  'GET /api/credit/feed': async () => ({ url: '/api/credit/feed', headers: { authorization: `Bearer ${(await creditToken()) as string}` } }),
};

let feedToken: string | undefined;
async function creditToken() {
  feedToken ??= json(await admin.post('/api/credit/tokens', { name: '矩阵信用平台' })).token as string;
  return feedToken;
}

async function requestFor(op: Operation, a: Actor): Promise<Req> {
  const specific = REQUESTS[`${op.method} ${op.path}`];
  if (specific) return specific(a);
  const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'code' ? '640100' : String(targetOrg)));
  return { url, body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} };
}

function expectedAllowed(access: string, a: Actor): boolean {
  if (access === 'public') return true;
  if (!a.username) return false;
  return access === 'self' || a.permissions.has(access);
}

describe('the OpenAPI document is the permission map', () => {
  it('lists a non-trivial number of operations, each with x-access', () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
    expect(ops.filter((o) => !o.access).map((o) => o.label)).toEqual([]);
  });

  it('every x-access is a known permission, self or public', () => {
    const known = new Set<string>([...ALL_PERMISSIONS, 'self', 'public']);
    expect(ops.filter((o) => !known.has(o.access ?? '')).map((o) => o.label)).toEqual([]);
  });

  it('has a matrix user for every built-in role, and none of them is held up by a forced step', async () => {
    expect(actors.map((a) => a.role)).toEqual([...BUILTIN_ROLES.map((r) => r.code), 'anonymous']);
    for (const a of actors.filter((x) => x.username)) {
      const me = json(await a.client.get('/api/auth/session')).user;
      expect(me, a.role).toMatchObject({ mustChangePassword: false, mustEnrollTotp: false });
      expect([...me.permissions].sort(), a.role).toEqual([...a.permissions].sort());
    }
  });
});

describe('access matrix: every operation × every built-in role + anonymous', () => {
  it.each(ops.map((o) => [o.label, o] as const))('%s', async (_label, op) => {
    const problems: string[] = [];
    for (const a of actors) {
      const req = await requestFor(op, a);
      const res = await (req.client ?? a.client).request(op.method, req.url, req.body as never, req.headers);
      const code = errorCode(res);
      const got = `${res.statusCode}${code ? ` ${code}` : ''}`;
      if (expectedAllowed(op.access!, a)) {
        if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500) problems.push(`${a.role}: should be allowed, got ${got}`);
      } else if (a.username) {
        if (res.statusCode !== 403 || code !== 'FORBIDDEN') problems.push(`${a.role}: should be 403 FORBIDDEN, got ${got}`);
      } else if (res.statusCode !== 401 || code !== 'UNAUTHENTICATED') {
        problems.push(`anonymous: should be 401 UNAUTHENTICATED, got ${got}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('data scope across districts and enterprises', () => {
  let xixiaAdmin: Client;
  let jinfengUser: number;
  let xixiaNames: Set<string>;
  let xixiaIds: Set<number>;

  beforeAll(async () => {
    // 西夏区 officer who may also manage users, within their own district and below
    expect(
      (
        await admin.post('/api/roles', {
          code: 'district_user_admin',
          nameZh: '区县用户管理',
          nameEn: 'District user admin',
          dataScope: 'org_and_below',
          permissions: ['users:read', 'users:create', 'users:update'],
        })
      ).statusCode,
    ).toBe(200);
    await t.createUser({ username: 'xx_admin', orgId: org.xixia, roles: ['district_staff', 'district_user_admin'] });
    xixiaAdmin = await t.loginAs('xx_admin');
    const xixiaSite = json(await admin.post('/api/orgs', { parentId: org.xixia, name: '西夏区测试站', kind: 'site' })).id;
    await t.createUser({ username: 'xx_site_user', orgId: xixiaSite, roles: ['site_staff'] });
    jinfengUser = await t.createUser({ username: 'jf_victim', orgId: org.jinfeng, roles: ['district_staff'] });
    // both districts leave rows in both logs
    const jf = await t.loginAs('jf_victim');
    await jf.post('/api/roles', { code: 'jf_denied', nameZh: 'x', nameEn: 'x', dataScope: 'org', permissions: [] });
    await jf.post('/api/auth/totp/setup');
    await xixiaAdmin.post('/api/auth/totp/setup');
    await t.client().login('jf_victim', 'Wrong#Pass2026');

    const [{ path }] = await t.database.query<{ path: string }>('select path from orgs where id = $1', [org.xixia]);
    const inXixia = await t.database.query<{ id: number; name: string }>('select id, name from orgs where path like $1', [`${path}%`]);
    xixiaIds = new Set(inXixia.map((o) => o.id));
    xixiaNames = new Set(inXixia.map((o) => o.name));
  });

  it('a 西夏区 officer gets 404 for a 金凤区 user, read or write', async () => {
    const get = await xixiaAdmin.get(`/api/users/${jinfengUser}`);
    expect(get.statusCode).toBe(404);
    expect(json(get).error.code).toBe('NOT_FOUND');
    const patch = await xixiaAdmin.patch(`/api/users/${jinfengUser}`, { displayName: '被改了' });
    expect(patch.statusCode).toBe(404);
    expect((await xixiaAdmin.patch(`/api/users/${jinfengUser}`, { status: 'disabled' })).statusCode).toBe(404);
    expect((await xixiaAdmin.post(`/api/users/${jinfengUser}/unlock`)).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, jinfengUser));
    expect(row).toMatchObject({ displayName: 'jf_victim', status: 'active' });
    // the same officer does reach a user of their own district
    const own = json(await xixiaAdmin.get('/api/users?q=xx_site_user')).items[0];
    expect((await xixiaAdmin.get(`/api/users/${own.id}`)).statusCode).toBe(200);
  });

  it('lists only users of 西夏区 and below, whatever the filters', async () => {
    for (const query of ['', '?q=jf_', `?orgId=${org.jinfeng}`, `?orgId=${org.city}`, `?roleId=${roleIds.district_staff}`]) {
      const page = json(await xixiaAdmin.get(`/api/users${query}${query ? '&' : '?'}pageSize=200`));
      expect(page.items.every((u: Json) => xixiaIds.has(u.orgId) && xixiaNames.has(u.orgName)), query).toBe(true);
      expect(page.items.map((u: Json) => u.username), query).not.toContain('jf_victim');
    }
    const all = json(await xixiaAdmin.get('/api/users?pageSize=200'));
    expect(all.items.map((u: Json) => u.username).sort()).toEqual(['xx_admin', 'xx_site_user']);
    expect(all.total).toBe(2);
  });

  it('sees only 西夏区 rows in the operation log and the login log', async () => {
    const ops = json(await xixiaAdmin.get('/api/oplog?pageSize=200'));
    expect(ops.items.length).toBeGreaterThan(0);
    expect(ops.items.every((e: Json) => xixiaIds.has(e.orgId))).toBe(true);
    expect(ops.items.map((e: Json) => e.username)).not.toContain('jf_victim');
    const logins = json(await xixiaAdmin.get('/api/loginlog?pageSize=200'));
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e: Json) => xixiaNames.has(e.orgName))).toBe(true);
    expect(logins.items.map((e: Json) => e.username)).not.toContain('jf_victim');
  });

  it('exports respect the same scope', async () => {
    const userRows = await readXlsx(await xixiaAdmin.get('/api/users/export'));
    expect(userRows[0][2]).toBe('所属机构');
    expect(userRows.slice(1).map((r) => r[0]).sort()).toEqual(['xx_admin', 'xx_site_user']);
    expect(userRows.slice(1).every((r) => xixiaNames.has(r[2]))).toBe(true);
    const jfFiltered = await readXlsx(await xixiaAdmin.get(`/api/users/export?orgId=${org.jinfeng}`));
    expect(jfFiltered.length).toBe(1);

    const orgRows = await readXlsx(await xixiaAdmin.get('/api/orgs/export'));
    expect(orgRows.slice(1).every((r) => xixiaIds.has(Number(r[0])))).toBe(true);
    expect(orgRows.length - 1).toBe(xixiaIds.size);

    const opRows = await readXlsx(await xixiaAdmin.get('/api/oplog/export'));
    expect(opRows[0][3]).toBe('机构');
    expect(opRows.length).toBeGreaterThan(1);
    expect(opRows.slice(1).every((r) => xixiaNames.has(r[3]))).toBe(true);
    const loginRows = await readXlsx(await xixiaAdmin.get('/api/loginlog/export'));
    expect(loginRows[0][2]).toBe('机构');
    expect(loginRows.length).toBeGreaterThan(1);
    expect(loginRows.slice(1).every((r) => xixiaNames.has(r[2]))).toBe(true);
  });

  it('cannot create a user in 金凤区, even holding users:create with scope org_and_below', async () => {
    const [{ before }] = await t.database.db.select({ before: count() }).from(users);
    const res = await xixiaAdmin.post('/api/users', {
      username: 'xx_smuggled',
      displayName: '越界用户',
      orgId: org.jinfeng,
      roleIds: [roleIds.district_staff],
      password: 'Smuggle#Pass2026',
    });
    expect([400, 403, 404]).toContain(res.statusCode);
    if (res.statusCode === 400) expect(json(res).error.fields[0].field).toBe('orgId');
    // nor move one of their own users there
    const own = json(await xixiaAdmin.get('/api/users?q=xx_site_user')).items[0];
    const move = await xixiaAdmin.patch(`/api/users/${own.id}`, { orgId: org.jinfeng });
    expect([400, 403, 404]).toContain(move.statusCode);
    const [{ after }] = await t.database.db.select({ after: count() }).from(users);
    expect(after).toBe(before);
    expect((await t.database.db.select().from(users).where(eq(users.username, 'xx_smuggled'))).length).toBe(0);
    expect((await t.database.db.select().from(users).where(eq(users.id, own.id)))[0].orgId).not.toBe(org.jinfeng);
    // in their own district it works
    const ok = await xixiaAdmin.post('/api/users', {
      username: 'xx_new',
      displayName: '西夏新用户',
      orgId: org.xixia,
      roleIds: [roleIds.district_staff],
      password: 'Proper#Pass2026',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('an enterprise administrator sees only their own organisation\'s users', async () => {
    const other = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '另一家企业', kind: 'enterprise' })).id;
    const outsider = await t.createUser({ username: 'other_ent_user', orgId: other, roles: ['enterprise_member'] });
    const below = json(await admin.post('/api/orgs', { parentId: org.enterprise, name: '矩阵企业分公司', kind: 'enterprise' })).id;
    const branchUser = await t.createUser({ username: 'ent_branch_user', orgId: below, roles: ['enterprise_member'] });
    const entAdmin = actors.find((a) => a.role === 'enterprise_admin')!.client;

    const page = json(await entAdmin.get('/api/users?pageSize=200'));
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((u: Json) => u.orgId === org.enterprise)).toBe(true);
    expect(page.items.map((u: Json) => u.username)).toEqual(expect.arrayContaining(['mx_enterprise_admin', 'mx_target']));
    for (const id of [outsider, branchUser]) {
      expect((await entAdmin.get(`/api/users/${id}`)).statusCode).toBe(404);
      expect((await entAdmin.patch(`/api/users/${id}`, { displayName: 'x' })).statusCode).toBe(404);
      expect((await entAdmin.post(`/api/users/${id}/reset-password`, { password: 'Taken#Over2026' })).statusCode).toBe(404);
    }
    const rows = await readXlsx(await entAdmin.get('/api/users/export'));
    expect(rows.length - 1).toBe(page.total);
    expect(rows.slice(1).every((r) => r[2] === '矩阵测试企业')).toBe(true);

    // an enterprise member (scope self, no users:read) sees nobody
    const member = actors.find((a) => a.role === 'enterprise_member')!.client;
    expect((await member.get('/api/users')).statusCode).toBe(403);
    expect((await member.get(`/api/users/${outsider}`)).statusCode).toBe(403);
  });
});
