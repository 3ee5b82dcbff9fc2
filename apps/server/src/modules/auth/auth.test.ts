import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { eq } from 'drizzle-orm';
import { loginlog, users } from '../../db/schema/index.js';
import fs from 'node:fs';
import { initialPasswordFile } from '../../seed.js';
import { ADMIN_PASSWORD, createTestApp, json, USER_PASSWORD, type TestApp } from '../../../test/harness.js';
import { actorCache } from '../../platform/actor-cache.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('first login of the initial admin', () => {
  it('must change the password before anything else, and the new password must meet the policy', async () => {
    const c = t.client();
    const res = await c.login('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(json(res).user).toMatchObject({ username: 'admin', mustChangePassword: true });
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const blocked = await c.get('/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(json(blocked).error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });

    const weak = await c.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).error.fields[0]).toMatchObject({ field: 'newPassword' });
    expect(json(weak).error.fields[0].message).toMatch(/^新密码：/);

    const ok = await c.post('/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Brand#New2026' });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/users')).statusCode).toBe(200);
    const session = json(await c.get('/api/auth/session'));
    expect(session.user).toMatchObject({ mustChangePassword: false, adminTotpAdvice: true });
  });
});

describe('the initial password file (issue 22 item 9)', () => {
  it('is deleted when its user sets their own password, not when someone else does', async () => {
    const orgId = await t.orgId('金凤区市场监督管理局');
    await t.createUser({ username: 'pwfile_first', orgId, roles: ['district_staff'] });
    await t.createUser({ username: 'pwfile_other', orgId, roles: ['district_staff'] });
    const file = initialPasswordFile(t.config.dataDir);
    fs.writeFileSync(file, `pwfile_first\n${USER_PASSWORD}\n`, { mode: 0o600 });
    const other = await t.loginAs('pwfile_other');
    expect((await other.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Other#Pass2026' })).statusCode).toBe(200);
    expect(fs.existsSync(file)).toBe(true);
    const first = await t.loginAs('pwfile_first');
    // a refused change keeps it
    expect((await first.post('/api/auth/password', { currentPassword: 'wrong', newPassword: 'First#Pass2026' })).statusCode).not.toBe(200);
    expect(fs.existsSync(file)).toBe(true);
    expect((await first.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'First#Pass2026' })).statusCode).toBe(200);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('password policy (issue 21 item 5)', () => {
  it('refuses common passwords and ones holding the organisation name or credit code, naming the rule in zh and en', async () => {
    const orgId = await t.orgId('金凤区市场监督管理局');
    await t.createUser({ username: 'policy_user', orgId, roles: ['district_staff'] });
    const c = await t.loginAs('policy_user');
    const common = await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Password1' });
    expect(common.statusCode).toBe(400);
    expect(json(common).error).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ field: 'newPassword', message: expect.stringContaining('不是常见密码') }] });
    const org = await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: '金凤区市场监督管理局#2026a' });
    expect(json(org).error.fields[0].message).toContain('不含单位名称或统一社会信用代码');
    c.locale = 'en-US';
    const en = await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'P@ssw0rd' });
    expect(json(en).error.fields[0].message).toMatch(/not a common password/);
    // an administrator cannot hand out a common password either
    const admin = await t.admin();
    const roles = json<{ items: { id: number; code: string }[] }>(await admin.get('/api/roles')).items;
    const roleIds = [roles.find((r) => r.code === 'district_staff')!.id];
    const created = await admin.post('/api/users', { username: 'policy_new', displayName: 'x', orgId, roleIds, password: 'Qwerty123' });
    expect(created.statusCode).toBe(400);
    expect(json(created).error).toMatchObject({ code: 'WEAK_PASSWORD', fields: [{ field: 'password' }] });
  });
});

describe('login', () => {
  it('answers the same for an unknown user and a wrong password, and logs both', async () => {
    await t.createUser({ username: 'alice', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const a = await t.client().login('nobody', 'Whatever#1');
    const b = await t.client().login('alice', 'Wrong#Pass1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(json(a).error.code).toBe('INVALID_CREDENTIALS');
    expect(json(b).error.code).toBe('INVALID_CREDENTIALS');
    expect(json(a).error.message).toBe(json(b).error.message);
    const rows = await t.database.db.select().from(loginlog);
    expect(rows.map((r) => r.result)).toEqual(expect.arrayContaining(['unknown_user', 'bad_password']));
    const bad = rows.find((r) => r.result === 'bad_password')!;
    expect(bad.userAgent).toBe('lightMyRequest');
    expect(bad.ip).toBe('127.0.0.1');
  });

  it('refuses disabled accounts', async () => {
    await t.createUser({ username: 'carol', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'], status: 'disabled' });
    const res = await t.client().login('carol', USER_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('ACCOUNT_DISABLED');
  });

  it('speaks English when asked', async () => {
    const c = t.client();
    c.locale = 'en-US';
    const res = await c.login('nobody', 'x');
    expect(json(res).error.message).toBe('Wrong user name or password');
  });
});

describe('sessions', () => {
  it('needs the CSRF token on every state change', async () => {
    await t.createUser({ username: 'dave', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const c = await t.loginAs('dave');
    const res = await c.post('/api/auth/logout', {}, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('CSRF');
    expect((await c.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('ends after 30 minutes without a request', async () => {
    await t.createUser({ username: 'erin', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const c = await t.loginAs('erin');
    await t.database.query(`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where username = 'erin')`);
    await actorCache(t.database).sync(); // written beside the app: the node forgets its copy once the notice arrives
    const res = await c.get('/api/auth/session');
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('SESSION_EXPIRED');
  });

  it('logout revokes the session on the server', async () => {
    await t.createUser({ username: 'frank', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const c = await t.loginAs('frank');
    const cookie = c.cookie;
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    c.cookie = cookie;
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
  });
});

describe('two-factor login (TOTP, RFC 6238)', () => {
  it('enrols with an authenticator, then asks for a code at login and never accepts one twice', async () => {
    await t.createUser({ username: 'grace', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const c = await t.loginAs('grace');
    const setup = json(await c.post('/api/auth/totp/setup'));
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.qrSvg).toMatch(/^<svg/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret as string), digits: 6, period: 30 });
    expect((await c.post('/api/auth/totp/enable', { code: '000000' === totp.generate() ? '111111' : '000000' })).statusCode).toBe(400);
    const code = totp.generate();
    expect((await c.post('/api/auth/totp/enable', { code })).statusCode).toBe(200);

    const noCode = await t.client().login('grace', USER_PASSWORD);
    expect(json(noCode).error.code).toBe('TOTP_REQUIRED');
    // the code used for enrolment is spent
    expect(json(await t.client().login('grace', USER_PASSWORD, code)).error.code).toBe('TOTP_INVALID');
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    expect((await t.client().login('grace', USER_PASSWORD, next)).statusCode).toBe(200);
    const [u] = await t.database.db.select().from(users).where(eq(users.username, 'grace'));
    expect(u.totpSecret).toMatch(/^v1\./); // sealed at rest, never the base32 secret
    expect(u.totpSecret).not.toContain(setup.secret as string);
  });

  it('enabling two factors ends the user\'s other sessions, as a password change does (issue 21 item 6)', async () => {
    await t.createUser({ username: 'ivan', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
    const here = await t.loginAs('ivan');
    const elsewhere = await t.loginAs('ivan');
    const setup = json(await here.post('/api/auth/totp/setup'));
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret as string), digits: 6, period: 30 });
    expect((await here.post('/api/auth/totp/enable', { code: totp.generate() })).statusCode).toBe(200);
    expect((await here.get('/api/auth/session')).statusCode).toBe(200);
    const ended = await elsewhere.get('/api/auth/session');
    expect(ended.statusCode).toBe(401);
    expect(json(ended).error.code).toBe('UNAUTHENTICATED');
  });

  it('a role can make two factors mandatory: its users may only enrol until they do', async () => {
    const admin = await t.admin();
    const roles = json<{ items: { id: number; code: string }[] }>(await admin.get('/api/roles')).items;
    const district = roles.find((r) => r.code === 'site_staff')!;
    expect((await admin.patch(`/api/roles/${district.id}`, { totpRequired: true })).statusCode).toBe(200);
    await t.createUser({ username: 'heidi', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['site_staff'] });
    const c = await t.loginAs('heidi');
    expect(json(await c.get('/api/auth/session')).user).toMatchObject({ mustEnrollTotp: true });
    const res = await c.get('/api/orgs');
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('TOTP_ENROLL_REQUIRED');
    expect((await c.post('/api/auth/totp/setup')).statusCode).toBe(200);
  });
});
