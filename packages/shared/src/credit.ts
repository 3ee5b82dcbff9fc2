import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { creditCodeField } from './credit-code.js';
import { DISCRETION_LEVELS, PARTY_KINDS, PENALTY_KINDS, PUBLICATION_TERMS } from './credit-rules.js';

/**
 * 信用联合惩戒: penalty records (行政处罚信息) and their publication (双公示). The serious-violation list, repairs, joint
 * measures, exports and the public page are in credit-list.ts and credit-public.ts.
 */
const day = z.iso.date();
// the platform's one validator: the field's problem in the same words as every other form (credit-code.ts)
const creditCode = creditCodeField();
const money = z.number().int().min(0).max(100_000_000_000);

export const CREDIT_SOURCES = ['case', 'manual', 'import'] as const;
export const CREDIT_SOURCE_LABELS: Record<(typeof CREDIT_SOURCES)[number], { zh: string; en: string }> = {
  case: { zh: '本平台案件', en: 'Case on the platform' },
  manual: { zh: '手工录入', en: 'Entered by hand' },
  import: { zh: 'Excel 导入', en: 'Imported from Excel' },
};

export const PROCEDURES = ['ordinary', 'simple'] as const;
export const PROCEDURE_LABELS: Record<(typeof PROCEDURES)[number], { zh: string; en: string }> = {
  ordinary: { zh: '普通程序', en: 'Ordinary procedure' },
  simple: { zh: '简易程序', en: 'Simple procedure' },
};

/** The publication path's states (the engine's `credit.publication`), copied on the record for lists. */
export const CREDIT_STATES = ['draft', 'review', 'returned', 'reviewed', 'published', 'withdrawing', 'withdrawn'] as const;
export type CreditState = (typeof CREDIT_STATES)[number];
export const CREDIT_STATE_LABELS: Record<CreditState, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  review: { zh: '待审核', en: 'Awaiting review' },
  returned: { zh: '已退回', en: 'Returned' },
  reviewed: { zh: '已审核待公示', en: 'Reviewed, to publish' },
  published: { zh: '已公示', en: 'Published' },
  withdrawing: { zh: '待撤回', en: 'To withdraw' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/**
 * Where a record stands for the public, derived from its state and dates: not published by the rules; awaiting
 * publication (on time or overdue against the 20-working-day clock); on the public page; ended (term over, repaired,
 * withdrawn).
 */
export const PUBLISH_STATES = ['unpublishable', 'pending', 'overdue', 'public', 'expired', 'repaired', 'withdrawn'] as const;
export type PublishState = (typeof PUBLISH_STATES)[number];
export const PUBLISH_STATE_LABELS: Record<PublishState, { zh: string; en: string }> = {
  unpublishable: { zh: '依规不予公示', en: 'Not published by the rules' },
  pending: { zh: '待公示', en: 'To be published' },
  overdue: { zh: '逾期未公示', en: 'Overdue' },
  public: { zh: '公示中', en: 'On public view' },
  expired: { zh: '公示期满', en: 'Term ended' },
  repaired: { zh: '已信用修复', en: 'Repaired' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const REVOCATION_KINDS = ['changed', 'revoked', 'illegal', 'void'] as const;
export const REVOCATION_KIND_LABELS: Record<(typeof REVOCATION_KINDS)[number], { zh: string; en: string }> = {
  changed: { zh: '行政处罚决定被依法变更', en: 'Decision changed' },
  revoked: { zh: '行政处罚决定被依法撤销', en: 'Decision revoked' },
  illegal: { zh: '行政处罚决定被确认违法', en: 'Decision confirmed unlawful' },
  void: { zh: '行政处罚决定被确认无效', en: 'Decision confirmed void' },
};

/** The 双公示 fields a person enters (the rest — 公示截止期, the dates — the rules compute). */
const recordFields = {
  partyName: text(200),
  partyKind: z.enum(PARTY_KINDS),
  creditCode,
  legalRep: optionalText(50),
  decisionNo: text(100),
  violationType: text(100),
  /** published after the reviewer confirms it holds no secret (令126 Art. 21) */
  facts: text(4000),
  basis: text(1000),
  penaltyKinds: z.array(z.enum(PENALTY_KINDS)).min(1).max(PENALTY_KINDS.length),
  content: text(2000),
  fineFen: money.nullable().optional(),
  confiscationFen: money.nullable().optional(),
  licenceInfo: optionalText(200),
  decidedOn: day,
  validUntil: day.nullable().optional(),
  procedure: z.enum(['ordinary', 'simple']),
  authorityName: text(100),
  authorityCode: creditCode,
  sourceName: text(100),
  sourceCode: creditCode,
  remark: optionalText(500),
  /** not published: words the published text must not contain (the case's own terms are added) */
  secretTerms: z.array(z.string().trim().min(2).max(100)).max(50).optional(),
  /** not published: the facts the discretion table weighs */
  lossFen: money.nullable().optional(),
  illegalGainFen: money.nullable().optional(),
  discretionFactors: z.array(z.string().regex(/^[a-z_]+$/)).max(20).optional(),
};

export const creditRecordCreate = z.strictObject({ caseId: idValue.optional(), ...recordFields });
export type CreditRecordCreate = z.infer<typeof creditRecordCreate>;
/**
 * Edits a draft or returned record; on a published one, a correction (令45 Art. 12) with its reason — the facts then
 * stay as reviewed (a changed decision is recorded and withdrawn instead).
 */
export const creditRecordUpdate = z.strictObject(recordFields).partial().extend({ comment: optionalText(500) });
export type CreditRecordUpdate = z.infer<typeof creditRecordUpdate>;

/** A record as staff see it (every field: the public routes have their own, shorter schema). */
export const creditRecord = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  source: z.enum(CREDIT_SOURCES),
  caseId: z.number().int().nullable(),
  enterpriseId: z.number().int().nullable(),
  partyName: z.string(),
  partyKind: z.enum(PARTY_KINDS),
  creditCode: z.string(),
  legalRep: z.string().nullable(),
  decisionNo: z.string(),
  violationType: z.string(),
  facts: z.string(),
  basis: z.string(),
  penaltyKinds: z.array(z.enum(PENALTY_KINDS)),
  content: z.string(),
  fineFen: z.number().int().nullable(),
  confiscationFen: z.number().int().nullable(),
  licenceInfo: z.string().nullable(),
  decidedOn: z.string(),
  validUntil: z.string().nullable(),
  procedure: z.enum(PROCEDURES),
  authorityName: z.string(),
  authorityCode: z.string(),
  sourceName: z.string(),
  sourceCode: z.string(),
  remark: z.string().nullable(),
  state: z.enum(CREDIT_STATES),
  publishState: z.enum(PUBLISH_STATES),
  notPublished: z.object({ zh: z.string(), en: z.string(), citation: z.string() }).nullable(),
  publishDueOn: z.string().nullable(),
  publishDueProvisional: z.boolean(),
  publishedOn: z.string().nullable(),
  /** published within the 20 working days (null until published, or when never published) */
  onTime: z.boolean().nullable(),
  term: z.enum(PUBLICATION_TERMS).nullable(),
  publicUntil: z.string().nullable(),
  endedOn: z.string().nullable(),
  revocation: z.object({ kind: z.enum(REVOCATION_KINDS), documentNo: z.string(), on: z.string(), reason: z.string() }).nullable(),
  withdrawDueOn: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  secretTerms: z.array(z.string()),
  lossFen: z.number().int().nullable(),
  illegalGainFen: z.number().int().nullable(),
  discretionFactors: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CreditRecord = z.infer<typeof creditRecord>;

export const CREDIT_HISTORY_ACTIONS = {
  created: { zh: '录入', en: 'Entered' },
  updated: { zh: '修改', en: 'Edited' },
  imported: { zh: '导入', en: 'Imported' },
  submit: { zh: '提交审核', en: 'Submitted for review' },
  return: { zh: '审核退回', en: 'Returned' },
  review: { zh: '审核通过（确认违法事实不含商业秘密）', en: 'Reviewed (facts hold no secret)' },
  publish: { zh: '公示', en: 'Published' },
  revoke: { zh: '登记决定变更或撤销', en: 'Decision change or revocation recorded' },
  withdraw: { zh: '撤回公示', en: 'Publication withdrawn' },
  expired: { zh: '公示期满，停止公示', en: 'Term ended: no longer published' },
  repaired: { zh: '信用修复，停止公示', en: 'Repaired: no longer published' },
} as const;
export type CreditHistoryAction = keyof typeof CREDIT_HISTORY_ACTIONS;

export const creditHistoryLine = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  comment: z.string().nullable(),
  changed: z.array(z.string()),
});

export const creditSuggestion = z.object({
  range: z.enum(['ordinary', 'serious']),
  level: z.enum(DISCRETION_LEVELS),
  minFen: z.number().int(),
  maxFen: z.number().int(),
  reasons: z.array(z.object({ zh: z.string(), en: z.string() })),
  citation: z.string(),
  /** the record's fine against the suggested range (过罚相当) */
  verdict: z.enum(['within', 'below', 'above']).nullable(),
});
export type CreditSuggestion = z.infer<typeof creditSuggestion>;

export const creditRecordDetail = creditRecord.extend({
  caseNumber: z.string().nullable(),
  /** the steps this user may take now (the engine's rules) */
  allowed: z.array(z.enum(['edit', 'submit', 'return', 'review', 'publish', 'revoke', 'withdraw', 'propose_serious'])),
  history: z.array(creditHistoryLine),
  suggestion: creditSuggestion,
  /** terms the published text is checked against: the record's own and its case's */
  checkedTerms: z.array(z.string()),
  /** the earliest day an early end may be asked for, or why not */
  repairFrom: z.string().nullable(),
  repairClosed: z.object({ zh: z.string(), en: z.string() }).nullable(),
});
export type CreditRecordDetail = z.infer<typeof creditRecordDetail>;

/** A step on the publication path; `factsConfirmed` is the reviewer's confirmation that the facts hold no secret. */
export const creditStep = z.strictObject({
  comment: optionalText(1000),
  factsConfirmed: z.boolean().optional(),
  version: z.number().int().min(0).optional(),
});
export type CreditStep = z.infer<typeof creditStep>;
export const creditRevoke = z.strictObject({
  kind: z.enum(REVOCATION_KINDS),
  documentNo: text(100),
  on: day,
  comment: text(1000),
});
export type CreditRevoke = z.infer<typeof creditRevoke>;
/** The withdrawal: its reason is the one the credit systems show (Art. 11 说明理由). */
export const creditWithdraw = z.strictObject({ comment: text(500) });

export const CREDIT_RECORD_SORTS = ['decidedOn', 'publishDueOn', 'publishedOn', 'updatedAt'] as const;
export const creditRecordListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  state: z.enum(CREDIT_STATES).optional(),
  publishState: z.enum(PUBLISH_STATES).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  source: z.enum(CREDIT_SOURCES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  caseId: id.optional(),
  sort: z.enum(CREDIT_RECORD_SORTS).optional(),
});
export type CreditRecordListQuery = z.infer<typeof creditRecordListQuery>;
export const creditRecordListPageQuery = creditRecordListQuery.extend(pageQuery.shape);
export const creditRecordExportQuery = creditRecordListQuery.extend({ order: pageQuery.shape.order });
export const creditRecordPage = pageOf(creditRecord);
export const creditIdParams = z.object({ id });

/** What a case gives a new record (GET /api/credit/cases/:id/prefill). */
export const creditPrefill = z.object({
  caseId: z.number().int(),
  caseNumber: z.string().nullable(),
  partyName: z.string(),
  creditCode: z.string().nullable(),
  legalRep: z.string().nullable(),
  decisionNo: z.string().nullable(),
  decidedOn: z.string().nullable(),
  fineFen: z.number().int().nullable(),
  confiscationFen: z.number().int().nullable(),
  lossFen: z.number().int().nullable(),
  authorityName: z.string(),
  secretTerms: z.array(z.string()),
  existingRecordId: z.number().int().nullable(),
});
export type CreditPrefill = z.infer<typeof creditPrefill>;

/** Cases decided with a penalty that have no record yet (the officers' list of what to enter). */
export const creditPendingCase = z.object({
  caseId: z.number().int(),
  caseNumber: z.string().nullable(),
  title: z.string(),
  respondentName: z.string().nullable(),
  decisionNo: z.string().nullable(),
  decidedOn: z.string().nullable(),
  publishDueOn: z.string().nullable(),
});
export const creditPendingCases = z.array(creditPendingCase);

// ---------------------------------------------------------------------------------------------------------------
// Import (Excel): the template's columns, in the 双公示 order, then the fields only the platform keeps

export const CREDIT_IMPORT_COLUMNS = [
  { key: 'partyName', zh: '行政相对人名称', en: 'Party name', width: 28 },
  { key: 'partyKind', zh: '相对人类别（法人/个体）', en: 'Party kind (legal/individual)', width: 16 },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Unified social credit code', width: 22 },
  { key: 'legalRep', zh: '法定代表人', en: 'Legal representative', width: 12 },
  { key: 'decisionNo', zh: '行政处罚决定书文号', en: 'Decision number', width: 26 },
  { key: 'violationType', zh: '违法行为类型', en: 'Violation type', width: 18 },
  { key: 'facts', zh: '违法事实', en: 'Facts', width: 40 },
  { key: 'basis', zh: '处罚依据', en: 'Legal basis', width: 30 },
  { key: 'penaltyKinds', zh: '处罚类别', en: 'Penalty kinds', width: 18 },
  { key: 'content', zh: '处罚内容', en: 'Penalty content', width: 30 },
  { key: 'fineWan', zh: '罚款金额(万元)', en: 'Fine (10k yuan)', width: 14 },
  { key: 'confiscationWan', zh: '没收违法所得金额(万元)', en: 'Confiscation (10k yuan)', width: 14 },
  { key: 'licenceInfo', zh: '暂扣或吊销证照名称及编号', en: 'Permit suspended or revoked', width: 20 },
  { key: 'decidedOn', zh: '处罚决定日期', en: 'Decision date', width: 12 },
  { key: 'validUntil', zh: '处罚有效期', en: 'Valid until', width: 12 },
  { key: 'procedure', zh: '程序（普通/简易）', en: 'Procedure (ordinary/simple)', width: 12 },
  { key: 'authorityName', zh: '处罚机关', en: 'Deciding authority', width: 24 },
  { key: 'authorityCode', zh: '处罚机关统一社会信用代码', en: 'Authority credit code', width: 22 },
  { key: 'sourceName', zh: '数据来源单位', en: 'Data source', width: 24 },
  { key: 'sourceCode', zh: '数据来源单位统一社会信用代码', en: 'Data source credit code', width: 22 },
  { key: 'remark', zh: '备注', en: 'Remarks', width: 20 },
] as const;
export type CreditImportColumnKey = (typeof CREDIT_IMPORT_COLUMNS)[number]['key'];

export const creditImportInput = z.strictObject({ fileId: idValue, commit: z.boolean().default(false) });
export const creditImportResult = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  /** true when the rows were written (commit, and no errors) */
  committed: z.boolean(),
  created: z.array(z.number().int()),
});
export type CreditImportResult = z.infer<typeof creditImportResult>;
export const creditImportErrorsQuery = z.object({ fileId: id });
