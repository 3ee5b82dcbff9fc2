/**
 * 示范文本的版本 (docs/model-documents.md § Versions): the shipped file is a document's first version; the city publishes
 * later versions, each a row holding the whole text. The newest is the one in force (the library, the page, the Word
 * file); every older one stays readable by its number, with the dates it was in force, and two versions can be compared.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { diffLines, modelDocument, modelDocumentLines, type ModelDocument, type ModelDocumentSummary, type ModelDocumentVersionCreate, type ModelDocumentVersionSummary } from '@shangmi/shared';
import { modelDocumentVersions, users } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { get as shipped, modelDocuments } from './model-documents.service.js';

const v = modelDocumentVersions;

const M = {
  cityOnly: { zh: '示范文本的新版本由市局发布', en: 'New versions of the model texts are published by the city bureau' },
  versionTaken: { zh: '该版本号已存在', en: 'this version already exists' },
  stale: { zh: '现行版本已变更为 {current}，请在其基础上重新编辑', en: 'the version in force is now {current}; edit that one' },
  dateBefore: { zh: '不得早于现行版本的日期 {date}', en: 'cannot be before the date of the version in force ({date})' },
};
const fill = (m: { zh: string; en: string }, vars: Record<string, string>) => ({
  zh: m.zh.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? ''),
  en: m.en.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? ''),
});

/** The published rows of one document, oldest first. */
const rowsOf = (ctx: Ctx, slug: string) =>
  ctx.db.select({ version: v.version, effectiveOn: v.effectiveOn, note: v.note, body: v.body, publishedAt: v.publishedAt, publishedBy: users.displayName }).from(v).leftJoin(users, eq(users.id, v.publishedBy)).where(eq(v.slug, slug)).orderBy(asc(v.publishedAt), asc(v.id));

/** The version in force: the newest published row, else the shipped file (404 for a slug the library does not have). */
export async function current(ctx: Ctx, slug: string): Promise<ModelDocument> {
  const file = shipped(slug);
  const [row] = await ctx.db.select({ body: v.body }).from(v).where(eq(v.slug, slug)).orderBy(desc(v.publishedAt), desc(v.id)).limit(1);
  return row?.body ?? file;
}

/** The library's list with each document's version in force (one query for all the documents). */
export async function list(ctx: Ctx): Promise<ModelDocumentSummary[]> {
  const rows = await ctx.db.selectDistinctOn([v.slug], { slug: v.slug, body: v.body }).from(v).orderBy(v.slug, desc(v.publishedAt), desc(v.id));
  const newest = new Map(rows.map((r) => [r.slug, r.body]));
  return modelDocuments().map((file) => {
    const d = newest.get(file.slug) ?? file;
    return { slug: d.slug, order: file.order, title: d.title, purpose: d.purpose, legalBasis: d.legalBasis, version: d.version, date: d.date };
  });
}

/** Every version, oldest first, each with the dates it was (or is) in force. */
export async function versions(ctx: Ctx, slug: string): Promise<ModelDocumentVersionSummary[]> {
  const file = shipped(slug);
  const rows = await rowsOf(ctx, slug);
  const all = [
    { version: file.version, date: file.date, note: null, publishedAt: null, publishedBy: null },
    ...rows.map((r) => ({ version: r.version, date: r.effectiveOn, note: r.note, publishedAt: r.publishedAt.toISOString(), publishedBy: r.publishedBy })),
  ];
  return all.map((x, i) => ({ ...x, until: all[i + 1]?.date ?? null, current: i === all.length - 1 }));
}

/** One version's whole text, by its number. */
export async function version(ctx: Ctx, slug: string, ver: string): Promise<ModelDocument> {
  const file = shipped(slug);
  if (file.version === ver) return file;
  const [row] = await ctx.db.select({ body: v.body }).from(v).where(and(eq(v.slug, slug), eq(v.version, ver))).limit(1);
  if (!row) throw notFound();
  return row.body;
}

/** What changed from one version to another, line by line. */
export async function diff(ctx: Ctx, slug: string, from: string, to: string) {
  const [a, b] = [await version(ctx, slug, from), await version(ctx, slug, to)];
  return { from, to, lines: diffLines(modelDocumentLines(a), modelDocumentLines(b)) };
}

/**
 * Publishes a new version (in the caller's req.mutate): the city only; from the version in force (`basedOn`, so an edit
 * of an older text cannot silently replace a newer one), with a new number and a date not before the one in force.
 * One publisher per document at a time (advisory lock), so the check and the insert see the same newest version.
 */
export async function publish(ctx: Ctx, slug: string, input: ModelDocumentVersionCreate): Promise<ModelDocumentVersionSummary[]> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'city_bureau' && actor.scope !== 'all') throw forbidden(M.cityOnly);
  shipped(slug);
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`model-document:${slug}`}))`);
  const now = await current(ctx, slug);
  if (input.basedOn !== now.version) throw fieldError('basedOn', fill(M.stale, { current: now.version }), 'CONFLICT');
  const known = (await versions(ctx, slug)).map((x) => x.version);
  if (known.includes(input.version)) throw fieldError('version', M.versionTaken, 'CONFLICT');
  if (input.date < now.date) throw fieldError('date', fill(M.dateBefore, { date: now.date }));
  const body = modelDocument.parse({
    ...now,
    title: input.title ?? now.title,
    purpose: input.purpose ?? now.purpose,
    legalBasis: input.legalBasis ?? now.legalBasis,
    parties: input.parties ?? now.parties,
    sections: input.sections,
    signature: input.signature ?? now.signature,
    version: input.version,
    date: input.date,
  });
  await ctx.db.insert(v).values({ slug, version: input.version, effectiveOn: input.date, note: input.note, body, publishedBy: actor.userId, publishedAt: ctx.now });
  // those who follow the model texts hear of it (outreach's public subscriptions), in this transaction
  for (const told of ctx.deps.hooks.all('modelDocuments.versionPublished')) await told(ctx, { slug, title: body.title, version: input.version, date: input.date, regionCode: actor.regionCode ?? null });
  ctx.audit = { action: 'modelDocuments.publish', targetType: 'model_document', targetId: slug, before: { version: now.version }, after: { version: input.version, date: input.date, note: input.note } };
  return versions(ctx, slug);
}
