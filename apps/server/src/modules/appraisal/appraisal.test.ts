/**
 * The appraisal over the API, on PGlite and PostgreSQL, one round of Yinchuan 2026 from opening to the final ranking:
 * the computed items equal steering's indicator values (and the values counted by hand on a fixture), the scores equal
 * the scheme (weights, the linear cap, thresholds, the bonus and deduction caps) computed by hand, scope (a district sees
 * its own sheet; another region nothing → 404), every transition with its notice, the refusals (evidence after
 * submission, scoring by a district, a second objection naming the rule, finalising with an objection open) changing
 * nothing, the exports, and on PostgreSQL concurrent scoring of one item losing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { appraisalRounds, appraisalScores, appraisalSheets, notifications, oplog, oplogPending, orgs } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { createTestApp, DB_KIND, ok, readXlsx, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { forgetValues } from '../steering/steering.service.js';

let t: TestApp;
const c: Record<string, Client> = {};
const uid: Record<string, number> = {};
const JF = '640106';
const XQ = '640104';
const DISTRICTS: Record<string, [string, string]> = { jf: [JF, '金凤区'], xq: [XQ, '兴庆区'], xx: ['640105', '西夏区'], yn: ['640121', '永宁县'], hl: ['640122', '贺兰县'], lw: ['640181', '灵武市'] };
const code = creditCodes('AP7K');
let round: Json;
const sheet: Record<string, number> = {};

const db = () => t.database.db;
const exec = (q: ReturnType<typeof sql>) => db().execute(q);
const ts = (day: string) => `${day}T10:00:00+08:00`;
/** Everything the module keeps: a refused request must leave it as it was. */
const state = async () => ({
  rounds: await db().select().from(appraisalRounds).orderBy(appraisalRounds.id),
  sheets: await db().select().from(appraisalSheets).orderBy(appraisalSheets.id),
  scores: await db().select().from(appraisalScores).orderBy(appraisalScores.id),
});
const item = (s: Json, key: string) => s.items.find((i: Json) => i.key === key);
const score = (who: string, d: string, key: string, value: number, reason?: string) => c[who]!.put(`/api/appraisal/sheets/${sheet[d]}/items/${key}/score`, { score: value, reason });

/** 2026's records in Jinfeng: 3 stations (a 4th added later), 2 enterprises created, 2 complaints accepted on time. */
async function seedFixture() {
  const bureau = await t.orgId('金凤区市场监督管理局');
  const [p] = rowsOf<{ path: string }>(await exec(sql`select path from orgs where id = ${bureau}`));
  for (const acc of ['2026-02-10', '2026-03-20', '2026-05-01']) await addStation(bureau, p!.path, acc);
  for (const i of [1, 2]) {
    const e = await ok(await c.admin!.post('/api/enterprises', { creditCode: code(`6401${i}6`), name: `宁夏考核${i}科技有限公司`, districtCode: JF }));
    const [o] = rowsOf<{ path: string }>(await exec(sql`select path from orgs where id = ${e.orgId}`));
    await exec(sql`insert into cultivation_entries (region_code, enterprise_id, year, batch, stage, stage_changed_at) values ('640100', ${e.id}, 2026, 1, 'created', ${ts('2026-04-02')})`);
    const [k] = rowsOf<{ id: number }>(await exec(sql`insert into cases (region_code, tracking_code, track, source, status, title, description, org_id, org_path, anonymous, received_on, district_code)
      values ('640100', ${`APPR${i}`}, 'complaint', 'phone', 'accepted', '投诉', '说明', ${e.orgId}, ${o!.path}, false, '2026-02-01', ${JF}) returning id`));
    await exec(sql`insert into case_clocks (case_id, rule_key, started_on, org_path, due_on, closed_on) values (${k!.id}, 'complaint.accept', '2026-02-01', ${o!.path}, '2026-02-10', '2026-02-05')`);
  }
}
async function addStation(bureau: number, bureauPath: string, acc: string) {
  const [o] = rowsOf<{ id: number }>(await exec(sql`insert into orgs (parent_id, path, name, kind, region_code, district_code) values (${bureau}, '', ${`考核站${acc}`}, 'site', '640100', ${JF}) returning id`));
  const path = `${bureauPath}${o!.id}/`;
  await exec(sql`update orgs set path = ${path} where id = ${o!.id}`);
  await exec(sql`insert into sites (org_id, org_path, region_code, district_code, kind, level, name, status, accredited_at) values (${o!.id}, ${path}, '640100', ${JF}, 'station', 'district', ${`考核站${acc}`}, 'accredited', ${ts(acc)})`);
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  c.admin = await t.admin();
  uid.city = await t.createUser({ username: 'ap_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  for (const [k, [, name]] of Object.entries(DISTRICTS)) uid[k] = await t.createUser({ username: `ap_${k}`, orgId: await t.orgId(`${name}市场监督管理局`), roles: ['district_staff'] });
  await exec(sql`insert into regions (code, name, name_en) values ('640200', '石嘴山市', 'Shizuishan') on conflict do nothing`);
  const [root] = await db().select().from(orgs).where(eq(orgs.kind, 'platform'));
  const [f] = await db().insert(orgs).values({ parentId: root!.id, path: '/', name: '石嘴山市市场监督管理局', kind: 'city_bureau', regionCode: '640200' }).returning();
  await db().update(orgs).set({ path: `${root!.path}${f!.id}/` }).where(eq(orgs.id, f!.id));
  await t.createUser({ username: 'ap_foreign', orgId: f!.id, roles: ['city_staff'] });
  for (const u of ['city', 'foreign', ...Object.keys(DISTRICTS)]) c[u] = await t.loginAs(`ap_${u}`);
  await seedFixture();
  forgetValues();
});
afterAll(async () => t?.close());

describe('opening a round', () => {
  it('only the city opens it; a year without a scheme names the field', async () => {
    refused(await c.jf!.post('/api/appraisal/rounds', { year: 2026 }), 403);
    refused(await c.city!.post('/api/appraisal/rounds', { year: 2031 }), 400, 'year');
    refused(await c.foreign!.post('/api/appraisal/rounds', { year: 2026 }), 400, 'year');
    expect((await state()).rounds).toEqual([]);
  });

  it('the city opens Yinchuan 2026: one sheet per district, every computed item equal to the indicator value', async () => {
    round = await ok(await c.city!.post('/api/appraisal/rounds', { year: 2026 }));
    expect(round).toMatchObject({ regionCode: '640100', year: 2026, status: 'open' });
    expect(round.scheme.citation.text).toContain('纳入公平竞争工作考核体系');
    expect(round.sheets).toHaveLength(6);
    for (const s of round.sheets) sheet[Object.keys(DISTRICTS).find((k) => DISTRICTS[k]![0] === s.districtCode)!] = s.id;
    forgetValues();
    const cockpit = await ok(await c.city!.get('/api/steering/cockpit?year=2026'));
    for (const [k, [d]] of Object.entries(DISTRICTS)) {
      const s = await ok(await c.city!.get(`/api/appraisal/sheets/${sheet[k]}`));
      for (const i of s.items.filter((x: Json) => x.indicator)) {
        const v = cockpit.indicators.find((x: Json) => x.key === i.indicator).districts.find((x: Json) => x.districtCode === d).value;
        expect(i.value, `${k} ${i.key}`).toEqual(v);
      }
    }
    // by hand: Jinfeng 3 stations of a target 4 → 15 × 0.75 = 11.25; 2 created of 5 → 10 × 0.4 = 4; 2 of 2 complaints on time → 100 % → 10
    const jf = await ok(await c.city!.get(`/api/appraisal/sheets/${sheet.jf}`));
    expect([item(jf, 'stations'), item(jf, 'cultivation'), item(jf, 'cases_on_time')].map((i) => [i.value, i.score])).toEqual([[3, 11.25], [2, 4], [100, 10]]);
    expect(item(jf, 'needs_on_time')).toMatchObject({ value: null, score: 0 });
    expect(item(jf, 'mechanism')).toMatchObject({ value: null, score: null, type: 'manual' });
    expect(jf).toMatchObject({ base: 25.25, total: 25.25, state: 'filling' });
    // each district hears of it in its inbox, through the engine
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, uid.jf!), eq(notifications.link, `/appraisal/sheets/${sheet.jf}`)));
    expect(notes.map((n) => n.event)).toEqual(['task']);
    refused(await c.city!.post('/api/appraisal/rounds', { year: 2026 }), 409, 'year');
  });

  it('scope: a district sees its own sheet; another district’s and another region’s answer 404', async () => {
    expect((await ok(await c.jf!.get(`/api/appraisal/rounds/${round.id}`))).sheets.map((s: Json) => s.districtCode)).toEqual([JF]);
    refused(await c.xq!.get(`/api/appraisal/sheets/${sheet.jf}`), 404);
    refused(await c.foreign!.get(`/api/appraisal/rounds/${round.id}`), 404);
    refused(await c.foreign!.get(`/api/appraisal/sheets/${sheet.jf}`), 404);
    expect(await ok(await c.foreign!.get('/api/appraisal/rounds'))).toEqual([]);
  });

  it('the refresh fills the computed items again from the live data (5 stations of a target of 4: 15, the cap)', async () => {
    const bureau = await t.orgId('金凤区市场监督管理局');
    const [p] = rowsOf<{ path: string }>(await exec(sql`select path from orgs where id = ${bureau}`));
    await addStation(bureau, p!.path, '2026-06-01');
    await addStation(bureau, p!.path, '2026-06-02');
    refused(await c.jf!.post(`/api/appraisal/rounds/${round.id}/refresh`), 403);
    await ok(await c.city!.post(`/api/appraisal/rounds/${round.id}/refresh`));
    const jf = await ok(await c.jf!.get(`/api/appraisal/sheets/${sheet.jf}`));
    expect(item(jf, 'stations')).toMatchObject({ value: 5, score: 15, target: 4 });
    expect(jf.base).toBe(29);
  });
});

describe('evidence and submission', () => {
  it('a district adds evidence to its own manual items only; bad input names the field and changes nothing', async () => {
    const file = await c.jf!.upload('专班通知.pdf', Buffer.from('%PDF-1.4 notice'), 'application/pdf');
    const before = await state();
    refused(await c.jf!.put(`/api/appraisal/sheets/${sheet.jf}/items/stations/evidence`, { evidence: '说明' }), 400, 'key');
    refused(await c.jf!.put(`/api/appraisal/sheets/${sheet.jf}/items/nothing/evidence`, { evidence: '说明' }), 400, 'key');
    refused(await c.jf!.put(`/api/appraisal/sheets/${sheet.jf}/items/mechanism/evidence`, { evidence: '' }), 400, 'evidence');
    refused(await c.xq!.put(`/api/appraisal/sheets/${sheet.jf}/items/mechanism/evidence`, { evidence: '说明' }), 404);
    refused(await c.city!.put(`/api/appraisal/sheets/${sheet.jf}/items/mechanism/evidence`, { evidence: '说明' }), 403);
    refused(await c.xq!.put(`/api/appraisal/sheets/${sheet.xq}/items/mechanism/evidence`, { evidence: '说明', fileIds: [file.id] }), 400, 'fileIds');
    refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/submit`), 400, 'items.mechanism.evidence');
    expect(await state()).toEqual(before);
    const s = await ok(await c.jf!.put(`/api/appraisal/sheets/${sheet.jf}/items/mechanism/evidence`, { evidence: '已成立区级工作专班并印发实施方案', fileIds: [file.id] }));
    expect(item(s, 'mechanism')).toMatchObject({ evidence: '已成立区级工作专班并印发实施方案', files: [{ id: file.id, name: '专班通知.pdf' }] });
    expect((await c.city!.get(`/api/appraisal/sheets/${sheet.jf}/files/${file.id}`)).statusCode).toBe(200);
    refused(await c.xq!.get(`/api/appraisal/sheets/${sheet.jf}/files/${file.id}`), 404);
    refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/submit`), 400, 'items.funding.evidence');
  });

  it('every district submits; evidence after submission is refused, naming why', async () => {
    for (const k of Object.keys(DISTRICTS)) {
      for (const key of ['mechanism', 'funding']) if (k !== 'jf' || key === 'funding') await ok(await c[k]!.put(`/api/appraisal/sheets/${sheet[k]}/items/${key}/evidence`, { evidence: `${k} ${key} 材料` }));
      expect((await ok(await c[k]!.post(`/api/appraisal/sheets/${sheet[k]}/submit`))).state).toBe('submitted');
    }
    const before = await state();
    const e = refused(await c.jf!.put(`/api/appraisal/sheets/${sheet.jf}/items/funding/evidence`, { evidence: '补充' }), 409);
    expect(e.message).toContain('已提交');
    refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/submit`), 409);
    expect(await state()).toEqual(before);
    // the city hears of each submission
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, uid.city!), like(notifications.link, '/appraisal/sheets/%')))).toHaveLength(6);
  });
});

describe('scoring', () => {
  it('refused: by a district (403), before scoring starts, above the points, a bonus without reason, a computed item', async () => {
    const before = await state();
    refused(await score('jf', 'jf', 'mechanism', 10), 403);
    refused(await score('city', 'jf', 'mechanism', 8), 409);
    await ok(await c.city!.post(`/api/appraisal/rounds/${round.id}/scoring`));
    refused(await c.city!.post(`/api/appraisal/rounds/${round.id}/refresh`), 409);
    const after = await state();
    refused(await score('city', 'jf', 'mechanism', 10.5), 400, 'score');
    refused(await score('city', 'jf', 'mechanism', 8.333), 400, 'score');
    refused(await score('city', 'jf', 'experience', 3), 400, 'reason');
    refused(await score('city', 'jf', 'stations', 3), 400, 'key');
    refused(await score('city', 'jf', 'nothing', 3), 400, 'key');
    refused(await c.city!.post(`/api/appraisal/rounds/${round.id}/publish`), 409);
    expect(await state()).toEqual(after);
    expect(after.rounds[0]!.status).toBe('scoring');
    expect(before.rounds[0]!.status).toBe('open');
  });

  it.runIf(DB_KIND === 'pg')('eight officers scoring one item at once: each score lands, in turn, and the totals follow the last', async () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    const res = await Promise.all(values.map((v) => score('city', 'jf', 'mechanism', v)));
    res.forEach((r) => expect(r.statusCode, r.body).toBe(200));
    const logged = rowsOf<{ before: Json; after: Json }>(
      await exec(sql`select before, after from (select before, after, action, result from ${oplog} union all select before, after, action, result from ${oplogPending}) x where action = 'appraisal.scoreItem' and result = 'success'`),
    );
    expect(logged).toHaveLength(8);
    // a chain: every score replaced the one before it (nothing read stale, nothing lost)
    const befores = logged.map((l) => l.before.score).sort();
    const afters = logged.map((l) => l.after.score);
    const last = afters.find((a) => !befores.includes(a));
    expect(befores).toEqual([null, ...afters.filter((a) => a !== last)].sort());
    const s = await ok(await c.city!.get(`/api/appraisal/sheets/${sheet.jf}`));
    expect(item(s, 'mechanism').score).toBe(last);
    expect(s.base).toBe(29 + last);
  });

  it('the city scores every sheet; the totals equal the scheme computed by hand (bonus and deduction caps)', async () => {
    await ok(await score('city', 'jf', 'mechanism', 8.5));
    await ok(await score('city', 'jf', 'funding', 10));
    await ok(await score('city', 'jf', 'experience', 3, '经验做法被自治区推广'));
    await ok(await score('city', 'jf', 'innovation', 3, '首创企业“一企一档”'));
    const jf = await ok(await score('city', 'jf', 'late_reports', 2, '季度报表迟报一次'));
    // base 15 + 4 + 10 + 8.5 + 10 = 47.5; bonus 6 capped at 5; deduction 2 → 50.5
    expect(jf).toMatchObject({ base: 47.5, bonus: 5, deduction: 2, total: 50.5 });
    await ok(await score('city', 'xq', 'mechanism', 6));
    await ok(await score('city', 'xq', 'funding', 7));
    await ok(await score('city', 'xq', 'failures', 10, '执法案卷评查不合格被通报'));
    // base 13; deductions 15 capped at 10 → 3
    expect(await ok(await score('city', 'xq', 'late_reports', 5, '未按时报送'))).toMatchObject({ base: 13, bonus: 0, deduction: 10, total: 3 });
    const publishing = refused(await c.city!.post(`/api/appraisal/rounds/${round.id}/publish`), 409);
    expect(publishing.message).toContain('西夏区');
    for (const k of ['xx', 'yn', 'hl', 'lw']) for (const key of ['mechanism', 'funding']) await ok(await score('city', k, key, 5));
  });
});

describe('publication, objection, final ranking', () => {
  it('the city publishes: each district hears of it and sees its own result and rank', async () => {
    const r = await ok(await c.city!.post(`/api/appraisal/rounds/${round.id}/publish`));
    expect(r.status).toBe('published');
    expect(r.sheets.map((s: Json) => [s.districtCode, s.total, s.rank])).toEqual([
      [XQ, 3, 6],
      ['640105', 10, 2],
      [JF, 50.5, 1],
      ['640121', 10, 2],
      ['640122', 10, 2],
      ['640181', 10, 2],
    ]);
    const own = await ok(await c.jf!.get(`/api/appraisal/rounds/${round.id}`));
    expect(own.sheets.map((s: Json) => [s.districtCode, s.rank])).toEqual([[JF, 1]]);
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, uid.jf!), eq(notifications.event, 'decision')));
    expect(notes.map((n) => n.titleZh)).toEqual([expect.stringContaining('考核结果已公布')]);
  });

  it('a district objects once; a second objection is refused naming the rule, changing nothing', async () => {
    refused(await c.city!.post(`/api/appraisal/sheets/${sheet.jf}/objection`, { reason: '代为异议' }), 403);
    refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/objection`, { reason: '' }), 400, 'reason');
    const s = await ok(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/objection`, { reason: '工作机制项已上传全部文件，应得满分' }));
    expect(s).toMatchObject({ state: 'objected', objection: { reason: '工作机制项已上传全部文件，应得满分', decision: null } });
    const before = await state();
    const again = refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/objection`, { reason: '再次异议' }), 409);
    expect(again.message).toContain('只能提出一次异议');
    refused(await c.city!.post(`/api/appraisal/rounds/${round.id}/finalise`, { early: true }), 409);
    refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/answer`, { decision: 'rejected', reason: '自己答复' }), 403);
    refused(await c.city!.post(`/api/appraisal/sheets/${sheet.jf}/answer`, { decision: 'upheld', reason: '成立' }), 400, 'scores');
    refused(await c.city!.post(`/api/appraisal/sheets/${sheet.jf}/answer`, { decision: 'upheld', reason: '成立', scores: [{ key: 'stations', score: 1 }] }), 400, 'scores.0.key');
    expect(await state()).toEqual(before);
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, uid.city!), eq(notifications.link, `/appraisal/sheets/${sheet.jf}`), eq(notifications.event, 'task')))).toHaveLength(2);
  });

  it('the city upholds it and re-scores; the district cannot object again; a late objection is refused', async () => {
    const s = await ok(await c.city!.post(`/api/appraisal/sheets/${sheet.jf}/answer`, { decision: 'upheld', reason: '经复核材料齐全', scores: [{ key: 'mechanism', score: 10 }] }));
    expect(s).toMatchObject({ state: 'published', total: 52, objection: { decision: 'upheld', answer: '经复核材料齐全' } });
    const before = await state();
    expect(refused(await c.jf!.post(`/api/appraisal/sheets/${sheet.jf}/objection`, { reason: '再次异议' }), 409).message).toContain('只能提出一次异议');
    await db().update(appraisalRounds).set({ objectionDue: '2026-01-01' }).where(eq(appraisalRounds.id, round.id));
    expect(refused(await c.xq!.post(`/api/appraisal/sheets/${sheet.xq}/objection`, { reason: '逾期异议' }), 409).message).toContain('异议期已于 2026-01-01 结束');
    await db().update(appraisalRounds).set({ objectionDue: before.rounds[0]!.objectionDue }).where(eq(appraisalRounds.id, round.id));
    expect(await state()).toEqual(before);
  });

  it('finalising waits for the objection period unless the city says early; then every district sees the ranking', async () => {
    expect(refused(await c.city!.post(`/api/appraisal/rounds/${round.id}/finalise`, {}), 409).message).toContain('异议期至');
    refused(await c.jf!.post(`/api/appraisal/rounds/${round.id}/finalise`, { early: true }), 403);
    const r = await ok(await c.city!.post(`/api/appraisal/rounds/${round.id}/finalise`, { early: true }));
    expect(r.status).toBe('final');
    const seen = await ok(await c.xq!.get(`/api/appraisal/rounds/${round.id}`));
    expect(seen.sheets.map((s: Json) => [s.districtName, s.total, s.rank]).sort((a: Json, b: Json) => a[2] - b[2])[0]).toEqual(['金凤区', 52, 1]);
    expect(seen.sheets).toHaveLength(6);
    refused(await c.xq!.get(`/api/appraisal/sheets/${sheet.jf}`), 404);
    refused(await c.xq!.post(`/api/appraisal/sheets/${sheet.xq}/objection`, { reason: '终定后异议' }), 409);
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, uid.xq!), eq(notifications.event, 'decision')))).toHaveLength(2);
    const logged = rowsOf<{ n: number }>(await exec(sql`select count(*)::int as n from (select target_type, result from ${oplog} union all select target_type, result from ${oplogPending}) x where target_type like 'appraisal_%' and result = 'success'`));
    expect(logged[0]!.n).toBeGreaterThan(20);
  });

  it('exports the sheet and the ranking as Excel and Word', async () => {
    const rows = await readXlsx(await c.jf!.get(`/api/appraisal/sheets/${sheet.jf}/sheet.xlsx`));
    expect(rows[0]).toContain('得分');
    expect(rows.find((r) => r[1] === '总分')).toContain('52');
    const ranking = await readXlsx(await c.xq!.get(`/api/appraisal/rounds/${round.id}/ranking.xlsx`));
    expect(ranking.slice(1).map((r) => r[1])).toEqual(['金凤区', '西夏区', '永宁县', '贺兰县', '灵武市', '兴庆区']);
    for (const url of [`/api/appraisal/sheets/${sheet.jf}/sheet.docx`, `/api/appraisal/rounds/${round.id}/ranking.docx`]) {
      const res = await c.jf!.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
    }
    refused(await c.xq!.get(`/api/appraisal/sheets/${sheet.jf}/sheet.docx`), 404);
  });
});
