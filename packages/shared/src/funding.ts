import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 资金保障 (issue 19 item 6; seed plan 三(三): "项目资金列入财政预算予以保障。各县（市）区、各园区加大示范引领、服务保障、
 * 执法保护等方面的投入"). Budget lines per year for the city, a district or a park; spending entries against a line
 * (optionally a purchased-service contract of the services module); the execution rate = spent ÷ budget.
 * Money in fen (integers). A spending beyond the line's remaining amount is refused (the line must be raised first).
 */
const day = z.iso.date();
type L = { zh: string; en: string };
/** up to 10 亿元 per line, in fen */
const positiveFen = z.number().int().positive().max(100_000_000_000);

export const FUNDING_LEVELS = ['city', 'district', 'park'] as const;
export type FundingLevel = (typeof FUNDING_LEVELS)[number];
export const FUNDING_LEVEL_LABELS: Record<FundingLevel, L> = {
  city: { zh: '市级', en: 'City' },
  district: { zh: '县（市）区', en: 'District' },
  park: { zh: '园区', en: 'Park' },
};
/** The plan's three fields of input (示范引领、服务保障、执法保护) and the pilot's own spending. */
export const FUNDING_CATEGORIES = ['demonstration', 'services', 'enforcement', 'publicity', 'platform', 'other'] as const;
export type FundingCategory = (typeof FUNDING_CATEGORIES)[number];
export const FUNDING_CATEGORY_LABELS: Record<FundingCategory, L> = {
  demonstration: { zh: '示范引领', en: 'Demonstration' },
  services: { zh: '服务保障', en: 'Services' },
  enforcement: { zh: '执法保护', en: 'Enforcement' },
  publicity: { zh: '宣传培训', en: 'Publicity and training' },
  platform: { zh: '平台建设', en: 'Platform' },
  other: { zh: '其他', en: 'Other' },
};
export const FUNDING_SOURCES = ['city_budget', 'district_budget', 'park_budget', 'higher_transfer', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, L> = {
  city_budget: { zh: '市级财政预算', en: 'City budget' },
  district_budget: { zh: '县（市）区财政预算', en: 'District budget' },
  park_budget: { zh: '园区资金', en: 'Park funds' },
  higher_transfer: { zh: '上级转移支付', en: 'Transfer from above' },
  other: { zh: '其他', en: 'Other' },
};

export const budgetLineCreate = z.strictObject({
  year: z.number().int().min(2020).max(2100),
  level: z.enum(FUNDING_LEVELS),
  /** district and park lines: the district (a park without a district: the city's) */
  districtCode: z.string().regex(/^\d{6}$/).optional().nullable(),
  parkId: idValue.optional().nullable(),
  category: z.enum(FUNDING_CATEGORIES),
  source: z.enum(FUNDING_SOURCES),
  title: text(200),
  amountFen: positiveFen,
  note: optionalText(1000),
});
export const budgetLineUpdate = z.strictObject({ title: text(200).optional(), amountFen: positiveFen.optional(), note: optionalText(1000) });
export const budgetLine = z.object({
  id: z.number().int(),
  year: z.number().int(),
  level: z.enum(FUNDING_LEVELS),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  parkId: z.number().int().nullable(),
  parkName: z.string().nullable(),
  category: z.enum(FUNDING_CATEGORIES),
  source: z.enum(FUNDING_SOURCES),
  title: z.string(),
  amountFen: z.number().int(),
  spentFen: z.number().int(),
  remainingFen: z.number().int(),
  /** spent ÷ amount, 0–1, four decimals */
  rate: z.number(),
  spendings: z.number().int(),
  note: z.string().nullable(),
});
export type BudgetLine = z.infer<typeof budgetLine>;
export const budgetLineListQuery = z.object({
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  level: z.enum(FUNDING_LEVELS).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  category: z.enum(FUNDING_CATEGORIES).optional(),
});
export const budgetLineListPageQuery = budgetLineListQuery.extend(pageQuery.shape);
export const budgetLineExportQuery = budgetLineListQuery.extend({ order: pageQuery.shape.order });
export const budgetLinePage = pageOf(budgetLine);

export const spendingCreate = z.strictObject({
  spentOn: day,
  amountFen: positiveFen,
  description: text(500),
  payee: optionalText(200),
  /** a purchased-service contract of the services module this spending pays for */
  contractId: idValue.optional().nullable(),
});
/** Reversing a spending (冲销): a new entry of the opposite amount, with the reason; the entry itself stays. */
export const spendingReverse = z.strictObject({ reason: text(500) });
export const spendingParams = z.object({ id, spendingId: id });
export const spending = z.object({
  id: z.number().int(),
  lineId: z.number().int(),
  spentOn: z.string(),
  amountFen: z.number().int(),
  description: z.string(),
  payee: z.string().nullable(),
  contractId: z.number().int().nullable(),
  contractNumber: z.string().nullable(),
  /** a reversal (冲销): the entry it cancels (its amount is negative) and why */
  reversesId: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** this entry was reversed by that one */
  reversedById: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Spending = z.infer<typeof spending>;
export const budgetLineDetail = budgetLine.extend({ spendingList: z.array(spending) });
export type BudgetLineDetail = z.infer<typeof budgetLineDetail>;

/** The execution rate by district (null: the city's own lines) for a year, and the total. */
export const executionQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100) });
export const executionRow = z.object({
  level: z.enum(FUNDING_LEVELS).nullable(),
  districtCode: z.string().nullable(),
  name: z.string(),
  lines: z.number().int(),
  amountFen: z.number().int(),
  spentFen: z.number().int(),
  rate: z.number(),
});
export const execution = z.object({ year: z.number().int(), rows: z.array(executionRow), total: executionRow });
export type Execution = z.infer<typeof execution>;
export const fundingIdParams = z.object({ id });
