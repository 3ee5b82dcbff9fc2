/**
 * The public portal's reads (no sign-in): published articles whose time has come, upcoming events, the Atom feed, and
 * the images and attachments of a published article. Only published fields leave; the answers are cached briefly by
 * the routes (platform/count-cache.ts: forgotten on every local commit).
 */
import { and, asc, desc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { ARTICLE_CATEGORY_LABELS, type ArticleCategory, type Page, type PublicArticle, type PublicHome } from '@shangmi/shared';
import { outreachArticles, outreachEvents } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { filesByIds, type FileRow } from '../files/files.service.js';
import { textOf } from './html.js';
import { isImage } from './images.js';
import { orgNames, todayOf, type ArticleRow } from './scope.js';

const visible = (ctx: Ctx, regionCode: string) => and(eq(outreachArticles.regionCode, regionCode), eq(outreachArticles.state, 'published'), lte(outreachArticles.publishAt, ctx.now));

const summaryOf = (a: ArticleRow, orgName: string) => ({
  id: a.id,
  category: a.category as ArticleCategory,
  title: a.title,
  summary: a.summary ?? (textOf(a.body).slice(0, 120) || null),
  publishedAt: a.publishAt!.toISOString(),
  orgName,
});

async function latest(ctx: Ctx, regionCode: string, categories: ArticleCategory[], limit: number) {
  const rows = await ctx.db
    .select()
    .from(outreachArticles)
    .where(and(visible(ctx, regionCode), inArray(outreachArticles.category, categories)))
    .orderBy(desc(outreachArticles.publishAt), desc(outreachArticles.id))
    .limit(limit);
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  return rows.map((r) => summaryOf(r, names.get(r.orgId) ?? ''));
}

export async function publicHome(ctx: Ctx, regionCode: string): Promise<PublicHome> {
  const news = await latest(ctx, regionCode, ['news', 'policy', 'exposure'], 8);
  const cases = await latest(ctx, regionCode, ['case'], 6);
  const guides = await latest(ctx, regionCode, ['guide'], 6);
  const evs = await ctx.db
    .select()
    .from(outreachEvents)
    .where(and(eq(outreachEvents.regionCode, regionCode), ne(outreachEvents.state, 'cancelled'), gte(sql`coalesce(${outreachEvents.endsOn}, ${outreachEvents.heldOn})`, todayOf(ctx))))
    .orderBy(asc(outreachEvents.heldOn), asc(outreachEvents.id))
    .limit(8);
  const names = await orgNames(ctx, evs.map((e) => e.orgId));
  return {
    news,
    cases,
    guides,
    events: evs.map((e) => ({ id: e.id, kind: e.kind as PublicHome['events'][number]['kind'], title: e.title, heldOn: e.heldOn, endsOn: e.endsOn, place: e.place, orgName: names.get(e.orgId) ?? '' })),
  };
}

export async function publicArticles(ctx: Ctx, regionCode: string, q: { category?: ArticleCategory; page: number; pageSize: number }): Promise<Page<ReturnType<typeof summaryOf>>> {
  const where = and(visible(ctx, regionCode), q.category ? eq(outreachArticles.category, q.category) : undefined);
  const rows = await ctx.db
    .select()
    .from(outreachArticles)
    .where(where)
    .orderBy(desc(outreachArticles.publishAt), desc(outreachArticles.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // bounded: the public count stops at 10,000 (no full count for an anonymous caller)
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(ctx.db.select({ id: outreachArticles.id }).from(outreachArticles).where(where).limit(10_000).as('c'));
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  return { items: rows.map((r) => summaryOf(r, names.get(r.orgId) ?? '')), total, page: q.page, pageSize: q.pageSize, capped: total >= 10_000 };
}

async function publishedArticle(ctx: Ctx, id: number): Promise<ArticleRow> {
  const [a] = await ctx.db
    .select()
    .from(outreachArticles)
    .where(and(eq(outreachArticles.id, id), eq(outreachArticles.state, 'published'), lte(outreachArticles.publishAt, ctx.now)));
  if (!a) throw notFound();
  return a;
}

export async function publicArticle(ctx: Ctx, id: number): Promise<PublicArticle> {
  const a = await publishedArticle(ctx, id);
  const names = await orgNames(ctx, [a.orgId]);
  const files = await filesByIds(ctx, a.attachmentFileIds);
  return { ...summaryOf(a, names.get(a.orgId) ?? ''), body: a.body, tags: a.tags, attachments: files.map((f) => ({ id: f.id, name: f.name })) };
}

/** A file of a published article: an image (served inline, its sniffed type) or an attachment (a download). */
export async function publicArticleFile(ctx: Ctx, id: number, fileId: number): Promise<{ file: FileRow; inline: boolean }> {
  const a = await publishedArticle(ctx, id);
  const inImages = a.imageFileIds.includes(fileId);
  if (!inImages && !a.attachmentFileIds.includes(fileId)) throw notFound();
  const [file] = await filesByIds(ctx, [fileId]);
  if (!file) throw notFound();
  return { file, inline: inImages && isImage(file) };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The Atom feed (RFC 4287) of the region's newest 30 articles; each entry's content is the safe HTML, escaped. */
export async function atomFeed(ctx: Ctx, regionCode: string, origin: string): Promise<string> {
  const rows = await ctx.db
    .select()
    .from(outreachArticles)
    .where(visible(ctx, regionCode))
    .orderBy(desc(outreachArticles.publishAt), desc(outreachArticles.id))
    .limit(30);
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  const updated = (rows[0]?.publishAt ?? new Date(0)).toISOString();
  const entries = rows.map((a) => {
    const link = `${origin}/portal/articles/${a.id}`;
    const cat = ARTICLE_CATEGORY_LABELS[a.category as ArticleCategory];
    return `  <entry>
    <id>${xml(link)}</id>
    <title>${xml(a.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <published>${a.publishAt!.toISOString()}</published>
    <updated>${a.publishAt!.toISOString()}</updated>
    <author><name>${xml(names.get(a.orgId) ?? '')}</name></author>
    <category term="${xml(a.category)}" label="${xml(cat.zh)}"/>
    <summary>${xml(a.summary ?? textOf(a.body).slice(0, 200))}</summary>
    <content type="html">${xml(a.body)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${xml(`${origin}/portal`)}</id>
  <title>商秘通 · 商业秘密保护资讯</title>
  <link rel="self" type="application/atom+xml" href="${xml(`${origin}/api/public/outreach/feed.atom?regionCode=${regionCode}`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${origin}/`)}"/>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>
`;
}
