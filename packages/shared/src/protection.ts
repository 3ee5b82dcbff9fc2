import { z } from 'zod';
import { bilingual, IMPORTANCES } from './assessments-framework.js';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { protectionRules, SECRET_CATEGORIES, SECRET_LEVELS } from './protection-rules.js';

/**
 * The enterprise's protection file (保护档案, docs/protection.md): the register of its secrets (described, never
 * contained), the measures that protect each and their evidence, the people who know them with their agreements,
 * notices and departures, access grants to outsiders, filled model texts and the litigation pack. Every request and
 * response schema of the module; the rules' schema is ./protection-rules.ts, the readiness score ./protection-readiness.ts.
 */
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _').max(40);
const day = z.iso.date();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, { error: '64 hex digits' });
/** A list of ids in a query string: `?secretIds=1,2` or `?secretIds=1&secretIds=2`. */
const idList = z.preprocess((v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : String(v).split(',')).filter((x) => x !== '')), z.array(id).max(200).optional());

export const protectionIdParams = z.object({ id });
export const protectionItemParams = z.object({ id, itemId: id });

// ------------------------------------------------------------------------------------------------------------ labels

export const SECRET_STATUSES = ['active', 'retired', 'disclosed'] as const;
export type SecretStatus = (typeof SECRET_STATUSES)[number];
export const SECRET_STATUS_LABELS: Record<SecretStatus, { zh: string; en: string }> = {
  active: { zh: '有效', en: 'Active' },
  retired: { zh: '已解密/停用', en: 'Retired' },
  disclosed: { zh: '已公开/泄露', en: 'Disclosed' },
};
export const NOTICE_STATUSES = ['pending', 'acknowledged', 'expired', 'revoked'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, { zh: string; en: string }> = {
  pending: { zh: '待确认', en: 'Awaiting acknowledgement' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  expired: { zh: '已过期', en: 'Expired' },
  revoked: { zh: '已撤回', en: 'Revoked' },
};
export const GRANT_STATUSES = ['active', 'expired', 'revoked'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const GRANT_STATUS_LABELS: Record<GrantStatus, { zh: string; en: string }> = {
  active: { zh: '有效', en: 'Active' },
  expired: { zh: '已到期', en: 'Expired' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};
export const PERSON_STATUSES = ['active', 'departed'] as const;
export const EVIDENCE_KINDS = ['none', 'proof', 'record'] as const;
export const RECORD_KINDS = ['notice', 'departure', 'person'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const RECORD_KIND_LABELS: Record<RecordKind, { zh: string; en: string }> = {
  notice: { zh: '保密告知确认', en: 'Acknowledged notice' },
  departure: { zh: '离职交接记录', en: 'Departure record' },
  person: { zh: '涉密人员协议记录', en: 'Person’s agreement record' },
};
/** What a secret's history lines say (secret_events.action); the pack's summary and the detail page read the same. */
export const SECRET_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  created: { zh: '登记入清单', en: 'Registered' },
  updated: { zh: '修改登记信息', en: 'Entry edited' },
  status: { zh: '变更状态', en: 'Status changed' },
  reviewed: { zh: '完成定期复核', en: 'Periodic review done' },
  'measure-added': { zh: '记录保密措施', en: 'Measure recorded' },
  'measure-updated': { zh: '修改保密措施', en: 'Measure edited' },
  'measure-removed': { zh: '删除保密措施', en: 'Measure removed' },
  'proofs-linked': { zh: '关联存证', en: 'Proofs linked' },
  'proofs-matched': { zh: '按原关联说明匹配存证', en: 'Proofs matched from their old reference' },
  'proof-deposited': { zh: '提交存证', en: 'Proof deposited' },
  'proof-unlinked': { zh: '取消关联存证', en: 'Proof unlinked' },
  knowers: { zh: '调整知悉人员', en: 'People who know it changed' },
  'notice-sent': { zh: '发送保密告知书', en: 'Notice sent' },
  acknowledged: { zh: '知悉人员确认告知书', en: 'Notice acknowledged' },
  departure: { zh: '离职交接', en: 'Departure' },
  pack: { zh: '生成维权证据包', en: 'Litigation pack made' },
  'review.scheduled': { zh: '安排定期复核', en: 'Review scheduled' },
  'review.reviewed': { zh: '完成定期复核（流程）', en: 'Review done (workflow)' },
  'review.rescheduled': { zh: '调整复核周期', en: 'Review rescheduled' },
  'review.closed': { zh: '停止复核', en: 'Reviews stopped' },
};
/** The long free texts are short on purpose: they describe a secret, never hold it (the forms say so). */
export const SECRET_TEXT_LIMITS = { name: 60, summary: 300, note: 300, carrier: 100 } as const;

export const rulesResponse = protectionRules;

// ------------------------------------------------------------------------------------------------------------ register

export const secretCarrier = z.strictObject({
  kind: code,
  /** what it is (文件名称、样品编号), not what it says */
  description: optionalText(SECRET_TEXT_LIMITS.carrier),
  /** where it is kept (档案室 A-3、研发服务器) */
  location: optionalText(SECRET_TEXT_LIMITS.carrier),
});
export type SecretCarrier = z.infer<typeof secretCarrier>;

/** Why it has value, in fields shaped for it (商业秘密保护规定 第七条、第十八条; 法释〔2020〕7号 第十九条): never content. */
export const secretValue = z.strictObject({
  advantages: z.array(code).max(10).default([]),
  formation: code.optional().nullable(),
  notPublic: z.array(code).max(10).default([]),
  /** research and development cost, in fen */
  developmentCostFen: z.number().int().min(0).max(1e15).optional().nullable(),
  /** how long the advantage is expected to last, years */
  advantageYears: z.number().int().min(0).max(100).optional().nullable(),
  note: optionalText(SECRET_TEXT_LIMITS.note),
});
export type SecretValue = z.infer<typeof secretValue>;

const secretFields = {
  /** the enterprise's own number (SM-2026-001) */
  code: optionalText(30),
  name: text(SECRET_TEXT_LIMITS.name),
  category: z.enum(SECRET_CATEGORIES),
  subKind: code,
  level: z.enum(SECRET_LEVELS),
  department: optionalText(50),
  custodianName: optionalText(30),
  custodianPersonId: idValue.optional().nullable(),
  summary: optionalText(SECRET_TEXT_LIMITS.summary),
  /** when it came into being (形成时间) */
  createdOn: day.optional().nullable(),
  /** months between reviews; default by level (rules) */
  reviewMonths: z.number().int().min(1).max(60).optional().nullable(),
  carriers: z.array(secretCarrier).max(20),
  value: secretValue,
};
export const secretCreate = z.strictObject({ ...secretFields, carriers: secretFields.carriers.default([]), value: secretValue.default({ advantages: [], notPublic: [] }) });
export type SecretCreate = z.infer<typeof secretCreate>;
export const secretUpdate = z.strictObject({
  code: secretFields.code,
  name: secretFields.name.optional(),
  category: secretFields.category.optional(),
  subKind: secretFields.subKind.optional(),
  level: secretFields.level.optional(),
  department: secretFields.department,
  custodianName: secretFields.custodianName,
  custodianPersonId: secretFields.custodianPersonId,
  summary: secretFields.summary,
  createdOn: secretFields.createdOn,
  reviewMonths: secretFields.reviewMonths,
  carriers: secretFields.carriers.optional(),
  value: secretValue.optional(),
});
export type SecretUpdate = z.infer<typeof secretUpdate>;
export const secretStatusChange = z.strictObject({ status: z.enum(SECRET_STATUSES), note: optionalText(200) });
export const secretReview = z.strictObject({ note: optionalText(200) });

export const secretListItem = z.object({
  id: idValue,
  code: z.string().nullable(),
  name: z.string(),
  category: z.enum(SECRET_CATEGORIES),
  subKind: z.string(),
  level: z.enum(SECRET_LEVELS),
  department: z.string().nullable(),
  custodianName: z.string().nullable(),
  status: z.enum(SECRET_STATUSES),
  carrierKinds: z.array(z.string()),
  readiness: z.number().int(),
  measureCount: z.number().int(),
  proofCount: z.number().int(),
  knowerCount: z.number().int(),
  nextReviewOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SecretListItem = z.infer<typeof secretListItem>;
export const secretPage = pageOf(secretListItem);

export const SECRET_SORTS = ['id', 'name', 'level', 'readiness', 'nextReviewOn', 'updatedAt'] as const;
export const secretListQuery = z.object({
  q: optionalText(60),
  category: z.enum(SECRET_CATEGORIES).optional(),
  level: z.enum(SECRET_LEVELS).optional(),
  status: z.enum(SECRET_STATUSES).optional(),
  /** readiness below this (0–101) */
  readinessBelow: z.coerce.number().int().min(0).max(101).optional(),
  /** the next review is due on or before today */
  reviewDue: z.enum(['true', 'false']).optional(),
  sort: z.enum(SECRET_SORTS).default('id'),
});
export type SecretListQuery = z.infer<typeof secretListQuery>;
export const secretListPageQuery = secretListQuery.extend(pageQuery.shape);
export const secretExportQuery = secretListQuery.extend({ order: pageQuery.shape.order });

export const secret = secretListItem.extend({
  custodianPersonId: z.number().int().nullable(),
  summary: z.string().nullable(),
  createdOn: z.string().nullable(),
  reviewMonths: z.number().int(),
  lastReviewedOn: z.string().nullable(),
  carriers: z.array(z.object({ kind: z.string(), description: z.string().nullable().optional(), location: z.string().nullable().optional() })),
  value: z.object({
    advantages: z.array(z.string()),
    formation: z.string().nullable().optional(),
    notPublic: z.array(z.string()),
    developmentCostFen: z.number().nullable().optional(),
    advantageYears: z.number().nullable().optional(),
    note: z.string().nullable().optional(),
  }),
  statusNote: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type Secret = z.infer<typeof secret>;

// ------------------------------------------------------------------------------------------------------------ readiness

export const readinessItem = z.object({
  item: z.number().int(),
  expected: z.boolean(),
  weight: z.number(),
  recorded: z.number(),
  people: z.number().nullable(),
  coverage: z.number(),
});
export const readinessPeople = z.object({
  knowers: z.number().int(),
  outside: z.number().int(),
  withAgreement: z.number().int(),
  acknowledged: z.number().int(),
  departed: z.number().int(),
  departedComplete: z.number().int(),
});
export const secretReadinessResult = z.object({
  score: z.number().int(),
  items: z.array(readinessItem),
  expected: z.array(z.string()),
  gaps: z.array(z.object({ requirementId: z.string(), items: z.array(z.number().int()), share: z.number() })),
  withoutEvidence: z.array(z.string()),
  unknown: z.array(z.string()),
  people: readinessPeople,
});

export const readinessOverview = z.object({
  total: z.number().int(),
  average: z.number().nullable(),
  /** counts per READINESS_BANDS (ready, mostly, weak, missing) */
  bands: z.array(z.number().int()),
  byLevel: z.array(z.object({ level: z.enum(SECRET_LEVELS), count: z.number().int(), average: z.number().nullable() })),
  /** per item of 第六条 (1–6): how many active secrets expect it, how many have it fully covered, the average coverage */
  items: z.array(z.object({ item: z.number().int(), expected: z.number().int(), covered: z.number().int(), average: z.number().nullable() })),
  weakest: z.array(z.object({ id: idValue, name: z.string(), level: z.enum(SECRET_LEVELS), readiness: z.number().int() })),
  reviewDue: z.number().int(),
});
export type ReadinessOverview = z.infer<typeof readinessOverview>;

/** The framework's measure requirements, as the measure form offers them. */
export const measureCatalog = z.object({
  frameworkId: z.number().int(),
  frameworkTitle: bilingual,
  items: z.array(
    z.object({
      id: z.string(),
      dimensionId: z.string(),
      dimensionName: bilingual,
      text: bilingual,
      guidance: bilingual,
      evidence: z.array(bilingual),
      legalBasis: z.array(bilingual),
      items: z.array(z.number().int()),
      importance: z.enum(IMPORTANCES),
      share: z.number(),
      documents: z.array(z.object({ title: bilingual, href: z.string() })),
    }),
  ),
});
export type MeasureCatalog = z.infer<typeof measureCatalog>;

// ------------------------------------------------------------------------------------------------------------ measures

export const measureEvidence = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** a deposited existence proof of the enterprise (the file hashed in the browser) */
  z.strictObject({ kind: z.literal('proof'), proofId: idValue }),
  /** a record kept here: an acknowledged notice, a departure checklist, a person's agreement */
  z.strictObject({ kind: z.literal('record'), recordKind: z.enum(RECORD_KINDS), recordId: idValue }),
]);
export type MeasureEvidence = z.infer<typeof measureEvidence>;
export const measureCreate = z.strictObject({
  requirementId: z.string().trim().min(1).max(60),
  takenOn: day,
  note: optionalText(SECRET_TEXT_LIMITS.note),
  evidence: measureEvidence.default({ kind: 'none' }),
});
export type MeasureCreate = z.infer<typeof measureCreate>;
export const measureUpdate = z.strictObject({ takenOn: day.optional(), note: optionalText(SECRET_TEXT_LIMITS.note), evidence: measureEvidence.optional() });
export type MeasureUpdate = z.infer<typeof measureUpdate>;

export const secretMeasure = z.object({
  id: idValue,
  requirementId: z.string(),
  /** null when the current framework no longer has the requirement */
  text: bilingual.nullable(),
  items: z.array(z.number().int()),
  takenOn: z.string(),
  note: z.string().nullable(),
  evidenceKind: z.enum(EVIDENCE_KINDS),
  proofId: z.number().int().nullable(),
  proofTitle: z.string().nullable(),
  proofLogIndex: z.number().int().nullable(),
  recordKind: z.enum(RECORD_KINDS).nullable(),
  recordId: z.number().int().nullable(),
  recordLabel: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type SecretMeasure = z.infer<typeof secretMeasure>;

// ------------------------------------------------------------------------------------------------------------ proofs

export const secretProofLink = z.strictObject({ proofIds: z.array(idValue).min(1).max(50) });
export const secretProof = z.object({
  proofId: idValue,
  title: z.string(),
  fileCount: z.number().int(),
  logIndex: z.number().int().nullable(),
  integratedAt: z.string().nullable(),
  createdAt: z.string(),
  linkedAt: z.string(),
  linkedByName: z.string().nullable(),
  /** how it came to be linked: chosen, deposited from the secret's page, or matched from an old free-text reference */
  source: z.enum(['link', 'deposit', 'legacy']),
});
export type SecretProof = z.infer<typeof secretProof>;
export const secretProofList = z.array(secretProof);

// ------------------------------------------------------------------------------------------------------------ people

const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/);
const personFields = {
  name: text(30),
  kind: code,
  /** outside parties: their organisation */
  organisation: optionalText(100),
  department: optionalText(50),
  position: optionalText(50),
  employeeNo: optionalText(30),
  email: z.email().max(100).optional().nullable(),
  phone: phone.optional().nullable(),
  /** the confidentiality agreement (员工保密协议 / 商务合作保密协议) signed on */
  agreementSignedOn: day.optional().nullable(),
  nonCompeteFrom: day.optional().nullable(),
  nonCompeteTo: day.optional().nullable(),
  note: optionalText(200),
};
export const personCreate = z.strictObject(personFields);
export type PersonCreate = z.infer<typeof personCreate>;
export const personUpdate = z.strictObject({ ...personFields, name: personFields.name.optional(), kind: personFields.kind.optional() });
export type PersonUpdate = z.infer<typeof personUpdate>;

export const person = z.object({
  id: idValue,
  name: z.string(),
  kind: z.string(),
  organisation: z.string().nullable(),
  department: z.string().nullable(),
  position: z.string().nullable(),
  employeeNo: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  agreementSignedOn: z.string().nullable(),
  nonCompeteFrom: z.string().nullable(),
  nonCompeteTo: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  departedOn: z.string().nullable(),
  secretCount: z.number().int(),
  lastAcknowledgedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Person = z.infer<typeof person>;
export const personPage = pageOf(person);
export const personListQuery = z.object({
  q: optionalText(30),
  kind: code.optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  /** people who know this secret */
  secretId: id.optional(),
  /** without a signed agreement */
  noAgreement: z.enum(['true', 'false']).optional(),
});
export const personListPageQuery = personListQuery.extend(pageQuery.shape);
export const personExportQuery = personListQuery.extend({ order: pageQuery.shape.order });

export const training = z.object({ id: idValue, title: z.string(), on: z.string() });
export const trainingList = z.array(training);
export const trainingCreate = z.strictObject({ title: text(60), on: day });

export const departureUpsert = z.strictObject({
  departedOn: day,
  /** checklist item (rules.yaml departure.items) → the day it was done, or null */
  items: z.record(code, day.nullable()),
  note: optionalText(300),
});
export type DepartureUpsert = z.infer<typeof departureUpsert>;
export const departure = z.object({
  id: idValue,
  personId: idValue,
  departedOn: z.string(),
  items: z.record(z.string(), z.string().nullable()),
  complete: z.boolean(),
  completedOn: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export type Departure = z.infer<typeof departure>;

export const knowersChange = z
  .strictObject({ add: z.array(idValue).max(500).optional(), remove: z.array(idValue).max(500).optional() })
  .refine((v) => (v.add?.length ?? 0) + (v.remove?.length ?? 0) > 0, { message: 'add or remove someone', path: ['add'] });
export const knower = z.object({
  personId: idValue,
  name: z.string(),
  kind: z.string(),
  department: z.string().nullable(),
  organisation: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  agreementSignedOn: z.string().nullable(),
  /** when they last acknowledged a notice naming this secret */
  acknowledgedAt: z.string().nullable(),
  departureComplete: z.boolean().nullable(),
  since: z.string(),
});
export type Knower = z.infer<typeof knower>;
export const knowerList = z.array(knower);

// ------------------------------------------------------------------------------------------------------------ notices

export const noticeSend = z.strictObject({
  personIds: z.array(idValue).min(1).max(200),
  secretIds: z.array(idValue).min(1).max(50),
  /** also send the link by e-mail to those with an address (through the outbox) */
  sendEmail: z.boolean().default(false),
});
export type NoticeSend = z.infer<typeof noticeSend>;
export const noticeLink = z.object({ noticeId: idValue, personId: idValue, personName: z.string(), link: z.string(), expiresAt: z.string(), emailed: z.boolean() });
export const noticeSent = z.object({ items: z.array(noticeLink) });

// named for its module: the cases' `noticeInput` is another thing, and the API document names components by export
export const protectionNotice = z.object({
  id: idValue,
  personId: idValue,
  personName: z.string(),
  secretIds: z.array(z.number().int()),
  secretNames: z.array(z.string()),
  status: z.enum(NOTICE_STATUSES),
  sentAt: z.string(),
  sentByName: z.string().nullable(),
  expiresAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  typedName: z.string().nullable(),
  textSha256: z.string(),
  documentSha256: z.string().nullable(),
  proofId: z.number().int().nullable(),
  proofLogIndex: z.number().int().nullable(),
});
export type Notice = z.infer<typeof protectionNotice>;
export const noticePage = pageOf(protectionNotice);
export const noticeListQuery = z.object({
  personId: id.optional(),
  secretId: id.optional(),
  status: z.enum(NOTICE_STATUSES).optional(),
});
export const noticeListPageQuery = noticeListQuery.extend(pageQuery.shape);
export const noticeExportQuery = noticeListQuery.extend({ order: pageQuery.shape.order });

/** The acknowledgement link (no account): the token is the whole credential, single-use and expiring. */
export const noticeTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a notice link') });
export const publicNotice = z.object({
  enterpriseName: z.string(),
  personName: z.string(),
  title: z.string(),
  /** the exact text shown; its SHA-256 (UTF-8) is what the acknowledgement binds to */
  text: z.string(),
  textSha256: z.string(),
  sentAt: z.string(),
  expiresAt: z.string(),
});
export type PublicNotice = z.infer<typeof publicNotice>;
export const acknowledgement = z.strictObject({
  /** the person signs with their name as the notice names them */
  typedName: text(30),
  /** SHA-256 of the text the browser showed: it must be the notice's */
  textSha256: hex64,
  agree: z.literal(true),
});
export const acknowledged = z.object({ acknowledgedAt: z.string(), documentSha256: z.string() });

// ------------------------------------------------------------------------------------------------------------ grants

export const grantCreate = z.strictObject({
  granteeOrgId: idValue,
  /** an investigating officer by name (else every user of the organisation holding protection:granted) */
  granteeUserId: idValue.optional().nullable(),
  parts: z.array(code).min(1).max(10),
  purpose: text(200),
  /** the last day it works (Asia/Shanghai) */
  validUntil: day,
});
export type GrantCreate = z.infer<typeof grantCreate>;
export const grant = z.object({
  id: idValue,
  granteeOrgId: idValue,
  granteeOrgName: z.string(),
  granteeOrgKind: z.string(),
  granteeUserId: z.number().int().nullable(),
  granteeUserName: z.string().nullable(),
  parts: z.array(z.string()),
  purpose: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(GRANT_STATUSES),
  revokedAt: z.string().nullable(),
  revokedByName: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  views: z.number().int(),
  lastViewedAt: z.string().nullable(),
});
export type Grant = z.infer<typeof grant>;
export const grantViewLine = z.object({ id: idValue, at: z.string(), userName: z.string().nullable(), orgName: z.string().nullable(), part: z.string(), ip: z.string().nullable() });
export const grantDetail = grant.extend({ viewLog: z.array(grantViewLine) });
export const grantList = z.array(grant);
export const granteeQuery = z.object({ q: optionalText(50) });
export const granteeOptions = z.array(
  z.object({ orgId: idValue, orgName: z.string(), kind: z.string(), users: z.array(z.object({ id: idValue, displayName: z.string() })) }),
);

/** What a grantee sees of the grants made to them (their organisation, or them by name). */
export const grantedItem = z.object({
  id: idValue,
  enterpriseName: z.string(),
  parts: z.array(z.string()),
  purpose: z.string(),
  validUntil: z.string(),
  status: z.enum(GRANT_STATUSES),
  grantedAt: z.string(),
});
export const grantedList = z.array(grantedItem);
export const grantedPartParams = z.object({ id, part: code });
export const grantedPart = z.object({
  grant: grantedItem,
  part: z.string(),
  register: z
    .array(z.object({ id: idValue, code: z.string().nullable(), name: z.string(), category: z.string(), subKind: z.string(), level: z.string(), status: z.string(), carrierKinds: z.array(z.string()), readiness: z.number().int(), createdOn: z.string().nullable() }))
    .optional(),
  measures: z.array(z.object({ secretId: idValue, secretName: z.string(), requirementId: z.string(), text: bilingual.nullable(), takenOn: z.string(), evidenceKind: z.string(), proofLogIndex: z.number().int().nullable() })).optional(),
  people: z.array(z.object({ id: idValue, name: z.string(), kind: z.string(), department: z.string().nullable(), organisation: z.string().nullable(), status: z.string(), agreementSignedOn: z.string().nullable(), nonCompeteFrom: z.string().nullable(), nonCompeteTo: z.string().nullable(), departedOn: z.string().nullable() })).optional(),
  acknowledgements: z.array(z.object({ noticeId: idValue, personName: z.string(), secretNames: z.array(z.string()), sentAt: z.string(), acknowledgedAt: z.string().nullable(), documentSha256: z.string().nullable(), proofLogIndex: z.number().int().nullable() })).optional(),
  departures: z.array(z.object({ personName: z.string(), departedOn: z.string(), items: z.record(z.string(), z.string().nullable()), complete: z.boolean() })).optional(),
});
export type GrantedPart = z.infer<typeof grantedPart>;

// ------------------------------------------------------------------------------------------------------------ detail

export const secretHistoryLine = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  action: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const secretNotice = z.object({ id: idValue, personName: z.string(), status: z.enum(NOTICE_STATUSES), sentAt: z.string(), acknowledgedAt: z.string().nullable() });
export const secretDetail = z.object({
  secret,
  readiness: secretReadinessResult,
  measures: z.array(secretMeasure),
  proofs: z.array(secretProof),
  knowers: z.array(knower),
  notices: z.array(secretNotice),
  history: z.array(secretHistoryLine),
  review: z.object({ state: z.string(), dueOn: z.string().nullable() }),
});
export type SecretDetail = z.infer<typeof secretDetail>;

export const personDetail = z.object({
  person,
  trainings: z.array(training),
  secrets: z.array(z.object({ id: idValue, name: z.string(), level: z.enum(SECRET_LEVELS), since: z.string() })),
  notices: z.array(protectionNotice),
  departure: departure.nullable(),
});
export type PersonDetail = z.infer<typeof personDetail>;

// ------------------------------------------------------------------------------------------------------------ templates

export const TEMPLATE_NEEDS = ['none', 'person', 'partner'] as const;
export const templateInfo = z.object({ slug: z.string(), title: bilingual, purpose: bilingual, needs: z.enum(TEMPLATE_NEEDS), fills: z.array(bilingual) });
export const templateList = z.array(templateInfo);
export const templateParams = z.object({ slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) });
export const templateQuery = z.object({ personId: id.optional(), secretIds: idList });
