import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { createdAt, updatedAt } from './columns.js';
import { users } from './users.js';

/**
 * A referral of a complaint's or case's parties to another channel (issue 24 item 4): people's mediation, court-annexed
 * mediation (诉调对接), arbitration or a civil suit; the body referred to, the date, the documents sent, and the outcome
 * when it comes back (null until then). Seen through its case (cases' scope).
 */
export const caseReferrals = pgTable(
  'case_referrals',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    channel: text({ enum: ['people_mediation', 'court_mediation', 'arbitration', 'civil_suit'] }).notNull(),
    referredTo: text().notNull(),
    referredOn: date({ mode: 'string' }).notNull(),
    documents: text().array().notNull().default(sql`'{}'::text[]`),
    note: text(),
    outcome: text({ enum: ['settled', 'not_settled', 'award', 'judgment', 'withdrawn', 'declined'] }),
    outcomeOn: date({ mode: 'string' }),
    outcomeSummary: text(),
    createdBy: integer().references(() => users.id),
    createdByName: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('case_referrals_case_idx').on(t.caseId), index('case_referrals_channel_idx').on(t.channel, t.referredOn)],
);
