import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRequirements, choicesOf, scoreAssessment, type Framework } from '@shangmi/shared';
import { assessments } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { FRAMEWORKS_DIR } from './frameworks.js';

let t: TestApp;
let admin: Client;
let city: Client;
let cityAdmin: Client;
let jinfeng: Client;
let xingqing: Client;
let site: Client;
let entA: Client;
let entB: Client;
let f: Framework;
let frameworkId: number;
const org: Record<string, number> = {};
const ent: Record<string, Json> = {};

const JINFENG = '640106';
const XINGQING = '640104';

const creditCode = creditCodes('AK5K');
async function enterprise(name: string, division: string, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await admin.post('/api/enterprises', { creditCode: creditCode(division), name, industryCode: '52', size: 'small', ...extra });
  if (res.statusCode !== 200) throw new Error(`enterprise ${name}: ${res.body}`);
  return json(res);
}

type Level = 'best' | 'worst' | 'mid';
/** Answers to every requirement: the best, the worst or a middle choice of each. */
function answersFor(level: Level, skip: string[] = []): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const r of allRequirements(f)) {
    if (skip.includes(r.id)) continue;
    const q = r.question;
    if (q.type === 'number') out[r.id] = { value: level === 'best' ? 100 : level === 'mid' ? 50 : 0 };
    else if (q.type === 'date') out[r.id] = { value: level === 'best' ? '2026-01-15' : level === 'mid' ? '2025-06-01' : '2019-01-01' };
    else if (q.type === 'text') out[r.id] = { value: level === 'worst' ? '无' : '核心配方工艺' };
    else {
      const cs = choicesOf(f, q).filter((c) => c.result !== 'not_applicable');
      const sorted = [...cs].sort((a, b) => b.score - a.score);
      const pickC = level === 'best' ? sorted[0] : level === 'worst' ? sorted[sorted.length - 1] : sorted[Math.floor(sorted.length / 2)];
      out[r.id] = { value: q.type === 'multiple' ? [pickC.value] : pickC.value };
    }
  }
  return out;
}

async function start(c: Client, body: Record<string, unknown> = { kind: 'self' }): Promise<Json> {
  const res = await c.post('/api/assessments', body);
  if (res.statusCode !== 200) throw new Error(`start: ${res.body}`);
  return json(res);
}
async function completeAndSubmit(c: Client, id: number, level: Level): Promise<Json> {
  const save = await c.patch(`/api/assessments/${id}/answers`, { answers: answersFor(level) });
  expect(save.statusCode, save.body).toBe(200);
  const sub = await c.post(`/api/assessments/${id}/submit`);
  expect(sub.statusCode, sub.body).toBe(200);
  return json(sub);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  org.site = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '金凤区体检测试工作站', kind: 'site' })).id;
  org.xqSite = json(await admin.post('/api/orgs', { parentId: org.xingqing, name: '兴庆区体检测试工作站', kind: 'site' })).id;
  ent.a = await enterprise('宁夏体检甲有限公司', JINFENG, { siteOrgId: org.site, kinds: ['innovative'] });
  ent.b = await enterprise('宁夏体检乙有限公司', JINFENG);
  ent.c = await enterprise('银川体检丙有限公司', XINGQING);
  await t.createUser({ username: 'as_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'as_city_admin', orgId: org.city, roles: ['city_admin'] });
  await t.createUser({ username: 'as_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'as_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'as_site', orgId: org.site, roles: ['site_staff'] });
  await t.createUser({ username: 'as_xq_site', orgId: org.xqSite, roles: ['site_staff'] });
  await t.createUser({ username: 'as_ent_a', orgId: ent.a.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'as_ent_b', orgId: ent.b.orgId, roles: ['enterprise_admin'] });
  [city, cityAdmin, jinfeng, xingqing, site, entA, entB] = await Promise.all(
    ['as_city', 'as_city_admin', 'as_jf', 'as_xq', 'as_site', 'as_ent_a', 'as_ent_b'].map((u) => t.loginAs(u)),
  );
  const list = json(await entA.get('/api/assessments/frameworks'));
  const current = list.find((x: Json) => x.current && x.code === 'trade-secret-health');
  frameworkId = current.id;
  f = json(await entA.get(`/api/assessments/frameworks/${frameworkId}`));
});
afterAll(async () => t?.close());

describe('frameworks', () => {
  it('the shipped v1 is loaded at start and served in full', () => {
    expect(f.title.zh).toBe('商业秘密保护诊断体检 v1');
    expect(allRequirements(f).length).toBeGreaterThanOrEqual(60);
  });

  it('a city admin loads a new version; a malformed file is refused naming the line; other roles may not load', async () => {
    const v1 = fs.readFileSync(path.join(FRAMEWORKS_DIR, 'trade-secret-health-v1.yaml'), 'utf8');
    const lines = v1.split('\n');
    const at = lines.findIndex((l) => l.includes('- id: org.unit'));
    const w = lines.findIndex((l, i) => i > at && l.trim().startsWith('weight:'));
    lines[w] = lines[w].replace(/weight: \d+/, 'weight: -1');
    const bad = await cityAdmin.post('/api/assessments/frameworks', { text: lines.join('\n') });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].message).toContain(`第${w + 1}行（dimensions.0.requirements.1.weight）`);
    expect(json(bad).error.fields[0].message).toMatch(/^内容：诊断框架文件有误/);
    const dup = await cityAdmin.post('/api/assessments/frameworks', { text: v1 });
    expect(dup.statusCode).toBe(400);
    expect(json(dup).error.fields[0].message).toMatch(/已存在/);
    expect((await city.post('/api/assessments/frameworks', { text: v1 })).statusCode).toBe(403);
  });
});

describe('a self-check', () => {
  let id: number;

  it('starts with the profile taken from the enterprise record, all requirements applicable but none answered', async () => {
    const a = await start(entA);
    id = a.id;
    expect(a.kind).toBe('self');
    expect(a.status).toBe('draft');
    expect(a.frameworkId).toBe(frameworkId);
    expect(a.profile).toMatchObject({ size: 'small', industrySection: 'F', kinds: ['innovative'] });
    expect(a.result.progress).toEqual({ answered: 0, applicable: allRequirements(f).length });
    expect(a.canAnswer).toBe(true);
    expect(a.canShare).toBe(true);
  });

  it('autosaves answers and notes, and answers with the live score; a profile answer removes requirements', async () => {
    const res = await entA.patch(`/api/assessments/${id}/answers`, {
      profile: { it_systems: 'no' },
      answers: { 'policy.main': { value: 'full', note: '2025年发布' }, 'identify.register': { value: 'partial' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const live = json(res).result;
    const itCount = f.dimensions.find((d) => d.id === 'it')!.requirements.filter((r) => r.applicable?.some((c) => c.profile === 'it_systems')).length;
    expect(live.progress.applicable).toBe(allRequirements(f).length - itCount - allRequirements(f).filter((r) => r.dimensionId !== 'it' && r.applicable?.some((c) => c.profile === 'it_systems')).length);
    expect(live.progress.answered).toBe(2);
    expect(live.requirements.find((r: Json) => r.id === 'it.access_levels').applicable).toBe(false);
    // a later save of the same requirement keeps the note
    await entA.patch(`/api/assessments/${id}/answers`, { answers: { 'policy.main': { value: 'partial' } } });
    const detail = json(await entA.get(`/api/assessments/${id}`));
    expect(detail.answers['policy.main']).toEqual({ value: 'partial', note: '2025年发布' });
    expect(detail.profile.it_systems).toBe('no');
  });

  it('refuses answers to unknown requirements, naming the field', async () => {
    const res = await entA.patch(`/api/assessments/${id}/answers`, { answers: { 'no.such': { value: 'x' } } });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.fields[0].message).toBe('答案：no.such 不是本框架的诊断项');
  });

  it('warns of 符合 without evidence until a file is attached to the requirement', async () => {
    const saved = json(await entA.patch(`/api/assessments/${id}/answers`, { answers: { 'policy.main': { value: 'full' } } }));
    expect(saved.result.warnings.map((w: Json) => w.requirementId)).toContain('policy.main');
    const file = await entA.upload('保密制度.pdf', Buffer.from('%PDF-1.4 policy'), 'application/pdf');
    const res = await entA.post(`/api/assessments/${id}/evidence`, { requirementId: 'policy.main', fileIds: [file.id] });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d.evidence.map((e: Json) => e.requirementId)).toEqual(['policy.main']);
    expect(d.result.warnings.map((w: Json) => w.requirementId)).not.toContain('policy.main');
    const dl = await entA.get(`/api/assessments/${id}/evidence/${file.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('%PDF-1.4 policy');
    // someone else's file cannot be linked
    const other = await entB.upload('x.pdf', Buffer.from('%PDF-1.4 other'), 'application/pdf');
    const steal = await entA.post(`/api/assessments/${id}/evidence`, { requirementId: 'policy.main', fileIds: [other.id] });
    expect(steal.statusCode).toBe(400);
  });

  it('cannot be submitted with applicable requirements unanswered', async () => {
    const res = await entA.post(`/api/assessments/${id}/submit`);
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).toMatch(/项未作答/);
  });

  it('submits: the stored score is the shared engine’s on the same answers; the draft is then closed', async () => {
    const answers = answersFor('mid');
    answers['policy.main'] = { value: 'full' };
    answers['identify.register'] = { value: 'none' };
    await entA.patch(`/api/assessments/${id}/answers`, { answers });
    const before = json(await entA.get(`/api/assessments/${id}`));
    const res = await entA.post(`/api/assessments/${id}/submit`);
    expect(res.statusCode, res.body).toBe(200);
    const a = json(res);
    expect(a.status).toBe('submitted');
    // the same engine, here, on the answers as the browser holds them
    const expected = scoreAssessment(f, {
      profile: before.profile,
      answers: Object.fromEntries(Object.entries(before.answers as Record<string, Json>).map(([k, v]) => [k, { value: v.value, evidenceCount: before.evidence.filter((e: Json) => e.requirementId === k).length }])),
      asOf: a.asOf,
    });
    expect(a.result).toEqual(expected);
    expect(a.score).toBe(expected.overall);
    expect(a.level).toBe(expected.level);
    expect(a.result.cappedBy).toContain('identify.register');
    expect(a.level).toBeLessThanOrEqual(2);
    expect((await entA.patch(`/api/assessments/${id}/answers`, { answers: { 'policy.main': { value: 'none' } } })).statusCode).toBe(409);
  });

  it('access: another enterprise never sees it; the district sees it only once the enterprise shares it; another district never', async () => {
    expect((await entB.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    expect(json(await entB.get('/api/assessments')).items.map((x: Json) => x.id)).not.toContain(id);
    expect((await entB.get(`/api/assessments/${id}/report`)).statusCode).toBe(404);
    expect((await entB.get(`/api/assessments/${id}/report.docx`)).statusCode).toBe(404);
    expect((await jinfeng.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    expect((await city.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    expect((await site.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    expect(json(await jinfeng.get('/api/assessments')).items.map((x: Json) => x.id)).not.toContain(id);
    // only the enterprise decides
    expect((await jinfeng.post(`/api/assessments/${id}/share`, { shared: true })).statusCode).toBe(403);
    const share = await entA.post(`/api/assessments/${id}/share`, { shared: true });
    expect(share.statusCode, share.body).toBe(200);
    expect((await jinfeng.get(`/api/assessments/${id}`)).statusCode).toBe(200);
    expect((await city.get(`/api/assessments/${id}`)).statusCode).toBe(200);
    // the serving site sees a shared check of an enterprise it serves
    expect((await site.get(`/api/assessments/${id}`)).statusCode).toBe(200);
    expect(json(await jinfeng.get('/api/assessments')).items.map((x: Json) => x.id)).toContain(id);
    expect((await xingqing.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    expect((await entB.get(`/api/assessments/${id}`)).statusCode).toBe(404);
    await entA.post(`/api/assessments/${id}/share`, { shared: false });
    expect((await jinfeng.get(`/api/assessments/${id}`)).statusCode).toBe(404);
  });

  it('the Word report is a formatted docx: title page, 宋体/黑体 East Asian fonts, tables and page numbers', async () => {
    const res = await entA.get(`/api/assessments/${id}/report.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('宁夏体检甲有限公司-诊断体检报告'));
    const zip = await JSZip.loadAsync(res.rawPayload);
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toContain('商业秘密保护诊断体检报告');
    expect(doc).toContain('宁夏体检甲有限公司');
    expect(doc).toContain('w:eastAsia="宋体"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('<w:tbl>');
    expect(doc).toContain('差距与整改建议');
    // a gap's model documents are printed with their page address in the model-document library
    expect(doc).toMatch(/参考示范文本：/);
    expect(doc).toMatch(/》 http:\/\/[^<\s]+\/model-documents\/[a-z-]+</);
    const footers = await Promise.all(Object.keys(zip.files).filter((n) => /footer\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(footers.join('')).toMatch(/PAGE/);
    // kept for rendering (libreoffice → pdftoppm) by hand
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(`test-results/assessment-report-${process.env.TEST_DB ?? 'x'}.docx`, res.rawPayload);
  });
});

describe('on-site checks', () => {
  it('need the enterprise’s recorded consent and an enterprise within the site’s scope', async () => {
    const noConsent = await site.post('/api/assessments', { kind: 'onsite', enterpriseId: ent.a.id });
    expect(noConsent.statusCode).toBe(400);
    expect(json(noConsent).error.fields[0].message).toMatch(/^企业同意人：/);
    const outside = await site.post('/api/assessments', { kind: 'onsite', enterpriseId: ent.c.id, consentBy: '张总', consentDate: '2026-11-20' });
    expect(outside.statusCode).toBe(400);
    expect(json(outside).error.fields[0].field).toBe('enterpriseId');
    expect((await entA.post('/api/assessments', { kind: 'onsite' })).statusCode).toBe(400);
    expect((await jinfeng.post('/api/assessments', { kind: 'onsite', enterpriseId: ent.a.id, consentBy: 'x', consentDate: '2026-11-20' })).statusCode).toBe(403);
  });

  it('are answered by the site, seen by the enterprise, commented by the reviewer, hidden from bureaus without sharing', async () => {
    const a = await start(site, { kind: 'onsite', enterpriseId: ent.a.id, consentBy: '张总经理', consentDate: '2026-11-20', consentNote: '书面同意书' });
    expect(a.kind).toBe('onsite');
    expect(a.siteOrgName).toBe('金凤区体检测试工作站');
    expect(a.consentBy).toBe('张总经理');
    expect(a.canAnswer).toBe(true);
    const saved = await site.patch(`/api/assessments/${a.id}/answers`, { answers: { 'org.leader': { value: 'full', note: '现场查阅任命文件' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    const seen = json(await entA.get(`/api/assessments/${a.id}`));
    expect(seen.answers['org.leader'].note).toBe('现场查阅任命文件');
    expect(seen.canAnswer).toBe(true);
    const c = await site.post(`/api/assessments/${a.id}/comments`, { requirementId: 'org.leader', body: '任命文件齐全' });
    expect(c.statusCode, c.body).toBe(200);
    expect(json(c).comments[0]).toMatchObject({ requirementId: 'org.leader', body: '任命文件齐全', authorOrgName: '金凤区体检测试工作站' });
    expect((await entA.post(`/api/assessments/${a.id}/comments`, { body: '自评' })).statusCode).toBe(403);
    expect((await jinfeng.get(`/api/assessments/${a.id}`)).statusCode).toBe(404);
    expect((await entB.get(`/api/assessments/${a.id}`)).statusCode).toBe(404);
  });
});

describe('report, peers and the regional picture', () => {
  const peers: Json[] = [];

  it('shows no aggregate and no percentile under 5 enterprises', async () => {
    const pic = json(await jinfeng.get('/api/assessments/regional?by=district'));
    expect(pic.groups).toEqual([]);
    expect(pic.total).toBeNull();
    expect(pic.suppressed).toBe(1);
    const [mine] = json(await entA.get('/api/assessments?status=submitted')).items;
    expect(json(await entA.get(`/api/assessments/${mine.id}/report`)).percentile).toBeNull();
  });

  it('with 5 peers of the same industry: the percentile, the change since the last check, the aggregates by district', async () => {
    const levels: Level[] = ['worst', 'worst', 'mid', 'best', 'best'];
    for (const [i, level] of levels.entries()) {
      const e = await enterprise(`宁夏体检同业${i}有限公司`, JINFENG);
      await t.createUser({ username: `as_peer${i}`, orgId: e.orgId, roles: ['enterprise_member'] });
      const c = await t.loginAs(`as_peer${i}`);
      const a = await start(c);
      peers.push(await completeAndSubmit(c, a.id, level));
    }
    // A checks again, better than before
    const again = await start(entA);
    const second = await completeAndSubmit(entA, again.id, 'best');
    const report = json(await entA.get(`/api/assessments/${second.id}/report`));
    expect(report.previous).not.toBeNull();
    expect(report.result.overall).toBeGreaterThan(report.previous.overall);
    expect(report.percentile.basis).toBe('industry');
    expect(report.percentile.peers).toBe(5);
    // ahead of the two worst and the middle one, level with the two best: (3 + 2/2) / 5
    expect(report.percentile.value).toBe(80);

    const pic = json(await jinfeng.get('/api/assessments/regional?by=district'));
    expect(pic.groups.map((g: Json) => g.key)).toEqual([JINFENG]);
    const g = pic.groups[0];
    expect(g.enterprises).toBe(6);
    expect(g.levels.reduce((s: number, n: number) => s + n, 0)).toBe(6);
    const latest = [...peers.map((p) => p.score), second.score];
    expect(g.average).toBeCloseTo(latest.reduce((s, n) => s + n, 0) / latest.length, 0);
    expect(Object.keys(g.dimensions)).toEqual(f.dimensions.map((d) => d.id));
    const failures = new Map<string, number>();
    for (const r of [...peers, second].flatMap((x) => x.result.requirements)) if (r.result === 'non_compliant') failures.set(r.id, (failures.get(r.id) ?? 0) + 1);
    expect(g.mostFailed[0].count).toBe(Math.max(...failures.values()));
    expect(failures.get(g.mostFailed[0].requirementId)).toBe(g.mostFailed[0].count);
    // another district sees nothing of Jinfeng's; the city sees the same group
    const xq = json(await xingqing.get('/api/assessments/regional?by=district'));
    expect(xq.groups).toEqual([]);
    expect(xq.total).toBeNull();
    expect(json(await city.get('/api/assessments/regional?by=district')).groups[0].enterprises).toBe(6);
    // grouped by industry: all six are in section F
    expect(json(await city.get('/api/assessments/regional?by=industry')).groups.map((x: Json) => [x.key, x.enterprises])).toEqual([['F', 6]]);
    // by kind: A is the only innovative one (a group under 5, left out); the total counts each enterprise once
    const byKind = json(await city.get('/api/assessments/regional?by=kind'));
    expect(byKind.groups.map((x: Json) => [x.key, x.enterprises])).toEqual([['', 5]]);
    expect(byKind.suppressed).toBe(1);
    expect(byKind.total.enterprises).toBe(6);
    expect(byKind.total.average).toBe(pic.total.average);
    expect(byKind.total.mostFailed).toEqual(pic.total.mostFailed);
    // enterprises have no access to the regional picture
    expect((await entA.get('/api/assessments/regional')).statusCode).toBe(403);
  });
});

describe('concurrent submissions', () => {
  it('two checks of one enterprise submitted at once both succeed, and exactly one is its latest', async () => {
    // the enterprise's self-check and a site's on-site check (an enterprise has one self-check in draft at a time)
    const e = await enterprise('宁夏并发体检有限公司', XINGQING, { siteOrgId: org.xqSite });
    await t.createUser({ username: 'as_conc', orgId: e.orgId, roles: ['enterprise_admin'] });
    const c = await t.loginAs('as_conc');
    const xqSite = await t.loginAs('as_xq_site');
    const a1 = await start(c);
    const a2 = await start(xqSite, { kind: 'onsite', enterpriseId: e.id, consentBy: '企业负责人', consentDate: '2026-03-01' });
    expect(a2.id).not.toBe(a1.id);
    for (const [cl, a] of [[c, a1], [xqSite, a2]] as const) expect((await cl.patch(`/api/assessments/${a.id}/answers`, { answers: answersFor('mid') })).statusCode).toBe(200);
    const res = await Promise.all([c.post(`/api/assessments/${a1.id}/submit`), xqSite.post(`/api/assessments/${a2.id}/submit`), xqSite.post(`/api/assessments/${a2.id}/submit`)]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 200, 409]);
    const rows = await t.database.db.select({ id: assessments.id, latest: assessments.latest }).from(assessments).where(eq(assessments.enterpriseId, e.id));
    expect(rows.filter((r) => r.latest).length).toBe(1);
  });
});

describe('campaigns', () => {
  it('the city launches a campaign; enterprises see a task; staff remind; a submission completes it', async () => {
    expect((await entA.post('/api/assessments/campaigns', { title: 'x', deadline: '2026-12-31', criteria: {} })).statusCode).toBe(403);
    const bad = await city.post('/api/assessments/campaigns', { title: '2026年服务月体检', deadline: '2026-12-31', criteria: { districtCodes: ['640181'] } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].message).toMatch(/^企业范围：没有符合条件的企业/);
    const res = await city.post('/api/assessments/campaigns', { title: '2026年服务月体检', deadline: '2026-12-31', criteria: { districtCodes: [JINFENG], kinds: ['innovative'] } });
    expect(res.statusCode, res.body).toBe(200);
    const c = json(res);
    expect(c.items.map((x: Json) => x.enterpriseName)).toEqual(['宁夏体检甲有限公司']);
    expect(c.completed).toBe(0);
    const tasks = json(await entA.get('/api/assessments/campaigns'));
    expect(tasks.map((x: Json) => x.title)).toEqual(['2026年服务月体检']);
    expect(tasks[0].task.completedAt).toBeNull();
    expect(json(await entB.get('/api/assessments/campaigns'))).toEqual([]);
    // a district outside sees neither the campaign nor its completion
    expect((await xingqing.get(`/api/assessments/campaigns/${c.id}`)).statusCode).toBe(404);
    const reminded = json(await city.post(`/api/assessments/campaigns/${c.id}/remind`, {}));
    expect(reminded.items[0].remindedCount).toBe(1);
    expect(json(await entA.get('/api/assessments/campaigns'))[0].task.remindedCount).toBe(1);
    // the enterprise's users hear it in their inbox; B's do not
    expect(json(await entA.get('/api/inbox?event=campaign')).items.map((n: Json) => n.title)).toEqual(['体检活动催办：2026年服务月体检']);
    expect(json(await entB.get('/api/inbox?event=campaign')).items).toEqual([]);
    // B is not part of it
    expect((await entB.post('/api/assessments', { kind: 'self', campaignId: c.id })).statusCode).toBe(400);
    const a = await start(entA, { kind: 'self', campaignId: c.id });
    await completeAndSubmit(entA, a.id, 'mid');
    const done = json(await city.get(`/api/assessments/campaigns/${c.id}`));
    expect(done.completed).toBe(1);
    expect(done.items[0].assessmentId).toBe(a.id);
    expect(json(await city.post(`/api/assessments/campaigns/${c.id}/remind`, {})).items[0].remindedCount).toBe(1);
    // a completed task is not reminded again
    expect(json(await entA.get('/api/inbox?event=campaign')).total).toBe(1);
  });

  it('开始自查 reopens the enterprise’s draft instead of starting a second one; a campaign’s task takes it in', async () => {
    const drafts = async () => (json(await entB.get('/api/assessments?pageSize=100')).items as Json[]).filter((a) => a.status === 'draft' && a.kind === 'self');
    const first = await start(entB);
    // twice, and twice at once: still the one draft
    expect((await start(entB)).id).toBe(first.id);
    const both = await Promise.all([entB.post('/api/assessments', { kind: 'self' }), entB.post('/api/assessments', { kind: 'self' })]);
    expect(both.map((r) => json(r).id)).toEqual([first.id, first.id]);
    expect((await drafts()).map((a) => a.id)).toEqual([first.id]);
    // a campaign over B: its task's 开始 continues the same draft, now the campaign's
    const c = json(await city.post('/api/assessments/campaigns', { title: '重开草稿测试', deadline: '2026-12-31', criteria: { enterpriseIds: [ent.b.id] } }));
    const viaTask = await start(entB, { kind: 'self', campaignId: c.id });
    expect(viaTask.id).toBe(first.id);
    expect(viaTask.campaignId).toBe(c.id);
    expect((await drafts()).length).toBe(1);
    // and 开始自查 afterwards opens it again
    expect((await start(entB)).id).toBe(first.id);
  });

  it('a district sees the city’s campaign for its own enterprises only, and reminds only them', async () => {
    const c = json(await city.post('/api/assessments/campaigns', { title: '全市保密体检', deadline: '2026-12-31', criteria: { districtCodes: [JINFENG, XINGQING] } }));
    const districts = new Set(c.items.map((x: Json) => x.districtCode));
    expect(districts).toEqual(new Set([JINFENG, XINGQING]));
    // it was 暂无体检活动 for a district although the city's campaign covered its enterprises
    expect(json(await jinfeng.get('/api/assessments/campaigns')).map((x: Json) => x.title)).toContain('全市保密体检');
    const seen = json(await jinfeng.get(`/api/assessments/campaigns/${c.id}`));
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.every((x: Json) => x.districtCode === JINFENG)).toBe(true);
    const theirs = json(await xingqing.get(`/api/assessments/campaigns/${c.id}`)).items;
    expect(theirs.map((x: Json) => x.enterpriseName)).toContain('银川体检丙有限公司');
    expect(theirs.every((x: Json) => x.districtCode === XINGQING)).toBe(true);
    // 金凤区's reminder reaches 金凤区's enterprises, not 兴庆区's
    await jinfeng.post(`/api/assessments/campaigns/${c.id}/remind`, {});
    const after = json(await city.get(`/api/assessments/campaigns/${c.id}`));
    for (const x of after.items) expect([x.districtCode, x.remindedCount]).toEqual([x.districtCode, x.districtCode === JINFENG && !x.completedAt ? 1 : 0]);
    // naming an enterprise of another district reminds nobody
    await xingqing.post(`/api/assessments/campaigns/${c.id}/remind`, { enterpriseIds: [ent.a.id] });
    expect(json(await city.get(`/api/assessments/campaigns/${c.id}`)).items.find((x: Json) => x.enterpriseId === ent.a.id).remindedCount).toBe(1);
  });

  it('a district launches by cultivation list within its own district only', async () => {
    await admin.post('/api/cultivation', { enterpriseId: ent.b.id, year: 2026, batch: 1 });
    const res = await jinfeng.post('/api/assessments/campaigns', { title: '培育企业体检', deadline: '2026-12-31', criteria: { cultivation: true } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).items.map((x: Json) => x.enterpriseName)).toEqual(['宁夏体检乙有限公司']);
    expect((await xingqing.post('/api/assessments/campaigns', { title: '培育企业体检', deadline: '2026-12-31', criteria: { cultivation: true } })).statusCode).toBe(400);
    // the city's two (全市保密体检, 重开草稿测试) and 金凤区's
    expect(json(await city.get('/api/assessments/campaigns')).length).toBe(4);
    // 兴庆区 sees the city's campaign that covers its enterprises, not 金凤区's own
    expect(json(await xingqing.get('/api/assessments/campaigns')).map((x: Json) => x.title)).toEqual(['全市保密体检']);
  });
});

describe('framework versions', () => {
  it('new assessments start on the newest version; existing ones keep theirs', async () => {
    const v1 = fs.readFileSync(path.join(FRAMEWORKS_DIR, 'trade-secret-health-v1.yaml'), 'utf8');
    const [draft] = json(await entB.get('/api/assessments?status=draft')).items.length
      ? json(await entB.get('/api/assessments?status=draft')).items
      : [await start(entB)];
    const up = await cityAdmin.post('/api/assessments/frameworks', { text: v1.replace(/^version: "1"$/m, 'version: "2"') });
    expect(up.statusCode, up.body).toBe(200);
    const v2 = json(up);
    expect(v2.current).toBe(true);
    const list = json(await entB.get('/api/assessments/frameworks'));
    expect(list.find((x: Json) => x.id === frameworkId).current).toBe(false);
    expect(json(await entB.get(`/api/assessments/${draft.id}`)).frameworkId).toBe(frameworkId);
    // 开始自查 reopens the draft on its version; once it is submitted, the next check starts on the newest
    expect((await start(entB)).id).toBe(draft.id);
    await completeAndSubmit(entB, draft.id, 'mid');
    const fresh = await start(entB);
    expect(fresh.frameworkId).toBe(v2.id);
  });
});
