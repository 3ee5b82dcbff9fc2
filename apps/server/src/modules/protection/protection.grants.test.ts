/**
 * Access grants on both databases: a grant opens chosen parts for a while and to whom it names; it expires and is
 * revoked; every view is logged and shown to the enterprise; a grant outside the enterprise's region is refused. And the
 * register's promise: no response to anyone outside the enterprise — any role, any GET route of the API — carries a
 * register field, unless a grant opened it (and then only the part it opened).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { accessGrants, orgs } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { fileEnterprise, secretBody, type FileEnterprise } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
let ent: FileEnterprise;
let other: FileEnterprise;
let siteOrg: number;
let providerOrg: number;
let jinfeng: number;
let foreignOrg: number;
let foreignOfficer: number;
let officerA: number;
const clients: Record<string, Client> = {};
const ids: Record<string, number> = {};

const MARK = 'MARKER';
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  ent = await fileEnterprise(t, admin, 'pg', '宁夏授权档案科技有限公司', 'WT7E0');
  other = await fileEnterprise(t, admin, 'pg2', '宁夏别家授权科技有限公司', 'XT7E0');
  await t.createUser({ username: 'pg2_officer', orgId: other.orgId, roles: ['enterprise_protection'] });
  jinfeng = await t.orgId('金凤区市场监督管理局');
  siteOrg = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '金凤区授权测试站', kind: 'site' })).id;
  providerOrg = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '授权测试律所', kind: 'provider' })).id;
  // another pilot region and one of its officers
  await t.database.db.execute(sql`insert into regions (code, name, name_en) values ('640200', '石嘴山市', 'Shizuishan') on conflict do nothing`);
  const [root] = await t.database.db.select().from(orgs).where(eq(orgs.kind, 'platform'));
  const [f] = await t.database.db.insert(orgs).values({ parentId: root!.id, path: '/', name: '石嘴山市市场监督管理局', kind: 'city_bureau', regionCode: '640200' }).returning();
  await t.database.db.update(orgs).set({ path: `${root!.path}${f!.id}/` }).where(eq(orgs.id, f!.id));
  foreignOrg = f!.id;
  foreignOfficer = await t.createUser({ username: 'pg_foreign', orgId: foreignOrg, roles: ['city_staff'] });
  officerA = await t.createUser({ username: 'pg_officer_a', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'pg_officer_b', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'pg_site', orgId: siteOrg, roles: ['site_staff'] });
  await t.createUser({ username: 'pg_provider', orgId: providerOrg, roles: ['provider_staff'] });
  await t.createUser({ username: 'pg_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_admin'] });
  await t.createUser({ username: 'pg_police', orgId: await t.orgId('银川市公安局'), roles: ['partner_staff'] });
  for (const u of ['pg_officer_a', 'pg_officer_b', 'pg_site', 'pg_provider', 'pg_city', 'pg_police', 'pg_foreign', 'pg2_officer']) clients[u] = await t.loginAs(u);
  clients.pg2_admin = other.admin;
  clients.platform = admin;

  // a register whose every field carries the marker
  const s = json(
    await ent.admin.post(
      '/api/protection/secrets',
      secretBody(`${MARK}名称`, {
        code: `${MARK}-777`,
        department: `${MARK}部门`,
        custodianName: `${MARK}责任人`,
        summary: `${MARK}说明`,
        carriers: [{ kind: 'paper', description: `${MARK}载体`, location: `${MARK}位置` }],
        value: { advantages: ['cost'], notPublic: [], note: `${MARK}价值` },
      }),
    ),
  );
  ids.secret = s.id;
  ids.person = json(await ent.admin.post('/api/protection/people', { name: `${MARK}人员`, kind: 'employee', department: `${MARK}人员部门`, email: 'marker@example.com' })).id;
  await ent.admin.post(`/api/protection/secrets/${s.id}/measures`, { requirementId: 'carriers.marking', takenOn: '2025-01-01', note: `${MARK}措施` });
  ids.notice = json(await ent.admin.post('/api/protection/notices', { personIds: [ids.person], secretIds: [s.id] })).items[0].noticeId;
});
afterAll(async () => t?.close());

describe('grants', () => {
  it('offer the sites, providers and bureaus of the enterprise’s own region', async () => {
    const opts = json(await ent.admin.get('/api/protection/grantees'));
    const names = opts.map((o: Json) => o.orgName);
    expect(names).toEqual(expect.arrayContaining(['金凤区授权测试站', '授权测试律所', '金凤区市场监督管理局', '银川市市场监督管理局']));
    expect(names).not.toContain('石嘴山市市场监督管理局');
    expect(opts.find((o: Json) => o.orgId === jinfeng).users.map((u: Json) => u.id)).toContain(officerA);
    expect(opts.every((o: Json) => ['site', 'provider', 'district_bureau', 'city_bureau'].includes(o.kind))).toBe(true);
  });

  it('to another region’s officer, past the longest term or of an unknown part are refused; nothing is created', async () => {
    const before = await count('access_grants');
    const base = { parts: ['register'], purpose: '现场检查', validUntil: day(7) };
    const region = await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: foreignOrg, granteeUserId: foreignOfficer });
    expect(region.statusCode).toBe(400);
    expect(json(region).error.fields[0].field).toBe('granteeOrgId');
    const smuggled = await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: jinfeng, granteeUserId: foreignOfficer });
    expect(json(smuggled).error.fields[0].field).toBe('granteeUserId');
    expect(json(await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: jinfeng, validUntil: day(365) })).error.fields[0].field).toBe('validUntil');
    expect(json(await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: jinfeng, validUntil: day(0) })).error.fields[0].field).toBe('validUntil');
    expect(json(await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: jinfeng, parts: ['secrets'] })).error.fields[0].field).toBe('parts');
    expect(json(await ent.admin.post('/api/protection/grants', { ...base, granteeOrgId: other.orgId })).error.fields[0].field).toBe('granteeOrgId');
    expect(await count('access_grants')).toBe(before);
    // only the administrator opens the file: the protection officer may not
    expect((await clients.pg2_officer.post('/api/protection/grants', { ...base, granteeOrgId: jinfeng })).statusCode).toBe(403);
  });

  it('open the chosen parts to the site, log every view and show them to the enterprise; the grantee is told', async () => {
    const g = json(await ent.admin.post('/api/protection/grants', { granteeOrgId: siteOrg, parts: ['register', 'people'], purpose: '实地指导', validUntil: day(10) }));
    expect(g).toMatchObject({ status: 'active', granteeOrgName: '金凤区授权测试站', views: 0 });
    ids.siteGrant = g.id;
    const site = clients.pg_site;
    const mine = json(await site.get('/api/protection/granted'));
    expect(mine.map((x: Json) => x.id)).toEqual([g.id]);
    expect(mine[0].enterpriseName).toBe('宁夏授权档案科技有限公司');
    const reg = await site.get(`/api/protection/granted/${g.id}/register`);
    expect(reg.statusCode, reg.body).toBe(200);
    expect(json(reg).register.map((s: Json) => s.name)).toEqual([`${MARK}名称`]);
    const people = json(await site.get(`/api/protection/granted/${g.id}/people`));
    expect(people.people[0].name).toBe(`${MARK}人员`);
    expect(JSON.stringify(people)).not.toContain('marker@example.com');
    expect((await site.get(`/api/protection/granted/${g.id}/measures`)).statusCode).toBe(403);
    // the enterprise sees each view: who, from where, which part
    const detail = json(await ent.admin.get(`/api/protection/grants/${g.id}`));
    expect(detail.views).toBe(2);
    expect(detail.viewLog.map((v: Json) => [v.userName, v.orgName, v.part])).toEqual([
      ['pg_site', '金凤区授权测试站', 'people'],
      ['pg_site', '金凤区授权测试站', 'register'],
    ]);
    const oplog = await t.database.query<{ n: number }>(`select count(*)::int as n from oplog where action = 'protection.grant-view' and target_id = $1`, [String(g.id)]);
    expect(oplog[0]!.n).toBe(2);
    // the site's staff were told in their inbox
    const inbox = json(await site.get('/api/inbox'));
    expect(inbox.items.map((n: Json) => n.title)).toEqual(expect.arrayContaining([expect.stringContaining('宁夏授权档案科技有限公司向您开放了保护档案')]));
    // nobody else: another organisation's user gets 404 for it
    expect((await clients.pg_provider.get(`/api/protection/granted/${g.id}/register`)).statusCode).toBe(404);
    expect(json(await clients.pg_provider.get('/api/protection/granted'))).toEqual([]);
  });

  it('to an officer by name reach that officer only', async () => {
    const g = json(await ent.admin.post('/api/protection/grants', { granteeOrgId: jinfeng, granteeUserId: officerA, parts: ['measures', 'acknowledgements'], purpose: '权利人举报核查', validUntil: day(5) }));
    expect(g.granteeUserName).toBe('pg_officer_a');
    const a = json(await clients.pg_officer_a.get(`/api/protection/granted/${g.id}/measures`));
    expect(a.measures.map((m: Json) => m.requirementId)).toEqual(['carriers.marking']);
    expect((await clients.pg_officer_b.get(`/api/protection/granted/${g.id}/measures`)).statusCode).toBe(404);
    expect(json(await clients.pg_officer_b.get('/api/protection/granted'))).toEqual([]);
    ids.officerGrant = g.id;
  });

  it('revoked or expired, answer 410 and show no more; a revoked grant cannot be revoked again', async () => {
    const rev = json(await ent.admin.post(`/api/protection/grants/${ids.officerGrant}/revoke`));
    expect(rev.status).toBe('revoked');
    const gone = await clients.pg_officer_a.get(`/api/protection/granted/${ids.officerGrant}/measures`);
    expect(gone.statusCode).toBe(410);
    expect(JSON.stringify(json(gone))).not.toContain('carriers.marking');
    expect((await ent.admin.post(`/api/protection/grants/${ids.officerGrant}/revoke`)).statusCode).toBe(409);
    await t.database.db.update(accessGrants).set({ validUntil: new Date(Date.now() - 1000) }).where(eq(accessGrants.id, ids.siteGrant));
    expect((await clients.pg_site.get(`/api/protection/granted/${ids.siteGrant}/register`)).statusCode).toBe(410);
    const list = json(await ent.admin.get('/api/protection/grants'));
    expect(list.find((x: Json) => x.id === ids.siteGrant).status).toBe('expired');
    // failed views are not views: the log did not grow
    expect(json(await ent.admin.get(`/api/protection/grants/${ids.siteGrant}`)).views).toBe(2);
  });
});

/** The response's text, and for an office file or a zip the text of every part in it. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (/zip|spreadsheetml|wordprocessingml/.test(type)) {
    const zip = await JSZip.loadAsync(res.rawPayload);
    const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
    return parts.join('\n');
  }
  return res.body;
}

describe('no response to anyone outside the enterprise carries a register field unless granted', () => {
  it('over every GET route of the API, for every role outside the enterprise', async () => {
    const doc = json(await t.client().get('/api/openapi.json'));
    const paths = Object.entries(doc.paths as Record<string, Record<string, Json>>).filter(([, ops]) => ops.get).map(([p]) => p);
    const fill = (p: string): string[] => {
      if (p.includes('{token}')) return [];
      // the file's routes with each of its ids; another module's routes with the secret's and the person's (an id is an id)
      const idValues = (p.startsWith('/api/protection/') ? [ids.secret, ids.person, ids.notice, ids.siteGrant, ids.officerGrant] : [ids.secret, ids.person]).map(String);
      let urls = [p];
      const expand = (name: string, values: string[]) => {
        urls = urls.flatMap((u) => (u.includes(`{${name}}`) ? values.map((v) => u.replace(`{${name}}`, v)) : [u]));
      };
      expand('id', idValues);
      expand('itemId', idValues);
      expand('fileId', idValues);
      expand('part', ['register', 'measures', 'people', 'acknowledgements', 'departures']);
      expand('slug', ['employee-nda', 'secret-register']);
      expand('code', ['640100']);
      expand('size', ['0']);
      // lists also with the filters an outsider might try
      return p.includes('{') ? urls : [p, `${p}?personId=${ids.person}&secretId=${ids.secret}&q=${MARK}`];
    };
    const urls = paths.flatMap(fill);
    expect(urls.length).toBeGreaterThan(100);
    const leaks: string[] = [];
    for (const [name, c] of Object.entries(clients)) {
      for (const url of urls) {
        const res = await c.get(url);
        const text = await textOf(res);
        if (text.includes(MARK)) leaks.push(`${name} GET ${url} → ${res.statusCode}`);
      }
    }
    // the grants made above have expired or were revoked: nothing shows
    expect(leaks).toEqual([]);
    // the same sweep does reach the register: the enterprise's own administrator finds it on the register's routes
    const own: string[] = [];
    for (const url of urls.filter((u) => u.startsWith('/api/protection/'))) if ((await textOf(await ent.admin.get(url))).includes(MARK)) own.push(url);
    expect(own).toEqual(expect.arrayContaining(['/api/protection/secrets', `/api/protection/secrets/${ids.secret}`, '/api/protection/secrets/export', `/api/protection/secrets/${ids.secret}/pack`]));
  }, 600_000);

  it('a grant shows the register part only, and never the summary, department, value or carriers', async () => {
    const g = json(await ent.admin.post('/api/protection/grants', { granteeOrgId: providerOrg, parts: ['register'], purpose: '维权援助', validUntil: day(3) }));
    const view = await clients.pg_provider.get(`/api/protection/granted/${g.id}/register`);
    const text = view.body;
    expect(text).toContain(`${MARK}名称`);
    for (const hidden of ['部门', '责任人', '说明', '载体', '位置', '价值', '人员', '措施']) expect(text).not.toContain(`${MARK}${hidden}`);
    // and the other outsiders still see nothing of it
    for (const c of [clients.pg_site, clients.pg_officer_a, clients.pg_city, clients.pg2_admin]) {
      expect((await c.get(`/api/protection/granted/${g.id}/register`)).body).not.toContain(MARK);
    }
  });
});
