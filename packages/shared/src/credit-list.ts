import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { creditHistoryLine } from './credit.js';
import { storedFile } from './files.js';

/**
 * The serious-violation list (严重违法失信名单, 总局令第44号), credit repair (信用修复) and early removal, and the
 * joint measures shared with partner departments (联合惩戒).
 */
const day = z.iso.date();

/** The list path's states (the engine's `credit.serious`); `removed` also when the term ends by itself. */
export const SERIOUS_STATES = ['proposed', 'noticed', 'deciding', 'decided', 'listed', 'not_listed', 'removed'] as const;
export type SeriousState = (typeof SERIOUS_STATES)[number];
export const SERIOUS_STATE_LABELS: Record<SeriousState, { zh: string; en: string }> = {
  proposed: { zh: '拟列入（待告知）', en: 'Proposed' },
  noticed: { zh: '已告知（陈述申辩期）', en: 'Notice given (statement period)' },
  deciding: { zh: '待作出列入决定', en: 'Awaiting decision' },
  decided: { zh: '已决定列入（待公示）', en: 'Decided, to publish' },
  listed: { zh: '列入名单公示中', en: 'On the list' },
  not_listed: { zh: '不予列入', en: 'Not listed' },
  removed: { zh: '已移出', en: 'Removed' },
};
export const REMOVAL_KINDS = ['early', 'expired'] as const;
export const REMOVAL_KIND_LABELS: Record<(typeof REMOVAL_KINDS)[number], { zh: string; en: string }> = {
  early: { zh: '申请提前移出', en: 'Early removal on application' },
  expired: { zh: '期满自动移出', en: 'Term ended' },
};

export const creditSerious = z.object({
  id: z.number().int(),
  recordId: z.number().int(),
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  orgName: z.string(),
  partyName: z.string(),
  creditCode: z.string(),
  decisionNo: z.string(),
  reason: z.string(),
  basis: z.string(),
  state: z.enum(SERIOUS_STATES),
  noticedOn: z.string().nullable(),
  statementDueOn: z.string().nullable(),
  statement: z.string().nullable(),
  decidedOn: z.string().nullable(),
  listedOn: z.string().nullable(),
  earlyFrom: z.string().nullable(),
  endsOn: z.string().nullable(),
  removedOn: z.string().nullable(),
  removalKind: z.enum(REMOVAL_KINDS).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type CreditSerious = z.infer<typeof creditSerious>;
export const creditSeriousDetail = creditSerious.extend({
  allowed: z.array(z.enum(['notify', 'heard', 'decide', 'not_list', 'publish'])),
  history: z.array(creditHistoryLine),
  shares: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), sharedAt: z.string(), acknowledgedAt: z.string().nullable() })),
});
export type CreditSeriousDetail = z.infer<typeof creditSeriousDetail>;

export const creditSeriousCreate = z.strictObject({ recordId: idValue, reason: text(1000), basis: text(300) });
/** A step of the list path: `statement` is what the party said (or that it said nothing in time) at `heard`. */
export const creditSeriousStep = z.strictObject({ comment: optionalText(1000), statement: optionalText(4000), version: z.number().int().min(0).optional() });
export type CreditSeriousStep = z.infer<typeof creditSeriousStep>;
export const creditSeriousListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  state: z.enum(SERIOUS_STATES).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
});
export const creditSeriousListPageQuery = creditSeriousListQuery.extend(pageQuery.shape);
export const creditSeriousPage = pageOf(creditSerious);

// ---------------------------------------------------------------------------------------------------------------
// Repair (信用修复) of a record's publication, and early removal from the list: one application, two paths

export const REPAIR_KINDS = ['record', 'serious'] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];
export const REPAIR_KIND_LABELS: Record<RepairKind, { zh: string; en: string }> = {
  record: { zh: '行政处罚信息信用修复（提前停止公示）', en: 'Repair: end a penalty’s publication early' },
  serious: { zh: '申请提前移出严重违法失信名单', en: 'Early removal from the serious-violation list' },
};
export const REPAIR_STATES = ['district', 'city', 'returned', 'approved', 'rejected'] as const;
export type RepairState = (typeof REPAIR_STATES)[number];
export const REPAIR_STATE_LABELS: Record<RepairState, { zh: string; en: string }> = {
  district: { zh: '待区县审核', en: 'Awaiting district review' },
  city: { zh: '待市局决定', en: 'Awaiting the city’s decision' },
  returned: { zh: '已退回补正', en: 'Returned for more material' },
  approved: { zh: '准予修复', en: 'Approved' },
  rejected: { zh: '不予修复', en: 'Refused' },
};

export const creditRepair = z.object({
  id: z.number().int(),
  kind: z.enum(REPAIR_KINDS),
  recordId: z.number().int().nullable(),
  seriousId: z.number().int().nullable(),
  partyName: z.string(),
  creditCode: z.string(),
  decisionNo: z.string(),
  districtCode: z.string().nullable(),
  reason: z.string(),
  state: z.enum(REPAIR_STATES),
  appliedAt: z.string(),
  dueOn: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  version: z.number().int(),
});
export type CreditRepair = z.infer<typeof creditRepair>;
export const creditRepairDetail = creditRepair.extend({
  files: z.array(storedFile),
  history: z.array(creditHistoryLine),
  allowed: z.array(z.enum(['resubmit', 'district_pass', 'district_return', 'approve', 'reject'])),
});
export type CreditRepairDetail = z.infer<typeof creditRepairDetail>;
export const creditRepairCreate = z.strictObject({
  kind: z.enum(REPAIR_KINDS),
  targetId: idValue,
  reason: text(2000),
  fileIds: z.array(idValue).min(1).max(20),
});
export type CreditRepairCreate = z.infer<typeof creditRepairCreate>;
export const creditRepairStep = z.strictObject({ comment: optionalText(1000), fileIds: z.array(idValue).max(20).optional(), version: z.number().int().min(0).optional() });
export type CreditRepairStep = z.infer<typeof creditRepairStep>;
export const creditRepairListQuery = z.object({ state: z.enum(REPAIR_STATES).optional(), kind: z.enum(REPAIR_KINDS).optional(), q: z.string().trim().max(100).optional() });
export const creditRepairListPageQuery = creditRepairListQuery.extend(pageQuery.shape);
export const creditRepairPage = pageOf(creditRepair);
export const creditRepairFileParams = z.object({ id, fileId: id });

// ---------------------------------------------------------------------------------------------------------------
// Joint measures: partner departments, what is shared with them, their acknowledgement

export const creditPartner = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  regionCode: z.string(),
  measureKeys: z.array(z.string()),
  users: z.number().int(),
});
export const creditPartnerList = z.array(creditPartner);
export const creditPartnerSet = z.strictObject({ orgId: idValue, measureKeys: z.array(z.string().regex(/^[a-z_]+$/)).min(1).max(50) });
export const creditPartnerParams = z.object({ orgId: id });
export const creditPartnerCandidates = z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() }));

/** What a partner department sees: the current list in its region, the measures it applies, whether it acknowledged. */
export const creditShare = z.object({
  seriousId: z.number().int(),
  partyName: z.string(),
  creditCode: z.string(),
  reason: z.string(),
  listedOn: z.string(),
  endsOn: z.string(),
  measures: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), basis: z.string() })),
  sharedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type CreditShare = z.infer<typeof creditShare>;
export const creditShareListQuery = z.object({ acknowledged: z.enum(['yes', 'no']).optional() });
export const creditShareListPageQuery = creditShareListQuery.extend(pageQuery.shape);
export const creditSharePage = pageOf(creditShare);
export const creditShareAck = z.strictObject({ seriousIds: z.array(idValue).min(1).max(200) });
export const creditShareAckResult = z.object({ acknowledged: z.number().int() });

export const creditDayParam = day;
