/**
 * Surveys (调查问卷): built by a bureau (from scratch or a template of config/listening), sent to a filtered set of
 * enterprises within its scope (their accounts get a task in the inbox) and/or as single-use link tokens (public link,
 * QR code), closed when done (a closed survey takes no more answers).
 */
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import fs from 'node:fs';
import path from 'node:path';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { definitionProblem, SURVEY_QR_LIMIT, surveyTemplateList, type Survey, type SurveyCreate, type SurveyDefinition } from '@shangmi/shared';
import type { z } from 'zod';
import type { surveyDistribute, surveyListPageQuery, surveyUpdate } from '@shangmi/shared';
import { enterprises, listeningResponses, listeningSurveyTargets, listeningSurveyTokens, listeningSurveys, orgs } from '../../db/schema/index.js';
import { intArrayLiteral, textArrayLiteral } from '../../db/sql.js';
import { andAll, requireActor } from '../../platform/access.js';
import { parseConfigText } from '../../platform/config-file.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { notify } from '../../platform/inbox.js';
import { M } from './listening.messages.js';
import { assertStaff, enterpriseReach, findSurvey, surveyScope, type SurveyRow } from './scope.js';

export const TEMPLATES_FILE = path.resolve(import.meta.dirname, '../../../../../config/listening/survey-templates.yaml');
let templates: z.infer<typeof surveyTemplateList> | null = null;

/** The templates, read and checked on first use (each definition must pass the builder's own check). */
export function surveyTemplates() {
  if (!templates) {
    const list = parseConfigText(fs.readFileSync(TEMPLATES_FILE, 'utf8'), 'config/listening/survey-templates.yaml', surveyTemplateList).data;
    for (const t of list) {
      const p = definitionProblem(t.sections);
      if (p) throw new Error(`config/listening/survey-templates.yaml: ${t.key}: ${p.field}: ${p.message.en}`);
    }
    templates = list;
  }
  return templates;
}

function checkDefinition(sections: SurveyDefinition) {
  const p = definitionProblem(sections);
  if (p) throw fieldError(p.field, p.message);
}

async function toSurveys(ctx: Ctx, rows: SurveyRow[]): Promise<Survey[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [names, targets, responses] = await Promise.all([
    ctx.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(inArray(orgs.id, [...new Set(rows.map((r) => r.orgId))])),
    ctx.db
      .select({ id: listeningSurveyTargets.surveyId, n: sql<number>`count(*)::int` })
      .from(listeningSurveyTargets)
      .where(inArray(listeningSurveyTargets.surveyId, ids))
      .groupBy(listeningSurveyTargets.surveyId),
    ctx.db
      .select({ id: listeningResponses.surveyId, n: sql<number>`count(*)::int` })
      .from(listeningResponses)
      .where(inArray(listeningResponses.surveyId, ids))
      .groupBy(listeningResponses.surveyId),
  ]);
  const name = new Map(names.map((o) => [o.id, o.name]));
  const t = new Map(targets.map((x) => [x.id, x.n]));
  const r = new Map(responses.map((x) => [x.id, x.n]));
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    intro: s.intro,
    anonymous: s.anonymous,
    status: s.status,
    orgName: name.get(s.orgId) ?? '',
    sections: s.sections,
    targets: t.get(s.id) ?? 0,
    responses: r.get(s.id) ?? 0,
    openedAt: s.openedAt?.toISOString() ?? null,
    closedAt: s.closedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  }));
}

export async function getSurvey(ctx: Ctx, id: number): Promise<Survey> {
  return (await toSurveys(ctx, [await findSurvey(ctx, id)]))[0]!;
}

export async function listSurveys(ctx: Ctx, q: z.infer<typeof surveyListPageQuery>) {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const where = andAll(surveyScope(actor), q.status ? eq(listeningSurveys.status, q.status) : undefined);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(listeningSurveys)
      .where(where)
      .orderBy(q.order === 'asc' ? listeningSurveys.id : desc(listeningSurveys.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(listeningSurveys).where(where)),
  ]);
  return { items: (await toSurveys(ctx, rows)).map(({ sections: _s, ...rest }) => rest), total, page: q.page, pageSize: q.pageSize };
}

export async function createSurvey(ctx: Ctx, input: SurveyCreate, templateKey: string | null = null): Promise<Survey> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  if (!actor.regionCode) throw fieldError('title', M.noRegion);
  checkDefinition(input.sections);
  const [row] = await ctx.db
    .insert(listeningSurveys)
    .values({ regionCode: actor.regionCode, orgId: actor.orgId, orgPath: actor.orgPath, title: input.title, intro: input.intro ?? null, anonymous: input.anonymous, sections: input.sections, templateKey, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'listening_survey', targetId: row!.id, after: { title: row!.title, anonymous: row!.anonymous, templateKey } };
  return getSurvey(ctx, row!.id);
}

export async function createFromTemplate(ctx: Ctx, key: string, title: string | null | undefined): Promise<Survey> {
  const t = surveyTemplates().find((x) => x.key === key);
  if (!t) throw fieldError('template', M.unknownTemplate);
  return createSurvey(ctx, { title: title ?? t.title, intro: null, anonymous: false, sections: t.sections }, t.key);
}

export async function updateSurvey(ctx: Ctx, id: number, input: z.infer<typeof surveyUpdate>): Promise<Survey> {
  const s = await findSurvey(ctx, id, true);
  if (s.status !== 'draft') throw fieldError('status', M.notDraft, 'CONFLICT');
  if (input.sections) checkDefinition(input.sections);
  await ctx.db
    .update(listeningSurveys)
    .set({ ...input, updatedAt: ctx.now })
    .where(eq(listeningSurveys.id, id));
  ctx.audit = { targetType: 'listening_survey', targetId: id, before: { title: s.title }, after: { ...input, sections: input.sections ? '(changed)' : undefined } };
  return getSurvey(ctx, id);
}

/**
 * Sends the survey to the enterprises within the sender's scope that match every filter given (active ones), opens
 * it, and gives each of their accounts that may answer a task in the inbox — set-based: one INSERT … SELECT for the
 * targets and one for the notices, whatever their number. Sending again adds new matches only.
 */
export async function distributeSurvey(ctx: Ctx, id: number, f: z.infer<typeof surveyDistribute>): Promise<Survey> {
  const actor = requireActor(ctx);
  const s = await findSurvey(ctx, id, true);
  if (s.status === 'closed') throw fieldError('status', M.alreadyClosed, 'CONFLICT');
  const where = andAll(
    eq(enterprises.status, 'active'),
    eq(enterprises.regionCode, s.regionCode),
    enterpriseReach(actor),
    f.districtCodes?.length ? inArray(enterprises.districtCode, f.districtCodes) : undefined,
    f.industrySections?.length ? inArray(enterprises.industrySection, f.industrySections) : undefined,
    f.kinds?.length ? sql`${enterprises.kinds} && ${textArrayLiteral(f.kinds)}::text[]` : undefined,
    f.enterpriseIds?.length ? inArray(enterprises.id, f.enterpriseIds) : undefined,
  );
  const added = await ctx.db
    .insert(listeningSurveyTargets)
    .select(ctx.db.select({ surveyId: sql<number>`${id}::int`.as('survey_id'), enterpriseId: enterprises.id, enterpriseOrgId: enterprises.orgId, answered: sql<boolean>`false`.as('answered') }).from(enterprises).where(where))
    .onConflictDoNothing()
    .returning({ orgId: listeningSurveyTargets.enterpriseOrgId });
  if (!added.length && s.status === 'draft') throw fieldError('enterpriseIds', M.noTargets);
  if (s.status === 'draft') await ctx.db.update(listeningSurveys).set({ status: 'open', openedAt: ctx.now, updatedAt: ctx.now }).where(eq(listeningSurveys.id, id));
  if (added.length) {
    const orgIds = intArrayLiteral(added.map((a) => a.orgId));
    await notify(
      ctx.db,
      ctx.deps.config,
      sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
           where u.status = 'active' and u.org_id = any(${orgIds}::int[]) group by u.id having bool_or('listening:answer' = any(r.permissions))`,
      {
        event: 'task',
        title: { zh: `请填写问卷：${s.title}`, en: `Survey to answer: ${s.title}` },
        body: s.anonymous ? { zh: '本问卷匿名填写，答卷不记录填写单位。', en: 'This survey is anonymous: answers do not record who gave them.' } : null,
        link: `/listening/answer/${id}`,
        record: { kind: 'listening.survey', id },
      },
      ctx.now,
    );
  }
  ctx.audit = { targetType: 'listening_survey', targetId: id, after: { status: 'open', filters: f, added: added.length } };
  return getSurvey(ctx, id);
}

export const tokenHash = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** Issues single-use link tokens (shown once: only their digests are kept), for a public link or a printed QR code. */
export async function createTokens(ctx: Ctx, id: number, count: number) {
  const s = await findSurvey(ctx, id, true);
  if (s.status === 'closed') throw fieldError('status', M.alreadyClosed, 'CONFLICT');
  const tokens = Array.from({ length: count }, () => crypto.randomBytes(24).toString('base64url'));
  await ctx.db.insert(listeningSurveyTokens).values(tokens.map((t) => ({ tokenHash: tokenHash(t), surveyId: id })));
  if (s.status === 'draft') await ctx.db.update(listeningSurveys).set({ status: 'open', openedAt: ctx.now, updatedAt: ctx.now }).where(eq(listeningSurveys.id, id));
  ctx.audit = { targetType: 'listening_survey', targetId: id, after: { tokens: count } };
  const links = tokens.map((t) => `/s/${t}`);
  // printed on a handout or a slide: the QR carries the whole address; a large batch is for mail merge, not QR sheets
  const qr = await Promise.all(links.slice(0, SURVEY_QR_LIMIT).map((l) => QRCode.toString(`${ctx.deps.config.publicUrl}${l}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })));
  return { tokens, links, qr };
}

export async function closeSurvey(ctx: Ctx, id: number): Promise<Survey> {
  const s = await findSurvey(ctx, id, true);
  if (s.status === 'closed') throw new AppError('CONFLICT', { message: M.alreadyClosed });
  await ctx.db.update(listeningSurveys).set({ status: 'closed', closedAt: ctx.now, updatedAt: ctx.now }).where(and(eq(listeningSurveys.id, id)));
  ctx.audit = { targetType: 'listening_survey', targetId: id, before: { status: s.status }, after: { status: 'closed' } };
  return getSurvey(ctx, id);
}
