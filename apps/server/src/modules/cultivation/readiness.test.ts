import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { assessmentFrameworks, assessments, cultivationEntries, orgs, users } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { loadReadinessRules } from './cultivation.service.js';

/**
 * Issue 24 item 3: willingness, the latest health check and readiness by config/cultivation/readiness.json (shipped
 * rules: 培育 needs a signed intention; 创建 also a check scoring ≥ 70 within 365 days and no required/red-line failure).
 */
let t: TestApp;
let admin: Client;
let jinfeng: Client;
let xingqing: Client;
const creditCode = creditCodes('RDY1');
const entry: Record<string, number> = {};
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));

const requiredGap = { requirementId: 'R-1.2', dimensionId: 'D1', result: 'non_compliant', score: 0, importance: 'required', redLine: false, priority: 1 };
const softGap = { requirementId: 'R-3.1', dimensionId: 'D3', result: 'non_compliant', score: 0, importance: 'recommended', redLine: false, priority: 0.2 };

/** An enterprise of 金凤区 on the 2026 list at `stage`, with an intention and a latest health check as given. */
async function fixture(name: string, stage: 'candidate' | 'cultivating', intention: string | null, check: { score: number; gaps?: Json[]; asOf?: string } | null) {
  const ent = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name }));
  const e = json(await jinfeng.post('/api/cultivation', { enterpriseId: ent.id, year: 2026, batch: 1 }));
  await t.database.db.update(cultivationEntries).set({ stage, intentionSignedOn: intention }).where(eq(cultivationEntries.id, e.id));
  if (check) {
    const [fw] = await t.database.db.select({ id: assessmentFrameworks.id }).from(assessmentFrameworks).limit(1);
    const [o] = await t.database.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, ent.orgId));
    const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
    await t.database.db.insert(assessments).values({
      regionCode: '640100',
      enterpriseId: ent.id,
      orgId: ent.orgId,
      orgPath: o.path,
      frameworkId: fw.id,
      kind: 'self',
      status: 'submitted',
      latest: true,
      startedBy: u.id,
      score: check.score,
      level: 3,
      asOf: check.asOf ?? today,
      submittedAt: new Date(),
      result: { dimensions: [{ id: 'D1', score: check.score }, { id: 'D2', score: 40 }], gaps: check.gaps ?? [] },
    });
  }
  return e.id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  await t.createUser({ username: 'rd_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'rd_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  [jinfeng, xingqing] = await Promise.all(['rd_jf', 'rd_xq'].map((u) => t.loginAs(u)));
  entry.ready = await fixture('就绪科技有限公司', 'cultivating', '2026-01-10', { score: 75, gaps: [softGap] });
  entry.mustHave = await fixture('必备缺失科技有限公司', 'cultivating', '2026-01-10', { score: 80, gaps: [requiredGap, softGap] });
  entry.noIntention = await fixture('无意向科技有限公司', 'cultivating', null, { score: 90 });
  entry.lowScore = await fixture('低分科技有限公司', 'cultivating', '2026-01-10', { score: 65 });
  entry.oldCheck = await fixture('旧体检科技有限公司', 'cultivating', '2024-01-10', { score: 88, asOf: '2024-01-15' });
  entry.noCheck = await fixture('未体检科技有限公司', 'cultivating', '2026-01-10', null);
  entry.candidate = await fixture('意向科技有限公司', 'candidate', '2026-02-01', null);
  entry.candidateNo = await fixture('观望科技有限公司', 'candidate', null, null);
});
afterAll(async () => t?.close());

const readiness = async (id: number) => json(await jinfeng.get(`/api/cultivation/${id}/readiness`));
const failing = (r: Json) => r.reasons.filter((x: Json) => !x.ok).map((x: Json) => x.check);

describe('readiness follows the rules on fixtures', () => {
  it('each entry is ready or not, and the district sees why', async () => {
    const ready = await readiness(entry.ready);
    expect(ready).toMatchObject({ stage: 'cultivating', nextStage: 'created', ready: true, intentionSignedOn: '2026-01-10', failedMustHave: [], check: { score: 75 } });
    expect(ready.reasons.map((x: Json) => x.check)).toEqual(['intention', 'checkExists', 'score', 'mustHave', 'checkAge']);
    // the dimension below the rule's line is a gap, shown whatever the decision
    expect(ready.dimensionGaps).toEqual([{ id: 'D2', score: 40 }]);

    const must = await readiness(entry.mustHave);
    expect(must.ready).toBe(false);
    expect(failing(must)).toEqual(['mustHave']);
    expect(must.failedMustHave).toEqual(['R-1.2']);
    expect(must.reasons.find((x: Json) => x.check === 'mustHave').zh).toContain('R-1.2');

    expect(failing(await readiness(entry.noIntention))).toEqual(['intention']);
    const low = await readiness(entry.lowScore);
    expect(failing(low)).toEqual(['score']);
    expect(low.reasons.find((x: Json) => x.check === 'score').zh).toBe('体检得分 65，要求不低于 70');
    expect(failing(await readiness(entry.oldCheck))).toEqual(['checkAge']);
    expect(failing(await readiness(entry.noCheck))).toEqual(['checkExists']);
    expect(await readiness(entry.candidate)).toMatchObject({ nextStage: 'cultivating', ready: true, check: null });
    expect(failing(await readiness(entry.candidateNo))).toEqual(['intention']);
  });

  it('the list and the board filter by readiness with the same rules', async () => {
    const ids = async (q: string) => (json(await jinfeng.get(`/api/cultivation?pageSize=100&${q}`)).items as Json[]).map((e) => e.id).sort();
    expect(await ids('readiness=ready')).toEqual([entry.ready, entry.candidate].sort());
    expect(await ids('readiness=not_ready')).toEqual(
      [entry.mustHave, entry.noIntention, entry.lowScore, entry.oldCheck, entry.noCheck, entry.candidateNo].sort(),
    );
    expect(await ids('readiness=ready&stage=cultivating')).toEqual([entry.ready]);
    const stats = json(await jinfeng.get('/api/cultivation/stats?readiness=ready'));
    expect(stats.total).toBe(2);
    expect(json(await jinfeng.get('/api/cultivation?readiness=maybe')).error.fields[0].field).toBe('readiness');
    // the list shows the willingness
    expect(json(await jinfeng.get(`/api/cultivation/${entry.ready}`)).intentionSignedOn).toBe('2026-01-10');
  });

  it('recording the signed intention makes an entry ready; bad dates name the field; outside the district: 404', async () => {
    for (const [body, field] of [
      [{ signedOn: tomorrow }, 'signedOn'],
      [{ signedOn: '2026-02-30' }, 'signedOn'],
      [{}, 'signedOn'],
    ] as const) {
      const res = await jinfeng.put(`/api/cultivation/${entry.noIntention}/intention`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields[0].field).toBe(field);
    }
    expect((await xingqing.put(`/api/cultivation/${entry.noIntention}/intention`, { signedOn: today })).statusCode).toBe(404);
    expect((await xingqing.get(`/api/cultivation/${entry.noIntention}/readiness`)).statusCode).toBe(404);
    expect((await readiness(entry.noIntention)).ready).toBe(false);

    const res = await jinfeng.put(`/api/cultivation/${entry.noIntention}/intention`, { signedOn: today, note: '企业法定代表人签署培育意向书' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ ready: true, intentionSignedOn: today });
    const detail = json(await jinfeng.get(`/api/cultivation/${entry.noIntention}`));
    expect(detail.events.some((e: Json) => e.action === 'updated' && e.changed.includes('intentionSignedOn'))).toBe(true);
    // taken back
    expect(json(await jinfeng.put(`/api/cultivation/${entry.noIntention}/intention`, { signedOn: null })).ready).toBe(false);
  });

  it('the rules file is checked: the shipped one passes, a broken one names its problem', () => {
    expect(loadReadinessRules().stages.created).toMatchObject({ minScore: 70, noFailedMustHave: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-'));
    const file = path.join(dir, 'readiness.json');
    fs.writeFileSync(file, JSON.stringify({ ...loadReadinessRules(), stages: { ...loadReadinessRules().stages, created: { minScore: 170 } } }));
    expect(() => loadReadinessRules(file)).toThrow(/config\/cultivation\/readiness\.json: stages\.created/);
    fs.rmSync(dir, { recursive: true });
  });
});
