/**
 * The setup the sites.test.ts and sites.standards.test.ts tests share: one app per test file (vitest runs each file apart, so each
 * gets its own), its users and clients, and the helpers. Not a test file itself.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { desc } from 'drizzle-orm';
import { oplog } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';

export let t: TestApp;
export let admin: Client;
export let city: Client;
export let city2: Client;
export let jinfeng: Client;
export let xingqing: Client;
export let anon: Client;
export const org: Record<string, number> = {};
export let parkId = 0;

export const JINFENG = '640106';
export const XINGQING = '640104';
export const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export let serial = 0;
export const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];

export async function create(c: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await c.post('/api/sites', body);
  if (res.statusCode !== 200) throw new Error(`site ${JSON.stringify(body)}: ${res.body}`);
  return json(res);
}

export const evidence = (c: Client, name = '场地照片.pdf') => c.upload(name, Buffer.from(`%PDF-1.4 ${name} ${++serial}`), 'application/pdf');

/** A full self-evaluation: every item of the site's standard at `ratio` of its weight, each with one evidence file. */
export async function selfEvaluation(c: Client, detail: Json, ratio = 1): Promise<Json> {
  const items = [];
  for (const it of detail.standard.items) {
    const f = await evidence(c, `${it.code}.pdf`);
    items.push({ code: it.code, score: Math.floor(it.weight * ratio), note: `自评 ${it.code}`, fileIds: [f.id] });
  }
  return { statement: '站点已按建设标准建成，申请验收', items };
}

export const fullScores = (detail: Json) => detail.standard.items.map((it: Json) => ({ code: it.code, score: it.weight }));

/** building → submitted → district pass → city approval: an accredited site. */
export async function accredit(siteId: number, staff: Client): Promise<Json> {
  const d = json(await jinfeng.get(`/api/sites/${siteId}`));
  if (d.status === 'planned') expect((await jinfeng.post(`/api/sites/${siteId}/status`, { to: 'building', reason: '开工建设' })).statusCode).toBe(200);
  const sub = await staff.post(`/api/sites/${siteId}/acceptance`, await selfEvaluation(staff, d));
  expect(sub.statusCode, sub.body).toBe(200);
  const rev = await jinfeng.post(`/api/sites/${siteId}/acceptance/review`, { decision: 'pass', items: fullScores(d), comment: '符合标准' });
  expect(rev.statusCode, rev.body).toBe(200);
  const ok = await city.post(`/api/sites/${siteId}/acceptance/approve`, { decision: 'pass', comment: '同意认定' });
  expect(ok.statusCode, ok.body).toBe(200);
  return json(ok);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'si_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'si_city2', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'si_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'si_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [city, city2, jinfeng, xingqing] = await Promise.all(['si_city', 'si_city2', 'si_jf', 'si_xq'].map((u) => t.loginAs(u)));
  anon = t.client();
  parkId = json(await anon.get('/api/regions'))[0].parks.find((p: Json) => p.name === '阅海湾科创港').id;
});
afterAll(async () => t?.close());
