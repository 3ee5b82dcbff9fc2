/**
 * What leaves for the credit systems (国家企业信用信息公示系统, 信用银川): 双公示 files in XLSX, CSV and JSON with the
 * national template's columns in order — full (every record on public view in the exporter's scope) or incremental
 * (what changed since the last export for that system and scope: new, changed, withdrawn, term ended, repaired) — and a
 * ledger of every export (which stretch of the change feed, how many rows, by whom, when). Files are streamed: rows
 * are read in keyed batches and written as they come, so a 100,000-row workbook needs no more memory than a small one.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { and, desc, eq, gt, like, sql, type SQL } from 'drizzle-orm';
import {
  CHANGE_COLUMN,
  CHANGE_KIND_LABELS,
  DOUBLE_PUBLICITY_COLUMNS,
  EXPORT_TARGET_LABELS,
  PENALTY_KIND_LABELS,
  fenToWan,
  formatDateTime,
  type ChangeKind,
  type CreditExportQuery,
  type DoublePublicityRow,
  type Page,
  type PageQuery,
  type PenaltyKind,
} from '@shangmi/shared';
import { creditChanges, creditExports, creditRecords } from '../../db/schema/index.js';
import { andAll, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { attachment } from '../../platform/export.js';
import { recordScope, type RecordRow } from './scope.js';

/**
 * Rows read per statement while streaming. Small on purpose: a batch lives until the zip has taken its rows in. With
 * 2,000 full rows (all 45 columns, the search vector among them) a 100,000-row download lifted the server's RSS by
 * 200–230 MB at its peak (the writer alone: ~15 MB) — dead rows promoted to V8's old generation, not a leak: a full GC
 * gave it all back. 500 rows of the line's columns: bench/README.md § Credit has the figures.
 */
const BATCH = 500;

/** The columns a 双公示 line is made of: the export reads these only. */
const LINE_COLUMNS = {
  id: creditRecords.id,
  partyName: creditRecords.partyName,
  creditCode: creditRecords.creditCode,
  legalRep: creditRecords.legalRep,
  decisionNo: creditRecords.decisionNo,
  violationType: creditRecords.violationType,
  facts: creditRecords.facts,
  basis: creditRecords.basis,
  penaltyKinds: creditRecords.penaltyKinds,
  content: creditRecords.content,
  fineFen: creditRecords.fineFen,
  confiscationFen: creditRecords.confiscationFen,
  licenceInfo: creditRecords.licenceInfo,
  decidedOn: creditRecords.decidedOn,
  validUntil: creditRecords.validUntil,
  publicUntil: creditRecords.publicUntil,
  authorityName: creditRecords.authorityName,
  authorityCode: creditRecords.authorityCode,
  sourceName: creditRecords.sourceName,
  sourceCode: creditRecords.sourceCode,
  remark: creditRecords.remark,
};

export function doublePublicityRow(r: Pick<RecordRow, keyof typeof LINE_COLUMNS>): DoublePublicityRow {
  return {
    id: r.id,
    partyName: r.partyName,
    creditCode: r.creditCode,
    legalRep: r.legalRep ?? '',
    decisionNo: r.decisionNo,
    violationType: r.violationType,
    facts: r.facts,
    basis: r.basis,
    penaltyKinds: r.penaltyKinds.map((k) => PENALTY_KIND_LABELS[k as PenaltyKind]?.zh ?? k).join('；'),
    content: r.content,
    fineWan: fenToWan(r.fineFen),
    confiscationWan: fenToWan(r.confiscationFen),
    licenceInfo: r.licenceInfo ?? '',
    decidedOn: r.decidedOn,
    validUntil: r.validUntil ?? '',
    publicUntil: r.publicUntil ?? '',
    authorityName: r.authorityName,
    authorityCode: r.authorityCode,
    sourceName: r.sourceName,
    sourceCode: r.sourceCode,
    remark: r.remark ?? '',
  };
}

/** Whose changes an export covers: everything (scope all), else the exporter's organisation and below. */
export const scopeKeyOf = (actor: Pick<Actor, 'scope' | 'orgPath'>) => (actor.scope === 'all' ? '*' : actor.orgPath);
const changeScope = (key: string): SQL | undefined => (key === '*' ? undefined : like(creditChanges.orgPath, `${likeEscape(key)}%`));

export interface ExportCut {
  target: string;
  format: 'xlsx' | 'csv' | 'json';
  mode: 'full' | 'incremental';
  scopeKey: string;
  fromSeq: number;
  toSeq: number;
  rows: number;
  ledgerId: number;
}

/** The incremental cursor of a system and a scope: where its last export (or pull) ended. */
export async function cursorOf(ctx: Ctx, target: string, scopeKey: string): Promise<number> {
  const [last] = await ctx.db
    .select({ toSeq: creditExports.toSeq })
    .from(creditExports)
    .where(and(eq(creditExports.target, target), eq(creditExports.scopeKey, scopeKey)))
    .orderBy(desc(creditExports.id))
    .limit(1);
  return last?.toSeq ?? 0;
}

/** The records whose latest change in (from, to] is `change`, for an incremental export: one line per record. */
function changedSince(scopeKey: string, fromSeq: number, toSeq: number) {
  return sql`select distinct on (record_id) record_id, change, reason from ${creditChanges}
              where seq > ${fromSeq} and seq <= ${toSeq} ${scopeKey === '*' ? sql`` : sql`and org_path like ${`${likeEscape(scopeKey)}%`}`}
              order by record_id, seq desc`;
}

/**
 * Records the export in the ledger (inside the request's transaction): the feed's end now is where the next incremental
 * export starts, whether this one was full or incremental.
 */
export async function startExport(ctx: Ctx, q: CreditExportQuery): Promise<ExportCut> {
  const actor = requireActor(ctx);
  const scopeKey = scopeKeyOf(actor);
  const [{ top }] = await ctx.db.select({ top: sql<number>`coalesce(max(${creditChanges.seq}), 0)::int` }).from(creditChanges).where(changeScope(scopeKey));
  const toSeq = Number(top);
  const fromSeq = q.mode === 'incremental' ? await cursorOf(ctx, q.target, scopeKey) : 0;
  let rows: number;
  if (q.mode === 'full') {
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(creditRecords).where(andAll(eq(creditRecords.public, true), recordScope(actor)));
    rows = Number(n);
  } else {
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(sql`(${changedSince(scopeKey, fromSeq, toSeq)}) as c`);
    rows = Number(n);
  }
  const [ledger] = await ctx.db
    .insert(creditExports)
    .values({ target: q.target, format: q.format, mode: q.mode, scopeKey, orgPath: actor.orgPath, fromSeq, toSeq, rows, byUserId: actor.userId, byName: actor.displayName, at: ctx.now })
    .returning({ id: creditExports.id });
  ctx.audit = { action: 'credit.export', targetType: 'credit_export', targetId: ledger.id, after: { target: q.target, format: q.format, mode: q.mode, fromSeq, toSeq, rows } };
  return { target: q.target, format: q.format, mode: q.mode, scopeKey, fromSeq, toSeq, rows, ledgerId: ledger.id };
}

async function* mapBatches<T, U>(batches: AsyncIterable<T[]>, f: (x: T) => U): AsyncGenerator<U[]> {
  for await (const b of batches) yield b.map(f);
}

type Line = { row: DoublePublicityRow; change?: ChangeKind; reason?: string | null };

/** The export's lines in batches, read after the ledger's transaction committed (keyed on the record id). */
async function* linesOf(ctx: Ctx, cut: ExportCut): AsyncGenerator<Line[]> {
  const actor = requireActor(ctx);
  let after = 0;
  for (;;) {
    if (cut.mode === 'full') {
      const rows = await ctx.db
        .select(LINE_COLUMNS)
        .from(creditRecords)
        .where(andAll(eq(creditRecords.public, true), recordScope(actor), gt(creditRecords.id, after)))
        .orderBy(creditRecords.id)
        .limit(BATCH);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => ({ row: doublePublicityRow(r) }));
    } else {
      const rows = await ctx.db
        .select({ r: LINE_COLUMNS, change: sql<ChangeKind>`c.change`, reason: sql<string | null>`c.reason` })
        .from(sql`(${changedSince(cut.scopeKey, cut.fromSeq, cut.toSeq)}) as c`)
        .innerJoin(creditRecords, sql`${creditRecords.id} = c.record_id`)
        .where(gt(creditRecords.id, after))
        .orderBy(creditRecords.id)
        .limit(BATCH);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.r.id;
      yield rows.map((x) => ({ row: doublePublicityRow(x.r), change: x.change, reason: x.reason }));
    }
  }
}

/**
 * ExcelJS (4.4) writes a streamed sheet's XML into its zip entry without waiting: at 100,000 rows ~65 MB of
 * uncompressed XML piled up ahead of deflate. After each batch, wait until the entry has taken it in — which also waits
 * for a slow client, since the zip stops reading when the response is full. Reaches into exceljs's internals (the
 * sheet's `stream.pipes[0]`, a Node writable); if they change, it does not wait. False when the response is gone.
 */
function sheetTakenIn(ws: unknown, out: Writable): Promise<boolean> {
  const entry = (ws as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } }) | undefined;
  if (out.destroyed) return Promise.resolve(false);
  if (!entry?._writableState?.needDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      entry.off('drain', drained);
      out.off('close', closed);
      resolve(ok);
    };
    const drained = done(true);
    const closed = done(false);
    entry.once('drain', drained);
    out.once('close', closed);
  });
}

/**
 * Writes batches of rows into a streamed workbook (sheet 双公示) on `out`, waiting for the sheet's zip entry after each
 * batch; false when `out` went away first. The export's writer, and the benchmark's reference (the writer alone, rows
 * made in memory) calls it as is.
 */
export async function writeXlsx(out: Writable, header: string[], batches: AsyncIterable<unknown[][]>): Promise<boolean> {
  // No styles: every cell is text, and ExcelJS's per-cell style lookup was 60 % of the time of writing 100,000 rows
  // (6.6 s → 2.5 s measured alone); the header row stays unbolded, frozen above the data, with its column widths.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  wb.creator = 'Shangmi 商秘通';
  const ws = wb.addWorksheet('双公示', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h) => ({ header: h, width: Math.max(12, Math.min(40, h.length * 2 + 4)) }));
  ws.getRow(1).commit();
  for await (const batch of batches) {
    for (const cells of batch) ws.addRow(cells).commit();
    if (!(await sheetTakenIn(ws, out))) return false;
  }
  ws.commit();
  await wb.commit();
  return true;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Streams the file the cut describes: XLSX (sheet 双公示), CSV (UTF-8 with BOM) or JSON. */
export function sendExport(ctx: Ctx, reply: FastifyReply, cut: ExportCut) {
  const out = new PassThrough();
  const incremental = cut.mode === 'incremental';
  const header = [...DOUBLE_PUBLICITY_COLUMNS.map((c) => c.zh), ...(incremental ? [CHANGE_COLUMN.zh, '变更说明'] : [])];
  const cells = (l: Line) => [...DOUBLE_PUBLICITY_COLUMNS.map((c) => l.row[c.key]), ...(incremental ? [l.change ? CHANGE_KIND_LABELS[l.change].zh : '', l.reason ?? ''] : [])];
  const stamp = formatDateTime(ctx.now).replace(/[-: ]/g, '').slice(0, 12);
  const name = `双公示-${EXPORT_TARGET_LABELS[cut.target as 'gsxt'].zh}-${incremental ? '增量' : '全量'}-${stamp}.${cut.format}`;
  const ascii = `credit-${cut.target}-${cut.mode}-${stamp}.${cut.format}`;
  const run = async () => {
    if (cut.format === 'xlsx') {
      await writeXlsx(out, header, mapBatches(linesOf(ctx, cut), cells));
      return;
    }
    if (cut.format === 'csv') {
      out.write(`\uFEFF${header.map(csvCell).join(',')}\r\n`);
      for await (const batch of linesOf(ctx, cut)) if (!out.write(batch.map((l) => cells(l).map((v) => csvCell(String(v))).join(',')).join('\r\n') + '\r\n')) await new Promise((r) => out.once('drain', r));
      out.end();
      return;
    }
    out.write(`{"target":${JSON.stringify(cut.target)},"mode":${JSON.stringify(cut.mode)},"fromSeq":${cut.fromSeq},"toSeq":${cut.toSeq},"rows":[`);
    let first = true;
    for await (const batch of linesOf(ctx, cut)) {
      const text = batch.map((l) => JSON.stringify(incremental ? { ...l.row, change: l.change, reason: l.reason ?? null } : l.row)).join(',');
      if (!out.write((first ? '' : ',') + text)) await new Promise((r) => out.once('drain', r));
      first = false;
    }
    out.end(']}');
  };
  run().catch((err: unknown) => {
    ctx.deps.log.error({ err }, 'credit export failed while streaming');
    out.destroy(err as Error);
  });
  const type = cut.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : cut.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  return reply.header('content-type', type).header('content-disposition', attachment(name, ascii)).header('cache-control', 'no-store').send(out);
}

export async function exportLedger(ctx: Ctx, q: { target?: string } & PageQuery): Promise<Page<typeof creditExports.$inferSelect & { at: Date }>> {
  const actor = requireActor(ctx);
  const where = andAll(actor.scope === 'all' ? undefined : like(creditExports.orgPath, `${likeEscape(actor.orgPath)}%`), q.target ? eq(creditExports.target, q.target) : undefined);
  const [rows, total] = await Promise.all([
    ctx.db.select().from(creditExports).where(where).orderBy(desc(creditExports.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, creditExports, where),
  ]);
  return { items: rows, ...total, page: q.page, pageSize: q.pageSize };
}

export const ledgerView = (r: typeof creditExports.$inferSelect) => ({
  id: r.id,
  target: r.target,
  format: r.format,
  mode: r.mode,
  fromSeq: r.fromSeq,
  toSeq: r.toSeq,
  rows: r.rows,
  byName: r.byName,
  at: r.at.toISOString(),
});

