/**
 * Referral channels (issue 24 item 4; plan task 9 “畅通行政保护、司法调解、民事诉讼等渠道”): from a complaint or a case the
 * bureau refers the parties to people's mediation, court-annexed mediation (诉调对接), arbitration or a civil suit, records
 * the body referred to, the date and the documents sent, and the outcome when it comes back.
 */
import { z } from 'zod';
import { id } from './common.js';

export const REFERRAL_CHANNELS = ['people_mediation', 'court_mediation', 'arbitration', 'civil_suit'] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];
export const REFERRAL_CHANNEL_LABELS: Record<ReferralChannel, { zh: string; en: string }> = {
  people_mediation: { zh: '人民调解', en: "People's mediation" },
  court_mediation: { zh: '诉调对接（法院委派/委托调解）', en: 'Court-annexed mediation' },
  arbitration: { zh: '仲裁', en: 'Arbitration' },
  civil_suit: { zh: '民事诉讼', en: 'Civil suit' },
};

export const REFERRAL_OUTCOMES = ['settled', 'not_settled', 'award', 'judgment', 'withdrawn', 'declined'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
export const REFERRAL_OUTCOME_LABELS: Record<ReferralOutcome, { zh: string; en: string }> = {
  settled: { zh: '达成调解协议/和解', en: 'Settled' },
  not_settled: { zh: '调解不成', en: 'Not settled' },
  award: { zh: '作出仲裁裁决', en: 'Arbitral award' },
  judgment: { zh: '作出判决', en: 'Judgment' },
  withdrawn: { zh: '当事人撤回', en: 'Withdrawn' },
  declined: { zh: '不予受理', en: 'Not accepted' },
};
/** Which outcomes each channel can return: mediation ends in an agreement or none, arbitration in an award, a suit in a judgment. */
export const REFERRAL_OUTCOMES_BY_CHANNEL: Record<ReferralChannel, readonly ReferralOutcome[]> = {
  people_mediation: ['settled', 'not_settled', 'withdrawn', 'declined'],
  court_mediation: ['settled', 'not_settled', 'withdrawn', 'declined'],
  arbitration: ['settled', 'award', 'withdrawn', 'declined'],
  civil_suit: ['settled', 'judgment', 'withdrawn', 'declined'],
};

const day = z.iso.date();
export const referralCreate = z.strictObject({
  channel: z.enum(REFERRAL_CHANNELS),
  /** the body referred to: 人民调解委员会, the court, the arbitration commission */
  referredTo: z.string().trim().min(1).max(100),
  referredOn: day,
  /** the documents sent with the referral (titles); none is allowed (an oral referral) */
  documents: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  note: z.string().trim().max(1000).optional().nullable(),
});
export type ReferralCreate = z.infer<typeof referralCreate>;

export const referralOutcomeInput = z.strictObject({
  outcome: z.enum(REFERRAL_OUTCOMES),
  outcomeOn: day,
  outcomeSummary: z.string().trim().max(1000).optional().nullable(),
});
export type ReferralOutcomeInput = z.infer<typeof referralOutcomeInput>;

export const referral = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  channel: z.enum(REFERRAL_CHANNELS),
  referredTo: z.string(),
  referredOn: z.string(),
  documents: z.array(z.string()),
  note: z.string().nullable(),
  outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
  outcomeOn: z.string().nullable(),
  outcomeSummary: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type Referral = z.infer<typeof referral>;
export const referralList = z.array(referral);

export const referralParams = z.object({ id, referralId: id });
/** The cases dashboard's counts by channel (within the caller's scope), optionally for referrals made in a date range. */
export const referralStatsQuery = z.object({ from: day.optional(), to: day.optional() });
export const referralStats = z.array(
  z.object({ channel: z.enum(REFERRAL_CHANNELS), total: z.number().int(), pending: z.number().int(), settled: z.number().int(), returned: z.number().int() }),
);
export type ReferralStats = z.infer<typeof referralStats>;
