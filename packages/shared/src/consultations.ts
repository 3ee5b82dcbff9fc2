import { z } from 'zod';
import { idValue, pageOf, pageQuery, text } from './common.js';
import { trackingCode } from './cases.js';
import { publicRequestResult, REQUEST_STATES } from './services.js';

/**
 * Consultations (咨询问答, issue 15 item 4, docs/services.md § Consultations) on the engine's `services.consult` path: an
 * enterprise asks in writing (never the secret itself: the form says so and the length is capped), a site or provider
 * answers, the enterprise may ask a follow-up; with both sides' consent the city or district publishes a version
 * stripped of names to the public FAQ. And the public tracking of a help request asked without an account.
 */
const day = z.iso.date();

/** What a question is about: the FAQ's categories. */
export const CONSULT_CATEGORIES = ['measures', 'employees', 'contracts', 'rights', 'evidence', 'other'] as const;
export type ConsultCategory = (typeof CONSULT_CATEGORIES)[number];
export const CONSULT_CATEGORY_LABELS: Record<ConsultCategory, { zh: string; en: string }> = {
  measures: { zh: '保密措施', en: 'Protection measures' },
  employees: { zh: '员工与竞业限制', en: 'Employees and non-compete' },
  contracts: { zh: '合同与许可', en: 'Contracts and licensing' },
  rights: { zh: '维权与举报', en: 'Enforcement and reporting' },
  evidence: { zh: '证据与鉴定', en: 'Evidence and appraisal' },
  other: { zh: '其他', en: 'Other' },
};
export const consultCategory = z.enum(CONSULT_CATEGORIES);

/** A question or an answer is a description, not a document: 1000 characters at most (a pasted file is refused). */
export const CONSULT_TEXT_MAX = 1000;

export const CONSULT_STATES = ['routing', 'asked', 'answered', 'published'] as const;
export type ConsultState = (typeof CONSULT_STATES)[number];

export const consultationCreate = z.strictObject({
  category: consultCategory,
  title: text(60),
  question: text(CONSULT_TEXT_MAX),
  /** the site or provider asked; none: the enterprise's district picks one */
  assigneeOrgId: idValue.optional().nullable(),
});
export type ConsultationCreate = z.input<typeof consultationCreate>;

export const consultationRoute = z.strictObject({ assigneeOrgId: idValue, version: z.number().int().optional() });
export const consultationText = z.strictObject({ text: text(CONSULT_TEXT_MAX), version: z.number().int().optional() });
export const consultationPublish = z.strictObject({
  category: consultCategory,
  question: text(CONSULT_TEXT_MAX),
  answer: text(2 * CONSULT_TEXT_MAX),
  version: z.number().int().optional(),
});
export type ConsultationPublish = z.input<typeof consultationPublish>;
export const consultationUnpublish = z.strictObject({ comment: text(500), version: z.number().int().optional() });

export const consultationMessage = z.object({ id: z.number().int(), kind: z.enum(['question', 'answer']), text: z.string(), orgName: z.string(), at: z.string() });

export const consultation = z.object({
  id: z.number().int(),
  districtCode: z.string().nullable(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  category: consultCategory,
  title: z.string(),
  assigneeOrgId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  state: z.enum(CONSULT_STATES),
  /** the day the answer is due (state `asked`), the engine's limit */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  askerConsent: z.boolean(),
  answererConsent: z.boolean(),
  publishedOn: z.string().nullable(),
  createdAt: z.string(),
});
export type Consultation = z.infer<typeof consultation>;

export const CONSULT_ACTIONS = ['route', 'answer', 'followUp', 'consent', 'publish', 'unpublish'] as const;
export type ConsultAction = (typeof CONSULT_ACTIONS)[number];

export const consultationDetail = consultation.extend({
  messages: z.array(consultationMessage),
  faq: z.object({ category: consultCategory, question: z.string(), answer: z.string() }).nullable(),
  version: z.number().int(),
  allowed: z.array(z.enum(CONSULT_ACTIONS)),
  history: z.array(z.object({ id: z.number().int(), at: z.string(), userName: z.string().nullable(), orgName: z.string().nullable(), action: z.string(), comment: z.string().nullable() })),
});
export type ConsultationDetail = z.infer<typeof consultationDetail>;

export const consultationListQuery = z.object({ state: z.enum(CONSULT_STATES).optional(), category: consultCategory.optional(), overdue: z.enum(['true', 'false']).optional() });
export const consultationListPageQuery = consultationListQuery.extend(pageQuery.shape);
export const consultationPage = pageOf(consultation);

/** The public FAQ: published, name-stripped questions of the region, searchable, by category. */
export const faqQuery = z.object({ q: z.string().trim().max(50).optional(), category: consultCategory.optional(), regionCode: z.string().regex(/^\d{6}$/).optional() }).extend(pageQuery.shape);
export const faqEntry = z.object({ id: z.number().int(), category: consultCategory, question: z.string(), answer: z.string(), publishedOn: z.string() });
export type FaqEntry = z.infer<typeof faqEntry>;
export const faqPage = pageOf(faqEntry);

// -- a member of the public follows and rates a help request with its tracking code (like /track for complaints) --
export const requestCodeParams = z.object({ code: trackingCode });
export const publicRequestTracked = publicRequestResult.extend({ trackingCode: z.string() });
export type PublicRequestTracked = z.infer<typeof publicRequestTracked>;
export const publicRequestStatus = z.object({
  trackingCode: z.string(),
  serviceKind: z.string(),
  title: z.string(),
  state: z.enum(REQUEST_STATES),
  bureauName: z.string(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  deliveredOn: day.nullable(),
  outcome: z.string().nullable(),
  rating: z.number().int().nullable(),
  /** delivered and not rated yet: the asker may rate, once */
  mayRate: z.boolean(),
  steps: z.array(z.object({ at: z.string(), action: z.string() })),
});
export type PublicRequestStatus = z.infer<typeof publicRequestStatus>;
export const publicRequestRate = z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional().nullable() });

/** config/services/consultations.json: the time to answer, as data with its basis. */
export const consultRulesFile = z.strictObject({
  effectiveFrom: day,
  basis: z.string().min(1),
  answerWorkingDays: z.number().int().min(1).max(60),
  answerNote: z.string().min(1),
});
export type ConsultRulesFile = z.infer<typeof consultRulesFile>;

/** Editing a catalogue entry (its organisation's staff): what it says, and `active: false` to withdraw it. */
export const offeringUpdate = z
  .strictObject({
    title: text(100).optional(),
    description: z.string().trim().max(1000).optional().nullable(),
    free: z.boolean().optional(),
    audience: z.string().trim().max(200).optional().nullable(),
    responseDays: z.number().int().min(1).max(30).optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type OfferingUpdate = z.input<typeof offeringUpdate>;
