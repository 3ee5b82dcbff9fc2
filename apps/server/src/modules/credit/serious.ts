/**
 * The serious-violation list (严重违法失信名单, 总局令第44号): a proposal linked to a published penalty → the notice of
 * intent with its statement/hearing period → the statement recorded → the decision (someone other than the proposer)
 * → publication, from which the term counts: early removal on application after a year (repairs.ts), removal by
 * itself after three (the daily job). Listing shares the entry with the region's partner departments (partners.ts).
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { seriousTerms, type CreditSerious, type CreditSeriousDetail, type CreditSeriousStep, type Page, type PageQuery } from '@shangmi/shared';
import { creditSerious, creditShares, orgs } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { AppError, registerUniqueField } from '../../platform/errors.js';
import { instanceOf, mayTake, stepsOf, takeStep } from '../../platform/workflow/index.js';
import { M } from './credit.messages.js';
import { shareEntry } from './partners.js';
import { seriousPath } from './paths.js';
import { recordHistory } from './publication.js';
import { orgNameOf, todayOf } from './records.js';
import { currentRules } from './rules.js';
import { addEvent, findRecord, findSerious, seriousHome, seriousScope, type SeriousRow } from './scope.js';

registerUniqueField('credit_serious_record_open_uq', 'recordId');

export function toSerious(s: SeriousRow, orgName: string, version = 0): CreditSerious {
  return {
    id: s.id,
    recordId: s.recordId,
    regionCode: s.regionCode,
    districtCode: s.districtCode,
    orgName,
    partyName: s.partyName,
    creditCode: s.creditCode,
    decisionNo: s.decisionNo,
    reason: s.reason,
    basis: s.basis,
    state: s.state as CreditSerious['state'],
    noticedOn: s.noticedOn,
    statementDueOn: s.statementDueOn,
    statement: s.statement,
    decidedOn: s.decidedOn,
    listedOn: s.listedOn,
    earlyFrom: s.earlyFrom,
    endsOn: s.endsOn,
    removedOn: s.removedOn,
    removalKind: s.removalKind,
    version,
    createdAt: s.createdAt.toISOString(),
  };
}

async function setEntry(ctx: Ctx, id: number, set: Partial<SeriousRow>) {
  const [row] = await ctx.db
    .update(creditSerious)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(creditSerious.id, id))
    .returning();
  return row;
}

/** Proposes listing a published penalty; the reason and basis (the 令44 ground) go on the list if it is decided. */
export async function proposeSerious(ctx: Ctx, input: { recordId: number; reason: string; basis: string }): Promise<number> {
  const actor = requireActor(ctx);
  const r = await findRecord(ctx, input.recordId, { lock: true });
  if (r.state !== 'published' || !r.public) throw new AppError('CONFLICT', { message: M.seriousNeedsPublic, fields: [{ field: 'recordId', message: M.seriousNeedsPublic }] });
  const [open] = await ctx.db
    .select({ id: creditSerious.id })
    .from(creditSerious)
    .where(and(eq(creditSerious.recordId, r.id), sql`${creditSerious.state} not in ('not_listed', 'removed')`));
  if (open) throw new AppError('CONFLICT', { message: M.seriousOpen, fields: [{ field: 'recordId', message: M.seriousOpen }] });
  const [row] = await ctx.db
    .insert(creditSerious)
    .values({
      recordId: r.id,
      regionCode: r.regionCode,
      districtCode: r.districtCode,
      orgId: r.orgId,
      orgPath: r.orgPath,
      enterpriseOrgId: r.enterpriseOrgId,
      enterpriseOrgPath: r.enterpriseOrgPath,
      partyName: r.partyName,
      creditCode: r.creditCode,
      decisionNo: r.decisionNo,
      reason: input.reason,
      basis: input.basis,
      state: 'proposed',
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await takeStep(ctx, seriousPath, row.id, 'propose', { home: seriousHome(row), comment: input.reason, data: { basis: input.basis } });
  ctx.audit = { action: 'credit.serious-propose', targetType: 'credit_serious', targetId: row.id, after: { recordId: r.id, reason: input.reason, basis: input.basis } };
  return row.id;
}

export type SeriousStepName = 'notify' | 'heard' | 'decide' | 'not_list' | 'publish';

/** One step of the list path, with what it sets on the entry (the statement period, the dates, the term, the sharing). */
export async function seriousStep(ctx: Ctx, id: number, name: SeriousStepName, input: CreditSeriousStep) {
  const s = await findSerious(ctx, id, { lock: true });
  const today = todayOf(ctx);
  const { instance } = await takeStep(ctx, seriousPath, id, name, {
    home: seriousHome(s),
    comment: input.comment ?? null,
    version: input.version,
    data: name === 'heard' ? { statement: input.statement } : undefined,
  });
  let set: Partial<SeriousRow> = {};
  switch (name) {
    case 'notify':
      set = { state: 'noticed', noticedOn: today, statementDueOn: instance.dueOn };
      break;
    case 'heard':
      set = { state: 'deciding', statement: input.statement ?? null };
      break;
    case 'decide':
      set = { state: 'decided', decidedOn: today };
      break;
    case 'not_list':
      set = { state: 'not_listed' };
      break;
    case 'publish': {
      const { rules } = await currentRules(ctx);
      const t = seriousTerms(rules, today);
      set = { state: 'listed', listedOn: today, earlyFrom: t.earlyFrom, endsOn: t.endsOn, public: true };
      break;
    }
  }
  const row = await setEntry(ctx, id, set);
  if (name === 'publish') await shareEntry(ctx, row);
  ctx.audit = { action: `credit.serious-${name.replace('_', '-')}`, targetType: 'credit_serious', targetId: id, before: { state: s.state }, after: { state: row.state, listedOn: row.listedOn, endsOn: row.endsOn } };
}

/** Early removal, taken by the decider of an approved removal application in the same transaction. */
export async function removeEarly(ctx: Ctx, s: SeriousRow, comment: string) {
  await takeStep(ctx, seriousPath, s.id, 'remove', { home: seriousHome(s), comment });
  await setEntry(ctx, s.id, { state: 'removed', removedOn: todayOf(ctx), removalKind: 'early', public: false });
  await addEvent(ctx, 'serious', s.id, 'removed_early', { comment });
}

const SERIOUS_STEPS = ['notify', 'heard', 'decide', 'not_list', 'publish'] as const;

export async function getSeriousDetail(ctx: Ctx, id: number): Promise<CreditSeriousDetail> {
  const actor = requireActor(ctx);
  const s = await findSerious(ctx, id);
  // one after another: inside a request's transaction the statements share one connection
  const orgName = await orgNameOf(ctx, s.orgId);
  const inst = await instanceOf(ctx, seriousPath, id);
  const steps = await stepsOf(ctx, seriousPath, [id]);
  // read-only join on the organisation tree for the departments' names (one statement, not one per share)
  const shares = await ctx.db
    .select({ orgId: creditShares.orgId, orgName: orgs.name, sharedAt: creditShares.sharedAt, acknowledgedAt: creditShares.acknowledgedAt })
    .from(creditShares)
    .innerJoin(orgs, eq(orgs.id, creditShares.orgId))
    .where(eq(creditShares.seriousId, id))
    .orderBy(asc(orgs.name));
  const staff = actor.orgKind !== 'enterprise';
  return {
    ...toSerious(s, orgName, inst?.version ?? 0),
    allowed: staff ? SERIOUS_STEPS.filter((n) => mayTake(actor, seriousPath, inst, n, seriousHome(s))) : [],
    history: staff ? await recordHistory(ctx, 'serious', id, steps) : [],
    shares: staff ? shares.map((x) => ({ orgId: x.orgId, orgName: x.orgName, sharedAt: x.sharedAt.toISOString(), acknowledgedAt: x.acknowledgedAt?.toISOString() ?? null })) : [],
  };
}

export async function listSerious(ctx: Ctx, q: { q?: string; state?: string; districtCode?: string } & PageQuery): Promise<Page<CreditSerious>> {
  const actor = requireActor(ctx);
  const s = creditSerious;
  const conds: (SQL | undefined)[] = [seriousScope(actor)];
  if (q.q) conds.push(/^[0-9A-Z]{18}$/i.test(q.q) ? eq(s.creditCode, q.q.toUpperCase()) : or(ilike(s.partyName, containsPattern(q.q)), ilike(s.decisionNo, containsPattern(q.q))));
  if (q.state) conds.push(eq(s.state, q.state));
  if (q.districtCode) conds.push(eq(s.districtCode, q.districtCode));
  const where = andAll(...conds);
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ s, orgName: orgs.name })
      .from(s)
      .innerJoin(orgs, eq(orgs.id, s.orgId))
      .where(where)
      .orderBy(dir(s.createdAt), dir(s.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, s, where),
  ]);
  return { items: rows.map((x) => toSerious(x.s, x.orgName)), ...total, page: q.page, pageSize: q.pageSize };
}
