import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';
import { rightholderReport } from './cases.js';
import { cultivationCreate } from './cultivation.js';

/**
 * Services (docs/services.md): providers, the service catalogue, enterprises' help requests (on the engine's
 * `services.request` path), the service ledger (工作台账) and government-purchased service contracts (政府购买服务).
 * Service kinds are the dictionary `service_kind`.
 */
const day = z.iso.date();
const money = z.number().int().min(0).max(100_000_000_000);
const phone = z.string().trim().regex(/^[\d\-+() ]{5,30}$/);
const district = z.string().regex(/^\d{6}$/);
const serviceKind = z.string().trim().regex(/^[a-z_]{1,40}$/);

/** The seed's provider kinds (实施方案 二(二)7). */
export const PROVIDER_KINDS = ['ip_agency', 'forensic', 'law_firm', 'association', 'alliance', 'enterprise', 'university'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_KIND_LABELS: Record<ProviderKind, { zh: string; en: string }> = {
  ip_agency: { zh: '知识产权服务机构', en: 'IP service agency' },
  forensic: { zh: '司法鉴定机构', en: 'Forensic appraisal institution' },
  law_firm: { zh: '律师事务所', en: 'Law firm' },
  association: { zh: '行业协会', en: 'Industry association' },
  alliance: { zh: '服务联盟', en: 'Service alliance' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  university: { zh: '高等院校', en: 'University' },
};

export const qualificationEntry = z.strictObject({
  kind: text(50),
  number: text(100),
  validUntil: day,
});
export const qualification = z.object({ id: z.number().int(), kind: z.string(), number: z.string(), validUntil: z.string(), expired: z.boolean() });

export const providerCreate = z.strictObject({
  regionCode: district.optional(),
  name: text(100),
  kind: z.enum(PROVIDER_KINDS),
  creditCode: optionalText(18),
  districts: z.array(district).max(50).default([]),
  serviceKinds: z.array(serviceKind).min(1).max(20),
  contactName: optionalText(50),
  contactPhone: phone.optional().nullable(),
  intro: optionalText(1000),
  qualifications: z.array(qualificationEntry).max(20).default([]),
});
export type ProviderCreate = z.input<typeof providerCreate>;
export const providerUpdate = z.strictObject({
  name: text(100).optional(),
  districts: z.array(district).max(50).optional(),
  serviceKinds: z.array(serviceKind).min(1).max(20).optional(),
  contactName: optionalText(50),
  contactPhone: phone.optional().nullable(),
  intro: optionalText(1000),
  active: z.boolean().optional(),
  qualifications: z.array(qualificationEntry).max(20).optional(),
});
export type ProviderUpdate = z.input<typeof providerUpdate>;

export const provider = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  regionCode: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  creditCode: z.string().nullable(),
  districts: z.array(z.string()),
  serviceKinds: z.array(z.string()),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  intro: z.string().nullable(),
  active: z.boolean(),
  qualifications: z.array(qualification),
  /** a qualification past its date: no new assignment until renewed */
  qualified: z.boolean(),
  rating: z.number().nullable(),
  openRequests: z.number().int(),
});
export type Provider = z.infer<typeof provider>;
export const providerListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(PROVIDER_KINDS).optional(),
  serviceKind: serviceKind.optional(),
});
export const providerListPageQuery = providerListQuery.extend(pageQuery.shape);
export const providerPage = pageOf(provider);
export const servicesIdParams = z.object({ id });

/** The catalogue. */
export const offeringCreate = z.strictObject({
  /** a bureau lists for a site or provider in its scope; staff list for their own organisation */
  orgId: idValue.optional(),
  serviceKind,
  title: text(100),
  description: optionalText(1000),
  free: z.boolean().default(true),
  contractId: idValue.optional().nullable(),
  audience: optionalText(200),
  responseDays: z.number().int().min(1).max(30).default(2),
});
export type OfferingCreate = z.input<typeof offeringCreate>;
export const offering = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.enum(['site', 'provider']),
  districtCode: z.string().nullable(),
  serviceKind: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  free: z.boolean(),
  contractId: z.number().int().nullable(),
  audience: z.string().nullable(),
  responseDays: z.number().int(),
  active: z.boolean(),
});
export const offeringListQuery = z.object({ serviceKind: serviceKind.optional(), orgId: id.optional() });
export const offeringList = z.array(offering);

/** 精准对接: who could take a request, best first. */
export const suggestQuery = z.object({ serviceKind, districtCode: district.optional() });
export const suggestion = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.enum(['site', 'provider']),
  offeringId: z.number().int(),
  offeringTitle: z.string(),
  free: z.boolean(),
  responseDays: z.number().int(),
  sameDistrict: z.boolean(),
  openRequests: z.number().int(),
  rating: z.number().nullable(),
  score: z.number(),
});
export const suggestionList = z.array(suggestion);

/** The help request's path (engine `services.request`), copied on the request for lists. */
export const REQUEST_STATES = ['assigned', 'escalated', 'accepted', 'delivered', 'confirmed', 'cancelled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const REQUEST_STATE_LABELS: Record<RequestState, { zh: string; en: string }> = {
  assigned: { zh: '待受理', en: 'Awaiting acceptance' },
  escalated: { zh: '待区县分派', en: 'With the district to assign' },
  accepted: { zh: '服务中', en: 'Accepted' },
  delivered: { zh: '待企业确认', en: 'Delivered, to confirm' },
  confirmed: { zh: '已评价', en: 'Confirmed and rated' },
  cancelled: { zh: '已撤回', en: 'Withdrawn' },
};
/**
 * The same states as a member of the public reads them on 求助进度 (/help-status): the request is theirs, not an
 * enterprise's, so a delivered one waits for *their* rating.
 */
export const PUBLIC_REQUEST_STATE_LABELS: Record<RequestState, { zh: string; en: string }> = {
  assigned: { zh: '待受理', en: 'Awaiting acceptance' },
  escalated: { zh: '待区县分派', en: 'With the district to assign' },
  accepted: { zh: '服务中', en: 'Being served' },
  delivered: { zh: '待您确认评价', en: 'Delivered — awaiting your rating' },
  confirmed: { zh: '已评价', en: 'Rated' },
  cancelled: { zh: '已撤回', en: 'Withdrawn' },
};

/** The form warns the enterprise not to disclose the secret: the need is described, never the secret's content. */
export const NEED_MAX = 1000;
export const requestCreate = z.strictObject({
  serviceKind,
  title: text(60),
  need: text(NEED_MAX),
  contactName: text(50),
  contactPhone: phone,
  /** a site or provider the enterprise chose (from the suggestions); none: the best suggestion, or the district */
  assigneeOrgId: idValue.optional().nullable(),
});
export type RequestCreate = z.input<typeof requestCreate>;

/**
 * A member of the public asks without an account (the public form; rate-limited like the public complaint form). The
 * request lands in the same queue: the best suggestion for the district, else the district bureau assigns it.
 */
export const publicRequestCreate = z.strictObject({
  regionCode: district.optional(),
  districtCode: district,
  /** the person or the (unregistered) company asking */
  publicName: text(100),
  serviceKind,
  title: text(60),
  need: text(NEED_MAX),
  contactName: text(50),
  contactPhone: phone,
});
export type PublicRequestCreate = z.input<typeof publicRequestCreate>;
export const publicRequestResult = z.object({ id: z.number().int(), state: z.enum(REQUEST_STATES), assigneeName: z.string().nullable(), bureauName: z.string() });
export type PublicRequestResult = z.infer<typeof publicRequestResult>;

/** 转为求助: a bureau opens a help request for the enterprise of a listening need; title and need default to the need's. */
export const requestFromNeed = z.strictObject({
  needId: idValue,
  serviceKind,
  title: text(60).optional(),
  need: text(NEED_MAX).optional(),
  contactName: text(50),
  contactPhone: phone,
  assigneeOrgId: idValue.optional().nullable(),
});
export type RequestFromNeed = z.input<typeof requestFromNeed>;

/**
 * From a delivered request, the follow-up the issue names, through the owning module's rules: an on-site health check
 * (the enterprise's site, with the enterprise's consent), a rights-holder report (the enterprise itself), a cultivation
 * entry (a bureau or site in scope).
 */
export const requestFollowUp = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('health_check'), consentBy: text(100), consentDate: day, consentNote: optionalText(500) }),
  z.strictObject({ kind: z.literal('report'), report: rightholderReport }),
  z.strictObject({ kind: z.literal('cultivation'), entry: cultivationCreate.omit({ enterpriseId: true }) }),
]);
export type RequestFollowUp = z.input<typeof requestFollowUp>;

export const requestStep = z.strictObject({ comment: optionalText(500), version: z.number().int().optional() });
export const requestReassign = z.strictObject({ assigneeOrgId: idValue, comment: text(500) });
export const requestDecline = z.strictObject({ comment: text(500) });
export const requestDeliver = z.strictObject({
  deliveredOn: day,
  hours: z.number().min(0.5).max(1000),
  people: z.number().int().min(1).max(10000),
  outcome: text(1000),
  fileIds: z.array(idValue).max(10).default([]),
});
export type RequestDeliver = z.input<typeof requestDeliver>;
export const requestConfirm = z.strictObject({ rating: z.number().int().min(1).max(5), comment: optionalText(500) });

export const REQUEST_ACTIONS = ['accept', 'decline', 'deliver', 'confirm', 'reassign', 'cancel'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const helpRequest = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  districtCode: z.string().nullable(),
  /** null: asked by a member of the public (enterpriseName: the name they gave) */
  enterpriseId: z.number().int().nullable(),
  enterpriseName: z.string(),
  fromPublic: z.boolean(),
  serviceKind: z.string(),
  title: z.string(),
  need: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  assigneeOrgId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  assigneeKind: z.enum(['site', 'provider']).nullable(),
  state: z.enum(REQUEST_STATES),
  dueOn: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  deliveredOn: z.string().nullable(),
  hours: z.number().nullable(),
  people: z.number().int().nullable(),
  outcome: z.string().nullable(),
  deliveryFileIds: z.array(z.number().int()),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  createdAt: z.string(),
});
export type HelpRequest = z.infer<typeof helpRequest>;
export const FOLLOW_UP_KINDS = ['health_check', 'report', 'cultivation'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpKind, { zh: string; en: string }> = {
  health_check: { zh: '现场体检', en: 'On-site health check' },
  report: { zh: '权利人举报', en: 'Rights-holder report' },
  cultivation: { zh: '列入培育库', en: 'Cultivation entry' },
};
export const followUp = z.object({ kind: z.enum(FOLLOW_UP_KINDS), id: z.number().int(), at: z.string() });
export const helpRequestDetail = helpRequest.extend({
  /** the listening need it was opened from (转为求助) */
  needId: z.number().int().nullable(),
  /** what the delivered request started: a health check, a report, a cultivation entry */
  followUps: z.array(followUp),
  version: z.number().int(),
  allowed: z.array(z.enum(REQUEST_ACTIONS)),
  history: z.array(z.object({ id: z.number().int(), at: z.string(), userName: z.string().nullable(), orgName: z.string().nullable(), action: z.string(), comment: z.string().nullable() })),
});
export type HelpRequestDetail = z.infer<typeof helpRequestDetail>;
export const requestListQuery = z.object({
  state: z.enum(REQUEST_STATES).optional(),
  serviceKind: serviceKind.optional(),
  districtCode: district.optional(),
});
export const requestListPageQuery = requestListQuery.extend(pageQuery.shape);
export const requestPage = pageOf(helpRequest);

/** The ledger. */
export const ledgerActivity = z.strictObject({
  orgId: idValue.optional(),
  serviceKind: z.enum(['training', 'publicity']),
  title: text(100),
  occurredOn: day,
  hours: z.number().min(0).max(1000).default(0),
  people: z.number().int().min(0).max(100000).default(0),
  outcome: optionalText(1000),
});
export type LedgerActivity = z.input<typeof ledgerActivity>;
export const ledgerRow = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.enum(['site', 'provider']),
  districtCode: z.string().nullable(),
  source: z.enum(['request', 'activity']),
  requestId: z.number().int().nullable(),
  enterpriseName: z.string().nullable(),
  contractId: z.number().int().nullable(),
  serviceKind: z.string(),
  title: z.string(),
  occurredOn: z.string(),
  hours: z.number(),
  people: z.number().int(),
  outcome: z.string().nullable(),
});
export type LedgerRow = z.infer<typeof ledgerRow>;
export const ledgerListQuery = z.object({
  orgId: id.optional(),
  serviceKind: serviceKind.optional(),
  from: day.optional(),
  to: day.optional(),
});
export const ledgerListPageQuery = ledgerListQuery.extend(pageQuery.shape);
export const ledgerExportQuery = ledgerListQuery.extend({ order: pageQuery.shape.order });
export const ledgerPage = pageOf(ledgerRow);
export const LEDGER_GROUPS = ['district', 'serviceKind', 'org', 'month'] as const;
/**
 * Ledger aggregates from the maintained tallies. `by=org` is a page of organisations in id order: `after` the last id
 * seen, at most `limit` (a city has thousands). `enterpriseServices`: services to a named enterprise.
 */
export const ledgerSummaryQuery = ledgerListQuery.extend({
  by: z.enum(LEDGER_GROUPS),
  after: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const ledgerSummary = z.array(z.object({ key: z.string().nullable(), label: z.string().nullable(), services: z.number().int(), hours: z.number(), people: z.number().int(), enterpriseServices: z.number().int() }));
export type LedgerSummary = z.infer<typeof ledgerSummary>;

/** A site's yearly review: the standard's quantitative items against the ledger's counts of that year. */
export const yearlyReviewQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const yearlyReview = z.object({
  siteId: z.number().int(),
  siteName: z.string(),
  year: z.number().int(),
  standardTitle: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      weight: z.number().int(),
      measure: z.enum(['services', 'enterprises']),
      serviceKinds: z.array(z.string()),
      min: z.number().int(),
      count: z.number().int(),
      met: z.boolean(),
      /** the site's own score of the item in its newest acceptance self-evaluation, if any */
      selfScore: z.number().nullable(),
    }),
  ),
  totals: z.object({ services: z.number().int(), activities: z.number().int(), enterprises: z.number().int() }),
});
export type YearlyReview = z.infer<typeof yearlyReview>;

/** Contracts. */
export const CONTRACT_STATES = ['active', 'review', 'returned', 'accepted'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];
export const CONTRACT_STATE_LABELS: Record<ContractState, { zh: string; en: string }> = {
  active: { zh: '履约中', en: 'Under way' },
  review: { zh: '待验收', en: 'Awaiting acceptance' },
  returned: { zh: '验收退回', en: 'Returned' },
  accepted: { zh: '已验收', en: 'Accepted' },
};
export const contractCreate = z.strictObject({
  number: text(50),
  title: text(100),
  providerOrgId: idValue,
  budgetFen: money.refine((v) => v > 0),
  startOn: day,
  endOn: day,
  quotas: z.array(z.strictObject({ serviceKind, quota: z.number().int().min(1).max(1_000_000) })).min(1).max(20),
});
export type ContractCreate = z.input<typeof contractCreate>;
export const contractPayment = z.strictObject({ paidOn: day, amountFen: money.refine((v) => v > 0), note: optionalText(200) });
export type ContractPaymentInput = z.input<typeof contractPayment>;
/** 冲销: a wrong payment is cancelled by a reversing entry with its reason, never deleted (as funding reverses spending). */
export const contractPaymentReverse = z.strictObject({ reason: text(500) });
export const contractPaymentParams = z.object({ id, paymentId: id });
export const contractPaymentRow = z.object({
  id: z.number().int(),
  paidOn: z.string(),
  /** negative for a reversing entry */
  amountFen: z.number().int(),
  note: z.string().nullable(),
  /** this entry reverses that payment */
  reversesId: z.number().int().nullable(),
  /** the entry that reversed this payment */
  reversedById: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type ContractPaymentRow = z.infer<typeof contractPaymentRow>;
export const contractStep = z.strictObject({ comment: optionalText(500) });
export const contractEvaluation = z.strictObject({
  scores: z.array(z.strictObject({ indicator: text(100), weight: z.number().int().min(1).max(100), score: z.number().min(0).max(100) })).min(1).max(20),
  conclusion: text(1000),
});
export type ContractEvaluationInput = z.input<typeof contractEvaluation>;
/** The sheet as saved: the weighted total (0–100), when and by whom. */
export const contractEvaluationSheet = z.object({
  scores: z.array(z.object({ indicator: z.string(), weight: z.number(), score: z.number() })),
  conclusion: z.string(),
  total: z.number(),
  at: z.string(),
  by: z.string(),
});
export type ContractEvaluationSheet = z.infer<typeof contractEvaluationSheet>;
export const contract = z.object({
  id: z.number().int(),
  number: z.string(),
  title: z.string(),
  purchaserOrgId: z.number().int(),
  purchaserName: z.string(),
  providerOrgId: z.number().int(),
  providerName: z.string(),
  budgetFen: z.number().int(),
  paidFen: z.number().int(),
  startOn: z.string(),
  endOn: z.string(),
  state: z.enum(CONTRACT_STATES),
  progress: z.array(z.object({ serviceKind: z.string(), quota: z.number().int(), delivered: z.number().int() })),
  evaluation: contractEvaluationSheet.nullable(),
  /** payments and reversing entries, oldest first */
  payments: z.array(contractPaymentRow),
  allowed: z.array(z.enum(['submit', 'accept', 'return', 'pay', 'evaluate'])),
});
export type Contract = z.infer<typeof contract>;
export const contractList = z.array(contract);

/** The dashboard. */
export const servicesDashboard = z.object({
  requests: z.number().int(),
  byState: z.array(z.object({ state: z.string(), n: z.number().int() })),
  avgResponseHours: z.number().nullable(),
  avgRating: z.number().nullable(),
  byDistrict: z.array(z.object({ key: z.string().nullable(), label: z.string().nullable(), requests: z.number().int(), delivered: z.number().int(), avgRating: z.number().nullable() })),
  byServiceKind: z.array(z.object({ key: z.string(), label: z.string().nullable(), requests: z.number().int(), delivered: z.number().int(), avgRating: z.number().nullable() })),
  byProvider: z.array(z.object({ key: z.string(), label: z.string().nullable(), requests: z.number().int(), delivered: z.number().int(), avgRating: z.number().nullable() })),
});
export type ServicesDashboard = z.infer<typeof servicesDashboard>;

/** config/services/rules.json: the platform's working rules for services (not legal limits: the pilot sets them). */
export const servicesRulesFile = z.strictObject({
  effectiveFrom: day,
  basis: z.string().min(1),
  /** what purchased-service contracts and their acceptance rest on (the articles read, and what could not be found) */
  contractBasis: z.string().min(1),
  request: z.strictObject({ acceptWorkingDays: z.number().int().min(1).max(30), acceptNote: z.string().min(1) }),
  qualification: z.strictObject({ remindDaysBefore: z.number().int().min(1).max(365) }),
  suggestion: z.strictObject({ sameDistrict: z.number().min(0), defaultRating: z.number().min(1).max(5), openRequestPenalty: z.number().min(0), limit: z.number().int().min(1).max(50) }),
});
export type ServicesRulesFile = z.infer<typeof servicesRulesFile>;
export const contractListQuery = z.object({ state: z.enum(CONTRACT_STATES).optional() });
