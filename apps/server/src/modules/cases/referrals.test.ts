import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { caseEvents, caseReferrals } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes, reportFiling } from '../../../test/fixtures.js';

/** Issue 24 item 4: referral channels from a complaint or a case, their outcomes, the counts by channel. */
let t: TestApp;
let jinfeng: Client;
let xingqing: Client;
let city: Client;
let police: Client;
let complaintId = 0;
let reportId = 0;
const creditCode = creditCodes('REF1');
const today = shanghaiDate(new Date());
const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));

const referralCount = async () => (await t.database.db.select({ n: count() }).from(caseReferrals))[0].n;
const mediation = { channel: 'people_mediation', referredTo: '金凤区人民调解委员会', referredOn: today, documents: ['投诉书', '证据材料清单'], note: '双方同意调解' };

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  await t.createUser({ username: 'rf_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'rf_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'rf_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  await t.createUser({ username: 'rf_police', orgId: await t.orgId('银川市公安局'), roles: ['partner_staff'] });
  [jinfeng, xingqing, city, police] = await Promise.all(['rf_jf', 'rf_xq', 'rf_city', 'rf_police'].map((u) => t.loginAs(u)));
  // a complaint and a report against a 金凤区 enterprise: both handled by 金凤区
  const c = await t.client().post('/api/public/cases', reportFiling(creditCode('640106'), { tracks: ['complaint'] }));
  complaintId = json(c).cases[0].id;
  const r = await t.client().post('/api/public/cases', reportFiling(creditCode('640106')));
  reportId = json(r).cases[0].id;
});
afterAll(async () => t?.close());

describe('referrals', () => {
  it('bad input names the field and changes nothing: no body, unknown channel, a date in the future', async () => {
    const bad: [Json, string][] = [
      [{ ...mediation, referredTo: '' }, 'referredTo'],
      [{ ...mediation, referredTo: undefined }, 'referredTo'],
      [{ ...mediation, channel: 'ombudsman' }, 'channel'],
      [{ ...mediation, referredOn: '2026-13-01' }, 'referredOn'],
      [{ ...mediation, referredOn: tomorrow }, 'referredOn'],
    ];
    for (const [body, field] of bad) {
      const res = await jinfeng.post(`/api/cases/${complaintId}/referrals`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields[0].field).toBe(field);
    }
    const res = await jinfeng.post(`/api/cases/${complaintId}/referrals`, { ...mediation, referredTo: ' ' });
    expect(json(res).error.fields[0].message).toBe('接收机构：至少 1 个字符');
    expect(await referralCount()).toBe(0);
  });

  it('a complaint is referred to people’s mediation; the outcome comes back and shows on the case', async () => {
    const res = await jinfeng.post(`/api/cases/${complaintId}/referrals`, mediation);
    expect(res.statusCode, res.body).toBe(200);
    const ref = json(res);
    expect(ref).toMatchObject({ channel: 'people_mediation', referredTo: '金凤区人民调解委员会', referredOn: today, documents: ['投诉书', '证据材料清单'], outcome: null });

    // an outcome the channel cannot return, a date before the referral: refused, nothing changed
    const award = await jinfeng.post(`/api/cases/${complaintId}/referrals/${ref.id}/outcome`, { outcome: 'award', outcomeOn: today });
    expect(award.statusCode).toBe(400);
    expect(json(award).error.fields[0].field).toBe('outcome');
    const early = await jinfeng.post(`/api/cases/${complaintId}/referrals/${ref.id}/outcome`, { outcome: 'settled', outcomeOn: '2020-01-01' });
    expect(json(early).error.fields[0].field).toBe('outcomeOn');
    expect(json(await jinfeng.get(`/api/cases/${complaintId}/referrals`))[0].outcome).toBeNull();

    const back = await jinfeng.post(`/api/cases/${complaintId}/referrals/${ref.id}/outcome`, { outcome: 'settled', outcomeOn: today, outcomeSummary: '双方达成调解协议，被投诉人停止使用并赔偿' });
    expect(back.statusCode, back.body).toBe(200);
    expect(json(back)).toMatchObject({ outcome: 'settled', outcomeOn: today });
    // once only
    expect((await jinfeng.post(`/api/cases/${complaintId}/referrals/${ref.id}/outcome`, { outcome: 'not_settled', outcomeOn: today })).statusCode).toBe(409);

    // on the case: its referrals and its timeline
    expect(json(await jinfeng.get(`/api/cases/${complaintId}/referrals`))).toMatchObject([{ id: ref.id, outcome: 'settled', outcomeSummary: '双方达成调解协议，被投诉人停止使用并赔偿' }]);
    const events = await t.database.db.select({ action: caseEvents.action, data: caseEvents.data }).from(caseEvents).where(eq(caseEvents.caseId, complaintId));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['referral', 'referral_outcome']));
    const detail = json(await jinfeng.get(`/api/cases/${complaintId}`));
    expect(JSON.stringify(detail)).toContain('referral_outcome');
  });

  it('a case is referred to arbitration and to a civil suit; the dashboard counts by channel within scope', async () => {
    for (const body of [
      { channel: 'arbitration', referredTo: '银川仲裁委员会', referredOn: today, documents: [] },
      { channel: 'civil_suit', referredTo: '银川市中级人民法院', referredOn: today, documents: ['告知书'] },
      { channel: 'court_mediation', referredTo: '金凤区人民法院诉调对接中心', referredOn: today },
    ]) {
      expect((await jinfeng.post(`/api/cases/${reportId}/referrals`, body)).statusCode).toBe(200);
    }
    const stats = json(await jinfeng.get('/api/cases/referrals/stats'));
    expect(stats).toEqual([
      { channel: 'people_mediation', total: 1, pending: 0, settled: 1, returned: 1 },
      { channel: 'court_mediation', total: 1, pending: 1, settled: 0, returned: 0 },
      { channel: 'arbitration', total: 1, pending: 1, settled: 0, returned: 0 },
      { channel: 'civil_suit', total: 1, pending: 1, settled: 0, returned: 0 },
    ]);
    // the city sees its districts' referrals; another district none; a date range before today none
    expect(json(await city.get('/api/cases/referrals/stats')).reduce((n: number, s: Json) => n + s.total, 0)).toBe(4);
    expect(json(await xingqing.get('/api/cases/referrals/stats')).reduce((n: number, s: Json) => n + s.total, 0)).toBe(0);
    expect(json(await jinfeng.get('/api/cases/referrals/stats?to=2020-01-01')).reduce((n: number, s: Json) => n + s.total, 0)).toBe(0);
  });

  it('outside the caller’s scope: 404; a partner agency cannot refer; an enterprise or a stranger gets nothing', async () => {
    const before = await referralCount();
    expect((await xingqing.get(`/api/cases/${complaintId}/referrals`)).statusCode).toBe(404);
    expect((await xingqing.post(`/api/cases/${complaintId}/referrals`, mediation)).statusCode).toBe(404);
    const [ref] = await t.database.db.select().from(caseReferrals).where(eq(caseReferrals.caseId, reportId)).limit(1);
    expect((await xingqing.post(`/api/cases/${reportId}/referrals/${ref.id}/outcome`, { outcome: 'withdrawn', outcomeOn: today })).statusCode).toBe(404);
    // a referral of another case under this case's address: 404
    expect((await jinfeng.post(`/api/cases/${complaintId}/referrals/${ref.id}/outcome`, { outcome: 'withdrawn', outcomeOn: today })).statusCode).toBe(404);
    expect((await police.post(`/api/cases/${reportId}/referrals`, mediation)).statusCode).toBe(403);
    expect((await police.get(`/api/cases/${reportId}/referrals`)).statusCode).toBe(404);
    expect((await t.client().get('/api/cases/referrals/stats')).statusCode).toBe(401);
    expect(await referralCount()).toBe(before);
  });
});
