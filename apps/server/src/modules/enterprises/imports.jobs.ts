/** Import jobs: a check recorded as a job, the actor's own jobs, and the rows with errors for the error workbook. */
import { and, desc, eq } from 'drizzle-orm';
import { IMPORT_COLUMNS, IMPORT_ERRORS_SHOWN, pick, type ImportJob, type ImportRowError, type ImportStart, type Locale } from '@shangmi/shared';
import { enterpriseImports, files } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import type { Progress } from '../../platform/http.js';
import { rowErrorText, type RawRow } from '../../platform/import-file.js';
import { common } from '../../platform/messages.js';
import { filesByIds, type FileRow } from '../files/files.service.js';
import { type RowError, checkFile } from './imports.check.js';

const localized = (e: RowError, locale: Locale): ImportRowError => ({ row: e.row, column: e.column, message: pick(e.message, locale) });

type JobRow = typeof enterpriseImports.$inferSelect;

export function toJob(j: JobRow, fileName: string, locale: Locale): ImportJob {
  return {
    id: j.id,
    fileId: j.fileId,
    fileName,
    mode: j.mode,
    status: j.status,
    totalRows: j.totalRows,
    validRows: j.validRows,
    errorRows: j.errorRows,
    newRows: j.newRows,
    existingRows: j.existingRows,
    inserted: j.inserted,
    updated: j.updated,
    errors: (j.errors as RowError[]).map((e) => localized(e, locale)),
    createdAt: j.createdAt.toISOString(),
    committedAt: j.committedAt?.toISOString() ?? null,
  };
}

/** An uploaded file to import: the actor's own upload. */
async function importFile(ctx: Ctx, fileId: number): Promise<FileRow> {
  const actor = requireActor(ctx);
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f || f.uploadedBy !== actor.userId) throw fieldError('fileId', common.notOwnUpload);
  return f;
}

/** Reads and checks a file (no change to the registry) and records the check as an import job. */
export async function startImport(req: { ctx(): Ctx; mutate<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> }, input: ImportStart, progress: (p: Progress) => void): Promise<ImportJob> {
  const ctx = req.ctx();
  const actor = requireActor(ctx);
  const file = await importFile(ctx, input.fileId);
  const r = await checkFile(ctx, file, input, progress);
  const newRows = r.valid.filter((v) => !r.existing.has(v.creditCode)).length;
  return req.mutate(async (tx) => {
    const [job] = await tx.db
      .insert(enterpriseImports)
      .values({
        fileId: file.id,
        mode: input.mode,
        regionCode: r.lookup.region.code,
        status: 'checked',
        totalRows: r.total,
        validRows: r.valid.length,
        errorRows: r.errorRows,
        newRows,
        existingRows: r.valid.length - newRows,
        errors: r.errors.slice(0, IMPORT_ERRORS_SHOWN),
        createdBy: actor.userId,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning();
    tx.audit = {
      targetType: 'enterprise_import',
      targetId: job.id,
      after: { file: file.name, sha256: file.sha256, mode: input.mode, totalRows: r.total, validRows: r.valid.length, errorRows: r.errorRows },
    };
    return toJob(job, file.name, ctx.locale);
  });
}

/** An import job of the actor's (imports are personal: the file in it is theirs). */
export async function ownJob(ctx: Ctx, id: number): Promise<{ job: JobRow; file: FileRow }> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ job: enterpriseImports, file: files })
    .from(enterpriseImports)
    .innerJoin(files, eq(files.id, enterpriseImports.fileId))
    .where(and(eq(enterpriseImports.id, id), eq(enterpriseImports.createdBy, actor.userId)));
  if (!row) throw notFound();
  return row;
}

export async function getImport(ctx: Ctx, id: number): Promise<ImportJob> {
  const { job, file } = await ownJob(ctx, id);
  return toJob(job, file.name, ctx.locale);
}

export async function listImports(ctx: Ctx): Promise<ImportJob[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ job: enterpriseImports, fileName: files.name })
    .from(enterpriseImports)
    .innerJoin(files, eq(files.id, enterpriseImports.fileId))
    .where(eq(enterpriseImports.createdBy, actor.userId))
    .orderBy(desc(enterpriseImports.id))
    .limit(20);
  return rows.map((r) => ({ ...toJob(r.job, r.fileName, ctx.locale), errors: [] }));
}

/** The rows with errors, for the error workbook: the cells as given plus what is wrong with each. */
export async function importErrors(ctx: Ctx, id: number): Promise<{ fileName: string; rows: { raw: RawRow; messages: string[] }[] }> {
  const { job, file } = await ownJob(ctx, id);
  const r = await checkFile(ctx, file, { mode: job.mode, regionCode: job.regionCode ?? undefined }, () => undefined);
  const byRow = new Map<number, string[]>();
  for (const e of r.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), rowErrorText(IMPORT_COLUMNS, e.column, e.message, ctx.locale)]);
  return { fileName: file.name, rows: r.rows.filter((raw) => byRow.has(raw.row)).map((raw) => ({ raw, messages: byRow.get(raw.row)! })) };
}
