import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { inArray } from 'drizzle-orm';
import type { StoredFile } from '@shangmi/shared';
import { files } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { attachment } from '../../platform/export.js';

export type FileRow = typeof files.$inferSelect;

export const toStoredFile = (f: FileRow): StoredFile => ({
  id: f.id,
  name: f.name,
  size: f.size,
  mime: f.mime,
  sha256: f.sha256,
  createdAt: f.createdAt.toISOString(),
});

/** A file name as given (URL-encoded header), without any folder part or control characters. */
export function cleanFileName(raw: string | undefined): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = '';
  }
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim().slice(0, 200);
  if (!name) throw fieldError('fileName', { zh: '缺少文件名', en: 'is missing' });
  return name;
}

export function cleanMime(raw: string | undefined): string {
  return raw && /^[\w.+-]{1,60}\/[\w.+-]{1,100}$/.test(raw) ? raw.toLowerCase() : 'application/octet-stream';
}

/**
 * Stores an upload's bytes (outside any transaction: an upload can take minutes, a transaction must not).
 * Bytes nobody records stay harmless on disk under their hash.
 */
export async function storeUpload(ctx: Ctx, body: Readable): Promise<{ sha256: string; size: number }> {
  const stored = await ctx.deps.files.put(body, ctx.deps.config.fileLimit);
  if (stored.size === 0) throw fieldError('file', { zh: '文件为空', en: 'is empty' });
  return stored;
}

/** Records stored bytes as the actor's upload. */
export async function recordFile(ctx: Ctx, stored: { sha256: string; size: number }, meta: { name: string; mime: string }): Promise<StoredFile> {
  const actor = requireActor(ctx);
  const { sha256, size } = stored;
  const [row] = await ctx.db
    .insert(files)
    .values({ sha256, size, name: meta.name, mime: meta.mime, uploadedBy: actor.userId, orgId: actor.orgId, createdAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'file', targetId: row.id, after: { name: row.name, size, sha256 } };
  return toStoredFile(row);
}

/**
 * Records stored bytes that no account uploaded (a reporter's material sent with a tracking code), belonging to the
 * organisation whose record links them at once. No audit note: the linking module's row says what came in.
 */
export async function recordAnonymousFile(ctx: Ctx, stored: { sha256: string; size: number }, meta: { name: string; mime: string; orgId: number }): Promise<FileRow> {
  const [row] = await ctx.db
    .insert(files)
    .values({ sha256: stored.sha256, size: stored.size, name: meta.name, mime: meta.mime, uploadedBy: null, orgId: meta.orgId, createdAt: ctx.now })
    .returning();
  return row;
}

/** Files by id, in the order given. */
export async function filesByIds(ctx: Ctx, ids: number[]): Promise<FileRow[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.select().from(files).where(inArray(files.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is FileRow => !!r);
}

/**
 * Files the actor uploaded, about to be linked to a record: anyone else's file (or a missing one) is an error on
 * `field`, so nobody links a file they have not seen by guessing its id.
 */
export async function claimFiles(ctx: Ctx, ids: number[], field: string): Promise<FileRow[]> {
  const actor = requireActor(ctx);
  const unique = [...new Set(ids)];
  const rows = await filesByIds(ctx, unique);
  if (rows.length !== unique.length || rows.some((r) => r.uploadedBy !== actor.userId)) {
    throw fieldError(field, { zh: '包含不存在或不是您上传的文件', en: 'contains a file that does not exist or that you did not upload' });
  }
  return rows;
}

/** One of the actor's own uploads (before it is linked to anything). */
export async function ownFile(ctx: Ctx, id: number): Promise<FileRow> {
  const actor = requireActor(ctx);
  const [row] = await filesByIds(ctx, [id]);
  if (!row || row.uploadedBy !== actor.userId) throw notFound();
  return row;
}

/** Sends a stored file as a download (never rendered inline: an uploaded page must not run in ours). */
export function sendStoredFile(ctx: Ctx, reply: FastifyReply, f: FileRow) {
  let stream;
  try {
    stream = ctx.deps.files.open(f.sha256);
  } catch {
    throw new AppError('NOT_FOUND');
  }
  return reply
    .header('content-type', f.mime)
    .header('content-length', String(f.size))
    .header('content-disposition', attachment(f.name))
    .header('cache-control', 'private, no-store')
    .send(stream);
}
