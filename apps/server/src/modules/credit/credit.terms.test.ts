/**
 * Terms and clocks across the 2026→2027 year boundary, on PGlite and PostgreSQL: the 20-working-day publication clock
 * over New Year (2027's arrangement not yet published: the statutory holiday, provisional), the 3-working-day
 * withdrawal limit and its reminders by the engine, three months / three years / a restriction's length, the hourly
 * job ending publications and listings at their term, and when repair and early removal open. Steps are taken through
 * the services with a fixed clock (a request's clock is today's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { computeDue, officialYearLoaded, WorkCalendar } from '@shangmi/shared';
import { creditChanges, creditRecords, notifications, workflowInstances } from '../../db/schema/index.js';
import type { Actor } from '../../platform/context.js';
import { remindWorkflowLimits } from '../../platform/workflow/index.js';
import { actorOf, ctxOf } from '../../../test/actors.js';
import { createTestApp, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { ok, recordInput } from '../../../test/credit.js';
import * as svc from './credit.service.js';

let t: TestApp;
let jf: Client;
let officer: Actor;
let reviewer: Actor;
let cityActor: Actor;
let reviewerId: number;

/** Noon in Shanghai on a day. */
const at = (day: string) => new Date(`${day}T04:00:00Z`);
/** Runs service calls in one transaction with the clock at `day`, as `actor`. */
const on = <T>(day: string, actor: Actor | null, fn: (ctx: ReturnType<typeof ctxOf>) => Promise<T>) => t.database.db.transaction((tx) => fn(ctxOf(t, actor, tx, at(day))));
const row = async (id: number) => (await t.database.db.select().from(creditRecords).where(eq(creditRecords.id, id)))[0];

/** A record decided on `decidedOn`, entered through the API, then submitted, reviewed and published on `publishOn`. */
async function published(decidedOn: string, publishOn: string, extra: Record<string, unknown> = {}) {
  const r = await ok(await jf.post('/api/credit/records', recordInput({ decidedOn, ...extra })));
  await on(publishOn, officer, (ctx) => svc.submitRecord(ctx, r.id, {}));
  await on(publishOn, reviewer, (ctx) => svc.reviewRecord(ctx, r.id, { factsConfirmed: true }));
  await on(publishOn, reviewer, (ctx) => svc.publishRecord(ctx, r.id, {}));
  return row(r.id);
}

beforeAll(async () => {
  t = await createTestApp();
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  const cityOrg = await t.orgId('银川市市场监督管理局');
  const officerId = await t.createUser({ username: 'ct_jf', orgId: jinfeng, roles: ['district_staff'] });
  reviewerId = await t.createUser({ username: 'ct_jf2', orgId: jinfeng, roles: ['district_staff'] });
  const cityId = await t.createUser({ username: 'ct_city', orgId: cityOrg, roles: ['city_staff'] });
  [officer, reviewer, cityActor] = await Promise.all([officerId, reviewerId, cityId].map((id) => actorOf(t.database, id)));
  jf = await t.loginAs('ct_jf');
});
afterAll(async () => t?.close());

describe('the publication clock over New Year', () => {
  // While 2027's arrangement is unpublished the engine answers a range and the due day is its earliest end (never later
  // than the real one): 31 December 2026 if make-up working days fell before New Year, up to 5 January 2027.
  it('20 working days from 4 December 2026 cross New Year: provisional while 2027 is unpublished, the due day the earliest plausible', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput({ decidedOn: '2026-12-04' })));
    const expected = computeDue(new WorkCalendar(), { start: '2026-12-04', length: 20, unit: 'working' });
    expect(r).toMatchObject({ publishDueOn: expected.due, publishDueProvisional: expected.provisional });
    if (!officialYearLoaded(2027)) {
      expect(r).toMatchObject({ publishDueOn: '2026-12-31', publishDueProvisional: true });
      expect(expected.latest).toBe('2027-01-05');
    }
    // published on 5 January 2027: late, and counted so
    await on('2027-01-05', officer, (ctx) => svc.submitRecord(ctx, r.id, {}));
    await on('2027-01-05', reviewer, (ctx) => svc.reviewRecord(ctx, r.id, { factsConfirmed: true }));
    await on('2027-01-05', reviewer, (ctx) => svc.publishRecord(ctx, r.id, {}));
    const d = await on('2027-01-05', officer, (ctx) => svc.getRecordDetail(ctx, r.id));
    expect(d).toMatchObject({ publishedOn: '2027-01-05', onTime: false, publicUntil: '2030-01-05', term: 'long' });
  });

  it('an unpublished record past its due date is overdue on the list', async () => {
    const r = await ok(await jf.post('/api/credit/records', recordInput({ decidedOn: '2026-10-09' })));
    const page = await on('2026-12-07', officer, (ctx) => svc.listRecords(ctx, { publishState: 'overdue', page: 1, pageSize: 50, order: 'desc' }));
    expect(page.items.map((x) => x.id)).toContain(r.id);
    expect(page.items.find((x) => x.id === r.id)?.publishState).toBe('overdue');
  });
});

describe('terms: three months, three years, a restriction’s length, ended by the hourly job', () => {
  let short: number;
  let long: number;

  it('published on 31 December 2026: a low fine until 31 March 2027, a heavier one until 31 December 2029', async () => {
    const s = await published('2026-12-01', '2026-12-31', { fineFen: 500_000 });
    const l = await published('2026-12-01', '2026-12-31');
    short = s.id;
    long = l.id;
    expect(s).toMatchObject({ term: 'short', publishedOn: '2026-12-31', publicUntil: '2027-03-31', public: true });
    expect(l).toMatchObject({ term: 'long', publicUntil: '2029-12-31', public: true });
  });

  it('30 November + 3 months is the end of February (no 30 February)', async () => {
    const s = await published('2026-11-02', '2026-11-30', { fineFen: 500_000 });
    expect(s.publicUntil).toBe('2027-02-28');
  });

  it('a business restriction longer than three years is published for its own length', async () => {
    const r = await published('2026-12-01', '2026-12-31', { penaltyKinds: ['restrict_business', 'fine'], validUntil: '2031-06-30' });
    expect(r).toMatchObject({ term: 'restriction', publicUntil: '2031-06-30' });
    const shorter = await published('2026-12-01', '2026-12-31', { penaltyKinds: ['restrict_business', 'fine'], validUntil: '2028-06-30' });
    expect(shorter).toMatchObject({ term: 'long', publicUntil: '2029-12-31' });
  });

  it('the job keeps a record on view through its last day and takes it off the next, telling the credit systems', async () => {
    // (the record published on 30 November, whose term ended in February, goes now)
    await on('2027-03-31', null, (ctx) => svc.endTerms(ctx));
    expect((await row(short)).public).toBe(true);
    const ended = await on('2027-04-01', null, (ctx) => svc.endTerms(ctx));
    expect(ended.expired).toBeGreaterThanOrEqual(1);
    expect(await row(short)).toMatchObject({ public: false, endReason: 'expired', endedOn: '2027-04-01' });
    expect((await row(long)).public).toBe(true);
    const changes = await t.database.db.select().from(creditChanges).where(eq(creditChanges.recordId, short));
    expect(changes.map((c) => c.change)).toEqual(['new', 'expired']);
    const d = await on('2027-04-01', officer, (ctx) => svc.getRecordDetail(ctx, short));
    expect(d.publishState).toBe('expired');
    expect(d.history[0]).toMatchObject({ action: 'expired', userName: null });
    // the public search of that day no longer finds it, the long one still
    const found = await on('2027-04-01', null, (ctx) => svc.publicSearch(ctx, { page: 1, pageSize: 50 }));
    expect(found.items.map((x) => x.id)).not.toContain(short);
    expect(found.items.map((x) => x.id)).toContain(long);
  });

  it('the public page ends a term on its last day even before the job has run', async () => {
    const s = await published('2026-12-01', '2026-12-31', { fineFen: 400_000 });
    const after = await on('2027-04-01', null, (ctx) => svc.publicSearch(ctx, { page: 1, pageSize: 50 }));
    expect(after.items.map((x) => x.id)).not.toContain(s.id);
    expect((await row(s.id)).public).toBe(true);
  });
});

describe('withdrawal within three working days, timed and reminded by the engine', () => {
  it('a decision revoked on 30 December 2026 is withdrawn within 3 working days over New Year (2027 provisional); the engine reminds the publishers', async () => {
    const r = await published('2026-12-01', '2026-12-02');
    await on('2026-12-31', officer, (ctx) => svc.revokeRecord(ctx, r.id, { kind: 'changed', documentNo: '宁市监复决字〔2026〕9号', on: '2026-12-30', comment: '复议变更罚款数额' }));
    const expected = computeDue(new WorkCalendar(), { start: '2026-12-30', length: 3, unit: 'working' }).due;
    expect((await row(r.id)).withdrawDueOn).toBe(expected);
    // 31 December counts and 1 January is a holiday; a make-up working day on 2 or 3 January is plausible, so the
    // earliest third working day is 4 January (the latest 7 January)
    if (!officialYearLoaded(2027)) expect(expected).toBe('2027-01-04');
    const [inst] = await t.database.db.select().from(workflowInstances).where(and(eq(workflowInstances.kind, 'credit.publication'), eq(workflowInstances.recordId, r.id)));
    expect(inst).toMatchObject({ state: 'withdrawing', dueOn: computeDue(new WorkCalendar(), { start: '2026-12-31', length: 3, unit: 'working' }).due });
    // overdue on 7 January: the reminder scan writes the notices once
    const n1 = await t.database.db.transaction((tx) => remindWorkflowLimits(tx, t.config, at('2027-01-07')));
    expect(n1.notices).toBeGreaterThanOrEqual(1);
    const mine = await t.database.db.select().from(notifications).where(eq(notifications.userId, reviewerId));
    expect(mine.some((x) => x.titleZh.includes('【已逾期】') && x.link === `/credit/records/${r.id}`)).toBe(true);
    await on('2027-01-07', reviewer, (ctx) => svc.withdrawRecord(ctx, r.id, '处罚决定已依法变更'));
    const d = await on('2027-01-07', officer, (ctx) => svc.getRecordDetail(ctx, r.id));
    expect(d).toMatchObject({ state: 'withdrawn', withdrawnOn: '2027-01-07', publishState: 'withdrawn' });
  });
});

describe('serious list terms and repair openings', () => {
  it('listed on 31 December 2026: early removal from 31 December 2027, off the list after 31 December 2029', async () => {
    const r = await published('2026-12-01', '2026-12-02');
    const id = await on('2026-12-03', officer, (ctx) => svc.proposeSerious(ctx, { recordId: r.id, reason: '侵犯商业秘密，情节严重', basis: '总局令第44号 第九条第（一）项' }));
    await on('2026-12-03', officer, (ctx) => svc.seriousStep(ctx, id, 'notify', {}));
    await on('2026-12-11', officer, (ctx) => svc.seriousStep(ctx, id, 'heard', { statement: '当事人在期限内未提出陈述申辩' }));
    await on('2026-12-14', cityActor, (ctx) => svc.seriousStep(ctx, id, 'decide', {}));
    await on('2026-12-31', officer, (ctx) => svc.seriousStep(ctx, id, 'publish', {}));
    const s = await on('2026-12-31', officer, (ctx) => svc.getSeriousDetail(ctx, id));
    expect(s).toMatchObject({ state: 'listed', listedOn: '2026-12-31', earlyFrom: '2027-12-31', endsOn: '2029-12-31' });
    expect(await on('2029-12-31', null, (ctx) => svc.endTerms(ctx))).toMatchObject({ removed: 0 });
    expect((await on('2030-01-01', null, (ctx) => svc.endTerms(ctx))).removed).toBeGreaterThanOrEqual(1);
    const after = await on('2030-01-01', officer, (ctx) => svc.getSeriousDetail(ctx, id));
    expect(after).toMatchObject({ state: 'removed', removalKind: 'expired', removedOn: '2030-01-01' });
  });

  it('the statement period is the engine’s limit on the notice (5 working days, over a weekend)', async () => {
    const r = await published('2026-12-01', '2026-12-02');
    const id = await on('2026-12-03', officer, (ctx) => svc.proposeSerious(ctx, { recordId: r.id, reason: '情节严重', basis: '总局令第44号' }));
    await on('2026-12-04', officer, (ctx) => svc.seriousStep(ctx, id, 'notify', {}));
    const s = await on('2026-12-04', officer, (ctx) => svc.getSeriousDetail(ctx, id));
    expect(s).toMatchObject({ state: 'noticed', noticedOn: '2026-12-04', statementDueOn: '2026-12-11' });
  });

  it('repair of a long publication opens six months after publication; a short one never needs it', async () => {
    const r = await published('2026-06-01', '2026-06-30');
    const d: Json = await on('2026-12-07', officer, (ctx) => svc.getRecordDetail(ctx, r.id));
    expect(d).toMatchObject({ repairFrom: '2026-12-30', repairClosed: null });
    const s = await published('2026-06-01', '2026-06-30', { fineFen: 300_000 });
    const sd = await on('2026-07-01', officer, (ctx) => svc.getRecordDetail(ctx, s.id));
    expect(sd.repairFrom).toBeNull();
    expect(sd.repairClosed?.zh).toMatch(/自动停止公示/);
    const excluded = await published('2026-06-01', '2026-06-30', { penaltyKinds: ['revoke_permit', 'fine'], licenceInfo: '食品经营许可证 JY16401000000001' });
    const ed = await on('2026-07-01', officer, (ctx) => svc.getRecordDetail(ctx, excluded.id));
    expect(ed.repairClosed?.zh).toMatch(/吊销许可证件/);
  });
});
