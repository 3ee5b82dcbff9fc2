/**
 * On PGlite and PostgreSQL: a member of the public follows a help request asked without an account by its tracking code
 * and rates it once (a mistyped code refused before any lookup, an unknown one 404, a rating before delivery or a
 * second rating refused, nothing changed), and a site edits or withdraws an entry of its catalogue (another
 * organisation's entry is 404; a withdrawn entry is no longer suggested).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { luhnCheckDigit, shanghaiDate } from '@shangmi/shared';
import { helpRequests, serviceOfferings } from '../../db/schema/index.js';
import { createTestApp, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';

let t: TestApp;
let jf: Client;
let site1: Client;
let site2: Client;
let ent1: Client;
let anon: Client;
const ids: Record<string, number> = {};
const code = creditCodes('TR4K');


beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  const admin = await t.admin();
  anon = t.client();
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  await t.createUser({ username: 'tr_jf', orgId: jinfeng, roles: ['district_staff'] });
  jf = await t.loginAs('tr_jf');
  const s1 = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤查询工作站', services: ['rights_assistance'] }));
  const s2 = await ok(await jf.post('/api/sites', { kind: 'station', name: '金凤另一工作站', services: ['rights_assistance'] }));
  ids.site1 = s1.orgId;
  await t.createUser({ username: 'tr_site1', orgId: s1.orgId, roles: ['site_staff'] });
  await t.createUser({ username: 'tr_site2', orgId: s2.orgId, roles: ['site_staff'] });
  const e1 = await ok(await admin.post('/api/enterprises', { creditCode: code('640106'), name: '宁夏查询科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'tr_ent1', orgId: e1.orgId, roles: ['enterprise_admin'] });
  [site1, site2, ent1] = await Promise.all(['tr_site1', 'tr_site2', 'tr_ent1'].map((u) => t.loginAs(u)));
  ids.offering = (await ok(await site1.post('/api/services/offerings', { serviceKind: 'rights_assistance', title: '协助维权' }))).id;
});
afterAll(async () => t?.close());

describe('a public help request followed and rated by its code', () => {
  it('gets a code; the code shows the progress; the asker rates once after delivery', async () => {
    const asked = await ok(
      await anon.post('/api/public/services/requests', { districtCode: '640106', publicName: '李四', serviceKind: 'rights_assistance', title: '工艺被前员工泄露', need: '想了解维权途径（不含工艺内容）', contactName: '李四', contactPhone: '13800000001' }),
    );
    expect(asked).toMatchObject({ state: 'assigned', assigneeName: '金凤查询工作站' });
    const tc: string = asked.trackingCode;
    expect(tc).toMatch(/^\d{16}$/);
    expect(luhnCheckDigit(tc.slice(0, 15))).toBe(tc[15]);

    const s = await ok(await anon.get(`/api/public/services/requests/${tc}`));
    expect(s).toMatchObject({ trackingCode: tc, state: 'assigned', title: '工艺被前员工泄露', bureauName: '金凤区市场监督管理局', assigneeName: '金凤查询工作站', mayRate: false, rating: null, outcome: null });
    expect(s.steps.map((x: Json) => x.action)).toEqual(['公众求助']);
    // spaces and dashes as typed are fine; a wrong check digit is refused before any lookup; an unknown code is 404
    await ok(await anon.get(`/api/public/services/requests/${tc.slice(0, 4)}-${tc.slice(4, 8)}-${tc.slice(8)}`));
    const bad = tc.slice(0, 15) + ((Number(tc[15]) + 1) % 10);
    refused(await anon.get(`/api/public/services/requests/${bad}`), 400, 'code');
    const other = '123456789012345' + luhnCheckDigit('123456789012345');
    refused(await anon.get(`/api/public/services/requests/${other}`), 404);

    // not delivered yet: no rating, nothing changes
    refused(await anon.post(`/api/public/services/requests/${tc}/rate`, { rating: 5 }), 409);
    await ok(await site1.post(`/api/services/requests/${asked.id}/accept`, {}));
    await ok(await site1.post(`/api/services/requests/${asked.id}/deliver`, { deliveredOn: shanghaiDate(new Date()), hours: 2, people: 1, outcome: '电话指导维权路径' }));
    const d = await ok(await anon.get(`/api/public/services/requests/${tc}`));
    expect(d).toMatchObject({ state: 'delivered', outcome: '电话指导维权路径', mayRate: true });

    refused(await anon.post(`/api/public/services/requests/${tc}/rate`, { rating: 6 }), 400, 'rating');
    refused(await anon.post(`/api/public/services/requests/${tc}/rate`, { rating: 4, comment: 'x'.repeat(501) }), 400, 'comment');
    const r = await ok(await anon.post(`/api/public/services/requests/${tc}/rate`, { rating: 4, comment: '回复及时' }));
    expect(r).toMatchObject({ state: 'confirmed', rating: 4, mayRate: false });
    expect(r.steps.map((x: Json) => x.action)).toEqual(['公众求助', '受理', '服务办结', '公众凭查询码评价']);
    // once: a second rating is refused and the first stays
    refused(await anon.post(`/api/public/services/requests/${tc}/rate`, { rating: 1 }), 409);
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, asked.id));
    expect(row).toMatchObject({ rating: 4, ratingComment: '回复及时', state: 'confirmed' });
    // the site sees the rating on its request; the history records the step with no user
    const seen = await ok(await site1.get(`/api/services/requests/${asked.id}`));
    expect(seen).toMatchObject({ state: 'confirmed', rating: 4 });
    expect(seen.history[0]).toMatchObject({ action: 'publicConfirm', userName: '系统' });
  });

  it('an enterprise’s own request has no code and cannot be rated by one', async () => {
    const r = await ok(await ent1.post('/api/services/requests', { serviceKind: 'rights_assistance', title: '企业求助', need: '需要维权指导', contactName: '王', contactPhone: '13900000000' }));
    const [row] = await t.database.db.select().from(helpRequests).where(eq(helpRequests.id, r.id));
    expect(row!.trackingCode).toBeNull();
  });
});

describe('editing the catalogue', () => {
  it('the site edits and withdraws its own entry; another site gets 404, a bureau 403; bad input names the field', async () => {
    const e = await ok(await site1.patch(`/api/services/offerings/${ids.offering}`, { title: '协助维权（证据固定）', responseDays: 3 }));
    expect(e).toMatchObject({ id: ids.offering, title: '协助维权（证据固定）', responseDays: 3, active: true, orgName: '金凤查询工作站' });
    refused(await site2.patch(`/api/services/offerings/${ids.offering}`, { title: '改别人的' }), 404);
    refused(await jf.patch(`/api/services/offerings/${ids.offering}`, { title: '区县改' }), 403);
    refused(await site1.patch(`/api/services/offerings/${ids.offering}`, { responseDays: 0 }), 400, 'responseDays');
    refused(await site1.patch(`/api/services/offerings/${ids.offering}`, { title: '' }), 400, 'title');
    refused(await site1.patch(`/api/services/offerings/${ids.offering}`, { colour: 'red' }), 400);
    const [row] = await t.database.db.select().from(serviceOfferings).where(eq(serviceOfferings.id, ids.offering));
    expect(row).toMatchObject({ title: '协助维权（证据固定）', responseDays: 3 });

    expect((await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))).map((s: Json) => s.orgId)).toContain(ids.site1);
    expect((await ok(await site1.patch(`/api/services/offerings/${ids.offering}`, { active: false }))).active).toBe(false);
    expect((await ok(await ent1.get('/api/services/suggest?serviceKind=rights_assistance'))).map((s: Json) => s.orgId)).not.toContain(ids.site1);
    expect((await ok(await site1.patch(`/api/services/offerings/${ids.offering}`, { active: true }))).active).toBe(true);
  });
});
