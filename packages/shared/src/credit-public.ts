import { z } from 'zod';
import { id, optionalText, pageOf, pageQuery, text } from './common.js';
import { creditRecord } from './credit.js';
import { CREDIT_RULE_PARTS, PARTY_KINDS, PUBLICATION_TERMS, creditRuleSet, discretionTable, measureCatalogue } from './credit-rules.js';
import { creditRepair, creditSerious } from './credit-list.js';

/**
 * What leaves for the credit systems (双公示 files, the incremental ledger, the token-authenticated pull API), the public
 * credit page's answers, the dashboard, and the enterprise's and staff's views of one enterprise's credit.
 */

/**
 * The 双公示 columns in the order of the national template (DOMAIN.md § Legal anchors): every file (XLSX, CSV) starts
 * with exactly these; JSON uses the English keys.
 */
export const DOUBLE_PUBLICITY_COLUMNS = [
  { key: 'partyName', zh: '行政相对人名称', en: 'partyName' },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'creditCode' },
  { key: 'legalRep', zh: '法定代表人', en: 'legalRep' },
  { key: 'decisionNo', zh: '行政处罚决定书文号', en: 'decisionNo' },
  { key: 'violationType', zh: '违法行为类型', en: 'violationType' },
  { key: 'facts', zh: '违法事实', en: 'facts' },
  { key: 'basis', zh: '处罚依据', en: 'basis' },
  { key: 'penaltyKinds', zh: '处罚类别', en: 'penaltyKinds' },
  { key: 'content', zh: '处罚内容', en: 'content' },
  { key: 'fineWan', zh: '罚款金额(万元)', en: 'fineWan' },
  { key: 'confiscationWan', zh: '没收违法所得金额(万元)', en: 'confiscationWan' },
  { key: 'licenceInfo', zh: '暂扣或吊销证照名称及编号', en: 'licenceInfo' },
  { key: 'decidedOn', zh: '处罚决定日期', en: 'decidedOn' },
  { key: 'validUntil', zh: '处罚有效期', en: 'validUntil' },
  { key: 'publicUntil', zh: '公示截止期', en: 'publicUntil' },
  { key: 'authorityName', zh: '处罚机关', en: 'authorityName' },
  { key: 'authorityCode', zh: '处罚机关统一社会信用代码', en: 'authorityCode' },
  { key: 'sourceName', zh: '数据来源单位', en: 'sourceName' },
  { key: 'sourceCode', zh: '数据来源单位统一社会信用代码', en: 'sourceCode' },
  { key: 'remark', zh: '备注', en: 'remark' },
] as const;
export type DoublePublicityKey = (typeof DOUBLE_PUBLICITY_COLUMNS)[number]['key'];

/** The two credit systems the files are for; each has its own incremental cursor and ledger. */
export const EXPORT_TARGETS = ['gsxt', 'xyyc'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];
export const EXPORT_TARGET_LABELS: Record<ExportTarget, { zh: string; en: string }> = {
  gsxt: { zh: '国家企业信用信息公示系统', en: 'National Enterprise Credit Information Publicity System' },
  xyyc: { zh: '信用银川', en: 'Credit Yinchuan' },
};
export const EXPORT_FORMATS = ['xlsx', 'csv', 'json'] as const;
export const EXPORT_MODES = ['full', 'incremental'] as const;
/** What an incremental line says happened since the last export (the column after the 双公示 ones). */
export const CHANGE_KINDS = ['new', 'changed', 'withdrawn', 'expired', 'repaired'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, { zh: string; en: string }> = {
  new: { zh: '新增', en: 'New' },
  changed: { zh: '变更', en: 'Changed' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
  expired: { zh: '公示期满', en: 'Term ended' },
  repaired: { zh: '信用修复', en: 'Repaired' },
};
export const CHANGE_COLUMN = { key: 'change', zh: '变更类型', en: 'change' } as const;

export const creditExportQuery = z.object({
  target: z.enum(EXPORT_TARGETS),
  format: z.enum(EXPORT_FORMATS).default('xlsx'),
  mode: z.enum(EXPORT_MODES).default('full'),
});
export type CreditExportQuery = z.infer<typeof creditExportQuery>;
export const creditExportLedgerRow = z.object({
  id: z.number().int(),
  target: z.string(),
  format: z.string(),
  mode: z.enum(EXPORT_MODES),
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  rows: z.number().int(),
  byName: z.string(),
  at: z.string(),
});
export const creditExportLedgerQuery = z.object({ target: z.string().max(100).optional() }).extend(pageQuery.shape);
export const creditExportLedgerPage = pageOf(creditExportLedgerRow);

/** A credit platform's key to the pull API (shown once, when made; only its hash is kept). */
export const creditToken = z.object({ id: z.number().int(), name: z.string(), regionCode: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
export const creditTokenList = z.array(creditToken);
export const creditTokenCreate = z.strictObject({ name: text(100) });
export const creditTokenCreated = creditToken.extend({ token: z.string() });

/** One line of a 双公示 file or the pull API: the published fields, in the national template's terms. */
export const doublePublicityRow = z.object({
  id: z.number().int(),
  partyName: z.string(),
  creditCode: z.string(),
  legalRep: z.string(),
  decisionNo: z.string(),
  violationType: z.string(),
  facts: z.string(),
  basis: z.string(),
  penaltyKinds: z.string(),
  content: z.string(),
  fineWan: z.string(),
  confiscationWan: z.string(),
  licenceInfo: z.string(),
  decidedOn: z.string(),
  validUntil: z.string(),
  publicUntil: z.string(),
  authorityName: z.string(),
  authorityCode: z.string(),
  sourceName: z.string(),
  sourceCode: z.string(),
  remark: z.string(),
});
export type DoublePublicityRow = z.infer<typeof doublePublicityRow>;

export const creditFeedQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
/**
 * The pull API's page: changes after `after` in order; a withdrawn, expired or repaired record carries only what
 * identifies it (the credit system takes it down), a new or changed one its published fields.
 */
export const creditFeed = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      change: z.enum(CHANGE_KINDS),
      at: z.string(),
      recordId: z.number().int(),
      decisionNo: z.string(),
      creditCode: z.string(),
      reason: z.string().nullable(),
      record: doublePublicityRow.nullable(),
    }),
  ),
  next: z.number().int(),
  more: z.boolean(),
});
export type CreditFeed = z.infer<typeof creditFeed>;

// ---------------------------------------------------------------------------------------------------------------
// The public page

export const creditPublicRecord = z.object({
  id: z.number().int(),
  partyName: z.string(),
  creditCode: z.string(),
  legalRep: z.string().nullable(),
  decisionNo: z.string(),
  violationType: z.string(),
  facts: z.string(),
  basis: z.string(),
  penaltyKinds: z.array(z.string()),
  content: z.string(),
  fineWan: z.string().nullable(),
  confiscationWan: z.string().nullable(),
  licenceInfo: z.string().nullable(),
  decidedOn: z.string(),
  validUntil: z.string().nullable(),
  publishedOn: z.string(),
  publicUntil: z.string(),
  authorityName: z.string(),
  authorityCode: z.string(),
  sourceName: z.string(),
  sourceCode: z.string(),
  remark: z.string().nullable(),
});
export type CreditPublicRecord = z.infer<typeof creditPublicRecord>;
export const creditPublicSerious = z.object({
  id: z.number().int(),
  partyName: z.string(),
  creditCode: z.string(),
  reason: z.string(),
  basis: z.string(),
  authorityName: z.string(),
  listedOn: z.string(),
  endsOn: z.string(),
});
export type CreditPublicSerious = z.infer<typeof creditPublicSerious>;
export const creditPublicQuery = z.object({
  q: z.string().trim().max(60).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  page: z.coerce.number().int().min(1).max(50).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export const creditPublicPage = pageOf(creditPublicRecord);
export const creditPublicSeriousPage = pageOf(creditPublicSerious);
/** 以案说法: a closed case's approved public summary. */
export const creditStory = z.object({ id: z.number().int(), regionCode: z.string(), districtCode: z.string().nullable(), summary: z.string(), approvedOn: z.string() });
export const creditStoryPage = pageOf(creditStory);
export const creditStoryQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  page: z.coerce.number().int().min(1).max(50).default(1),
  pageSize: z.coerce.number().int().min(1).max(20).default(5),
});

// ---------------------------------------------------------------------------------------------------------------
// Dashboard, one enterprise's credit, the rules

export const creditDashboardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const dashRow = z.object({
  districtCode: z.string().nullable(),
  decided: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  pending: z.number().int(),
  public: z.number().int(),
  withdrawn: z.number().int(),
  repaired: z.number().int(),
  serious: z.number().int(),
});
export const creditDashboard = z.object({ year: z.number().int().nullable(), rows: z.array(dashRow), total: dashRow });
export type CreditDashboard = z.infer<typeof creditDashboard>;

const brief = creditRecord.pick({ id: true, decisionNo: true, decidedOn: true, penaltyKinds: true, fineFen: true, state: true, publishState: true, publishedOn: true, publicUntil: true, term: true, endedOn: true });
export const creditMine = z.object({
  partyName: z.string(),
  creditCode: z.string(),
  partyKind: z.enum(PARTY_KINDS).nullable(),
  records: z.array(brief.extend({ repairFrom: z.string().nullable(), repairClosed: z.object({ zh: z.string(), en: z.string() }).nullable(), term: z.enum(PUBLICATION_TERMS).nullable() })),
  serious: z.array(creditSerious.pick({ id: true, reason: true, state: true, listedOn: true, earlyFrom: true, endsOn: true, removedOn: true, removalKind: true })),
  repairs: z.array(creditRepair),
});
export type CreditMine = z.infer<typeof creditMine>;
export const creditEnterpriseState = z.object({
  creditCode: z.string(),
  publicRecords: z.number().int(),
  listed: z.boolean(),
  records: z.array(brief),
  serious: z.array(creditSerious.pick({ id: true, state: true, listedOn: true, endsOn: true })),
  repairs: z.array(creditRepair.pick({ id: true, kind: true, state: true, appliedAt: true })),
});
export type CreditEnterpriseState = z.infer<typeof creditEnterpriseState>;
export const creditEnterpriseParams = z.object({ enterpriseId: id });

export const creditRulesView = z.object({
  rules: creditRuleSet,
  discretion: discretionTable,
  measures: measureCatalogue,
  sources: z.array(z.object({ part: z.enum(CREDIT_RULE_PARTS), source: z.enum(['file', 'edit']), version: z.number().int(), effectiveFrom: z.string(), editedBy: z.string().nullable(), editedAt: z.string().nullable() })),
});
export type CreditRulesView = z.infer<typeof creditRulesView>;
export const creditRulePartParams = z.object({ part: z.enum(CREDIT_RULE_PARTS) });
/** A corrected part of the rules, as JSON text (validated against the part's schema; problems named by path). */
export const creditRulesUpdate = z.strictObject({ data: z.unknown(), note: optionalText(500) });

export const creditDiscretionQuery = z.object({
  lossFen: z.coerce.number().int().min(0).max(100_000_000_000).optional(),
  illegalGainFen: z.coerce.number().int().min(0).max(100_000_000_000).optional(),
  factors: z.string().max(500).optional(),
  fineFen: z.coerce.number().int().min(0).max(100_000_000_000).optional(),
});

