/**
 * Referral channels (issue 24 item 4; docs/cases.md § Referrals): the bureau handling a complaint or case refers the
 * parties to people's mediation, court-annexed mediation, arbitration or a civil suit, and records the outcome when it
 * comes back. A referral hangs off its case: seen and changed only through a case in the caller's scope (404 outside).
 */
import { and, count, eq, gte, lte, sql } from 'drizzle-orm';
import {
  REFERRAL_CHANNELS,
  REFERRAL_OUTCOME_LABELS,
  REFERRAL_OUTCOMES_BY_CHANNEL,
  type Referral,
  type ReferralCreate,
  type ReferralOutcomeInput,
  type ReferralStats,
} from '@shangmi/shared';
import { caseReferrals, cases } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { todayOf } from './clocks.js';
import { addEvent, caseScope, findOwnCase, isPartner } from './scope.js';

const msg = {
  future: { zh: '不能晚于今天', en: 'cannot be after today' },
  beforeReferral: { zh: '不能早于转介日期', en: 'cannot be before the referral date' },
  notForChannel: { zh: '不是该渠道可能的结果', en: 'is not an outcome this channel can return' },
  alreadyBack: { zh: '该转介的结果已登记', en: 'The outcome of this referral is already recorded' },
};

type Row = typeof caseReferrals.$inferSelect;
const view = (r: Row): Referral => ({
  id: r.id,
  caseId: r.caseId,
  channel: r.channel,
  referredTo: r.referredTo,
  referredOn: r.referredOn,
  documents: r.documents,
  note: r.note,
  outcome: r.outcome,
  outcomeOn: r.outcomeOn,
  outcomeSummary: r.outcomeSummary,
  createdByName: r.createdByName,
  createdAt: r.createdAt.toISOString(),
});

/** The referrals of a case the caller's bureau handles, oldest first. */
export async function listReferrals(ctx: Ctx, caseId: number): Promise<Referral[]> {
  // a partner agency sees a case through what was shared with it; its referrals are not part of that: outside its scope
  if (isPartner(requireActor(ctx))) throw notFound();
  await findOwnCase(ctx, caseId, false);
  const rows = await ctx.db.select().from(caseReferrals).where(eq(caseReferrals.caseId, caseId)).orderBy(caseReferrals.referredOn, caseReferrals.id);
  return rows.map(view);
}

export async function createReferral(ctx: Ctx, caseId: number, input: ReferralCreate): Promise<Referral> {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId);
  if (input.referredOn > todayOf(ctx)) throw fieldError('referredOn', msg.future);
  const [r] = await ctx.db
    .insert(caseReferrals)
    .values({ caseId, channel: input.channel, referredTo: input.referredTo, referredOn: input.referredOn, documents: input.documents, note: input.note ?? null, createdBy: actor.userId, createdByName: actor.displayName, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  await addEvent(ctx, caseId, 'referral', { reason: input.note ?? null, data: { referralId: r.id, channel: input.channel, referredTo: input.referredTo, referredOn: input.referredOn, documents: input.documents } });
  ctx.audit = { action: 'cases.referral', targetType: 'case', targetId: row.id, after: { referralId: r.id, channel: input.channel, referredTo: input.referredTo } };
  return view(r);
}

/** The outcome when it comes back: once (a second answer is a conflict), for an outcome the channel can return. */
export async function recordOutcome(ctx: Ctx, caseId: number, referralId: number, input: ReferralOutcomeInput): Promise<Referral> {
  const row = await findOwnCase(ctx, caseId);
  const [before] = await ctx.db
    .select()
    .from(caseReferrals)
    .where(and(eq(caseReferrals.id, referralId), eq(caseReferrals.caseId, caseId)))
    .for('update');
  if (!before) throw notFound();
  if (before.outcome) throw new AppError('CONFLICT', { message: msg.alreadyBack });
  if (!REFERRAL_OUTCOMES_BY_CHANNEL[before.channel].includes(input.outcome)) throw fieldError('outcome', msg.notForChannel);
  if (input.outcomeOn > todayOf(ctx)) throw fieldError('outcomeOn', msg.future);
  if (input.outcomeOn < before.referredOn) throw fieldError('outcomeOn', msg.beforeReferral);
  const [r] = await ctx.db
    .update(caseReferrals)
    .set({ outcome: input.outcome, outcomeOn: input.outcomeOn, outcomeSummary: input.outcomeSummary ?? null, updatedAt: ctx.now })
    .where(eq(caseReferrals.id, referralId))
    .returning();
  await addEvent(ctx, caseId, 'referral_outcome', {
    reason: input.outcomeSummary ?? null,
    data: { referralId, channel: before.channel, referredTo: before.referredTo, outcome: input.outcome, outcomeLabel: REFERRAL_OUTCOME_LABELS[input.outcome].zh, outcomeOn: input.outcomeOn },
  });
  ctx.audit = { action: 'cases.referral-outcome', targetType: 'case', targetId: row.id, before: { referralId, outcome: null }, after: { referralId, outcome: input.outcome } };
  return view(r);
}

/** Counts by channel within the caller's cases (the cases dashboard): all, still out, settled, back with any outcome. */
export async function referralStats(ctx: Ctx, q: { from?: string; to?: string }): Promise<ReferralStats> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({
      channel: caseReferrals.channel,
      total: count(),
      pending: sql<number>`count(*) filter (where ${caseReferrals.outcome} is null)::int`,
      settled: sql<number>`count(*) filter (where ${caseReferrals.outcome} = 'settled')::int`,
    })
    .from(caseReferrals)
    .innerJoin(cases, eq(cases.id, caseReferrals.caseId))
    .where(andAll(caseScope(actor), q.from ? gte(caseReferrals.referredOn, q.from) : undefined, q.to ? lte(caseReferrals.referredOn, q.to) : undefined))
    .groupBy(caseReferrals.channel);
  return REFERRAL_CHANNELS.map((channel) => {
    const r = rows.find((x) => x.channel === channel);
    const total = Number(r?.total ?? 0);
    const pending = Number(r?.pending ?? 0);
    return { channel, total, pending, settled: Number(r?.settled ?? 0), returned: total - pending };
  });
}
