import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { openDb, type Database } from '../db/client.js';
import { actorCache } from './actor-cache.js';
import { Sealer } from './crypto.js';
import { sha256Hex } from './crypto.js';
import { Client, createTestApp, json, USER_PASSWORD, type Json, type TestApp } from '../../test/harness.js';

/**
 * The session cache (platform/actor-cache.ts) forgets an actor whenever what makes it changes. On PostgreSQL two app
 * instances ("nodes") share one database: a change made through node A must show on node B, which had the actor cached.
 * On PGlite (one node) the same changes are checked on the node that made them.
 */
let t: TestApp;
let admin: Client;
let nodeB: { app: FastifyInstance; database: Database } | null = null;
let jinfeng: number;
let roleIds: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  jinfeng = await t.orgId('金凤区市场监督管理局');
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
  if (t.url) {
    const database = await openDb({ databaseUrl: t.url, poolSize: 4 });
    const app = await buildApp({ config: t.config, database, sealer: new Sealer(crypto.randomBytes(32)), logger: false });
    await app.ready();
    nodeB = { app, database };
  }
});
afterAll(async () => {
  await nodeB?.app.close();
  await nodeB?.database.close();
  await t?.close();
});

/** The same signed-in browser, its requests sent to the other node (PostgreSQL) or to the same one (PGlite). */
function elsewhere(c: Client): Client {
  const other = new Client(nodeB?.app ?? t.app);
  other.cookie = c.cookie;
  other.csrf = c.csrf;
  return other;
}

/** Node B has heard every notice committed so far (they arrive in commit order after its own marker's). */
async function heard() {
  await actorCache(nodeB?.database ?? t.database).sync();
}

async function signedIn(username: string, roles: string[]) {
  const id = await t.createUser({ username, orgId: jinfeng, roles });
  const a = await t.loginAs(username);
  const b = elsewhere(a);
  const me = await b.get('/api/auth/session'); // node B now has the actor cached
  expect(me.statusCode).toBe(200);
  const sid = sha256Hex(decodeURIComponent(a.cookie!.split('=')[1]));
  expect(actorCache(nodeB?.database ?? t.database).get(sid, Date.now())?.actor.userId).toBe(id);
  return { id, a, b, me: json(me).user };
}

describe('session cache', () => {
  it('a changed role assignment ends the sessions on the other node too (the user signs in as what they now are)', async () => {
    const { id, b, me } = await signedIn('ac_roles', ['district_staff']);
    expect(me.roles.map((r: Json) => r.code)).toEqual(['district_staff']);
    expect((await admin.patch(`/api/users/${id}`, { roleIds: [roleIds.city_staff] })).statusCode).toBe(200);
    await heard();
    expect((await b.get('/api/auth/session')).statusCode).toBe(401);
    const again = elsewhere(await t.loginAs('ac_roles'));
    expect(json(await again.get('/api/auth/session')).user.roles.map((r: Json) => r.code)).toEqual(['city_staff']);
  });

  it("a role's changed permissions show for its holders without signing in again", async () => {
    const created = await admin.post('/api/roles', { code: 'ac_perm_role', nameZh: '权限', nameEn: 'Perms', dataScope: 'org', permissions: ['orgs:read'] });
    expect(created.statusCode).toBe(200);
    const role = json(created);
    const { id } = await signedIn('ac_perm', ['provider_staff']);
    expect((await admin.patch(`/api/users/${id}`, { roleIds: [role.id] })).statusCode).toBe(200);
    const holder = elsewhere(await t.loginAs('ac_perm'));
    expect((await holder.get('/api/users')).statusCode).toBe(403);
    expect((await admin.patch(`/api/roles/${role.id}`, { permissions: ['orgs:read', 'users:read'] })).statusCode).toBe(200);
    await heard();
    expect((await holder.get('/api/users')).statusCode).toBe(200);
  });

  it("a role's changed data scope shows for every holder", async () => {
    const created = await admin.post('/api/roles', { code: 'ac_scope_role', nameZh: '范围', nameEn: 'Scope', dataScope: 'self', permissions: ['users:read'] });
    expect(created.statusCode).toBe(200);
    const role = json(created);
    const { b, me } = await signedIn('ac_scope', ['provider_staff']);
    expect(me.dataScope).toBe('org');
    const { id: holder } = await signedIn('ac_scope_holder', ['provider_staff']);
    expect((await admin.patch(`/api/users/${holder}`, { roleIds: [role.id] })).statusCode).toBe(200);
    const hb = elsewhere(await t.loginAs('ac_scope_holder'));
    expect(json(await hb.get('/api/auth/session')).user.dataScope).toBe('self');
    expect((await admin.patch(`/api/roles/${role.id}`, { dataScope: 'org_and_below' })).statusCode).toBe(200);
    await heard();
    expect(json(await hb.get('/api/auth/session')).user.dataScope).toBe('org_and_below');
    expect(json(await b.get('/api/auth/session')).user.dataScope).toBe('org');
  });

  it('a disabled user is signed out everywhere at once', async () => {
    const { id, b } = await signedIn('ac_disable', ['district_staff']);
    expect((await admin.patch(`/api/users/${id}`, { status: 'disabled' })).statusCode).toBe(200);
    await heard();
    expect((await b.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('signing out on one node ends the session on the other', async () => {
    const { a, b } = await signedIn('ac_logout', ['district_staff']);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    await heard();
    expect((await b.get('/api/auth/session')).statusCode).toBe(401);
  });

  it("a password changed ends the user's other sessions on every node", async () => {
    const { b } = await signedIn('ac_password', ['district_staff']);
    const other = await t.loginAs('ac_password');
    const res = await other.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Changed#Secret2026x' });
    if (res.statusCode !== 200) throw new Error(res.body);
    await heard();
    expect((await b.get('/api/auth/session')).statusCode).toBe(401);
    expect((await elsewhere(other).get('/api/auth/session')).statusCode).toBe(200);
  });

  it('TOTP switched on or off shows on the other node', async () => {
    const { id, b, me } = await signedIn('ac_totp', ['district_staff']);
    expect(me.totpEnabled).toBe(false);
    // enrolment needs a code from an authenticator: the stored switch is what the session reads
    await t.database.query('update users set totp_enabled = true where id = $1', [id]);
    await heard();
    const on = await b.get('/api/auth/session');
    expect(on.statusCode, on.body).toBe(200);
    expect(json(on).user.totpEnabled).toBe(true);
    expect((await admin.post(`/api/users/${id}/reset-totp`)).statusCode).toBe(200);
    await heard();
    expect((await b.get('/api/auth/session')).statusCode).toBe(401); // a reset ends the sessions
    const again = elsewhere(await t.loginAs('ac_totp'));
    expect(json(await again.get('/api/auth/session')).user.totpEnabled).toBe(false);
  });
});
