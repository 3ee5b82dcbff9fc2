/**
 * The setup the cultivation.test.ts and cultivation.lists.test.ts tests share: one app per test file (vitest runs each file apart, so each
 * gets its own), its users and clients, and the helpers. Not a test file itself.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { desc } from 'drizzle-orm';
import { oplog } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

export let t: TestApp;
export let admin: Client;
export let city: Client;
export let city2: Client;
export let jinfeng: Client;
export let jinfeng2: Client;
export let xingqing: Client;
export let site: Client;
export const org: Record<string, number> = {};

export const JINFENG = '640106';
export const XINGQING = '640104';
export const YEAR = 2025;

export const creditCode = creditCodes('CU7T');
export let serial = 0;

export async function enterprise(name: string, division: string, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await admin.post('/api/enterprises', { creditCode: creditCode(division), name, ...extra });
  if (res.statusCode !== 200) throw new Error(`enterprise ${name}: ${res.body}`);
  return json(res);
}

export async function list(c: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await c.post('/api/cultivation', { year: YEAR, batch: 1, ...body });
  if (res.statusCode !== 200) throw new Error(`add ${JSON.stringify(body)}: ${res.body}`);
  return json(res);
}

export const evidence = (c: Client, name = '申请表.pdf') => c.upload(name, Buffer.from(`%PDF-1.4 ${name} ${++serial}`), 'application/pdf');
export const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];
export const ids = (page: Json) => page.items.map((e: Json) => e.id);

/** request → district pass → city pass, by three different people (separation of duties). */
export async function advance(entryId: number, toStage: string, by = { requester: jinfeng, reviewer: jinfeng2, approver: city }) {
  const f = await evidence(by.requester);
  const req = await by.requester.post(`/api/cultivation/${entryId}/request`, { toStage, comment: `申请进入${toStage}`, fileIds: [f.id] });
  expect(req.statusCode, req.body).toBe(200);
  const rev = await by.reviewer.post(`/api/cultivation/${entryId}/review`, { decision: 'pass' });
  expect(rev.statusCode, rev.body).toBe(200);
  const appr = await by.approver.post(`/api/cultivation/${entryId}/approve`, { decision: 'pass', comment: '同意' });
  expect(appr.statusCode, appr.body).toBe(200);
  return json(appr);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.site = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '金凤区培育测试工作站', kind: 'site' })).id;
  org.xqSite = json(await admin.post('/api/orgs', { parentId: org.xingqing, name: '兴庆区培育测试工作站', kind: 'site' })).id;
  await t.createUser({ username: 'cu_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'cu_city2', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'cu_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cu_jf2', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cu_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'cu_site', orgId: org.site, roles: ['site_staff'] });
  [city, city2, jinfeng, jinfeng2, xingqing, site] = await Promise.all(['cu_city', 'cu_city2', 'cu_jf', 'cu_jf2', 'cu_xq', 'cu_site'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());
