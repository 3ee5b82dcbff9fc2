/**
 * Steering over the API, on PGlite and PostgreSQL: every shipped indicator equals the value counted by hand on a fixture
 * (rows written straight into each module's tables for 2025, a closed year, in two districts), the sites' figures equal the
 * sites dashboard's, scope (a district officer sees their own district, another's answers 404), the 2025 shortfall shown
 * as missed with what 2026 must add, manual values with evidence (bad input names the field and changes nothing), and the
 * annual report as Word and Excel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { steeringManualValues } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { createTestApp, json, ok, readXlsx, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { forgetValues } from './steering.service.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jf: Client;
const JF = '640106';
const XQ = '640104';
const code = creditCodes('RT9B');
const ent: Record<string, { id: number; orgId: number; orgPath: string }> = {};
let adminId = 0;

const db = () => t.database.db;
const exec = (q: ReturnType<typeof sql>) => db().execute(q);
const ts = (day: string) => `${day}T10:00:00+08:00`;

/** The fixture: 2025's records of every source, in Jinfeng (JF) and Xingqing (XQ). */
async function seedFixture() {
  for (const [k, d] of [['jf', JF], ['xq', XQ]] as const) {
    const e = await ok(await admin.post('/api/enterprises', { creditCode: code(d), name: `宁夏指标${k}科技有限公司`, districtCode: d }));
    const [o] = rowsOf<{ path: string }>(await exec(sql`select path from orgs where id = ${e.orgId}`));
    ent[k] = { id: e.id, orgId: e.orgId, orgPath: o!.path };
  }
  const { jf: a, xq: b } = ent as Record<'jf' | 'xq', (typeof ent)['jf']>;
  // each site is an organisation node of its own (under the district's bureau, as the sites module makes them)
  const site = async (d: string, kind: string, level: string, acc: string, rev: string | null) => {
    const bureau = await t.orgId(d === JF ? '金凤区市场监督管理局' : '兴庆区市场监督管理局');
    const [p] = rowsOf<{ path: string }>(await exec(sql`select path from orgs where id = ${bureau}`));
    const [o] = rowsOf<{ id: number }>(await exec(sql`insert into orgs (parent_id, path, name, kind, region_code, district_code) values (${bureau}, '', ${`站点${acc}${kind}`}, 'site', '640100', ${d}) returning id`));
    const path = `${p!.path}${o!.id}/`;
    await exec(sql`update orgs set path = ${path} where id = ${o!.id}`);
    await exec(sql`insert into sites (org_id, org_path, region_code, district_code, kind, level, name, status, accredited_at, revoked_at)
      values (${o!.id}, ${path}, '640100', ${d}, ${kind}, ${level}, ${`站点${acc}${kind}`}, ${rev ? 'revoked' : 'accredited'}, ${ts(acc)}, ${rev ? ts(rev) : null})`);
  };
  await site(JF, 'station', 'district', '2025-03-10', null);
  await site(JF, 'station', 'district', '2025-03-20', null);
  await site(JF, 'station', 'district', '2025-05-01', '2025-09-01'); // revoked within the year: does not count
  await site(XQ, 'point', 'district', '2025-11-11', null);
  await site(XQ, 'base', 'city', '2025-06-01', null);
  await site(XQ, 'base', 'district', '2025-06-02', null); // a district-level base counts toward no target
  await exec(sql`insert into cultivation_entries (region_code, enterprise_id, year, batch, stage, stage_changed_at) values ('640100', ${a.id}, 2025, 1, 'created', ${ts('2025-04-02')}), ('640100', ${b.id}, 2025, 1, 'cultivating', ${ts('2025-04-03')})`);
  const [fw] = rowsOf<{ id: number }>(await exec(sql`select id from assessment_frameworks order by id limit 1`));
  for (const [e, d, score] of [[a, JF, 80], [b, XQ, 60]] as const) {
    await exec(sql`insert into assessments (region_code, enterprise_id, org_id, org_path, framework_id, kind, started_by, status, district_code, score, submitted_at)
      values ('640100', ${e.id}, ${e.orgId}, ${e.orgPath}, ${fw!.id}, 'self', ${adminId}, 'submitted', ${d}, ${score}, ${ts('2025-07-01')})`);
  }
  // complaints: acceptance clocks of Jinfeng, one on time and one late
  for (const [i, closed, due] of [[1, '2025-02-03', '2025-02-10'], [2, '2025-02-20', '2025-02-12']] as const) {
    const [c] = rowsOf<{ id: number }>(await exec(sql`insert into cases (region_code, tracking_code, track, source, status, title, description, org_id, org_path, anonymous, received_on, district_code)
      values ('640100', ${`STEER${i}`}, 'complaint', 'phone', 'accepted', '投诉', '说明', ${a.orgId}, ${a.orgPath}, false, '2025-02-01', ${JF}) returning id`));
    await exec(sql`insert into case_clocks (case_id, rule_key, started_on, org_path, due_on, closed_on) values (${c!.id}, 'complaint.accept', '2025-02-01', ${a.orgPath}, ${due}, ${closed})`);
  }
  for (const [i, pub, due] of [[1, '2025-03-01', '2025-03-05'], [2, '2025-03-05', '2025-03-05'], [3, '2025-04-10', '2025-04-01']] as const) {
    await exec(sql`insert into credit_records (region_code, district_code, org_id, org_path, source, party_name, party_kind, credit_code, decision_no, violation_type, facts, basis, penalty_kinds, content, decided_on, procedure, authority_name, authority_code, source_name, source_code, publishable, search, published_on, publish_due_on)
      values ('640100', ${XQ}, ${b.orgId}, ${b.orgPath}, 'manual', '某公司', 'legal', ${code(XQ)}, ${`银市监罚〔2025〕${i}号`}, '侵犯商业秘密', '事实', '依据', ${'{fine}'}, '罚款', '2025-02-01', 'ordinary', '局', 'X', '局', 'X', true, '', ${pub}, ${due})`);
  }
  for (const [rating, d, e] of [[5, JF, a], [4, XQ, b]] as const) {
    await exec(sql`insert into help_requests (region_code, district_code, enterprise_id, requester_org_id, requester_org_path, requested_by, service_kind, title, need, contact_name, contact_phone, state, delivered_on, rating, confirmed_at)
      values ('640100', ${d}, ${e.id}, ${e.orgId}, ${e.orgPath}, ${adminId}, 'consulting', '求助', '需要', '王', '13900000000', 'confirmed', '2025-08-01', ${rating}, ${ts('2025-08-03')})`);
  }
  const [tr] = rowsOf<{ id: number }>(await exec(sql`insert into outreach_trainings (region_code, org_id, org_path, title, audience, held_on, start_time, minutes, capacity, checkin_token, state)
    values ('640100', ${a.orgId}, ${a.orgPath}, '培训', 'enterprises', '2025-05-10', '09:00', 90, 50, 'tok-steer', 'held') returning id`));
  const [u2] = rowsOf<{ id: number }>(await exec(sql`select id from users where username <> 'admin' order by id limit 1`));
  for (const [uid, e, checked] of [[adminId, a, true], [u2!.id, b, true]] as const) {
    await exec(sql`insert into outreach_enrolments (training_id, user_id, org_id, org_path, checked_in_at, minutes) values (${tr!.id}, ${uid}, ${e.orgId}, ${e.orgPath}, ${checked ? ts('2025-05-10') : null}, 90)`);
  }
  for (const [state, reach] of [['done', 100], ['done', 50], ['planned', 999]] as const) {
    await exec(sql`insert into outreach_events (region_code, district_code, org_id, org_path, kind, title, held_on, state, reach) values ('640100', ${JF}, ${a.orgId}, ${a.orgPath}, 'lecture', '宣传', '2025-09-09', ${state}, ${reach})`);
  }
  for (const [status, held] of [['recorded', '2025-10-10'], ['recorded', '2025-10-12'], ['planned', null]] as const) {
    await exec(sql`insert into listening_meetings (kind, status, region_code, district_code, org_id, org_path, enterprise_ids, quarter, planned_on, held_on, staff, purpose)
      values ('visit', ${status}, '640100', ${XQ}, ${b.orgId}, ${b.orgPath}, ${`{${b.id}}`}, '2025Q4', '2025-10-01', ${held}, ${'{张三}'}, '走访')`);
  }
  for (const [closed, due] of [['2025-06-05', '2025-06-10'], ['2025-06-20', '2025-06-10']] as const) {
    await exec(sql`insert into listening_needs (region_code, district_code, org_id, org_path, enterprise_id, enterprise_org_id, enterprise_org_path, kind, category, title, source, state, due_on, closed_at)
      values ('640100', ${JF}, ${a.orgId}, ${a.orgPath}, ${a.id}, ${a.orgId}, ${a.orgPath}, 'need', 'legal', '诉求', 'visit', 'closed', ${due}, ${ts(closed)})`);
  }
  for (let i = 0; i < 3; i++) {
    await exec(sql`insert into proof_records (org_id, org_path, title, files, salt, metadata_json, commitment, created_at) values (${a.orgId}, ${a.orgPath}, '存证', '[]'::jsonb, 'aa', '{}', ${`c${i}`}, ${ts('2025-12-01')})`);
  }
  forgetValues();
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  [{ id: adminId }] = rowsOf<{ id: number }>(await exec(sql`select id from users where username = 'admin'`)) as { id: number }[];
  const cityOrg = await t.orgId('银川市市场监督管理局');
  const jfOrg = await t.orgId('金凤区市场监督管理局');
  await t.createUser({ username: 'st_city', orgId: cityOrg, roles: ['city_staff'] });
  await t.createUser({ username: 'st_jf', orgId: jfOrg, roles: ['district_staff'] });
  [city, jf] = await Promise.all(['st_city', 'st_jf'].map((u) => t.loginAs(u)));
  await seedFixture();
});
afterAll(async () => t?.close());

const cockpit = async (c: Client, q = '') => ok(await c.get(`/api/steering/cockpit?year=2025${q}`));
const ind = (cp: Json, key: string) => cp.indicators.find((i: Json) => i.key === key);
const y25 = (cp: Json, key: string) => ind(cp, key).years.find((y: Json) => y.year === 2025);
const inDistrict = (cp: Json, key: string, d: string) => ind(cp, key).districts.find((x: Json) => x.districtCode === d)?.value;

describe('indicators from live data', () => {
  it('each shipped indicator equals the value counted by hand for 2025', async () => {
    const cp = await cockpit(city);
    const expected: Record<string, number> = {
      'sites.bases': 1,
      'sites.stations_points': 3,
      'cultivation.created': 1,
      'cultivation.cultivating': 1,
      'cultivation.accepted': 0,
      'assessments.done': 2,
      'assessments.avg_score': 70,
      'cases.accept_on_time': 50,
      'credit.publish_on_time': 66.67,
      'services.delivered': 2,
      'services.satisfaction': 4.5,
      'outreach.training_hours': 3,
      'outreach.events': 2,
      'outreach.reach': 150,
      'listening.visits': 2,
      'listening.needs_on_time': 50,
      'proofs.deposited': 3,
    };
    for (const [key, v] of Object.entries(expected)) expect(y25(cp, key).done, key).toBe(v);
    // by district and quarter
    expect(inDistrict(cp, 'sites.stations_points', JF)).toBe(2);
    expect(inDistrict(cp, 'sites.stations_points', XQ)).toBe(1);
    expect(inDistrict(cp, 'assessments.avg_score', XQ)).toBe(60);
    expect(ind(cp, 'outreach.reach').quarters.map((q: Json) => q.value)).toEqual([0, 0, 150, 0]);
    // stocks by quarter end: 2 stations by March, the third added in May and revoked in September, the point in November
    expect(ind(cp, 'sites.stations_points').quarters.map((q: Json) => q.value)).toEqual([2, 3, 2, 3]);
    expect(ind(cp, 'listening.visits').months.find((m: Json) => m.month === '2025-10').value).toBe(2);
  });

  it('the sites’ figures equal the sites dashboard’s (the same rule: accredited by the end, not revoked by then)', async () => {
    const dash = await ok(await city.get('/api/sites/dashboard'));
    const cp = await cockpit(city);
    for (const y of dash.years.filter((x: Json) => x.year === 2025)) {
      const sp = y.items.find((i: Json) => i.kind === 'station_point');
      const base = y.items.find((i: Json) => i.kind === 'base');
      expect(y25(cp, 'sites.stations_points').done).toBe(sp.builtCumulative);
      expect(y25(cp, 'sites.bases').done).toBe(base.builtCumulative);
      expect(y25(cp, 'sites.stations_points').target).toBe(sp.goalCumulative);
    }
  });

  it('shows 2025’s shortfall as missed and what 2026 must add', async () => {
    const cp = await cockpit(city);
    const sp = ind(cp, 'sites.stations_points');
    const p25 = sp.years.find((y: Json) => y.year === 2025);
    expect(p25).toMatchObject({ target: 20, done: 3, status: 'missed', shortfall: 17 });
    const p26 = sp.years.find((y: Json) => y.year === 2026);
    expect(p26.target).toBe(40);
    // 2026 starts from 3 (nothing accredited in 2026 in the fixture): it must add 37
    if (p26.status !== 'upcoming') expect(p26.mustAdd).toBe(37);
    expect(['behind', 'upcoming', 'missed']).toContain(p26.status);
  });
});

describe('scope', () => {
  it('a district officer sees their own district only; another district answers 404', async () => {
    const cp = await cockpit(jf);
    expect(cp.districtCode).toBe(JF);
    expect(y25(cp, 'sites.stations_points').done).toBe(2);
    expect(y25(cp, 'credit.publish_on_time').done).toBe(null); // Xingqing's records are not Jinfeng's
    expect(y25(cp, 'outreach.events').done).toBe(2);
    expect(ind(cp, 'sites.stations_points').districts.map((d: Json) => d.districtCode)).toEqual([JF]);
    expect((await jf.get(`/api/steering/cockpit?districtCode=${XQ}`)).statusCode).toBe(404);
    // the city may look at one district
    const x = await ok(await city.get(`/api/steering/cockpit?year=2025&districtCode=${XQ}`));
    expect(y25(x, 'sites.stations_points').done).toBe(1);
  });

  it('an enterprise has no cockpit', async () => {
    const u = await t.createUser({ username: 'st_ent', orgId: ent.jf!.orgId, roles: ['enterprise_admin'] });
    expect(u).toBeGreaterThan(0);
    const e = await t.loginAs('st_ent');
    expect((await e.get('/api/steering/cockpit')).statusCode).toBe(403);
  });
});

describe('manual indicators', () => {
  const manualCount = async () => (await db().select({ n: count() }).from(steeringManualValues))[0]!.n;
  it('a district enters its own value with evidence; the city sees the districts’ sum', async () => {
    const v = await ok(await jf.put('/api/steering/manual', { key: 'manual.rights_centres', year: 2025, value: 1, evidence: '金凤区维权指导中心揭牌（2025-05-20）' }));
    expect(v).toMatchObject({ districtCode: JF, value: 1 });
    await ok(await jf.put('/api/steering/manual', { key: 'manual.rights_centres', year: 2025, value: 2, evidence: '又设一处' }));
    expect(await manualCount()).toBe(1);
    const cp = await cockpit(city);
    expect(y25(cp, 'manual.rights_centres').done).toBe(2);
    expect((await jf.put('/api/steering/manual', { key: 'manual.rights_centres', year: 2025, districtCode: XQ, value: 1, evidence: 'x' })).statusCode).toBe(404);
  });

  it('refuses bad input naming the field and changes nothing', async () => {
    const before = await manualCount();
    const bad = await jf.put('/api/steering/manual', { key: 'sites.bases', year: 2025, value: 1, evidence: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('key');
    const noEvidence = await jf.put('/api/steering/manual', { key: 'manual.rights_centres', year: 2025, value: 1, evidence: ' ' });
    expect(noEvidence.statusCode).toBe(400);
    expect(json(noEvidence).error.fields[0].field).toBe('evidence');
    expect(await manualCount()).toBe(before);
  });
});

describe('the annual report', () => {
  it('is a Word file and a workbook of the same figures', async () => {
    const doc = await city.get('/api/steering/report.docx?year=2025');
    expect(doc.statusCode, doc.body).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await city.get('/api/steering/report.xlsx?year=2025');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readXlsx(xlsx);
    const sp = rows.find((r) => r[0] === '商业秘密保护站、点')!;
    expect(sp.slice(2, 4).map(String)).toEqual(['20', '3']);
  });
});

/** One sheet of a workbook, its cells as they are (numbers as numbers, empty as null). */
async function sheet(res: { statusCode: number; body: string; rawPayload: Buffer }, name: string): Promise<unknown[][]> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const rows: unknown[][] = [];
  wb.getWorksheet(name)!.eachRow((row) => rows.push(Array.from({ length: 12 }, (_, k) => (row.values as unknown[])[k + 1] ?? null)));
  return rows;
}

/** The Word file's text and its pictures (the charts). */
async function docxOf(res: { statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown> }) {
  expect(res.statusCode, res.body).toBe(200);
  expect(String(res.headers['content-type'])).toContain('wordprocessingml');
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = await zip.file('word/document.xml')!.async('string');
  return { text: xml.replace(/<[^>]+>/g, ''), media: Object.keys(zip.files).filter((f) => f.startsWith('word/media/')) };
}

describe('the annual report’s charts and English version', () => {
  it('carries its charts as pictures, in Chinese and in English', async () => {
    const zh = await docxOf(await city.get('/api/steering/report.docx?year=2025'));
    expect(zh.text).toContain('图1');
    expect(zh.media.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
    const en = await docxOf(await city.get('/api/steering/report.docx?year=2025&lang=en'));
    expect(en.text).toContain('Annual Report 2025');
    expect(en.text).toContain('Targets and results');
    expect(en.text).not.toMatch(/目标完成情况/);
    const rows = await readXlsx(await city.get('/api/steering/report.xlsx?year=2025&lang=en'));
    expect(rows[0]).toContain('Indicator');
  });
});

describe('the pilot acceptance summary (试点验收总结)', () => {
  it('its figures equal the cockpit’s indicator values for every target and year of the plan', async () => {
    const last = await ok(await city.get('/api/steering/cockpit?year=2027'));
    const book = await sheet(await city.get('/api/steering/acceptance.xlsx'), '目标完成');
    const planned = last.indicators.flatMap((i: Json) => i.years.filter((p: Json) => [2025, 2026, 2027].includes(p.year) && p.target !== null).map((p: Json) => [i.name.zh, p.year, p.target, p.done]));
    expect(planned.length).toBeGreaterThan(0);
    expect(book.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual(planned);
    // stations and points, 2025: target 20, 3 built (the fixture), missed
    expect(book.find((r) => r[0] === '商业秘密保护站、点' && r[2] === 2025)!.slice(3, 6)).toEqual([20, 3, '未完成']);
    const byYear = await sheet(await city.get('/api/steering/acceptance.xlsx'), '指标逐年');
    for (const i of last.indicators) {
      const row = byYear.find((r) => r[0] === i.name.zh)!;
      expect(row.slice(2, 5), i.key).toEqual([2025, 2026, 2027].map((y) => i.years.find((p: Json) => p.year === y).done));
    }
    // counted by hand on the fixture: 2 health checks submitted in 2025, 3 proofs deposited
    expect(byYear.find((r) => r[0] === ind(last, 'assessments.done').name.zh)![2]).toBe(2);
    expect(byYear.find((r) => r[0] === ind(last, 'proofs.deposited').name.zh)![2]).toBe(3);
    const doc = await docxOf(await city.get('/api/steering/acceptance.docx'));
    expect(doc.text).toContain('试点验收总结（2025—2027年）');
    expect(doc.text).toContain('主要经验做法');
    expect(doc.media.length).toBeGreaterThan(0);
    expect((await docxOf(await city.get('/api/steering/acceptance.docx?lang=en'))).text).toContain('Acceptance Summary');
  });

  it('a district gets its own district only; an enterprise none', async () => {
    const rows = await sheet(await jf.get('/api/steering/acceptance.xlsx'), '区县');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['金凤区']);
    await t.createUser({ username: 'st_ent2', orgId: ent.xq!.orgId, roles: ['enterprise_admin'] });
    const e = await t.loginAs('st_ent2');
    expect((await e.get('/api/steering/acceptance.docx')).statusCode).toBe(403);
  });
});
