/**
 * A record's publication on the engine (paths.ts): submit → review (the reviewer confirms the facts hold no secret) →
 * publish (the term and 公示截止期 from the rules, the case's clock closed) → a changed or revoked decision recorded →
 * withdrawn with its reason. Nothing published may contain a term the case (or the record) marks as secret: review and
 * publication both refuse it (令126 Art. 21). Every change the credit systems must hear of is appended to the feed.
 */
import { eq } from 'drizzle-orm';
import {
  computeDue,
  fineAgainstSuggestion,
  publicationTerm,
  repairOpensOn,
  suggestPenalty,
  type CreditRecordDetail,
  type CreditRevoke,
  type CreditStep,
  type PenaltyKind,
} from '@shangmi/shared';
import { creditChanges, creditEvents, creditRecords } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { historyLine, instanceOf, mayTake, newestFirst, stepsOf, takeStep } from '../../platform/workflow/index.js';
import { caseForCredit, caseSecretTerms, penaltyPublished, penaltyWithdrawn } from '../cases/cases.service.js';
import { M } from './credit.messages.js';
import { publicationPath, seriousPath } from './paths.js';
import { findRecord, recordHome, type RecordRow } from './scope.js';
import { orgNameOf, todayOf, toRecord, updateRecord } from './records.js';
import { currentRules } from './rules.js';
import { and, asc, inArray } from 'drizzle-orm';

type ChangeKind = 'new' | 'changed' | 'withdrawn' | 'expired' | 'repaired';

/** One line of the feed the incremental exports and the pull API read. */
export async function appendChange(ctx: Ctx, r: Pick<RecordRow, 'id' | 'orgPath'>, change: ChangeKind, reason: string | null = null) {
  await ctx.db.insert(creditChanges).values({ recordId: r.id, change, orgPath: r.orgPath, reason, at: ctx.now });
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The terms a record's published text is checked against: its own and its case's. */
export async function termsOf(ctx: Ctx, r: RecordRow): Promise<string[]> {
  const fromCase = r.caseId ? await caseSecretTerms(ctx, r.caseId) : [];
  return [...new Set([...r.secretTerms, ...fromCase])].filter((t) => norm(t).length >= 2);
}

/** Refuses a record whose published fields contain a secret term (named, for the staff who may see it). */
export async function refuseSecrets(ctx: Ctx, r: RecordRow) {
  const published = norm([r.partyName, r.violationType, r.facts, r.basis, r.content, r.licenceInfo ?? '', r.remark ?? ''].join('\n'));
  const hit = (await termsOf(ctx, r)).find((t) => published.includes(norm(t)));
  if (hit) throw fieldError('facts', M.containsSecret(hit));
}

async function step(ctx: Ctx, r: RecordRow, name: string, input: { comment?: string | null; data?: Record<string, unknown> }) {
  return takeStep(ctx, publicationPath, r.id, name, { home: recordHome(r), comment: input.comment ?? null, data: input.data });
}

async function setRecord(ctx: Ctx, id: number, set: Partial<RecordRow>) {
  const [row] = await ctx.db
    .update(creditRecords)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(creditRecords.id, id))
    .returning();
  return row;
}

export async function submitRecord(ctx: Ctx, id: number, input: CreditStep) {
  const r = await findRecord(ctx, id, { lock: true });
  if (!r.publishable) {
    const { rules } = await currentRules(ctx);
    const why = toRecord(r, '', rules, todayOf(ctx)).notPublished!;
    throw new AppError('CONFLICT', { message: { zh: `${why.zh}（${why.citation}）`, en: `${why.en} (${why.citation})` } });
  }
  await step(ctx, r, 'submit', input);
  await setRecord(ctx, id, { state: 'review' });
  ctx.audit = { action: 'credit.submit', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'review' } };
}

export async function returnRecord(ctx: Ctx, id: number, input: CreditStep) {
  const r = await findRecord(ctx, id, { lock: true });
  await step(ctx, r, 'return', input);
  await setRecord(ctx, id, { state: 'returned' });
  ctx.audit = { action: 'credit.return', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'returned', comment: input.comment } };
}

/** The reviewer confirms the facts as they will be published hold no secret; the server checks the marked terms too. */
export async function reviewRecord(ctx: Ctx, id: number, input: CreditStep) {
  const r = await findRecord(ctx, id, { lock: true });
  if (r.state === 'review' && input.factsConfirmed !== true) throw fieldError('factsConfirmed', M.confirmFacts);
  if (r.state === 'review') await refuseSecrets(ctx, r);
  await step(ctx, r, 'review', { comment: input.comment, data: { factsConfirmed: input.factsConfirmed } });
  await setRecord(ctx, id, { state: 'reviewed' });
  ctx.audit = { action: 'credit.review', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'reviewed', factsConfirmed: true } };
}

/** Publication: the term (3 months or 3 years, or the restriction's length) counted from today; off the page after it. */
export async function publishRecord(ctx: Ctx, id: number, input: CreditStep) {
  const r = await findRecord(ctx, id, { lock: true });
  if (r.state === 'reviewed') await refuseSecrets(ctx, r);
  await step(ctx, r, 'publish', input);
  const { rules } = await currentRules(ctx);
  const today = todayOf(ctx);
  const { term, until } = publicationTerm(rules, { regionCode: r.regionCode, partyKind: r.partyKind, procedure: r.procedure, penaltyKinds: r.penaltyKinds as PenaltyKind[], fineFen: r.fineFen, validUntil: r.validUntil }, today);
  const row = await setRecord(ctx, id, { state: 'published', publishedOn: today, term, publicUntil: until, public: until >= today });
  await appendChange(ctx, row, 'new');
  if (r.caseId) await penaltyPublished(ctx, r.caseId, today, id);
  ctx.audit = { action: 'credit.publish', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'published', publishedOn: today, publicUntil: until, term, onTime: r.publishDueOn ? today <= r.publishDueOn : null } };
}

/** The decision was changed, revoked, found unlawful or void: recorded, and the withdrawal's limit starts (Art. 11). */
export async function revokeRecord(ctx: Ctx, id: number, input: CreditRevoke) {
  const r = await findRecord(ctx, id, { lock: true });
  if (input.on < r.decidedOn) throw fieldError('on', M.notBeforeDecision);
  if (input.on > todayOf(ctx)) throw fieldError('on', M.notInFuture);
  await step(ctx, r, 'revoke', { comment: input.comment, data: { kind: input.kind, documentNo: input.documentNo, on: input.on } });
  const { rules } = await currentRules(ctx);
  const due = computeDue(await loadCalendar(ctx.db), { start: input.on, length: rules.publication.withdrawWorkingDays, unit: 'working' }).due;
  await setRecord(ctx, id, { state: 'withdrawing', revocation: { kind: input.kind, documentNo: input.documentNo, on: input.on, reason: input.comment }, withdrawDueOn: due });
  ctx.audit = { action: 'credit.revoke', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'withdrawing', kind: input.kind, documentNo: input.documentNo, withdrawDueOn: due } };
}

/** Withdrawn with the reason the credit systems show; off the public page at once; the feed carries the withdrawal. */
export async function withdrawRecord(ctx: Ctx, id: number, reason: string) {
  const r = await findRecord(ctx, id, { lock: true });
  await step(ctx, r, 'withdraw', { comment: reason });
  const today = todayOf(ctx);
  const row = await setRecord(ctx, id, { state: 'withdrawn', public: false, endedOn: today, endReason: 'withdrawn', withdrawnOn: today, withdrawReason: reason });
  await appendChange(ctx, row, 'withdrawn', reason);
  if (r.caseId) await penaltyWithdrawn(ctx, r.caseId, id, reason);
  ctx.audit = { action: 'credit.withdraw', targetType: 'credit_record', targetId: id, before: { state: r.state }, after: { state: 'withdrawn', withdrawnOn: today, onTime: r.withdrawDueOn ? today <= r.withdrawDueOn : null } };
}

// ---------------------------------------------------------------------------------------------------------------
// The detail page

const STEPS = ['submit', 'return', 'review', 'publish', 'revoke', 'withdraw'] as const;

export async function recordHistory(ctx: Ctx, subject: 'record' | 'serious' | 'repair', id: number, steps: Awaited<ReturnType<typeof stepsOf>>) {
  const own = await ctx.db
    .select()
    .from(creditEvents)
    .where(and(eq(creditEvents.subject, subject), inArray(creditEvents.subjectId, [id])))
    .orderBy(asc(creditEvents.id));
  const lines = [
    ...steps.map((s) => {
      const h = historyLine(s);
      return { id: h.id, at: h.at, userName: h.userName, orgName: h.orgName, action: h.action, comment: h.comment, changed: [] as string[] };
    }),
    ...own.map((e) => ({ id: e.id, at: e.at.toISOString(), userName: e.userName, orgName: e.orgName, action: e.action, comment: e.comment, changed: e.changed })),
  ];
  return lines.sort(newestFirst);
}

export async function getRecordDetail(ctx: Ctx, id: number): Promise<CreditRecordDetail> {
  const actor = requireActor(ctx);
  const r = await findRecord(ctx, id);
  // one after another: inside a request's transaction the statements share one connection
  const { rules, discretion } = await currentRules(ctx);
  const orgName = await orgNameOf(ctx, r.orgId);
  const inst = await instanceOf(ctx, publicationPath, id);
  const steps = await stepsOf(ctx, publicationPath, [id]);
  const terms = await termsOf(ctx, r);
  const today = todayOf(ctx);
  const home = recordHome(r);
  const staff = actor.orgKind !== 'enterprise';
  const allowed: CreditRecordDetail['allowed'] = staff ? STEPS.filter((s) => mayTake(actor, publicationPath, inst, s, home)) : [];
  if (staff && actor.permissions.has('credit:manage') && ['draft', 'returned', 'published'].includes(r.state)) allowed.unshift('edit');
  if (staff && r.state === 'published' && r.public && mayTake(actor, seriousPath, null, 'propose', home)) allowed.push('propose_serious');
  let caseNumber: string | null = null;
  if (r.caseId && staff) caseNumber = await caseForCredit(ctx, r.caseId).then((c) => c.caseNumber, () => null);
  const s = suggestPenalty(discretion, { lossFen: r.lossFen, illegalGainFen: r.illegalGainFen, factors: r.discretionFactors });
  const repair = repairOpensOn(rules, { penaltyKinds: r.penaltyKinds as PenaltyKind[], term: r.term, publishedOn: r.publishedOn });
  const view = toRecord(r, orgName, rules, today);
  return {
    ...view,
    version: inst?.version ?? 0,
    // an enterprise sees what was published about it, not the bureau's working notes
    secretTerms: staff ? view.secretTerms : [],
    lossFen: staff ? view.lossFen : null,
    illegalGainFen: staff ? view.illegalGainFen : null,
    discretionFactors: staff ? view.discretionFactors : [],
    caseNumber,
    allowed,
    history: staff ? await recordHistory(ctx, 'record', id, steps) : [],
    suggestion: { ...s, verdict: fineAgainstSuggestion(s, r.fineFen) },
    checkedTerms: staff ? terms : [],
    repairFrom: repair.from,
    repairClosed: repair.reason,
  };
}

/**
 * An edit (draft, returned) or a correction of a published record (令45 Art. 12): a correction is checked for secrets
 * again, its term follows the corrected kinds and amounts (from the same publication day), and the credit systems
 * hear of it as `changed`.
 */
export async function updateRecordAndFeed(ctx: Ctx, id: number, input: Parameters<typeof updateRecord>[2]): Promise<RecordRow> {
  const { row, correction } = await updateRecord(ctx, id, input);
  if (!correction) return row;
  await refuseSecrets(ctx, row);
  const { rules } = await currentRules(ctx);
  const { term, until } = publicationTerm(rules, { regionCode: row.regionCode, partyKind: row.partyKind, procedure: row.procedure, penaltyKinds: row.penaltyKinds as PenaltyKind[], fineFen: row.fineFen, validUntil: row.validUntil }, row.publishedOn!);
  const after = await setRecord(ctx, id, { term, publicUntil: until, public: until >= todayOf(ctx) });
  await appendChange(ctx, after, 'changed', input.comment ?? null);
  return after;
}
