/**
 * Answering a survey: an enterprise account (the survey was sent to its enterprise; one answer per enterprise) or a
 * link token (one answer per token). Drafts are saved as the respondent goes. The server checks every answer against
 * the definition (required questions, skip logic, shapes, text limits) and names the question it refuses.
 *
 * Anonymity: an anonymous answer's row holds the answers and the day only — no enterprise, account, token, district or
 * time of day — and a random id rather than the next number of a sequence, so neither the row nor its place in the
 * table leads back to the respondent. The receipt that stops a second answer (the target's `answered`, the token's
 * `used`) is kept apart and never linked to the row; the operation log records that the survey was answered, not which
 * row.
 */
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { answerProblem, type SurveyForm } from '@shangmi/shared';
import { enterprises, listeningDrafts, listeningResponses, listeningSurveyTargets, listeningSurveyTokens, listeningSurveys } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { M } from './listening.messages.js';
import { tokenHash } from './surveys.js';
import type { SurveyRow } from './scope.js';

/** Who is answering: an enterprise (by account) or a token holder. */
type Respondent = { kind: 'account'; enterpriseId: number; orgId: number } | { kind: 'token'; hash: string };
const ownerKey = (r: Respondent) => (r.kind === 'account' ? `e:${r.enterpriseId}` : `t:${r.hash}`);

async function accountRespondent(ctx: Ctx, surveyId: number): Promise<{ r: Respondent; answered: boolean }> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'enterprise') throw notFound();
  const [t] = await ctx.db
    .select({ enterpriseId: listeningSurveyTargets.enterpriseId, answered: listeningSurveyTargets.answered })
    .from(listeningSurveyTargets)
    .where(and(eq(listeningSurveyTargets.surveyId, surveyId), eq(listeningSurveyTargets.enterpriseOrgId, actor.orgId)));
  if (!t) throw notFound();
  return { r: { kind: 'account', enterpriseId: t.enterpriseId, orgId: actor.orgId }, answered: t.answered };
}

async function tokenRespondent(ctx: Ctx, token: string): Promise<{ r: Respondent; surveyId: number; answered: boolean }> {
  const hash = tokenHash(token);
  const [t] = await ctx.db.select().from(listeningSurveyTokens).where(eq(listeningSurveyTokens.tokenHash, hash));
  if (!t) throw new AppError('NOT_FOUND', { message: M.tokenUnknown });
  return { r: { kind: 'token', hash }, surveyId: t.surveyId, answered: t.used };
}

/** The survey, share-locked so a close waits for answers in flight (and an answer after the close sees it closed). */
async function surveyFor(ctx: Ctx, id: number, lock: boolean): Promise<SurveyRow> {
  const q = ctx.db.select().from(listeningSurveys).where(eq(listeningSurveys.id, id));
  const [s] = lock ? await q.for('share') : await q;
  if (!s || s.status === 'draft') throw notFound();
  return s;
}

async function form(ctx: Ctx, s: SurveyRow, r: Respondent, answered: boolean): Promise<SurveyForm> {
  const [d] = await ctx.db
    .select({ answers: listeningDrafts.answers })
    .from(listeningDrafts)
    .where(and(eq(listeningDrafts.surveyId, s.id), eq(listeningDrafts.ownerKey, ownerKey(r))));
  return { id: s.id, title: s.title, intro: s.intro, anonymous: s.anonymous, status: s.status, sections: s.sections, draft: d?.answers ?? null, answered };
}

function assertOpen(s: SurveyRow) {
  if (s.status !== 'open') throw new AppError('CONFLICT', { message: M.notOpen });
}

async function saveDraft(ctx: Ctx, s: SurveyRow, r: Respondent, answered: boolean, answers: Record<string, unknown>) {
  assertOpen(s);
  if (answered) throw new AppError('CONFLICT', { message: r.kind === 'token' ? M.tokenUsed : M.answered });
  const p = answerProblem(s.sections, answers, true);
  if (p) throw fieldError(p.field, p.message);
  await ctx.db
    .insert(listeningDrafts)
    .values({ surveyId: s.id, ownerKey: ownerKey(r), answers, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: [listeningDrafts.surveyId, listeningDrafts.ownerKey], set: { answers, updatedAt: ctx.now } });
  ctx.audit = { targetType: 'listening_survey', targetId: s.id, after: { draft: true } };
  return { ok: true as const };
}

/**
 * Takes the receipt (atomically: a second answer, even at the same moment, finds it taken → 409), then writes the
 * answer. Both in the request's transaction: a refused answer leaves the receipt untaken.
 */
async function submit(ctx: Ctx, s: SurveyRow, r: Respondent, answers: Record<string, unknown>) {
  assertOpen(s);
  const p = answerProblem(s.sections, answers);
  if (p) throw fieldError(p.field, p.message);
  const taken =
    r.kind === 'account'
      ? await ctx.db
          .update(listeningSurveyTargets)
          .set({ answered: true })
          .where(and(eq(listeningSurveyTargets.surveyId, s.id), eq(listeningSurveyTargets.enterpriseId, r.enterpriseId), eq(listeningSurveyTargets.answered, false)))
          .returning({ x: listeningSurveyTargets.surveyId })
      : await ctx.db
          .update(listeningSurveyTokens)
          .set({ used: true })
          .where(and(eq(listeningSurveyTokens.tokenHash, r.hash), eq(listeningSurveyTokens.used, false)))
          .returning({ x: listeningSurveyTokens.surveyId });
  if (!taken.length) throw fieldError(r.kind === 'token' ? 'token' : 'answers', r.kind === 'token' ? M.tokenUsed : M.answered, 'CONFLICT');
  const named = !s.anonymous && r.kind === 'account';
  const who = named
    ? (
        await ctx.db
          .select({ districtCode: enterprises.districtCode, industrySection: enterprises.industrySection, kind: sql<string | null>`${enterprises.kinds}[1]` })
          .from(enterprises)
          .where(eq(enterprises.id, r.enterpriseId))
      )[0]
    : undefined;
  const row = {
    surveyId: s.id,
    answers: answers as never,
    submittedOn: todayIn(ctx.now),
    ...(named && who ? { enterpriseId: r.enterpriseId, enterpriseOrgId: r.orgId, districtCode: who.districtCode, industrySection: who.industrySection, enterpriseKind: who.kind } : {}),
  };
  if (named) {
    await ctx.db.insert(listeningResponses).values(row);
  } else {
    // a random id above the sequence's range (not its next number), tried again on the rare collision
    for (let i = 0; ; i++) {
      const [ok] = await ctx.db
        .insert(listeningResponses)
        .values({ ...row, id: crypto.randomInt(2 ** 30, 2 ** 31 - 1) })
        .onConflictDoNothing()
        .returning({ id: listeningResponses.id });
      if (ok || i > 5) break;
    }
  }
  await ctx.db.delete(listeningDrafts).where(and(eq(listeningDrafts.surveyId, s.id), eq(listeningDrafts.ownerKey, ownerKey(r))));
  ctx.audit = { targetType: 'listening_survey', targetId: s.id, after: { answered: true } };
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------------------------
// By account

export async function mySurveys(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'enterprise') return [];
  const rows = await ctx.db
    .select({
      id: listeningSurveys.id,
      title: listeningSurveys.title,
      status: listeningSurveys.status,
      anonymous: listeningSurveys.anonymous,
      answered: listeningSurveyTargets.answered,
      hasDraft: sql<boolean>`exists (select 1 from listening_drafts d where d.survey_id = ${listeningSurveys.id} and d.owner_key = 'e:' || ${listeningSurveyTargets.enterpriseId})`,
    })
    .from(listeningSurveyTargets)
    .innerJoin(listeningSurveys, eq(listeningSurveys.id, listeningSurveyTargets.surveyId))
    .where(eq(listeningSurveyTargets.enterpriseOrgId, actor.orgId))
    .orderBy(sql`${listeningSurveys.id} desc`)
    .limit(200);
  return rows;
}

export async function accountForm(ctx: Ctx, id: number) {
  const { r, answered } = await accountRespondent(ctx, id);
  return form(ctx, await surveyFor(ctx, id, false), r, answered);
}
export async function accountDraft(ctx: Ctx, id: number, answers: Record<string, unknown>) {
  const { r, answered } = await accountRespondent(ctx, id);
  return saveDraft(ctx, await surveyFor(ctx, id, true), r, answered, answers);
}
export async function accountSubmit(ctx: Ctx, id: number, answers: Record<string, unknown>) {
  const { r } = await accountRespondent(ctx, id);
  return submit(ctx, await surveyFor(ctx, id, true), r, answers);
}

// ---------------------------------------------------------------------------------------------------------------
// By link token (public)

export async function tokenForm(ctx: Ctx, token: string) {
  const { r, surveyId, answered } = await tokenRespondent(ctx, token);
  return form(ctx, await surveyFor(ctx, surveyId, false), r, answered);
}
export async function tokenDraft(ctx: Ctx, token: string, answers: Record<string, unknown>) {
  const { r, surveyId, answered } = await tokenRespondent(ctx, token);
  return saveDraft(ctx, await surveyFor(ctx, surveyId, true), r, answered, answers);
}
export async function tokenSubmit(ctx: Ctx, token: string, answers: Record<string, unknown>) {
  const { r, surveyId } = await tokenRespondent(ctx, token);
  return submit(ctx, await surveyFor(ctx, surveyId, true), r, answers);
}
