import type { FastifyReply } from 'fastify';
import { and, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import {
  allRequirements,
  formatDateTime,
  MIN_AGGREGATE_GROUP,
  scoreAssessment,
  type AnswerEntry,
  type AssessmentAnswersUpdate,
  type AssessmentCreate,
  type AssessmentDetail,
  type AssessmentReport,
  type AssessmentSummary,
  type CampaignCreate,
  type CampaignDetail,
  type CampaignSummary,
  type Framework,
  type FrameworkSummary,
  type ProfileAnswers,
  type RegionalPicture,
  type ScoreResult,
} from '@shangmi/shared';
import {
  assessmentCampaigns,
  assessmentCampaignTargets,
  assessmentComments,
  assessmentEvidence,
  assessmentFrameworks,
  assessments,
  cultivationEntries,
  enterprises,
  orgs,
  users,
} from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { andAll, likeEscape, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedValue } from '../../platform/count-cache.js';
import { AppError, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/inbox.js';
import { enterpriseScope, findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { claimFiles, filesByIds, sendStoredFile, toStoredFile } from '../files/files.service.js';
import { onOrgSubtreeMoved } from '../orgs/orgs.service.js';
import { FrameworkFileError, parseFrameworkText } from './frameworks.js';

type AssessmentRow = typeof assessments.$inferSelect;
type EnterpriseRow = typeof enterprises.$inferSelect;

// the path copies follow their organisations when a subtree moves (an enterprise to another district, a site elsewhere)
onOrgSubtreeMoved(async (ctx, { oldPrefix, newPrefix }) => {
  for (const col of ['org_path', 'site_org_path'] as const) {
    await ctx.db.execute(
      sql`update ${assessments} set ${sql.raw(col)} = ${newPrefix} || substr(${sql.raw(col)}, ${oldPrefix.length + 1}) where ${sql.raw(col)} like ${`${likeEscape(oldPrefix)}%`}`,
    );
  }
  await ctx.db.execute(
    sql`update ${assessmentCampaigns} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
});

const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';
const isSiteUser = (actor: Actor) => actor.orgKind === 'site';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Today in Asia/Shanghai: date questions age from the assessment day there. */
const today = (ctx: Ctx) => formatDateTime(ctx.now).slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Frameworks

// rows never change once written (a new version is a new row), so a parsed framework is kept per id
const frameworkCache = new Map<number, Framework>();

export async function frameworkById(ctx: Ctx, id: number): Promise<Framework> {
  const hit = frameworkCache.get(id);
  if (hit) return hit;
  const [row] = await ctx.db.select({ data: assessmentFrameworks.data }).from(assessmentFrameworks).where(eq(assessmentFrameworks.id, id));
  if (!row) throw notFound();
  const f = row.data as Framework;
  frameworkCache.set(id, f);
  return f;
}

/** Newest first; the first row of each code is the current version. */
async function frameworkRows(ctx: Ctx) {
  return ctx.db
    .select({
      id: assessmentFrameworks.id,
      code: assessmentFrameworks.code,
      version: assessmentFrameworks.version,
      source: assessmentFrameworks.source,
      createdAt: assessmentFrameworks.createdAt,
      data: assessmentFrameworks.data,
    })
    .from(assessmentFrameworks)
    .orderBy(desc(assessmentFrameworks.id));
}

export async function listFrameworks(ctx: Ctx): Promise<FrameworkSummary[]> {
  const rows = await frameworkRows(ctx);
  const seen = new Set<string>();
  return rows.map((r) => {
    const f = r.data as Framework;
    const current = !seen.has(r.code);
    seen.add(r.code);
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      title: f.title,
      source: r.source,
      dimensions: f.dimensions.length,
      requirements: allRequirements(f).length,
      createdAt: r.createdAt.toISOString(),
      current,
    };
  });
}

async function currentFrameworkId(ctx: Ctx, code?: string): Promise<number> {
  const [row] = await ctx.db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(code ? eq(assessmentFrameworks.code, code) : undefined)
    .orderBy(desc(assessmentFrameworks.id))
    .limit(1);
  if (!row) throw new AppError('CONFLICT', { message: { zh: '尚未加载诊断框架', en: 'No health-check framework is loaded' } });
  return row.id;
}

/** A city admin loads a new version: validated like a shipped file; a code and version already loaded is refused. */
export async function uploadFramework(ctx: Ctx, text: string): Promise<FrameworkSummary> {
  const actor = requireActor(ctx);
  let f: Framework;
  try {
    f = parseFrameworkText(text, 'upload');
  } catch (e) {
    if (!(e instanceof FrameworkFileError)) throw e;
    const lines = e.problems.map((p) => `${p.line ? `第${p.line}行` : ''}${p.path ? `（${p.path}）` : ''}${p.message}`);
    const linesEn = e.problems.map((p) => `${p.line ? `line ${p.line}` : ''}${p.path ? ` (${p.path})` : ''}: ${p.message}`);
    throw fieldError('text', { zh: `诊断框架文件有误：${lines.join('；')}`, en: `the framework file is invalid: ${linesEn.join('; ')}` });
  }
  const [dup] = await ctx.db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(and(eq(assessmentFrameworks.code, f.code), eq(assessmentFrameworks.version, f.version)));
  if (dup) throw fieldError('text', { zh: `${f.code} 第 ${f.version} 版已存在，请提高版本号`, en: `${f.code} version ${f.version} exists already: raise the version` });
  const [row] = await ctx.db
    .insert(assessmentFrameworks)
    .values({ code: f.code, version: f.version, title: f.title.zh, data: f, source: 'upload', createdBy: actor.userId })
    .returning();
  ctx.audit = { targetType: 'assessment_framework', targetId: row.id, after: { code: f.code, version: f.version } };
  return (await listFrameworks(ctx)).find((x) => x.id === row.id)!;
}

// ---------------------------------------------------------------------------------------------------------------
// Scope: an assessment belongs to its enterprise. Besides the enterprise, the site staff who ran an on-site check see it;
// anyone else (site serving the enterprise, district, city, platform) sees it only when the enterprise shares it.

function conductedBy(actor: Actor): SQL | undefined {
  // the consent of an on-site check covers the site that ran it, not the bureaus above the site
  if (!isSiteUser(actor)) return undefined;
  switch (actor.scope) {
    case 'org_and_below':
      return like(assessments.siteOrgPath, `${likeEscape(actor.orgPath)}%`);
    case 'org':
      return eq(assessments.siteOrgId, actor.orgId);
    default:
      return undefined;
  }
}

export function assessmentScope(actor: Actor): SQL {
  if (isEnterpriseUser(actor)) return eq(assessments.orgId, actor.orgId);
  const shared = andAll(eq(assessments.shared, true), enterpriseScope(actor))!;
  return or(eq(assessments.startedBy, actor.userId), conductedBy(actor), shared)!;
}

function canSee(actor: Actor, a: AssessmentRow, e: Pick<EnterpriseRow, 'orgId' | 'orgPath' | 'siteOrgId' | 'siteOrgPath'>): boolean {
  if (isEnterpriseUser(actor)) return a.orgId === actor.orgId;
  if (a.startedBy === actor.userId) return true;
  if (isSiteUser(actor) && actor.scope === 'org' && a.siteOrgId === actor.orgId) return true;
  if (isSiteUser(actor) && actor.scope === 'org_and_below' && !!a.siteOrgPath?.startsWith(actor.orgPath)) return true;
  if (!a.shared) return false;
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return e.orgPath.startsWith(actor.orgPath) || !!e.siteOrgPath?.startsWith(actor.orgPath);
    case 'org':
      return e.orgId === actor.orgId || e.siteOrgId === actor.orgId;
    case 'self':
      return false;
  }
}

/** Who may answer: the enterprise's own users for a self-check; the conducting site's staff (and the starter) on site. */
function canAnswer(actor: Actor, a: AssessmentRow): boolean {
  if (!actor.permissions.has('assessments:answer') || a.status !== 'draft') return false;
  if (isEnterpriseUser(actor)) return a.orgId === actor.orgId;
  return a.kind === 'onsite' && (a.startedBy === actor.userId || a.siteOrgId === actor.orgId);
}

async function loadVisible(ctx: Ctx, id: number): Promise<{ a: AssessmentRow; e: EnterpriseRow }> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select({ a: assessments, e: enterprises }).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(eq(assessments.id, id));
  if (!row || !canSee(actor, row.a, row.e)) throw notFound();
  return row;
}

async function loadForAnswer(ctx: Ctx, id: number): Promise<{ a: AssessmentRow; e: EnterpriseRow }> {
  const row = await loadVisible(ctx, id);
  if (row.a.status !== 'draft') throw new AppError('CONFLICT', { message: { zh: '体检已提交，不能再修改', en: 'The health check has been submitted and can no longer change' } });
  if (!canAnswer(requireActor(ctx), row.a)) throw forbidden({ zh: '您不能填写这份体检', en: 'You cannot answer this health check' });
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const starter = sql<string | null>`(select u.display_name from users u where u.id = ${assessments.startedBy})`;
const siteName = sql<string | null>`(select o.name from orgs o where o.id = ${assessments.siteOrgId})`;
const frameworkTitle = sql<string>`(select f.title from assessment_frameworks f where f.id = ${assessments.frameworkId})`;

function summarySelection() {
  return { a: assessments, enterpriseName: enterprises.name, enterpriseDistrict: enterprises.districtCode, startedByName: starter, siteOrgName: siteName, frameworkTitle };
}

type SummaryRow = { a: AssessmentRow; enterpriseName: string; enterpriseDistrict: string | null; startedByName: string | null; siteOrgName: string | null; frameworkTitle: string };

function toSummary(r: SummaryRow): AssessmentSummary {
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

async function evidenceCounts(ctx: Ctx, assessmentId: number): Promise<Map<string, number>> {
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

function compute(f: Framework, a: Pick<AssessmentRow, 'profile' | 'answers'>, counts: Map<string, number>, asOf: string): ScoreResult {
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

// ---------------------------------------------------------------------------------------------------------------
// Writing

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
    if (input.kind !== 'self') throw fieldError('kind', { zh: '企业只能开展自查', en: 'an enterprise can only run a self-check' });
    const [own] = await ctx.db.select().from(enterprises).where(eq(enterprises.orgId, actor.orgId));
    if (!own) throw notFound();
    e = own;
  } else {
    if (input.kind !== 'onsite') throw fieldError('kind', { zh: '工作人员只能开展现场诊断', en: 'staff can only run on-site checks' });
    if (!isSiteUser(actor)) throw forbidden({ zh: '现场诊断由保护站点工作人员开展', en: 'On-site checks are run by protection-site staff' });
    if (!input.enterpriseId) throw fieldError('enterpriseId', { zh: '必填', en: 'is required' });
    e = await findEnterpriseInScope(ctx, input.enterpriseId, 'enterpriseId');
    // the enterprise agreed, and the record says who, when and how
    if (!input.consentBy) throw fieldError('consentBy', { zh: '现场诊断须记录企业同意人', en: 'an on-site check needs the name of who agreed at the enterprise' });
    if (!input.consentDate) throw fieldError('consentDate', { zh: '现场诊断须记录企业同意日期', en: 'an on-site check needs the date of consent' });
  }
  let frameworkId = await currentFrameworkId(ctx);
  if (input.campaignId) {
    const [c] = await ctx.db
      .select({ c: assessmentCampaigns })
      .from(assessmentCampaignTargets)
      .innerJoin(assessmentCampaigns, eq(assessmentCampaigns.id, assessmentCampaignTargets.campaignId))
      .where(and(eq(assessmentCampaignTargets.campaignId, input.campaignId), eq(assessmentCampaignTargets.enterpriseId, e.id)));
    if (!c) throw fieldError('campaignId', { zh: '该企业不在此体检活动中', en: 'the enterprise is not part of this campaign' });
    frameworkId = c.c.frameworkId;
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

/** Autosave: merges the given profile answers and answers (with notes) into the draft; returns the live score. */
export async function saveAnswers(ctx: Ctx, id: number, input: AssessmentAnswersUpdate): Promise<{ updatedAt: string; result: ScoreResult }> {
  const { a } = await loadForAnswer(ctx, id);
  const f = await frameworkById(ctx, a.frameworkId);
  const known = new Set(allRequirements(f).map((r) => r.id));
  const profileIds = new Set(f.profile.map((p) => p.id));
  for (const k of Object.keys(input.answers ?? {})) {
    if (!known.has(k)) throw fieldError('answers', { zh: `${k} 不是本框架的诊断项`, en: `${k} is not a requirement of this framework` });
  }
  for (const k of Object.keys(input.profile ?? {})) {
    if (!profileIds.has(k)) throw fieldError('profile', { zh: `${k} 不是本框架的画像问题`, en: `${k} is not a profile question of this framework` });
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
  if (!allRequirements(f).some((r) => r.id === input.requirementId)) throw fieldError('requirementId', { zh: '不是本框架的诊断项', en: 'is not a requirement of this framework' });
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
    if (!allRequirements(f).some((r) => r.id === input.requirementId)) throw fieldError('requirementId', { zh: '不是本框架的诊断项', en: 'is not a requirement of this framework' });
  }
  const [c] = await ctx.db.insert(assessmentComments).values({ assessmentId: id, requirementId: input.requirementId ?? null, body: input.body, authorId: actor.userId }).returning();
  ctx.audit = { targetType: 'assessment', targetId: id, after: { commentId: c.id } };
  return getDetail(ctx, id);
}

export async function setShared(ctx: Ctx, id: number, shared: boolean): Promise<AssessmentDetail> {
  const actor = requireActor(ctx);
  const { a } = await loadVisible(ctx, id);
  if (!isEnterpriseUser(actor) || a.orgId !== actor.orgId) throw forbidden({ zh: '只有企业本身可以决定是否共享体检结果', en: 'Only the enterprise itself decides whether to share its health check' });
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
      message: { zh: `还有 ${missing.length} 项未作答`, en: `${missing.length} requirements are not answered yet` },
      fields: [{ field: 'answers', message: { zh: `未作答：${missing.slice(0, 10).join('、')}`, en: `not answered: ${missing.slice(0, 10).join(', ')}` } }],
      details: { missing },
    });
  }
  const dimensionScores = Object.fromEntries(result.dimensions.map((d) => [d.id, d.score]));
  // the enterprise's latest submitted check is the one aggregates and peers read; two submissions of one enterprise at
  // once take turns on its row, so exactly one check stays latest
  await ctx.db.execute(sql`select id from enterprises where id = ${a.enterpriseId} for update`);
  const [still] = await ctx.db.select({ status: assessments.status }).from(assessments).where(eq(assessments.id, id));
  if (still.status !== 'draft') throw new AppError('CONFLICT', { message: { zh: '体检已提交', en: 'The health check has been submitted already' } });
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

// ---------------------------------------------------------------------------------------------------------------
// Report

export async function getReport(ctx: Ctx, id: number): Promise<AssessmentReport> {
  const { a } = await loadVisible(ctx, id);
  if (a.status !== 'submitted') throw new AppError('CONFLICT', { message: { zh: '体检提交后才有报告', en: 'The report exists once the health check is submitted' } });
  const [summary] = await ctx.db.select(summarySelection()).from(assessments).innerJoin(enterprises, eq(enterprises.id, assessments.enterpriseId)).where(eq(assessments.id, id));
  const [prev] = await ctx.db
    .select()
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, a.enterpriseId), eq(assessments.status, 'submitted'), sql`${assessments.submittedAt} < ${a.submittedAt!.toISOString()}`))
    .orderBy(desc(assessments.submittedAt))
    .limit(1);
  return {
    assessment: toSummary(summary),
    result: a.result as ScoreResult,
    asOf: a.asOf,
    previous: prev
      ? {
          id: prev.id,
          submittedAt: prev.submittedAt!.toISOString(),
          overall: prev.score ?? 0,
          level: prev.level ?? 1,
          dimensions: (prev.dimensionScores ?? {}) as Record<string, number | null>,
        }
      : null,
    percentile: await percentileOf(ctx, a),
  };
}

/**
 * Where the assessment stands among peers: the latest submitted assessment of every other enterprise of the region on the
 * same framework code, same industry section (or, with fewer than 5 of those, same district). Reveals a rank, never a peer.
 */
async function percentileOf(ctx: Ctx, a: AssessmentRow): Promise<AssessmentReport['percentile']> {
  const [fw] = await ctx.db.select({ code: assessmentFrameworks.code }).from(assessmentFrameworks).where(eq(assessmentFrameworks.id, a.frameworkId));
  for (const basis of ['industry', 'district'] as const) {
    const value = basis === 'industry' ? a.industrySection : a.districtCode;
    if (!value) continue;
    const col = basis === 'industry' ? 'industry_section' : 'district_code';
    const rows = await ctx.db.execute(sql`
      with latest as (
        select x.score
          from assessments x join assessment_frameworks f on f.id = x.framework_id
         where x.latest and x.region_code = ${a.regionCode} and f.code = ${fw.code}
           and x.${sql.raw(col)} = ${value} and x.enterprise_id <> ${a.enterpriseId}
      )
      select count(*)::int as peers,
             count(*) filter (where score < ${a.score})::int as below,
             count(*) filter (where score = ${a.score})::int as equal
        from latest`);
    const [r] = rowsOf<Record<string, unknown>>(rows);
    const peers = Number(r.peers);
    if (peers >= MIN_AGGREGATE_GROUP) {
      return { basis, peers, value: Math.round(((Number(r.below) + Number(r.equal) / 2) / peers) * 1000) / 10 };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Regional picture: over the latest submitted assessment of each enterprise in the viewer's area, no consent needed
// because nothing individual leaves: groups under MIN_AGGREGATE_GROUP enterprises are dropped (and counted).

export async function regionalPicture(ctx: Ctx, q: { by: 'district' | 'industry' | 'kind'; frameworkId?: number; districtCode?: string }): Promise<RegionalPicture> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) throw forbidden();
  const frameworkId = q.frameworkId ?? (await currentFrameworkId(ctx).catch(() => null));
  if (!frameworkId) return { frameworkId: null, by: q.by, minGroup: MIN_AGGREGATE_GROUP, total: null, groups: [], suppressed: 0 };
  const f = await frameworkById(ctx, frameworkId);
  const key = `assessments:regional:${actor.scope}:${actor.orgPath}:${actor.orgId}:${frameworkId}:${q.by}:${q.districtCode ?? ''}`;
  return cachedValue(key, async () => {
    // the enterprise's own organisation path, copied on the assessment (kept in step when organisations move)
    const where = andAll(
      eq(assessments.frameworkId, frameworkId),
      eq(assessments.latest, true),
      scopeCondition(actor, { orgPath: assessments.orgPath, orgId: assessments.orgId }),
      q.districtCode ? eq(assessments.districtCode, q.districtCode) : undefined,
    );
    const groupExpr =
      q.by === 'district' ? sql`coalesce(district_code, '')` : q.by === 'industry' ? sql`coalesce(industry_section, '')` : sql`unnest(case when cardinality(kinds) = 0 then array[''] else kinds end)`;
    const dimIds = f.dimensions.map((d) => d.id);
    // districts and industry sections partition the enterprises: the total adds the groups up; kinds overlap (an
    // enterprise of two kinds is in both groups), so their total is a pass of its own
    const [parts, totalParts] = await Promise.all([aggregate(ctx, where, groupExpr, dimIds), q.by === 'kind' ? aggregate(ctx, where, sql`''`, dimIds) : null]);
    const groups = parts.map((g) => finish(g, dimIds, 5)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const total = combine(totalParts ?? parts, dimIds);
    const shown = groups.filter((g) => g.enterprises >= MIN_AGGREGATE_GROUP);
    return {
      frameworkId,
      by: q.by,
      minGroup: MIN_AGGREGATE_GROUP,
      total: total && total.n >= MIN_AGGREGATE_GROUP ? finish(total, dimIds, 10) : null,
      groups: shown,
      suppressed: groups.length - shown.length,
    };
  });
}

/** A group's sums (not yet averages), so groups add up to a total exactly. */
interface GroupSums {
  key: string;
  n: number;
  scoreSum: number;
  dims: { sum: number; n: number }[];
  levels: number[];
  failed: Map<string, number>;
}

/**
 * Two statements over the latest checks, run together (each can use parallel workers): per group the count, the sums
 * of the overall and of each dimension (with their counts: 不适用 dimensions are null) and the level distribution; and
 * per group and requirement the number of checks that failed it.
 */
async function aggregate(ctx: Ctx, where: SQL | undefined, groupExpr: SQL, dimIds: string[]): Promise<GroupSums[]> {
  const [sums, fails] = await Promise.all([
    ctx.db.execute(sql`
      select ${groupExpr} as g, count(*)::int as n, coalesce(sum(score), 0)::float8 as s,
             ${sql.join(
               dimIds.map((d, i) => sql`coalesce(sum((dimension_scores->>${d})::float8), 0)::float8 as ${sql.raw(`d${i}`)}, count(dimension_scores->>${d})::int as ${sql.raw(`c${i}`)}`),
               sql`, `,
             )},
             ${sql.join([1, 2, 3, 4, 5].map((l) => sql`count(*) filter (where level = ${l})::int as ${sql.raw(`l${l}`)}`), sql`, `)}
        from assessments where ${where} group by 1`),
    ctx.db.execute(sql`select g, r, count(*)::int as c from (select ${groupExpr} as g, failed from assessments where ${where}) x, unnest(x.failed) r group by g, r`),
  ]);
  const failedBy = new Map<string, Map<string, number>>();
  for (const f of rowsOf<{ g: string; r: string; c: number }>(fails)) {
    const m = failedBy.get(String(f.g)) ?? new Map<string, number>();
    m.set(f.r, Number(f.c));
    failedBy.set(String(f.g), m);
  }
  return rowsOf<Record<string, unknown>>(sums).map((r) => ({
    key: String(r.g),
    n: Number(r.n),
    scoreSum: Number(r.s),
    dims: dimIds.map((_, i) => ({ sum: Number(r[`d${i}`]), n: Number(r[`c${i}`]) })),
    levels: [1, 2, 3, 4, 5].map((l) => Number(r[`l${l}`])),
    failed: failedBy.get(String(r.g)) ?? new Map(),
  }));
}

function combine(parts: GroupSums[], dimIds: string[]): GroupSums | null {
  if (!parts.length) return null;
  const failed = new Map<string, number>();
  for (const p of parts) for (const [r, c] of p.failed) failed.set(r, (failed.get(r) ?? 0) + c);
  return {
    key: '',
    n: parts.reduce((s, p) => s + p.n, 0),
    scoreSum: parts.reduce((s, p) => s + p.scoreSum, 0),
    dims: dimIds.map((_, i) => ({ sum: parts.reduce((s, p) => s + p.dims[i].sum, 0), n: parts.reduce((s, p) => s + p.dims[i].n, 0) })),
    levels: [0, 1, 2, 3, 4].map((i) => parts.reduce((s, p) => s + p.levels[i], 0)),
    failed,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function finish(g: GroupSums, dimIds: string[], topFailed: number): RegionalPicture['groups'][number] {
  return {
    key: g.key,
    enterprises: g.n,
    average: g.n ? round1(g.scoreSum / g.n) : 0,
    dimensions: Object.fromEntries(dimIds.map((d, i) => [d, g.dims[i].n ? round1(g.dims[i].sum / g.dims[i].n) : null])),
    levels: g.levels,
    mostFailed: [...g.failed]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, topFailed)
      .map(([requirementId, count]) => ({ requirementId, count })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Campaigns

function campaignScope(actor: Actor): SQL | undefined {
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return like(assessmentCampaigns.orgPath, `${likeEscape(actor.orgPath)}%`);
    default:
      return eq(assessmentCampaigns.orgId, actor.orgId);
  }
}

export async function createCampaign(ctx: Ctx, input: CampaignCreate): Promise<CampaignDetail> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor) || isSiteUser(actor)) throw forbidden({ zh: '体检活动由市、区县局发起', en: 'Campaigns are launched by the city or district bureaus' });
  if (!actor.regionCode) throw forbidden();
  const frameworkId = input.frameworkId ?? (await currentFrameworkId(ctx));
  await frameworkById(ctx, frameworkId).catch(() => {
    throw fieldError('frameworkId', { zh: '不存在', en: 'does not exist' });
  });
  const c = input.criteria;
  const conds = andAll(
    enterpriseScope(actor),
    eq(enterprises.regionCode, actor.regionCode),
    eq(enterprises.status, 'active'),
    c.districtCodes?.length ? inArray(enterprises.districtCode, c.districtCodes) : undefined,
    c.industrySections?.length ? inArray(enterprises.industrySection, c.industrySections) : undefined,
    c.kinds?.length ? sql`${enterprises.kinds} && ${sql`array[${sql.join(c.kinds.map((k) => sql`${k}`), sql`, `)}]::text[]`}` : undefined,
    c.enterpriseIds?.length ? inArray(enterprises.id, c.enterpriseIds) : undefined,
    c.cultivation ? sql`exists (select 1 from ${cultivationEntries} ce where ce.enterprise_id = ${enterprises.id} and ce.stage <> 'withdrawn')` : undefined,
  );
  const targets = await ctx.db.select({ id: enterprises.id }).from(enterprises).where(conds);
  if (targets.length === 0) throw fieldError('criteria', { zh: '没有符合条件的企业', en: 'no enterprise matches' });
  const [row] = await ctx.db
    .insert(assessmentCampaigns)
    .values({ regionCode: actor.regionCode, orgId: actor.orgId, orgPath: actor.orgPath, title: input.title, frameworkId, deadline: input.deadline, criteria: c, createdBy: actor.userId })
    .returning();
  await ctx.db.insert(assessmentCampaignTargets).values(targets.map((t) => ({ campaignId: row.id, enterpriseId: t.id })));
  ctx.audit = { targetType: 'assessment_campaign', targetId: row.id, after: { title: input.title, targets: targets.length } };
  return getCampaign(ctx, row.id);
}

const campaignSelection = {
  c: assessmentCampaigns,
  orgName: orgs.name,
  targets: sql<number>`(select count(*)::int from assessment_campaign_targets t where t.campaign_id = ${assessmentCampaigns.id})`,
  completed: sql<number>`(select count(*)::int from assessment_campaign_targets t where t.campaign_id = ${assessmentCampaigns.id} and t.completed_at is not null)`,
};

type CampaignRow = { c: typeof assessmentCampaigns.$inferSelect; orgName: string; targets: number; completed: number };
const toCampaign = (r: CampaignRow, task: CampaignSummary['task'] = null): CampaignSummary => ({
  id: r.c.id,
  title: r.c.title,
  orgName: r.orgName,
  frameworkId: r.c.frameworkId,
  deadline: r.c.deadline,
  criteria: r.c.criteria as CampaignSummary['criteria'],
  targets: Number(r.targets),
  completed: Number(r.completed),
  createdAt: r.c.createdAt.toISOString(),
  task,
});

/** Staff: the campaigns launched within their area. Enterprises: the campaigns they are asked to take part in (tasks). */
export async function listCampaigns(ctx: Ctx): Promise<CampaignSummary[]> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) {
    const rows = await ctx.db
      .select({ ...campaignSelection, t: assessmentCampaignTargets })
      .from(assessmentCampaignTargets)
      .innerJoin(enterprises, eq(enterprises.id, assessmentCampaignTargets.enterpriseId))
      .innerJoin(assessmentCampaigns, eq(assessmentCampaigns.id, assessmentCampaignTargets.campaignId))
      .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
      .where(eq(enterprises.orgId, actor.orgId))
      .orderBy(desc(assessmentCampaigns.id));
    return rows.map((r) =>
      toCampaign(r, { assessmentId: r.t.assessmentId, completedAt: iso(r.t.completedAt), remindedCount: r.t.remindedCount, lastRemindedAt: iso(r.t.lastRemindedAt) }),
    );
  }
  const rows = await ctx.db
    .select(campaignSelection)
    .from(assessmentCampaigns)
    .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
    .where(campaignScope(actor))
    .orderBy(desc(assessmentCampaigns.id))
    .limit(200);
  return rows.map((r) => toCampaign(r));
}

export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) throw notFound();
  const [r] = await ctx.db
    .select(campaignSelection)
    .from(assessmentCampaigns)
    .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
    .where(andAll(eq(assessmentCampaigns.id, id), campaignScope(actor)));
  if (!r) throw notFound();
  // completion is visible to the launching bureau (a fact of the campaign); the assessment itself only with consent
  const items = await ctx.db
    .select({ t: assessmentCampaignTargets, name: enterprises.name, districtCode: enterprises.districtCode })
    .from(assessmentCampaignTargets)
    .innerJoin(enterprises, eq(enterprises.id, assessmentCampaignTargets.enterpriseId))
    .where(eq(assessmentCampaignTargets.campaignId, id))
    .orderBy(enterprises.name);
  return {
    ...toCampaign(r),
    items: items.map((x) => ({
      enterpriseId: x.t.enterpriseId,
      enterpriseName: x.name,
      districtCode: x.districtCode,
      assessmentId: x.t.assessmentId,
      completedAt: iso(x.t.completedAt),
      remindedCount: x.t.remindedCount,
      lastRemindedAt: iso(x.t.lastRemindedAt),
    })),
  };
}

/**
 * Reminds the enterprises that have not completed (all of them, or those named): they see it on their task, and every
 * user of theirs who carries out checks gets a notice (inbox, and e-mail/SMS by their choice) — one INSERT … SELECT
 * however many enterprises the campaign holds.
 */
export async function remindCampaign(ctx: Ctx, id: number, enterpriseIds?: number[]): Promise<CampaignDetail> {
  const campaign = await getCampaign(ctx, id);
  const updated = await ctx.db
    .update(assessmentCampaignTargets)
    .set({ remindedCount: sql`${assessmentCampaignTargets.remindedCount} + 1`, lastRemindedAt: ctx.now })
    .where(
      and(
        eq(assessmentCampaignTargets.campaignId, id),
        isNull(assessmentCampaignTargets.completedAt),
        enterpriseIds?.length ? inArray(assessmentCampaignTargets.enterpriseId, enterpriseIds) : undefined,
      ),
    )
    .returning({ enterpriseId: assessmentCampaignTargets.enterpriseId });
  // the users of the enterprises just reminded (their target row carries this request's time) who answer checks
  const recipients = sql`select u.id from ${assessmentCampaignTargets} t
      join ${enterprises} e on e.id = t.enterprise_id
      join ${users} u on u.org_id = e.org_id
     where t.campaign_id = ${id} and t.last_reminded_at = ${ctx.now}
       and exists (select 1 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id and 'assessments:answer' = any(r.permissions))`;
  const told = await notify(ctx.db, ctx.deps.config, recipients, {
    event: 'campaign',
    title: { zh: `体检活动催办：${campaign.title}`, en: `Health-check campaign reminder: ${campaign.title}` },
    body: { zh: `${campaign.orgName}请贵单位在 ${campaign.deadline} 前完成诊断体检。`, en: `${campaign.orgName} asks you to complete the health check by ${campaign.deadline}.` },
    link: '/assessments/campaigns',
    record: { kind: 'assessments.campaign', id },
  }, ctx.now);
  ctx.audit = { targetType: 'assessment_campaign', targetId: id, after: { reminded: updated.map((u) => u.enterpriseId), notices: told.notices } };
  return getCampaign(ctx, id);
}
