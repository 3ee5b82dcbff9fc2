/**
 * Articles (文章: news, 以案说法, policy interpretation, 公示曝光, guidance): rich text made safe on the way in (html.ts),
 * images checked by their bytes (images.ts), published on the engine's `outreach.article` path (path.ts): submit →
 * publish (at once or at a set time) or return; withdraw. An article is public from `publish_at`; its subscribers are
 * told once, when it becomes public (at the publishing request, or by the job for a scheduled one).
 */
import { and, asc, desc, eq, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { ARTICLE_CATEGORY_LABELS, pick, type Article, type ArticleCreate, type ArticleListQuery, type ArticleState, type ArticleStepInput, type ArticleUpdate, type Page } from '@shangmi/shared';
import { outreachArticles } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { historyLine, instanceOf, mayTake, newestFirst, stepsOf, takeStep, type Home } from '../../platform/workflow/index.js';
import { claimFiles, filesByIds } from '../files/files.service.js';
import { sanitizeHtml, textOf } from './html.js';
import { claimImages } from './images.js';
import { M } from './outreach.messages.js';
import { articlePath } from './path.js';
import { articleScope, findArticle, orgNames, organiserOf, type ArticleRow } from './scope.js';
import { pushToPublic } from './subscribers.js';
import { notifySubscribers } from './subscriptions.js';

const EDITABLE: ArticleState[] = ['draft', 'returned', 'withdrawn'];
const STEPS = ['submit', 'return', 'publish', 'withdraw'] as const;

export const articleHome = (a: ArticleRow): Home => ({ orgId: a.orgId, orgPath: a.orgPath, alsoPaths: [], regionCode: a.regionCode, label: a.title });

function row(a: ArticleRow, orgName: string) {
  return {
    id: a.id,
    regionCode: a.regionCode,
    orgId: a.orgId,
    orgName,
    category: a.category as Article['category'],
    title: a.title,
    summary: a.summary,
    tags: a.tags,
    state: a.state as ArticleState,
    publishAt: a.publishAt?.toISOString() ?? null,
    announcedAt: a.announcedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function getArticle(ctx: Ctx, id: number): Promise<Article> {
  const actor = requireActor(ctx);
  const a = await findArticle(ctx, id);
  const names = await orgNames(ctx, [a.orgId]);
  const inst = await instanceOf(ctx, articlePath, id);
  const steps = await stepsOf(ctx, articlePath, [id]);
  const files = new Map((await filesByIds(ctx, [...a.imageFileIds, ...a.attachmentFileIds])).map((f) => [f.id, f.name]));
  const home = articleHome(a);
  const allowed: Article['allowed'] = STEPS.filter((s) => mayTake(actor, articlePath, inst, s, home));
  if (actor.permissions.has('outreach:manage') && EDITABLE.includes(a.state as ArticleState)) allowed.unshift('edit');
  return {
    ...row(a, names.get(a.orgId) ?? ''),
    body: a.body,
    images: a.imageFileIds.map((f) => ({ id: f, name: files.get(f) ?? '' })),
    attachments: a.attachmentFileIds.map((f) => ({ id: f, name: files.get(f) ?? '' })),
    version: inst?.version ?? 0,
    allowed,
    history: steps
      .map((s) => {
        const h = historyLine(s);
        // the step's own words (审核发布, 审核退回 …) rather than its name
        const label = articlePath.transitions.find((x) => x.name === h.action)?.label;
        return { id: h.id, at: h.at, userName: h.userName, orgName: h.orgName, action: label ? pick(label, ctx.locale) : h.action, comment: h.comment };
      })
      .sort(newestFirst),
  };
}

export async function listArticles(ctx: Ctx, q: ArticleListQuery): Promise<Page<ReturnType<typeof row>>> {
  const t = outreachArticles;
  const where: SQL | undefined = andAll(
    articleScope(requireActor(ctx)),
    q.q ? or(ilike(t.title, containsPattern(q.q)), sql`${q.q} = any(${t.tags})`) : undefined,
    q.category ? eq(t.category, q.category) : undefined,
    q.state ? eq(t.state, q.state) : undefined,
  );
  const dir = q.order === 'asc' ? asc : desc;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(where)
    .orderBy(dir(t.updatedAt), dir(t.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(t).where(where));
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  return { items: rows.map((r) => row(r, names.get(r.orgId) ?? '')), total, page: q.page, pageSize: q.pageSize };
}

function cleanBody(body: string): string {
  const clean = sanitizeHtml(body);
  if (!textOf(clean) && !clean.includes('<img')) throw fieldError('body', M.emptyBody);
  return clean;
}

async function claimAll(ctx: Ctx, input: ArticleUpdate, before?: ArticleRow) {
  const fresh = (ids: number[] | undefined, had: number[] = []) => (ids ?? []).filter((f) => !had.includes(f));
  const images = fresh(input.imageFileIds, before?.imageFileIds);
  const attachments = fresh(input.attachmentFileIds, before?.attachmentFileIds);
  if (images.length) await claimImages(ctx, images, 'imageFileIds');
  if (attachments.length) await claimFiles(ctx, attachments, 'attachmentFileIds');
}

export async function createArticle(ctx: Ctx, input: ArticleCreate): Promise<ArticleRow> {
  const actor = requireActor(ctx);
  const body = cleanBody(input.body);
  await claimAll(ctx, input);
  const home = await organiserOf(ctx);
  const [a] = await ctx.db
    .insert(outreachArticles)
    .values({ ...home, ...input, summary: input.summary ?? null, body, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { action: 'outreach.article-create', targetType: 'outreach_article', targetId: a!.id, after: { title: a!.title, category: a!.category } };
  return a!;
}

export async function updateArticle(ctx: Ctx, id: number, input: ArticleUpdate): Promise<ArticleRow> {
  const a = await findArticle(ctx, id, { lock: true });
  if (!EDITABLE.includes(a.state as ArticleState)) throw conflict(M.notEditable);
  const body = input.body !== undefined ? cleanBody(input.body) : undefined;
  await claimAll(ctx, input, a);
  const [after] = await ctx.db
    .update(outreachArticles)
    .set({ ...input, ...(body !== undefined ? { body } : {}), updatedAt: ctx.now })
    .where(eq(outreachArticles.id, id))
    .returning();
  ctx.audit = { action: 'outreach.article-update', targetType: 'outreach_article', targetId: id, before: { title: a.title, category: a.category }, after: { title: after!.title, category: after!.category } };
  return after!;
}

/** Tells the subscribers of an article that became public, once (the UPDATE takes the row only while unannounced). */
async function announce(ctx: Ctx, a: ArticleRow) {
  const [claimed] = await ctx.db
    .update(outreachArticles)
    .set({ announcedAt: ctx.now })
    .where(and(eq(outreachArticles.id, a.id), isNull(outreachArticles.announcedAt), eq(outreachArticles.state, 'published'), lte(outreachArticles.publishAt, ctx.now)))
    .returning({ id: outreachArticles.id });
  if (!claimed) return false;
  const cat = ARTICLE_CATEGORY_LABELS[a.category as Article['category']];
  await notifySubscribers(ctx, {
    topic: 'articles',
    regionCode: a.regionCode,
    title: { zh: `【${cat.zh}】${a.title}`, en: `[${cat.en}] ${a.title}` },
    body: a.summary ? { zh: a.summary, en: a.summary } : undefined,
    link: `/portal/articles/${a.id}`,
    record: { kind: 'outreach.article', id: a.id },
  });
  // and the public who subscribed to its category without an account (e-mail/SMS through the outbox)
  await pushToPublic(ctx, { regionCode: a.regionCode, topic: a.category as Article['category'], title: { zh: a.title, en: a.title }, link: `/portal/articles/${a.id}`, key: `article.${a.id}` });
  return true;
}

/** A step of the publication path; `publish` sets when it becomes public and announces it if that is now. */
export async function articleStep(ctx: Ctx, id: number, step: (typeof STEPS)[number], input: ArticleStepInput): Promise<void> {
  const a = await findArticle(ctx, id, { lock: true });
  let publishAt: Date | null = null;
  if (step === 'publish') {
    publishAt = input.publishAt ? new Date(input.publishAt) : ctx.now;
    // a minute's grace: "now" typed in a form is a little in the past when it arrives
    if (publishAt.getTime() < ctx.now.getTime() - 60_000) throw fieldError('publishAt', M.publishAtPast);
    if (publishAt < ctx.now) publishAt = ctx.now;
  }
  await takeStep(ctx, articlePath, id, step, { home: articleHome(a), comment: input.comment ?? null, version: input.version, data: publishAt ? { publishAt: publishAt.toISOString() } : undefined });
  const state = step === 'submit' ? 'review' : step === 'return' ? 'returned' : step === 'publish' ? 'published' : 'withdrawn';
  const [after] = await ctx.db
    .update(outreachArticles)
    .set({ state, updatedAt: ctx.now, ...(step === 'publish' ? { publishAt, announcedAt: null } : {}) })
    .where(eq(outreachArticles.id, id))
    .returning();
  // a republished article (after a withdrawal) is announced again under the same dedupe key: nobody hears twice
  if (step === 'publish') await announce(ctx, after!);
  ctx.audit = { action: `outreach.article-${step}`, targetType: 'outreach_article', targetId: id, before: { state: a.state }, after: { state, publishAt: publishAt?.toISOString() ?? undefined } };
}

/** The job: scheduled articles whose time has come are announced, each once (however many nodes run it). */
export async function announceDue(ctx: Ctx): Promise<number> {
  const due = await ctx.db
    .select()
    .from(outreachArticles)
    .where(and(eq(outreachArticles.state, 'published'), isNull(outreachArticles.announcedAt), lte(outreachArticles.publishAt, ctx.now)))
    .orderBy(asc(outreachArticles.publishAt))
    .limit(100)
    .for('update', { skipLocked: true });
  let n = 0;
  for (const a of due) if (await announce(ctx, a)) n++;
  return n;
}
