import { z } from 'zod';
import { id, idValue } from './common.js';

/**
 * The columns of the enterprise import workbook, in template order. Headers are matched by their Chinese or English
 * text (any order; other columns are ignored), so an export of the enterprise list can be edited and imported back.
 * Dictionary columns take the code or the label; several kinds are separated by 、 , ; or spaces.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', zh: '企业名称', en: 'Name', required: true, width: 36, hintZh: '必填', hintEn: 'Required' },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', required: true, width: 24, hintZh: '必填，18 位', hintEn: 'Required, 18 characters' },
  { key: 'legalRep', zh: '法定代表人', en: 'Legal representative', width: 14 },
  { key: 'district', zh: '所属区县', en: 'District', width: 14, hintZh: '不填时按信用代码推断', hintEn: 'Blank: taken from the credit code' },
  { key: 'park', zh: '所属园区', en: 'Park', width: 24 },
  { key: 'industry', zh: '所属行业', en: 'Industry', width: 30, hintZh: '行业代码（如 C39）或名称', hintEn: 'Code (e.g. C39) or name' },
  { key: 'size', zh: '企业规模', en: 'Size', width: 12 },
  { key: 'kinds', zh: '企业类型', en: 'Kinds', width: 30, hintZh: '可多个，用顿号分隔', hintEn: 'Several: separate with commas' },
  { key: 'products', zh: '主营产品', en: 'Main products', width: 30 },
  { key: 'regAddress', zh: '注册地址', en: 'Registered address', width: 36 },
  { key: 'opAddress', zh: '经营地址', en: 'Operating address', width: 36 },
  { key: 'contactName', zh: '联系人', en: 'Contact', width: 12 },
  { key: 'contactPhone', zh: '联系电话', en: 'Phone', width: 16 },
  { key: 'contactEmail', zh: '联系邮箱', en: 'E-mail', width: 26 },
  { key: 'site', zh: '服务站点', en: 'Serving site', width: 28, hintZh: '站点名称', hintEn: 'Site name' },
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** insert: a credit code already registered is a row error; upsert: that record is updated with the row's filled cells. */
export const IMPORT_MODES = ['insert', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Most rows one file may hold. */
export const IMPORT_MAX_ROWS = 200_000;
/** Errors an import keeps for its page; the error workbook lists them all. */
export const IMPORT_ERRORS_SHOWN = 500;

export const importStart = z.strictObject({
  /** an uploaded .xlsx or .csv (POST /api/files) */
  fileId: idValue,
  mode: z.enum(IMPORT_MODES).default('insert'),
  /** needed only by accounts above a region (platform administrators) when several regions are configured */
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type ImportStart = z.infer<typeof importStart>;

export const importRowError = z.object({
  /** the row number as the spreadsheet shows it (the header is row 1) */
  row: z.number().int(),
  /** a column key of IMPORT_COLUMNS, or `row` for the whole row */
  column: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importJob = z.object({
  id: z.number().int(),
  fileId: z.number().int(),
  fileName: z.string(),
  mode: z.enum(IMPORT_MODES),
  status: z.enum(['checked', 'committed']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  /** of the valid rows: new records, and (upsert) updates of existing ones */
  newRows: z.number().int(),
  existingRows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  errors: z.array(importRowError),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

export const importParams = z.object({ id });

/** A line of a streamed job (application/x-ndjson). */
export type ProgressLine<T> =
  | { type: 'progress'; phase: 'read' | 'check' | 'write'; done: number; total?: number }
  | { type: 'done'; result: T }
  | { type: 'error'; error: { code: string; message: string; fields?: { field: string; message: string }[] } };

// -- the routes' request and response shapes
export const importJobList = z.array(importJob);
