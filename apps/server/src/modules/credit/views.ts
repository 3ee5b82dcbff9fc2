/**
 * Read-only views: the credit dashboard per district, an enterprise's own credit (records, terms, list entries,
 * applications), an enterprise's credit state on its profile for staff, what a case gives a new record, the cases still
 * waiting for their record, and the discretion table's suggestion.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  fineAgainstSuggestion,
  repairOpensOn,
  shanghaiDate,
  suggestPenalty,
  type CreditDashboard,
  type CreditEnterpriseState,
  type CreditMine,
  type CreditPrefill,
  type PenaltyKind,
} from '@shangmi/shared';
import { caseClocks, caseEvents, cases, creditRecords, creditRepairs, creditSerious } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { caseForCredit, caseScope } from '../cases/cases.service.js';
import { enterpriseOfOrg, findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { M } from './credit.messages.js';
import { todayOf, toRecord } from './records.js';
import { toRepair } from './repairs.js';
import { currentRules } from './rules.js';
import { isEnterpriseUser, recordScope, repairScope, seriousScope } from './scope.js';

const brief = (x: ReturnType<typeof toRecord>) => ({
  id: x.id,
  decisionNo: x.decisionNo,
  decidedOn: x.decidedOn,
  penaltyKinds: x.penaltyKinds,
  fineFen: x.fineFen,
  state: x.state,
  publishState: x.publishState,
  publishedOn: x.publishedOn,
  publicUntil: x.publicUntil,
  term: x.term,
  endedOn: x.endedOn,
});

/** Per district: decided (publishable), published on time or late, overdue and pending, on view, withdrawn, repaired, listed. */
export async function creditDashboard(ctx: Ctx, q: { year?: number }): Promise<CreditDashboard> {
  const actor = requireActor(ctx);
  const today = todayOf(ctx);
  const yearCond = q.year ? and(sql`${creditRecords.decidedOn} >= ${`${q.year}-01-01`}`, sql`${creditRecords.decidedOn} <= ${`${q.year}-12-31`}`) : undefined;
  const notYet = sql`${creditRecords.state} in ('draft', 'review', 'returned', 'reviewed')`;
  const n = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})::int`;
  const rows = await ctx.db
    .select({
      districtCode: creditRecords.districtCode,
      decided: n(sql`${creditRecords.publishable}`),
      onTime: n(sql`${creditRecords.publishedOn} is not null and ${creditRecords.publishedOn} <= ${creditRecords.publishDueOn}`),
      late: n(sql`${creditRecords.publishedOn} is not null and ${creditRecords.publishedOn} > ${creditRecords.publishDueOn}`),
      overdue: n(sql`${creditRecords.publishable} and ${notYet} and ${creditRecords.publishDueOn} < ${today}`),
      pending: n(sql`${creditRecords.publishable} and ${notYet} and ${creditRecords.publishDueOn} >= ${today}`),
      public: n(sql`${creditRecords.public}`),
      withdrawn: n(sql`${creditRecords.state} = 'withdrawn'`),
      repaired: n(sql`${creditRecords.endReason} = 'repaired'`),
    })
    .from(creditRecords)
    .where(andAll(recordScope(actor), yearCond))
    .groupBy(creditRecords.districtCode)
    .orderBy(asc(creditRecords.districtCode));
  const listed = await ctx.db
    .select({ districtCode: creditSerious.districtCode, n: sql<number>`count(*)::int` })
    .from(creditSerious)
    .where(andAll(seriousScope(actor), eq(creditSerious.public, true)))
    .groupBy(creditSerious.districtCode);
  const byDistrict = new Map<string | null, CreditDashboard['total']>();
  const zero = (d: string | null) => ({ districtCode: d, decided: 0, onTime: 0, late: 0, overdue: 0, pending: 0, public: 0, withdrawn: 0, repaired: 0, serious: 0 });
  for (const r of rows) byDistrict.set(r.districtCode, { ...zero(r.districtCode), ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'districtCode' ? v : Number(v)])) } as CreditDashboard['total']);
  for (const l of listed) byDistrict.set(l.districtCode, { ...(byDistrict.get(l.districtCode) ?? zero(l.districtCode)), serious: Number(l.n) });
  const list = [...byDistrict.values()];
  const total = list.reduce((t, r) => {
    for (const k of Object.keys(t) as (keyof typeof t)[]) if (k !== 'districtCode') (t[k] as number) += r[k] as number;
    return t;
  }, zero(null));
  return { year: q.year ?? null, rows: list, total };
}

/** An enterprise's own credit: its published records with their terms and when repair opens, its list entries, its applications. */
export async function creditMine(ctx: Ctx): Promise<CreditMine> {
  const actor = requireActor(ctx);
  // staff have no enterprise of their own: nothing to show (their view of an enterprise is enterpriseState)
  if (!isEnterpriseUser(actor)) throw new AppError('NOT_FOUND', { message: M.noEnterprise });
  const ent = await enterpriseOfOrg(ctx, actor.orgId);
  const [{ rules }, recs, entries, apps] = await Promise.all([
    currentRules(ctx),
    ctx.db.select().from(creditRecords).where(recordScope(actor)).orderBy(desc(creditRecords.decidedOn), desc(creditRecords.id)).limit(200),
    ctx.db.select().from(creditSerious).where(seriousScope(actor)).orderBy(desc(creditSerious.id)).limit(50),
    ctx.db.select().from(creditRepairs).where(repairScope(actor)).orderBy(desc(creditRepairs.id)).limit(100),
  ]);
  const today = todayOf(ctx);
  return {
    partyName: ent?.name ?? actor.orgName,
    creditCode: ent?.creditCode ?? '',
    partyKind: recs[0]?.partyKind ?? null,
    records: recs.map((r) => {
      const opens = repairOpensOn(rules, { penaltyKinds: r.penaltyKinds as PenaltyKind[], term: r.term, publishedOn: r.publishedOn });
      return { ...brief(toRecord(r, '', rules, today)), repairFrom: r.public ? opens.from : null, repairClosed: r.public ? opens.reason : null };
    }),
    serious: entries.map((s) => ({ id: s.id, reason: s.reason, state: s.state as CreditMine['serious'][number]['state'], listedOn: s.listedOn, earlyFrom: s.earlyFrom, endsOn: s.endsOn, removedOn: s.removedOn, removalKind: s.removalKind })),
    repairs: apps.map((p) => toRepair(p)),
  };
}

/** An enterprise's credit for the staff who see the enterprise (its profile page), within their credit scope. */
export async function enterpriseState(ctx: Ctx, enterpriseId: number): Promise<CreditEnterpriseState> {
  const actor = requireActor(ctx);
  const e = await findEnterpriseInScope(ctx, enterpriseId);
  const mine = and(eq(creditRecords.regionCode, e.regionCode), eq(creditRecords.creditCode, e.creditCode));
  const [{ rules }, recs, entries, apps] = await Promise.all([
    currentRules(ctx),
    ctx.db.select().from(creditRecords).where(andAll(mine, recordScope(actor))).orderBy(desc(creditRecords.decidedOn)).limit(100),
    ctx.db.select().from(creditSerious).where(andAll(eq(creditSerious.regionCode, e.regionCode), eq(creditSerious.creditCode, e.creditCode), seriousScope(actor))).orderBy(desc(creditSerious.id)).limit(20),
    ctx.db.select().from(creditRepairs).where(andAll(eq(creditRepairs.regionCode, e.regionCode), eq(creditRepairs.creditCode, e.creditCode), repairScope(actor))).orderBy(desc(creditRepairs.id)).limit(20),
  ]);
  const today = todayOf(ctx);
  return {
    creditCode: e.creditCode,
    publicRecords: recs.filter((r) => r.public).length,
    listed: entries.some((s) => s.public),
    records: recs.map((r) => brief(toRecord(r, '', rules, today))),
    serious: entries.map((s) => ({ id: s.id, state: s.state as CreditEnterpriseState['serious'][number]['state'], listedOn: s.listedOn, endsOn: s.endsOn })),
    repairs: apps.map((p) => ({ id: p.id, kind: p.kind, state: p.state as CreditEnterpriseState['repairs'][number]['state'], appliedAt: p.appliedAt.toISOString() })),
  };
}

/** What a case decided with a penalty gives its record (and the record it already has, if any). */
export async function prefillFromCase(ctx: Ctx, caseId: number): Promise<CreditPrefill> {
  const c = await caseForCredit(ctx, caseId);
  const [existing] = await ctx.db.select({ id: creditRecords.id }).from(creditRecords).where(eq(creditRecords.caseId, caseId));
  const org = await findOrgInScope(ctx, c.orgId).catch(() => null);
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    partyName: c.respondentName ?? '',
    creditCode: c.respondentCreditCode,
    legalRep: null,
    decisionNo: c.decisionNo,
    decidedOn: c.decidedOn,
    fineFen: c.fineFen,
    confiscationFen: c.confiscationFen,
    lossFen: c.lossFen,
    authorityName: org?.name ?? '',
    secretTerms: c.secretTerms,
    existingRecordId: existing?.id ?? null,
  };
}

/**
 * Cases in the actor's scope decided with a penalty and without a record yet, oldest decision first. A read-only join on
 * the cases' tables (their scope is the cases module's own condition): one statement instead of a call per case.
 */
export async function pendingCases(ctx: Ctx) {
  const actor = requireActor(ctx);
  const decidedAt = sql<Date>`(select max(${caseEvents.at}) from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} and ${caseEvents.action} = 'decide')`;
  const due = sql<string | null>`(select min(${caseClocks.dueOn}) from ${caseClocks} where ${caseClocks.caseId} = ${cases.id} and ${caseClocks.ruleKey} = 'case.publish')`;
  const rows = await ctx.db
    .select({ caseId: cases.id, caseNumber: cases.caseNumber, title: cases.title, respondentName: cases.respondentName, decisionNo: cases.decisionNo, decidedAt, due })
    .from(cases)
    .leftJoin(creditRecords, eq(creditRecords.caseId, cases.id))
    .where(andAll(caseScope(actor), eq(cases.decisionKind, 'penalty'), inArray(cases.status, ['decided', 'executing', 'closed']), isNull(creditRecords.id)))
    .orderBy(asc(due), asc(cases.id))
    .limit(200);
  return rows.map((r) => ({
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    title: r.title,
    respondentName: r.respondentName,
    decisionNo: r.decisionNo,
    decidedOn: r.decidedAt ? shanghaiDate(new Date(r.decidedAt)) : null,
    publishDueOn: r.due ? String(r.due).slice(0, 10) : null,
  }));
}

/** The discretion table's suggestion for the given facts (the record page recomputes it as the officer ticks factors). */
export async function discretionSuggestion(ctx: Ctx, q: { lossFen?: number; illegalGainFen?: number; factors?: string; fineFen?: number }) {
  const { discretion } = await currentRules(ctx);
  const s = suggestPenalty(discretion, { lossFen: q.lossFen, illegalGainFen: q.illegalGainFen, factors: q.factors?.split(',').filter(Boolean) });
  return { ...s, verdict: fineAgainstSuggestion(s, q.fineFen ?? null) };
}
