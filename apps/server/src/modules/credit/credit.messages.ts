/** The credit module's user-facing texts, { zh, en }. */
import { PENALTY_KIND_LABELS, type PenaltyKind } from '@shangmi/shared';

const L = (zh: string, en: string) => ({ zh, en });

export const M = {
  requiredByKind: (kind: PenaltyKind, citation: string) =>
    L(`处罚类别含“${PENALTY_KIND_LABELS[kind].zh}”时必填（${citation}）`, `is required when the penalty includes “${PENALTY_KIND_LABELS[kind].en}” (${citation})`),
  notInFuture: L('不能晚于今天', 'cannot be later than today'),
  notBeforeDecision: L('不能早于处罚决定日期', 'cannot be before the decision date'),
  amountWithoutKind: (zh: string, en: string) => L(`处罚类别未包含“${zh}”，不应填写金额`, `is given but the penalty kinds do not include ${en}`),
  bureauOnly: L('行政处罚信息由市局或区县市场监管局录入', 'Penalty records are entered by a city or district bureau'),
  notEditable: L('该信息已提交审核或已撤回，不能修改', 'The record is under review or withdrawn: it cannot be edited'),
  correctionReason: L('更正已公示的信息须说明理由（行政处罚信息公示规定第十二条）', 'is required to correct a published record (give the reason, 令45 Art. 12)'),
  fixedOncePublished: L('已公示后不能更正：决定变更的，请登记变更后撤回，再录入新的信息', 'cannot be corrected once published: record the changed decision, withdraw, then enter a new record'),
  correctionUnpublishable: L('更正后将不属于公示范围：请登记决定变更并撤回', 'the correction would make it unpublishable: record the change and withdraw instead'),
  containsSecret: (term: string) =>
    L(`含有标记为商业秘密的词语“${term}”，不得公示（商业秘密保护规定第二十一条）`, `contains the term “${term}” marked as the secret: it cannot be published (Art. 21)`),
  confirmFacts: L('审核时须确认拟公示的违法事实不含商业秘密', 'must be confirmed: the facts to publish hold no trade secret'),
  notPublic: L('该信息未在公示中', 'The record is not on public view'),
  seriousNeedsPublic: L('只有公示中的行政处罚信息可以提请列入严重违法失信名单', 'Only a published penalty can be proposed for the serious-violation list'),
  seriousOpen: L('该处罚已有未结的列入程序或已在名单中', 'This penalty already has an open listing or is on the list'),
  statementPeriod: (due: string) => L(`陈述申辩期至 ${due} 届满后方可登记（当事人已陈述的除外）`, `can be recorded after the statement period ends on ${due} (unless the party has spoken)`),
  noEnterprise: L('只有本企业账号可以申请', 'Only the enterprise’s own account can apply'),
  repairTooEarly: (from: string) => L(`公示满规定期限后方可申请，最早 ${from}`, `can be applied for from ${from}`),
  repairClosed: (why: { zh: string; en: string }) => why,
  repairOpen: L('已有办理中的申请', 'An application is already open'),
  removalTooEarly: (from: string) => L(`列入名单满一年后方可申请提前移出，最早 ${from}`, `can be applied for from ${from} (one year on the list)`),
  notListed: L('该条目不在名单中', 'The entry is not on the list'),
  partnerNotDepartment: L('须为信用协同部门（机构类型“信用协同部门”）', 'must be a credit partner department (organisation kind “department”)'),
  unknownMeasure: (key: string) => L(`未知的惩戒措施：${key}`, `unknown measure: ${key}`),
  tokenInvalid: L('接口令牌无效或已停用', 'The API token is invalid or revoked'),
  exportTooLarge: (n: number) => L(`一次最多导出 ${n} 条，请缩小范围`, `at most ${n} rows per export: narrow the filters`),
  importNotXlsx: L('请上传 .xlsx 文件（使用下载的模板）', 'upload an .xlsx file (use the template)'),
  importTooMany: (n: number) => L(`一次最多导入 ${n} 行`, `at most ${n} rows per import`),
  importEmpty: L('文件中没有数据行', 'The file has no data rows'),
  importDuplicate: (row: number) => L(`与第 ${row} 行重复（同一文号和信用代码）`, `duplicates row ${row} (same decision number and credit code)`),
  importExists: L('已有同一文号和信用代码的行政处罚信息', 'a record with this decision number and credit code exists'),
  badAmount: L('须为不小于 0 的金额（万元），最多 6 位小数', 'must be an amount in 10k yuan, not negative, at most 6 decimals'),
  badDate: L('须为日期（YYYY-MM-DD）', 'must be a date (YYYY-MM-DD)'),
  badChoice: (allowed: string) => L(`取值无效（可选：${allowed}）`, `is not allowed (one of ${allowed})`),
  required: L('必填', 'is required'),
};
