/**
 * The setup the cases.test.ts and cases.oversight.test.ts tests share: one app per test file (vitest runs each file apart, so each
 * gets its own), its users and clients, and the helpers. Not a test file itself.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { oplog, orgs } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { creditCodes, reportFiling } from '../../../test/fixtures.js';

export let t: TestApp;
export let admin: Client;
export let city: Client;
export let jinfeng: Client;
export let xingqing: Client;
export let police: Client;
export let police2: Client;
export let procurator: Client;
export let enterprise: Client;
export const org: Record<string, number> = {};
export const anon = () => t.client();

export const creditCode = creditCodes('CA5E');

export const filing = (extra: Record<string, unknown> = {}) => reportFiling(creditCode('640106'), extra);

export async function file(body: Record<string, unknown> = {}) {
  const res = await anon().post('/api/public/cases', filing(body));
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as { trackingCode: string; cases: { id: number; track: string }[] };
}

export async function act(c: Client, id: number, body: Record<string, unknown>) {
  const res = await c.post(`/api/cases/${id}/actions`, body);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

export const lastOplog = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0];

beforeAll(async () => {
  // many filings from one address (inject's 127.0.0.1): the per-IP limits are tested in cases.public.test.ts
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.police = await t.orgId('银川市公安局');
  org.police2 = json(await admin.post('/api/orgs', { parentId: org.police, name: '金凤区公安分局', kind: 'police' })).id;
  const [proc] = await t.database.db.select().from(orgs).where(eq(orgs.kind, 'procuratorate'));
  org.procuratorate = proc.id;
  const ent = json(await admin.post('/api/enterprises', { creditCode: creditCode('640104'), name: '宁夏权利人科技有限公司' }));
  org.enterprise = ent.orgId;
  await t.createUser({ username: 'cs_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'cs_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'cs_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'cs_police', orgId: org.police, roles: ['partner_staff'] });
  await t.createUser({ username: 'cs_police2', orgId: org.police2, roles: ['partner_staff'] });
  await t.createUser({ username: 'cs_proc', orgId: org.procuratorate, roles: ['partner_staff'] });
  await t.createUser({ username: 'cs_ent', orgId: org.enterprise, roles: ['enterprise_admin'] });
  [city, jinfeng, xingqing, police, police2, procurator, enterprise] = await Promise.all(
    ['cs_city', 'cs_jf', 'cs_xq', 'cs_police', 'cs_police2', 'cs_proc', 'cs_ent'].map((u) => t.loginAs(u)),
  );
});
afterAll(async () => t?.close());
