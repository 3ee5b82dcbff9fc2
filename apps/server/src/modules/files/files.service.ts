import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { shanghaiDate, type StoredFile } from '@shangmi/shared';
import { files, uploadBudget } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { attachment } from '../../platform/export.js';
import { ANONYMOUS_KINDS, MIME_OF, REFUSED_KINDS, sniffFile, type FileKind } from '../../platform/file-types.js';

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

export interface StoredUpload {
  sha256: string;
  size: number;
  /** what the bytes are (platform/file-types.ts), and the type they are served with — never the client's claim */
  kind: FileKind;
  mime: string;
}

const ANONYMOUS_REFUSED = {
  zh: '类型不允许：只能上传 PDF、图片、Word/Excel/PowerPoint、OFD、音视频或纯文本文件（按文件内容判断，不看扩展名）',
  en: 'is not an allowed type: PDF, pictures, Word/Excel/PowerPoint, OFD, audio/video or plain text only (judged by the content, not the name)',
};
const STAFF_REFUSED = {
  zh: '类型不允许：不能上传可执行程序、脚本、网页或 SVG 文件',
  en: 'is not an allowed type: no programs, scripts, web pages or SVG files',
};

/**
 * Stores an upload's bytes (outside any transaction: an upload can take minutes, a transaction must not), refusing by
 * their content what may not be kept: for anyone, programs, web pages and SVG; for an anonymous upload (`anonymousIp`),
 * anything off the allow-list, and more than the day's budget allows (checked here, charged when the upload is
 * recorded: chargeAnonymousUpload). Bytes nobody records stay harmless on disk under their hash.
 */
export async function storeUpload(ctx: Ctx, body: Readable, opts: { anonymousIp?: string } = {}): Promise<StoredUpload> {
  const anonymous = opts.anonymousIp !== undefined;
  const limit = anonymous ? await anonymousRoom(ctx, opts.anonymousIp!) : ctx.deps.config.fileLimit;
  let kind: FileKind = 'unknown';
  try {
    const stored = await ctx.deps.files.put(body, limit, (tmp, size) => {
      if (size === 0) throw fieldError('file', { zh: '文件为空', en: 'is empty' });
      kind = sniffFile(tmp, size);
      if (anonymous ? !ANONYMOUS_KINDS.has(kind) : REFUSED_KINDS.has(kind)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { fields: [{ field: 'file', message: anonymous ? ANONYMOUS_REFUSED : STAFF_REFUSED }], details: { kind } });
      }
    });
    return { ...stored, kind, mime: MIME_OF[kind] };
  } catch (e) {
    // too large for what is left of the day's budget (not for the file limit itself): the day's limit is the answer
    if (anonymous && e instanceof AppError && e.code === 'PAYLOAD_TOO_LARGE' && limit < ctx.deps.config.publicUpload.fileLimit) throw overBudget(ctx);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The anonymous upload budget (per address and in all, per day in Asia/Shanghai; shared by every node)

const budgetKey = (ip: string) => `ip:${ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').slice(0, 100)}`;

function overBudget(ctx: Ctx): AppError {
  // the budget is the day's: come back after midnight in Shanghai
  const shanghai = new Date(ctx.now.getTime() + 8 * 3600_000);
  const s = Math.max(60, 86_400 - Math.floor((shanghai.getTime() % 86_400_000) / 1000));
  return new AppError('RATE_LIMITED', {
    message: { zh: '今日上传已达上限，请明天再试或联系办理机关', en: 'The upload limit for today is reached; try again tomorrow or contact the handling bureau' },
    details: { retryAfterSeconds: s },
  });
}

/** How many bytes this anonymous upload may have: the per-file limit or what is left of the day's budgets. */
async function anonymousRoom(ctx: Ctx, ip: string): Promise<number> {
  const p = ctx.deps.config.publicUpload;
  const day = shanghaiDate(ctx.now);
  const rows = await ctx.db
    .select()
    .from(uploadBudget)
    .where(and(eq(uploadBudget.day, day), inArray(uploadBudget.key, [budgetKey(ip), 'all'])));
  const mine = rows.find((r) => r.key !== 'all');
  const all = rows.find((r) => r.key === 'all');
  const room = Math.min(p.fileLimit, p.perIpBytes - (mine?.bytes ?? 0), p.dailyBytes - (all?.bytes ?? 0));
  if ((mine?.files ?? 0) >= p.perIpFiles || room <= 0) throw overBudget(ctx);
  return room;
}

/**
 * Charges an anonymous upload to the day's budgets, in the transaction that records it: a conditional upsert per
 * budget, so concurrent uploads on several nodes cannot together pass it; over budget, the whole upload is refused.
 */
export async function chargeAnonymousUpload(ctx: Ctx, ip: string, size: number): Promise<void> {
  const p = ctx.deps.config.publicUpload;
  const day = shanghaiDate(ctx.now);
  for (const [key, maxFiles, maxBytes] of [
    [budgetKey(ip), p.perIpFiles, p.perIpBytes],
    ['all', 2_147_483_647, p.dailyBytes],
  ] as const) {
    const [row] = await ctx.db
      .insert(uploadBudget)
      .values({ day, key, files: 1, bytes: size })
      .onConflictDoUpdate({
        target: [uploadBudget.day, uploadBudget.key],
        set: { files: sql`${uploadBudget.files} + 1`, bytes: sql`${uploadBudget.bytes} + excluded.bytes` },
        setWhere: sql`${uploadBudget.files} + 1 <= ${maxFiles} and ${uploadBudget.bytes} + excluded.bytes <= ${maxBytes}`,
      })
      .returning({ bytes: uploadBudget.bytes });
    if (!row || row.bytes > maxBytes) throw overBudget(ctx);
  }
  // a week of history is plenty; older days go
  await ctx.db.delete(uploadBudget).where(lt(uploadBudget.day, shanghaiDate(new Date(ctx.now.getTime() - 7 * 86_400_000))));
}

/** Records stored bytes as the actor's upload, with the type found in them. */
export async function recordFile(ctx: Ctx, stored: StoredUpload, meta: { name: string }): Promise<StoredFile> {
  const actor = requireActor(ctx);
  const { sha256, size } = stored;
  const [row] = await ctx.db
    .insert(files)
    .values({ sha256, size, name: meta.name, mime: stored.mime, uploadedBy: actor.userId, orgId: actor.orgId, createdAt: ctx.now })
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
