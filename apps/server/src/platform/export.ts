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
  opts: { locale: Locale; fileZh: string; fileEn: string; columns: ExportColumn<T>[]; rows: T[] },
) {
  const en = opts.locale === 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  wb.created = new Date();
  const ws = wb.addWorksheet(en ? opts.fileEn.slice(0, 31) : opts.fileZh.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = opts.columns.map((c, i) => ({ header: en ? c.en : c.zh, key: `c${i}`, width: c.width ?? 18 }));
  ws.getRow(1).font = { bold: true };
  for (const row of opts.rows) {
    ws.addRow(
      opts.columns.map((c) => {
        const v = c.value(row);
        return v instanceof Date ? formatDateTime(v) : (v ?? '');
      }),
    );
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const stamp = formatDateTime(new Date()).replace(/[-: ]/g, '').slice(0, 12);
  const name = `${en ? opts.fileEn : opts.fileZh}-${stamp}.xlsx`;
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(buf);
}
