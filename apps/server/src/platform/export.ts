import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { formatDateTime, type Locale } from '@shangmi/shared';

/** Most rows an export holds: beyond this, narrow the filters (an office sheet past 50k rows is unusable anyway). */
export const EXPORT_LIMIT = 50_000;

export interface ExportColumn<T> {
  zh: string;
  en: string;
  width?: number;
  value: (row: T) => string | number | boolean | null | undefined | Date;
}

/** Sends rows as an .xlsx workbook: bold frozen header, dates in Asia/Shanghai, a file name in the user's language. */
export async function sendXlsx<T>(
  reply: FastifyReply,
  opts: {
    locale: Locale;
    fileZh: string;
    fileEn: string;
    columns: ExportColumn<T>[];
    rows: T[];
    /** a title row above the header, merged across the columns (the way an office circulates a list) */
    title?: { zh: string; en: string };
  },
) {
  const en = opts.locale === 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  wb.created = new Date();
  const headerRow = opts.title ? 2 : 1;
  const ws = wb.addWorksheet(en ? opts.fileEn.slice(0, 31) : opts.fileZh.slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRow }] });
  ws.columns = opts.columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? 18 }));
  if (opts.title) {
    ws.addRow([en ? opts.title.en : opts.title.zh]);
    ws.mergeCells(1, 1, 1, opts.columns.length);
    const cell = ws.getCell(1, 1);
    cell.font = { bold: true, size: 16 };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    ws.getRow(1).height = 30;
  }
  ws.addRow(opts.columns.map((c) => (en ? c.en : c.zh)));
  ws.getRow(headerRow).font = { bold: true };
  for (const row of opts.rows) {
    ws.addRow(
      opts.columns.map((c) => {
        const v = c.value(row);
        return v instanceof Date ? formatDateTime(v) : (v ?? '');
      }),
    );
  }
  const stamp = formatDateTime(new Date()).replace(/[-: ]/g, '').slice(0, 12);
  return sendWorkbook(reply, wb, `${en ? opts.fileEn : opts.fileZh}-${stamp}.xlsx`, `export-${stamp}.xlsx`);
}

/**
 * `attachment` with the name in UTF-8 (RFC 6266 `filename*`) and a plain-ASCII fallback for old clients. Every
 * download (exports, templates, stored files) goes out this way: never rendered inline.
 */
export function attachment(name: string, ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a workbook as an .xlsx download named `name`. */
export async function sendWorkbook(reply: FastifyReply, wb: ExcelJS.Workbook, name: string, ascii?: string) {
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(name, ascii))
    .send(buf);
}

/**
 * The rows of an import that have errors, as a workbook to correct and import again: the columns as the template has
 * them (text cells), then the row's number in the file and what is wrong with it (in red). The file is named after the
 * uploaded one.
 */
export async function sendImportErrors(
  reply: FastifyReply,
  opts: {
    locale: Locale;
    fileName: string;
    columns: readonly { key: string; zh: string; en: string; width?: number }[];
    rows: { raw: { row: number; cells: Record<string, string> }; messages: string[] }[];
  },
) {
  const en = opts.locale === 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  wb.created = new Date();
  const ws = wb.addWorksheet(en ? 'Rows with errors' : '错误行', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    ...opts.columns.map((c) => ({ header: en ? c.en : c.zh, key: c.key, width: c.width ?? 16, style: { numFmt: '@' } })),
    { header: en ? 'Row in file' : '原行号', key: '_row', width: 10 },
    { header: en ? 'Errors' : '错误说明', key: '_errors', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const { raw, messages } of opts.rows) {
    const row = ws.addRow({ ...raw.cells, _row: raw.row, _errors: messages.join(en ? '; ' : '；') });
    row.getCell('_errors').font = { color: { argb: 'FFC00000' } };
  }
  const base = opts.fileName.replace(/\.[^.]+$/, '');
  const stamp = formatDateTime(new Date()).replace(/[-: ]/g, '').slice(0, 12);
  return sendWorkbook(reply, wb, `${base}-${en ? 'errors' : '错误行'}-${stamp}.xlsx`);
}
