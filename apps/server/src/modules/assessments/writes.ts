/** Writing a health check: start it, autosave answers, evidence, reviewers' comments, sharing, submission. */
import type { FastifyReply } from 'fastify';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  allRequirements,
  type AnswerEntry,
  type AssessmentAnswersUpdate,
  type AssessmentCreate,
  type AssessmentDetail,
  type Framework,
  type ProfileAnswers,
  type ScoreResult,
} from '@shangmi/shared';
import {
  assessmentCampaigns,
  assessmentCampaignTargets,
  assessmentComments,
  assessmentEvidence,
  assessments,
  enterprises,
} from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { claimFiles, filesByIds, sendStoredFile } from '../files/files.service.js';
import { currentFrameworkId, frameworkById } from './framework-versions.js';
import { compute, evidenceCounts, getDetail } from './read.js';
import { type EnterpriseRow, isEnterpriseUser, isSiteUser, loadForAnswer, loadVisible, today } from './scope.js';
import { msg } from './assessments.messages.js';

function profileFromEnterprise(f: Framework, e: EnterpriseRow): ProfileAnswers {
  const out: ProfileAnswers = {};
  for (const p of f.profile) {
    if (p.from === 'size' && e.size) out[p.id] = e.size;
    if (p.from === 'industrySection' && e.industrySection) out[p.id] = e.industrySection;
    if (p.from === 'kinds' && e.kinds.length) out[p.id] = e.kinds;
  }
  return out;
}

export async function createAssessment(ctx: Ctx, input: AssessmentCreate): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  let e: EnterpriseRow;
  if (isEnterpriseUser(actor)) {
    if (input.kind !== 'self') throw fieldError('kind', msg.enterpriseSelfOnly);
    const [own] = await ctx.db.select().from(enterprises).where(eq(enterprises.orgId, actor.orgId));
    if (!own) throw notFound();
    e = own;
  } else {
    if (input.kind !== 'onsite') throw fieldError('kind', msg.staffOnsiteOnly);
    if (!isSiteUser(actor)) throw forbidden(msg.onsiteBySites);
    if (!input.enterpriseId) throw fieldError('enterpriseId', common.required);
    e = await findEnterpriseInScope(ctx, input.enterpriseId, 'enterpriseId');
    // the enterprise agreed, and the record says who, when and how
    if (!input.consentBy) throw fieldError('consentBy', msg.onsiteNeedsConsentBy);
    if (!input.consentDate) throw fieldError('consentDate', msg.onsiteNeedsConsentDate);
  }
  let frameworkId = await currentFrameworkId(ctx);
  if (input.campaignId) {
    const [c] = await ctx.db
      .select({ c: assessmentCampaigns })
      .from(assessmentCampaignTargets)
      .innerJoin(assessmentCampaigns, eq(assessmentCampaigns.id, assessmentCampaignTargets.campaignId))
      .where(and(eq(assessmentCampaignTargets.campaignId, input.campaignId), eq(assessmentCampaignTargets.enterpriseId, e.id)));
    if (!c) throw fieldError('campaignId', msg.notInCampaign);
    frameworkId = c.c.frameworkId;
  }
  if (input.kind === 'self') {
    const open = await openSelfCheck(ctx, e, input.campaignId ?? null, frameworkId);
    if (open) return open;
  }
  const f = await frameworkById(ctx, frameworkId);
  const [row] = await ctx.db
    .insert(assessments)
    .values({
      regionCode: e.regionCode,
      enterpriseId: e.id,
      orgId: e.orgId,
      orgPath: e.orgPath,
      frameworkId,
      kind: input.kind,
      siteOrgId: input.kind === 'onsite' ? actor.orgId : null,
      siteOrgPath: input.kind === 'onsite' ? actor.orgPath : null,
      consentBy: input.kind === 'onsite' ? (input.consentBy ?? null) : null,
      consentDate: input.kind === 'onsite' ? (input.consentDate ?? null) : null,
      consentNote: input.kind === 'onsite' ? (input.consentNote ?? null) : null,
      profile: profileFromEnterprise(f, e),
      campaignId: input.campaignId ?? null,
      startedBy: actor.userId,
    })
    .returning();
  ctx.audit = { targetType: 'assessment', targetId: row.id, after: { enterpriseId: e.id, kind: row.kind, frameworkId } };
  return getDetail(ctx, row.id);
}

/**
 * 开始自查 when the enterprise already has a self-check in draft reopens that draft instead of starting a second one
 * beside it (issue 22): the one without a campaign, or the campaign's own when started from its task — a draft without
 * a campaign is taken into the campaign when its framework is the campaign's. The enterprise's row is locked first so
 * two clicks at once reopen one draft. A campaign whose task has another campaign's draft gets its own.
 */
async function openSelfCheck(ctx: Ctx, e: EnterpriseRow, campaignId: number | null, frameworkId: number): Promise<AssessmentDetail | null> {
  await ctx.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, e.id)).for('update');
  const drafts = await ctx.db
    .select({ id: assessments.id, campaignId: assessments.campaignId, frameworkId: assessments.frameworkId })
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, e.id), eq(assessments.kind, 'self'), eq(assessments.status, 'draft')))
    .orderBy(sql`${assessments.updatedAt} desc`);
  const own = campaignId === null ? drafts[0] : (drafts.find((d) => d.campaignId === campaignId) ?? drafts.find((d) => d.campaignId === null && d.frameworkId === frameworkId));
  if (!own) return null;
  if (campaignId !== null && own.campaignId === null) {
    await ctx.db.update(assessments).set({ campaignId, updatedAt: ctx.now }).where(eq(assessments.id, own.id));
  }
  ctx.audit = { targetType: 'assessment', targetId: own.id, after: { reopened: true, campaignId: campaignId ?? own.campaignId } };
  return getDetail(ctx, own.id);
}

/** Autosave: merges the given profile answers and answers (with notes) into the draft; returns the live score. */
export async function saveAnswers(ctx: Ctx, id: number, input: AssessmentAnswersUpdate): Promise<{ updatedAt: string; result: ScoreResult }> {
  const { a } = await loadForAnswer(ctx, id);
  const f = await frameworkById(ctx, a.frameworkId);
  const known = new Set(allRequirements(f).map((r) => r.id));
  const profileIds = new Set(f.profile.map((p) => p.id));
  for (const k of Object.keys(input.answers ?? {})) {
    if (!known.has(k)) throw fieldError('answers', msg.unknownRequirement(k));
  }
  for (const k of Object.keys(input.profile ?? {})) {
    if (!profileIds.has(k)) throw fieldError('profile', msg.unknownProfileQuestion(k));
  }
  const prev = a.answers as Record<string, AnswerEntry>;
  const answers = { ...prev };
  for (const [k, v] of Object.entries(input.answers ?? {})) answers[k] = { ...prev[k], ...v };
  const profile = { ...(a.profile as ProfileAnswers), ...(input.profile ?? {}) };
  const [row] = await ctx.db.update(assessments).set({ answers, profile, updatedAt: ctx.now }).where(eq(assessments.id, id)).returning();
  ctx.audit = { targetType: 'assessment', targetId: id, after: { answers: Object.keys(input.answers ?? {}), profile: Object.keys(input.profile ?? {}) } };
  return { updatedAt: row.updatedAt.toISOString(), result: compute(f, row, await evidenceCounts(ctx, id), today(ctx)) };
}

export async function addEvidence(ctx: Ctx, id: number, input: { requirementId: string; fileIds: number[] }): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  const { a } = await loadForAnswer(ctx, id);
  const f = await frameworkById(ctx, a.frameworkId);
  if (!allRequirements(f).some((r) => r.id === input.requirementId)) throw fieldError('requirementId', msg.notRequirement);
  const rows = await claimFiles(ctx, input.fileIds, 'fileIds');
  await ctx.db
    .insert(assessmentEvidence)
    .values(rows.map((r) => ({ assessmentId: id, requirementId: input.requirementId, fileId: r.id, addedBy: actor.userId })))
    .onConflictDoNothing();
  await ctx.db.update(assessments).set({ updatedAt: ctx.now }).where(eq(assessments.id, id));
  ctx.audit = { targetType: 'assessment', targetId: id, after: { requirementId: input.requirementId, fileIds: rows.map((r) => r.id) } };
  return getDetail(ctx, id);
}

export async function removeEvidence(ctx: Ctx, id: number, requirementId: string, fileId: number): Promise<AssessmentDetail> {
  await loadForAnswer(ctx, id);
  const gone = await ctx.db
    .delete(assessmentEvidence)
    .where(and(eq(assessmentEvidence.assessmentId, id), eq(assessmentEvidence.requirementId, requirementId), eq(assessmentEvidence.fileId, fileId)))
    .returning();
  if (!gone.length) throw notFound();
  ctx.audit = { targetType: 'assessment', targetId: id, before: { requirementId, fileId } };
  return getDetail(ctx, id);
}

export async function sendEvidence(ctx: Ctx, reply: FastifyReply, id: number, fileId: number) {
  await loadVisible(ctx, id);
  const [link] = await ctx.db
    .select()
    .from(assessmentEvidence)
    .where(and(eq(assessmentEvidence.assessmentId, id), eq(assessmentEvidence.fileId, fileId)))
    .limit(1);
  if (!link) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return sendStoredFile(ctx, reply, f);
}

export async function addComment(ctx: Ctx, id: number, input: { requirementId?: string | null; body: string }): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) throw forbidden();
  const { a } = await loadVisible(ctx, id);
  if (input.requirementId) {
    const f = await frameworkById(ctx, a.frameworkId);
    if (!allRequirements(f).some((r) => r.id === input.requirementId)) throw fieldError('requirementId', msg.notRequirement);
  }
  const [c] = await ctx.db.insert(assessmentComments).values({ assessmentId: id, requirementId: input.requirementId ?? null, body: input.body, authorId: actor.userId }).returning();
  ctx.audit = { targetType: 'assessment', targetId: id, after: { commentId: c.id } };
  return getDetail(ctx, id);
}

export async function setShared(ctx: Ctx, id: number, shared: boolean): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  const { a } = await loadVisible(ctx, id, { lock: true });
  if (!isEnterpriseUser(actor) || a.orgId !== actor.orgId) throw forbidden(msg.onlyEnterpriseShares);
  await ctx.db.update(assessments).set({ shared, updatedAt: ctx.now }).where(eq(assessments.id, id));
  ctx.audit = { targetType: 'assessment', targetId: id, before: { shared: a.shared }, after: { shared } };
  return getDetail(ctx, id);
}

/** Submission: the server scores the answers with the same engine the page used, and stores the result. */
export async function submitAssessment(ctx: Ctx, id: number): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  const { a, e } = await loadForAnswer(ctx, id);
  const f = await frameworkById(ctx, a.frameworkId);
  const asOf = today(ctx);
  const result = compute(f, a, await evidenceCounts(ctx, id), asOf);
  if (result.progress.answered < result.progress.applicable) {
    const missing = result.requirements.filter((r) => r.applicable && r.result === 'unanswered').map((r) => r.id);
    throw new AppError('VALIDATION', {
      message: msg.unanswered(missing.length),
      fields: [{ field: 'answers', message: msg.unansweredList(missing.slice(0, 10)) }],
      details: { missing },
    });
  }
  const dimensionScores = Object.fromEntries(result.dimensions.map((d) => [d.id, d.score]));
  // the enterprise's latest submitted check is the one aggregates and peers read; two submissions of one enterprise at
  // once take turns on its row, so exactly one check stays latest
  await ctx.db.execute(sql`select id from enterprises where id = ${a.enterpriseId} for update`);
  const [still] = await ctx.db.select({ status: assessments.status }).from(assessments).where(eq(assessments.id, id));
  if (still.status !== 'draft') throw new AppError('CONFLICT', { message: msg.submittedAlready });
  await ctx.db.update(assessments).set({ latest: false }).where(and(eq(assessments.enterpriseId, a.enterpriseId), eq(assessments.latest, true)));
  const failed = result.requirements.filter((r) => r.result === 'non_compliant').map((r) => r.id);
  await ctx.db
    .update(assessments)
    .set({
      status: 'submitted',
      latest: true,
      asOf,
      result,
      score: result.overall,
      level: result.level,
      risk: result.risk,
      dimensionScores,
      failed,
      districtCode: e.districtCode,
      industrySection: e.industrySection,
      kinds: e.kinds,
      submittedBy: actor.userId,
      submittedAt: ctx.now,
      updatedAt: ctx.now,
    })
    .where(eq(assessments.id, id));
  // a campaign task is done by the first submitted assessment for it, or by any submitted during the campaign
  await ctx.db
    .update(assessmentCampaignTargets)
    .set({ assessmentId: id, completedAt: ctx.now })
    .where(
      and(
        eq(assessmentCampaignTargets.enterpriseId, a.enterpriseId),
        isNull(assessmentCampaignTargets.completedAt),
        a.campaignId ? eq(assessmentCampaignTargets.campaignId, a.campaignId) : sql`true`,
      ),
    );
  ctx.audit = { targetType: 'assessment', targetId: id, after: { score: result.overall, level: result.level, risk: result.risk } };
  return getDetail(ctx, id);
}
