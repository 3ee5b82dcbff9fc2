/** Reading health checks: the list, one check's detail, and its live (or stored) score. */
import { desc, eq, sql } from 'drizzle-orm';
import {
  scoreAssessment,
  type AnswerEntry,
  type AssessmentDetail,
  type AssessmentSummary,
  type Framework,
  type ProfileAnswers,
  type ScoreResult,
} from '@shangmi/shared';
import { assessmentComments, assessmentEvidence, assessments, enterprises, orgs, users } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cappedCount, one, type CappedTotal } from '../../platform/count-cache.js';
import { filesByIds, toStoredFile } from '../files/files.service.js';
import { frameworkById } from './framework-versions.js';
import { type AssessmentRow, assessmentScope, canAnswer, isEnterpriseUser, iso, loadVisible, today } from './scope.js';

const starter = sql<string | null>`(select u.display_name from users u where u.id = ${assessments.startedBy})`;
const siteName = sql<string | null>`(select o.name from orgs o where o.id = ${assessments.siteOrgId})`;
const frameworkTitle = sql<string>`(select f.title from assessment_frameworks f where f.id = ${assessments.frameworkId})`;

export function summarySelection() {
  return { a: assessments, enterpriseName: enterprises.name, enterpriseDistrict: enterprises.districtCode, startedByName: starter, siteOrgName: siteName, frameworkTitle };
}

type SummaryRow = { a: AssessmentRow; enterpriseName: string; enterpriseDistrict: string | null; startedByName: string | null; siteOrgName: string | null; frameworkTitle: string };

export function toSummary(r: SummaryRow): AssessmentSummary {
  const a = r.a;
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    enterpriseName: r.enterpriseName,
    districtCode: a.districtCode ?? r.enterpriseDistrict,
    frameworkId: a.frameworkId,
    frameworkTitle: r.frameworkTitle,
    kind: a.kind,
    status: a.status,
    shared: a.shared,
    siteOrgName: r.siteOrgName,
    campaignId: a.campaignId,
    score: a.score,
    level: a.level,
    risk: (a.risk as AssessmentSummary['risk']) ?? null,
    startedByName: r.startedByName,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    submittedAt: iso(a.submittedAt),
  };
}

export async function listAssessments(
  ctx: Ctx,
  q: { enterpriseId?: number; status?: 'draft' | 'submitted'; kind?: 'self' | 'onsite'; campaignId?: number; page: number; pageSize: number },
) {
  const actor = requireActor(ctx);
  const where = andAll(
    assessmentScope(actor),
    q.enterpriseId ? eq(assessments.enterpriseId, q.enterpriseId) : undefined,
    q.status ? eq(assessments.status, q.status) : undefined,
    q.kind ? eq(assessments.kind, q.kind) : undefined,
    q.campaignId ? eq(assessments.campaignId, q.campaignId) : undefined,
  );
  const base = () => ctx.db.select(summarySelection()).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId));
  const [rows, [{ total }]] = await Promise.all([
    base()
      .where(where)
      .orderBy(desc(assessments.updatedAt), desc(assessments.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(where),
  ]);
  return { items: rows.map(toSummary), total: Number(total), page: q.page, pageSize: q.pageSize };
}

/** 首页待办: the health checks in draft the user sees (the list's `status=draft` conditions), count only and capped. */
export function draftAssessmentCount(ctx: Ctx): Promise<CappedTotal> {
  const where = andAll(assessmentScope(requireActor(ctx)), eq(assessments.status, 'draft'));
  return cappedCount(ctx.db, (limit) =>
    ctx.db.select({ one }).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(where).limit(limit),
  );
}

export async function evidenceCounts(ctx: Ctx, assessmentId: number): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ requirementId: assessmentEvidence.requirementId, n: sql<number>`count(*)::int` })
    .from(assessmentEvidence)
    .where(eq(assessmentEvidence.assessmentId, assessmentId))
    .groupBy(assessmentEvidence.requirementId);
  return new Map(rows.map((r) => [r.requirementId, Number(r.n)]));
}

/** The live (or stored) result of an assessment. */
async function resultOf(ctx: Ctx, a: AssessmentRow): Promise<ScoreResult> {
  if (a.status === 'submitted' && a.result) return a.result as ScoreResult;
  const f = await frameworkById(ctx, a.frameworkId);
  const counts = await evidenceCounts(ctx, a.id);
  return compute(f, a, counts, today(ctx));
}

export function compute(f: Framework, a: Pick<AssessmentRow, 'profile' | 'answers'>, counts: Map<string, number>, asOf: string): ScoreResult {
  const answers = a.answers as Record<string, AnswerEntry>;
  return scoreAssessment(f, {
    profile: a.profile as ProfileAnswers,
    answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { value: v.value, evidenceCount: counts.get(k) ?? 0 }])),
    asOf,
  });
}

export async function getDetail(ctx: Ctx, id: number): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  const { a } = await loadVisible(ctx, id);
  const [[summary], ev, comments, result] = await Promise.all([
    ctx.db.select(summarySelection()).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(eq(assessments.id, id)),
    ctx.db.select().from(assessmentEvidence).where(eq(assessmentEvidence.assessmentId, id)).orderBy(assessmentEvidence.createdAt),
    ctx.db
      .select({ c: assessmentComments, authorName: users.displayName, authorOrgName: orgs.name })
      .from(assessmentComments)
      .innerJoin(users, eq(users.id, assessmentComments.authorId))
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(assessmentComments.assessmentId, id))
      .orderBy(assessmentComments.id),
    resultOf(ctx, a),
  ]);
  const files = new Map((await filesByIds(ctx, ev.map((x) => x.fileId))).map((f) => [f.id, f]));
  return {
    ...toSummary(summary),
    profile: a.profile as AssessmentDetail['profile'],
    answers: a.answers as AssessmentDetail['answers'],
    consentBy: a.consentBy,
    consentDate: a.consentDate,
    consentNote: a.consentNote,
    asOf: a.asOf,
    evidence: ev.filter((x) => files.has(x.fileId)).map((x) => ({ requirementId: x.requirementId, file: toStoredFile(files.get(x.fileId)!) })),
    comments: comments.map((c) => ({
      id: c.c.id,
      requirementId: c.c.requirementId,
      body: c.c.body,
      authorName: c.authorName,
      authorOrgName: c.authorOrgName,
      createdAt: c.c.createdAt.toISOString(),
    })),
    result,
    canAnswer: canAnswer(actor, a),
    canComment: actor.permissions.has('assessments:review') && !isEnterpriseUser(actor),
    canShare: isEnterpriseUser(actor) && actor.permissions.has('assessments:answer') && a.orgId === actor.orgId,
  };
}
