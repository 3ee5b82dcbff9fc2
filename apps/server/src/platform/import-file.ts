/**
 * Reading bulk-import files (the enterprise registry's, the protection sites'): .xlsx or .csv as a stream of rows by
 * column key, from an upload kept by the file store, and a row error as the error workbook states it.
 */
import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse as parseCsv } from 'csv-parse';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, pick, type ImportColumnKey, type Locale } from '@shangmi/shared';
import type { Ctx } from './context.js';
import { AppError } from './errors.js';
import type { Progress } from './http.js';
import type { Msg } from './messages.js';
import { readXlsxRows } from './xlsx-reader.js';

/** One data row of an import file: its spreadsheet row number and its cells by column key (trimmed, '' when blank). */
export interface RawRow<K extends string = ImportColumnKey> {
  row: number;
  cells: Record<K, string>;
}

/** The columns of an import workbook (the enterprise registry's by default; other modules pass theirs). */
export interface ImportColumn<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  required?: boolean;
}

const fileError = (message: Msg) =>
  new AppError('VALIDATION', { message: { zh: `文件${message.zh}`, en: `The file ${message.en}` }, fields: [{ field: 'file', message }] });

/** Header text → column key: the Chinese or English name, ignoring case, spaces, a `*` and a parenthesised hint. */
const headerText = (s: string) =>
  s
    .replace(/[（(].*?[）)]/g, '')
    .replace(/[*＊\s]/g, '')
    .toLowerCase();
function headerKeys<K extends string>(columns: readonly ImportColumn<K>[]): Map<string, K> {
  const keys = new Map<string, K>();
  for (const c of columns) {
    keys.set(headerText(c.zh), c.key);
    keys.set(headerText(c.en), c.key);
  }
  return keys;
}
// the list export names this column 企业类型 / Kinds too, and 编号, 状态… are ignored

/** A spreadsheet cell as text: rich text, hyperlinks, formulas and dates included. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') {
    // an 18-digit code typed into a number cell has already lost its last digits: say so rather than guess
    if (!Number.isSafeInteger(v) && Number.isInteger(v)) return `#NUMBER:${v}`;
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('').trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    if (o.error) return '';
  }
  return String(v).trim();
}

/** Counts the bytes flowing through, for the read phase's progress. */
function byteCounter(onBytes: (n: number) => void) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onBytes(n);
      done(null, chunk);
    },
  });
}

function headerMap<K extends string>(values: string[], columns: readonly ImportColumn<K>[]): Map<number, K> {
  const keys = headerKeys(columns);
  const map = new Map<number, K>();
  values.forEach((v, i) => {
    const key = keys.get(headerText(v));
    if (key && ![...map.values()].includes(key)) map.set(i, key);
  });
  const missing = columns.filter((c) => c.required && ![...map.values()].includes(c.key));
  if (missing.length) {
    throw fileError({
      zh: `缺少必填列：${missing.map((c) => c.zh).join('、')}（请使用导入模板）`,
      en: `lacks the required column(s) ${missing.map((c) => c.en).join(', ')} (use the import template)`,
    });
  }
  return map;
}

function toRow<K extends string>(rowNumber: number, values: string[], header: Map<number, K>, columns: readonly ImportColumn<K>[]): RawRow<K> | null {
  const cells = Object.fromEntries(columns.map((c) => [c.key, ''])) as Record<K, string>;
  let any = false;
  for (const [i, key] of header) {
    const v = values[i] ?? '';
    if (v) any = true;
    cells[key] = v;
  }
  return any ? { row: rowNumber, cells } : null;
}

/**
 * Reads an import file as a stream: the first worksheet of an .xlsx (row by row, never the whole workbook in
 * memory; platform/xlsx-reader.ts), or a .csv in UTF-8 (with or without BOM) or GB18030 (what Excel saves on a Chinese Windows). The first
 * non-empty row is the header; blank rows are skipped.
 */
export async function* readImportRows<K extends string = ImportColumnKey>(
  stream: Readable,
  kind: 'xlsx' | 'csv',
  onBytes: (n: number) => void,
  columns: readonly ImportColumn<K>[] = IMPORT_COLUMNS as unknown as readonly ImportColumn<K>[],
): AsyncGenerator<RawRow<K>> {
  const counted = stream.pipe(byteCounter(onBytes));
  stream.on('error', (e) => counted.destroy(e));
  let header: Map<number, K> | null = null;
  let count = 0;
  const take = (rowNumber: number, values: string[]): RawRow<K> | null => {
    if (!header) {
      if (values.some(Boolean)) header = headerMap(values, columns);
      return null;
    }
    const r = toRow(rowNumber, values, header, columns);
    if (r && ++count > IMPORT_MAX_ROWS) {
      throw fileError({ zh: `超过 ${IMPORT_MAX_ROWS} 行，请拆分后导入`, en: `has more than ${IMPORT_MAX_ROWS} rows; split it` });
    }
    return r;
  };
  try {
    if (kind === 'xlsx') {
      for await (const r of readXlsxRows(counted)) {
        const out = take(r.number, Array.from(r.values, cellText));
        if (out) yield out;
      }
    } else {
      let rowNumber = 0;
      const parser = counted.pipe(gbkAwareDecoder()).pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: false }));
      counted.on('error', (e) => parser.destroy(e));
      for await (const rec of parser) {
        rowNumber++;
        const out = take(
          rowNumber,
          (rec as string[]).map((v) => v.trim()),
        );
        if (out) yield out;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fileError({
      zh: `无法读取（${kind === 'xlsx' ? '不是有效的 Excel .xlsx 文件' : 'CSV 格式有误'}）`,
      en: `cannot be read (${kind === 'xlsx' ? 'not a valid Excel .xlsx file' : 'malformed CSV'})`,
    });
  }
  if (!header) throw fileError({ zh: '是空的', en: 'is empty' });
}

/** Decodes UTF-8, or GB18030 when the first bytes are not valid UTF-8, into a text stream. */
function gbkAwareDecoder() {
  let decoder: TextDecoder | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!decoder) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
          decoder = new TextDecoder('utf-8');
        } catch {
          decoder = new TextDecoder('gb18030');
        }
      }
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder ? decoder.decode() : '');
    },
  });
}

/** The kind of an import file, from its name (and failing that its first bytes: an .xlsx is a zip). */
export function importKind(name: string, firstBytes: Buffer): 'xlsx' | 'csv' {
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  if (/\.csv$/i.test(name) || /\.txt$/i.test(name)) return 'csv';
  if (firstBytes[0] === 0x50 && firstBytes[1] === 0x4b) return 'xlsx';
  if (/\.xls$/i.test(name)) {
    throw fileError({ zh: '是旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后导入', en: 'is an old .xls file; save it as .xlsx in Excel first' });
  }
  throw fileError({ zh: '只支持 .xlsx 或 .csv 文件', en: 'must be an .xlsx or .csv file' });
}

/** The rows of an uploaded file in the file store, read as a stream (progress: the bytes read). */
export async function readStoredRows<K extends string = ImportColumnKey>(
  ctx: Ctx,
  file: { sha256: string; name: string; size: number },
  progress: (p: Progress) => void,
  columns?: readonly ImportColumn<K>[],
): Promise<RawRow<K>[]> {
  const kind = importKind(file.name, await firstBytes(ctx, file.sha256));
  const rows: RawRow<K>[] = [];
  for await (const r of readImportRows<K>(ctx.deps.files.open(file.sha256), kind, (n) => progress({ phase: 'read', done: n, total: file.size }), columns)) {
    rows.push(r);
  }
  return rows;
}

async function firstBytes(ctx: Ctx, sha256: string): Promise<Buffer> {
  const s = ctx.deps.files.open(sha256);
  for await (const chunk of s) {
    s.destroy();
    return chunk as Buffer;
  }
  return Buffer.alloc(0);
}

/** A row error as the error workbook states it: the column's name in the user's language, then what is wrong. */
export function rowErrorText(columns: readonly ImportColumn[], column: string, message: Msg, locale: Locale): string {
  const c = columns.find((x) => x.key === column);
  const label = c ? pick({ zh: c.zh, en: c.en }, locale) : '';
  return `${label}${label ? (locale === 'en-US' ? ': ' : '：') : ''}${pick(message, locale)}`;
}
