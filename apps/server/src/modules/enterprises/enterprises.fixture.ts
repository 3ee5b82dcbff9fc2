/**
 * The setup the enterprises.test.ts and enterprises.records.test.ts tests share: one app per test file (vitest runs each file apart, so each gets
 * its own), its users and clients, and the helpers. Not a test file itself.
 */
import { afterAll, beforeAll } from 'vitest';
import { count, desc } from 'drizzle-orm';
import { enterprises, oplog } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

export let t: TestApp;
export let admin: Client;
export let cityStaff: Client;
export let jinfengStaff: Client;
export let xingqingStaff: Client;
export let siteStaff: Client;
export let roleIds: Record<string, number>;
export const org: Record<string, number> = {};

export const STRONG = 'Strong#Pass2026';
export const JINFENG = '640106';
export const XINGQING = '640104';
export const XIXIA = '640105';

/** A valid 统一社会信用代码 registered in `division` (GB 32100: 91 + 行政区划 + 9-character id + check character). */
export const creditCode = creditCodes('MA5C');
/** The same code with its check character changed. */
export function withWrongCheck(code: string): string {
  const alt = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + alt;
}

export const enterpriseCount = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0].n;
export const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];

export async function create(c: Client, body: Record<string, unknown>): Promise<Json> {
  const res = await c.post('/api/enterprises', body);
  if (res.statusCode !== 200) throw new Error(`create ${String(body.name)}: ${res.body}`);
  return json(res);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  roleIds = Object.fromEntries(json(await admin.get('/api/roles')).items.map((r: Json) => [r.code, r.id]));
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.xixia = await t.orgId('西夏区市场监督管理局');
  org.site = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '金凤区商业秘密保护工作站', kind: 'site' })).id;
  await t.createUser({ username: 'ent_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'ent_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ent_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'ent_site', orgId: org.site, roles: ['site_staff'] });
  [cityStaff, jinfengStaff, xingqingStaff, siteStaff] = await Promise.all(['ent_city', 'ent_jf', 'ent_xq', 'ent_site'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());
