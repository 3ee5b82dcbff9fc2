/**
 * Penalties decided outside the platform, imported from Excel (the template's columns: the 双公示 ones, with 万元
 * amounts of up to six decimals). Like the enterprise import: a check that reads and validates every row and answers
 * the row errors (also as a workbook to correct), and a commit that checks again inside its transaction and writes all
 * the rows or none. Rows are filed under the importing officer's bureau.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { and, eq, or } from 'drizzle-orm';
import {
  CREDIT_IMPORT_COLUMNS,
  PARTY_KINDS,
  PENALTY_KINDS,
  PENALTY_KIND_LABELS,
  buildCreditCode,
  creditRecordCreate,
  fieldLabel,
  creditCodeMessage,
  normalizeCreditCode,
  pick,
  wanToFen,
  type CreditImportColumnKey,
  type CreditImportResult,
  type Locale,
  type PenaltyKind,
} from '@shangmi/shared';
import { creditRecords } from '../../db/schema/index.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { attachment, sendImportErrors } from '../../platform/export.js';
import { readXlsxRows } from '../../platform/xlsx-reader.js';
import { ownFile } from '../files/files.service.js';
import { M } from './credit.messages.js';
import { checkFields, insertRecord, placement, todayOf, type Fields } from './records.js';
import { currentRules } from './rules.js';
import { addEvent } from './scope.js';

export const IMPORT_MAX_ROWS = 5_000;
type Msg = { zh: string; en: string };
interface RawRow {
  row: number;
  cells: Record<string, string>;
}
interface RowError {
  row: number;
  field: string;
  message: Msg;
}

/** The template: the header row, one example row (delete it), the choices written in the header. */
export async function sendTemplate(reply: FastifyReply, locale: Locale) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('行政处罚信息');
  ws.columns = CREDIT_IMPORT_COLUMNS.map((c) => ({ header: locale === 'en-US' ? c.en : c.zh, key: c.key, width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  const code = (body: string) => buildCreditCode(body.slice(0, 2), body.slice(2, 8), body.slice(8, 16));
  ws.addRow({
    partyName: '示例：宁夏某某科技有限公司（导入前请删除本行）',
    partyKind: '法人',
    creditCode: code('91640100MA76R8X01'),
    decisionNo: '银市监处罚〔2026〕1号',
    violationType: '侵犯商业秘密',
    facts: '当事人以不正当手段获取权利人的经营信息并使用。',
    basis: '《中华人民共和国反不正当竞争法》第二十一条',
    penaltyKinds: '罚款',
    content: '责令停止违法行为，罚款20万元',
    fineWan: '20',
    decidedOn: '2026-03-01',
    procedure: '普通',
    authorityName: '银川市市场监督管理局',
    authorityCode: code('11640100MB1234567'),
    sourceName: '银川市市场监督管理局',
    sourceCode: code('11640100MB1234567'),
  });
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(locale === 'en-US' ? 'penalty-records-template.xlsx' : '行政处罚信息导入模板.xlsx', 'penalty-records-template.xlsx'))
    .send(buf);
}

const cellText = (v: string | number | boolean | undefined) => (v === undefined ? '' : String(v).trim());

/** The rows of the uploaded workbook, by the template's columns (matched by the header's Chinese or English names). */
async function readRows(ctx: Ctx, fileId: number): Promise<RawRow[]> {
  const f = await ownFile(ctx, fileId);
  if (!/\.xlsx$/i.test(f.name)) throw new AppError('VALIDATION', { fields: [{ field: 'fileId', message: M.importNotXlsx }] });
  const stream: Readable = ctx.deps.files.open(f.sha256);
  const out: RawRow[] = [];
  let columns: (CreditImportColumnKey | null)[] | null = null;
  for await (const r of readXlsxRows(stream)) {
    if (!columns) {
      columns = r.values.map((v) => CREDIT_IMPORT_COLUMNS.find((c) => c.zh === cellText(v) || c.en === cellText(v))?.key ?? null);
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((k, i) => {
      if (k) cells[k] = cellText(r.values[i]);
    });
    if (Object.values(cells).every((v) => v === '')) continue;
    if (out.length >= IMPORT_MAX_ROWS) throw new AppError('VALIDATION', { fields: [{ field: 'fileId', message: M.importTooMany(IMPORT_MAX_ROWS) }] });
    out.push({ row: r.number, cells });
  }
  return out;
}

/** Excel dates arrive as text (2026-03-01, 2026/3/1) or as serial day numbers. */
function dateOf(s: string): string | null {
  if (!s) return null;
  if (/^\d{5}(\.\d+)?$/.test(s)) return new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(s)) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso ? null : iso;
}

const KIND_WORDS: Record<string, PenaltyKind> = Object.fromEntries(
  PENALTY_KINDS.flatMap((k) => [
    [k, k],
    [PENALTY_KIND_LABELS[k].zh, k],
    [PENALTY_KIND_LABELS[k].en.toLowerCase(), k],
  ]),
);
Object.assign(KIND_WORDS, { 没收违法所得: 'confiscation', 没收非法财物: 'confiscation', 责令停产停业: 'order_closure', 责令关闭: 'order_closure' });

/** One row → the record's fields, or its errors (every problem of the row, each naming its column). */
function parseRow(raw: RawRow): { fields?: Fields; errors: RowError[] } {
  const c = raw.cells;
  const errors: RowError[] = [];
  const err = (field: string, message: Msg) => errors.push({ row: raw.row, field, message });
  const code = (k: 'creditCode' | 'authorityCode' | 'sourceCode') => {
    const v = normalizeCreditCode(c[k] ?? '');
    if (!v) err(k, M.required);
    else {
      // the platform's one wording of what is wrong with the code (credit-code.ts), as the enterprise import says it
      const problem = creditCodeMessage(v);
      if (problem) err(k, problem);
    }
    return v;
  };
  const amount = (k: 'fineWan' | 'confiscationWan') => {
    if (!c[k]) return null;
    const fen = wanToFen(c[k]!);
    if (fen === null) err(k, M.badAmount);
    return fen;
  };
  const kinds: PenaltyKind[] = [];
  for (const w of (c.penaltyKinds ?? '').split(/[；;、,，/]/).map((x) => x.trim()).filter(Boolean)) {
    const k = KIND_WORDS[w] ?? KIND_WORDS[w.toLowerCase()];
    if (k) kinds.push(k);
    else err('penaltyKinds', M.badChoice(PENALTY_KINDS.map((x) => PENALTY_KIND_LABELS[x].zh).join('、')));
  }
  const kindWord = c.partyKind ?? '';
  const partyKind = /个体|自然人|individual/i.test(kindWord) ? 'individual' : /法人|组织|legal|^$/i.test(kindWord) ? 'legal' : null;
  if (!partyKind) err('partyKind', M.badChoice(`法人、个体（${PARTY_KINDS.join(', ')}）`));
  const proc = c.procedure ?? '';
  const procedure = /简易|simple/i.test(proc) ? 'simple' : /普通|ordinary|^$/i.test(proc) ? 'ordinary' : null;
  if (!procedure) err('procedure', M.badChoice('普通、简易'));
  const decidedOn = dateOf(c.decidedOn ?? '');
  if (!c.decidedOn) err('decidedOn', M.required);
  else if (!decidedOn) err('decidedOn', M.badDate);
  const validUntil = dateOf(c.validUntil ?? '');
  if (c.validUntil && !validUntil) err('validUntil', M.badDate);
  const candidate = {
    partyName: c.partyName ?? '',
    partyKind,
    creditCode: code('creditCode'),
    legalRep: c.legalRep || null,
    decisionNo: c.decisionNo ?? '',
    violationType: c.violationType ?? '',
    facts: c.facts ?? '',
    basis: c.basis ?? '',
    penaltyKinds: kinds,
    content: c.content ?? '',
    fineFen: amount('fineWan'),
    confiscationFen: amount('confiscationWan'),
    licenceInfo: c.licenceInfo || null,
    decidedOn: decidedOn ?? '',
    validUntil,
    procedure,
    authorityName: c.authorityName ?? '',
    authorityCode: code('authorityCode'),
    sourceName: c.sourceName ?? '',
    sourceCode: code('sourceCode'),
    remark: c.remark || null,
  };
  if (errors.length) return { errors };
  const parsed = creditRecordCreate.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      const col = field === 'fineFen' ? 'fineWan' : field === 'confiscationFen' ? 'confiscationWan' : field;
      err(col, issue.code === 'too_small' && issue.origin === 'string' ? M.required : issue.code === 'too_big' ? { zh: '过长', en: 'is too long' } : M.required);
    }
    return { errors };
  }
  return { fields: parsed.data, errors };
}

/** Every row checked: the row's own values, the rules (fields by 处罚类别, dates), duplicates in the file and in the database. */
async function checkAll(ctx: Ctx, rows: RawRow[]) {
  const { rules } = await currentRules(ctx);
  const today = todayOf(ctx);
  const errors: RowError[] = [];
  const good: { row: number; fields: Fields }[] = [];
  const seen = new Map<string, number>();
  for (const raw of rows) {
    const { fields, errors: rowErrors } = parseRow(raw);
    errors.push(...rowErrors);
    if (!fields) continue;
    try {
      checkFields(rules, fields, today);
    } catch (e) {
      if (e instanceof AppError && e.fields?.length) {
        for (const f of e.fields) errors.push({ row: raw.row, field: f.field === 'fineFen' ? 'fineWan' : f.field === 'confiscationFen' ? 'confiscationWan' : f.field, message: f.message });
        continue;
      }
      throw e;
    }
    const key = `${fields.decisionNo}\u0000${fields.creditCode}`;
    const first = seen.get(key);
    if (first) {
      errors.push({ row: raw.row, field: 'decisionNo', message: M.importDuplicate(first) });
      continue;
    }
    seen.set(key, raw.row);
    good.push({ row: raw.row, fields });
  }
  // decisions already recorded: one query per 1,000 rows
  for (let i = 0; i < good.length; i += 1000) {
    const chunk = good.slice(i, i + 1000);
    const found = await ctx.db
      .select({ decisionNo: creditRecords.decisionNo, creditCode: creditRecords.creditCode })
      .from(creditRecords)
      .where(or(...chunk.map((g) => and(eq(creditRecords.decisionNo, g.fields.decisionNo), eq(creditRecords.creditCode, g.fields.creditCode)))));
    const taken = new Set(found.map((f) => `${f.decisionNo}\u0000${f.creditCode}`));
    for (const g of chunk) if (taken.has(`${g.fields.decisionNo}\u0000${g.fields.creditCode}`)) errors.push({ row: g.row, field: 'decisionNo', message: M.importExists });
  }
  return { errors: errors.sort((a, b) => a.row - b.row), good, rules };
}

const describe = (e: RowError, locale: Locale) => ({ row: e.row, field: e.field, message: `${fieldLabel(e.field, locale)}${locale === 'en-US' ? ': ' : '：'}${pick(e.message, locale)}` });

/** Checks (and with `commit`, writes) an uploaded file: all rows or none. */
export async function importRecords(ctx: Ctx, input: { fileId: number; commit: boolean }): Promise<CreditImportResult> {
  const rows = await readRows(ctx, input.fileId);
  if (!rows.length) throw new AppError('VALIDATION', { fields: [{ field: 'fileId', message: M.importEmpty }] });
  const { errors, good, rules } = await checkAll(ctx, rows);
  const result = { rows: rows.length, valid: rows.length - new Set(errors.map((e) => e.row)).size, errors: errors.map((e) => describe(e, ctx.locale)), committed: false, created: [] as number[] };
  if (!input.commit || errors.length) {
    ctx.audit = { action: 'credit.import-check', targetType: 'file', targetId: input.fileId, after: { rows: rows.length, errors: errors.length } };
    return result;
  }
  const place = { ...(await placement(ctx, undefined)), source: 'import' as const };
  const cal = await loadCalendar(ctx.db);
  for (const g of good) {
    const row = await insertRecord(ctx, rules, place, g.fields, cal);
    await addEvent(ctx, 'record', row.id, 'imported');
    result.created.push(row.id);
  }
  ctx.audit = { action: 'credit.import', targetType: 'file', targetId: input.fileId, after: { rows: rows.length, created: result.created.length } };
  return { ...result, committed: true };
}

/** The rows with errors as a workbook to correct and import again. */
export async function sendImportErrorWorkbook(ctx: Ctx, reply: FastifyReply, fileId: number) {
  const rows = await readRows(ctx, fileId);
  const { errors } = await checkAll(ctx, rows);
  const byRow = new Map<number, string[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), describe(e, ctx.locale).message]);
  const f = await ownFile(ctx, fileId);
  return sendImportErrors(reply, {
    locale: ctx.locale,
    fileName: f.name,
    columns: CREDIT_IMPORT_COLUMNS,
    rows: rows.filter((r) => byRow.has(r.row)).map((r) => ({ raw: r, messages: byRow.get(r.row)! })),
  });
}

