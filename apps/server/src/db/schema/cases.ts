import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { files } from './files.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * Complaints (投诉) and reports (举报) and the enforcement cases they become. One row per track: a filing that mixes
 * both is split into two rows that name each other (`sibling_id`). `org_id`/`org_path` is the bureau handling it (its
 * data scope); partner agencies see a case only through `case_shares`. The reporter's identity and contact are one
 * AES-256-GCM sealed JSON (`reporter_sealed`, bound to the row id), opened only by `cases:identity` with a reason.
 */
export const cases = pgTable(
  'cases',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    /** 16 digits, the last a Luhn check digit; the reporter's only key to the case */
    trackingCode: text().notNull(),
    track: text({ enum: ['complaint', 'report'] }).notNull(),
    source: text().notNull(),
    status: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    respondentName: text(),
    respondentCreditCode: text(),
    respondentAddress: text(),
    suggestedDistrictCode: text(),
    districtCode: text(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    anonymous: boolean().notNull(),
    reporterSealed: text(),
    /** the enterprise filing as rights holder, when it did */
    reporterOrgId: integer().references(() => orgs.id),
    siblingId: integer(),
    /** Art. 17–18: preliminary proof of the secret and its measures, concrete leads, existence receipts */
    rightholder: jsonb().$type<{ secretSummary: string; measures: string; infringementLeads: string; receiptRefs: string[] }>(),
    lossFen: bigint({ mode: 'number' }),
    caseNumber: text(),
    decisionKind: text(),
    decisionNo: text(),
    fineFen: bigint({ mode: 'number' }),
    confiscationFen: bigint({ mode: 'number' }),
    publicSummary: text(),
    /** words the case marks as the secret: nothing published about the case may contain them (令126 Art. 21) */
    secretTerms: text().array().notNull().default(sql`'{}'::text[]`),
    /** 督办: the city marked it a major case; its deadlines and progress reports are `supervision.report` clocks */
    supervised: boolean().notNull().default(false),
    publicSummaryStatus: text({ enum: ['none', 'draft', 'approved'] })
      .notNull()
      .default('none'),
    receivedOn: date({ mode: 'string' }).notNull(),
    closedOn: date({ mode: 'string' }),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cases_tracking_code_uq').on(t.trackingCode, t.track),
    index('cases_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('cases_status_idx').on(t.status),
    // the list's order (newest first, id breaking ties): a backward scan
    index('cases_received_idx').on(t.receivedOn, t.id),
  ],
);

/**
 * One statutory clock of a case (or of a transfer); `due_on` is recomputed whenever a pause, an extension or the calendar
 * changes it. The rule version is the one in force on `started_on` (config/deadlines/).
 */
export const caseClocks = pgTable(
  'case_clocks',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    shareId: integer(),
    ruleKey: text().notNull(),
    startedOn: date({ mode: 'string' }).notNull(),
    /** limits in hours: the instant the clock started */
    startedAt: tstz(),
    /** the due date (Asia/Shanghai); while provisional the earliest date any plausible holiday arrangement gives */
    dueOn: date({ mode: 'string' }),
    /** while provisional: the latest date any plausible arrangement gives (the range shown with 暂定) */
    dueLatest: date({ mode: 'string' }),
    /** limits in hours: the due instant (`due_on` is its date, for the queue's order) */
    dueAt: tstz(),
    provisional: boolean().notNull().default(false),
    extension: integer().notNull().default(0),
    pauses: jsonb().$type<{ from: string; to: string | null; reason: string }[]>().notNull().default([]),
    closedOn: date({ mode: 'string' }),
    /** the instant the clock was stopped (a limit in hours is judged by it) */
    closedAt: tstz(),
    /** copied from the case so the work queue is one indexed scan */
    orgPath: text().notNull(),
    /** the last reminder sent: `<due date>:<level>` (1 soon, 2 on the day, 3 overdue); a new due date re-arms them */
    reminded: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_clocks_case_idx').on(t.caseId),
    // the work queue: open clocks in due-date order, filtered by the scope's path prefix as the scan goes (a city or
    // a district sees a large share of all open clocks, so the first page is found after a few index entries)
    index('case_clocks_queue_idx').on(t.dueOn, t.id).where(sql`${t.closedOn} is null`),
    // counting a scope's open clocks
    index('case_clocks_open_idx')
      .using('btree', sql`${t.orgPath} text_pattern_ops`)
      .where(sql`${t.closedOn} is null`),
  ],
);

/** Every step: who, when, why, with what. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    at: tstz().notNull().defaultNow(),
    actorId: integer().references(() => users.id),
    actorName: text(),
    actorOrgName: text(),
    action: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    reason: text(),
    data: jsonb().$type<Record<string, unknown>>(),
    /** a partner agency sees an event only when it was shared with it */
    sharedOrgId: integer(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

export const caseFiles = pgTable(
  'case_files',
  {
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    fileId: integer()
      .notNull()
      .references(() => files.id),
    kind: text({ enum: ['material', 'evidence', 'document'] }).notNull(),
    note: text(),
    addedBy: integer().references(() => users.id),
    addedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.fileId] })],
);

/** Each time a reporter's identity was opened: listed on the case, and in the operation log. */
export const caseIdentityReveals = pgTable(
  'case_identity_reveals',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    username: text().notNull(),
    reason: text().notNull(),
    at: tstz().notNull().defaultNow(),
  },
  (t) => [index('case_identity_reveals_case_idx').on(t.caseId)],
);

/**
 * What a case shares with a partner agency: a transfer to police (移送, a timed sub-workflow), a notice (案情通报) or
 * membership of a joint case (联合办案). Together the rows are the information-sharing register.
 * The partner sees the case's public fields and what was shared; the reporter only when `identity_approved`.
 */
export const caseShares = pgTable(
  'case_shares',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    kind: text({ enum: ['transfer', 'notice', 'joint'] }).notNull(),
    status: text().notNull(),
    reason: text().notNull(),
    message: text(),
    lossFen: bigint({ mode: 'number' }),
    /** the bureau asked to send the reporter's identity with the transfer; `identity_approved` once approved with it */
    identityRequested: boolean().notNull().default(false),
    identityApproved: boolean().notNull().default(false),
    proposedBy: integer().references(() => users.id),
    proposedAt: tstz().notNull().defaultNow(),
    approvedBy: integer().references(() => users.id),
    approvedAt: tstz(),
    handedOverAt: tstz(),
    acknowledgedBy: integer().references(() => users.id),
    acknowledgedAt: tstz(),
    decidedAt: tstz(),
    decision: text(),
    decisionReason: text(),
  },
  (t) => [index('case_shares_org_idx').on(t.orgId, t.caseId), index('case_shares_case_idx').on(t.caseId)],
);

/** Admin corrections of the working-day calendar, and the years an admin has loaded in full. */
export const calendarOverrides = pgTable('calendar_overrides', {
  date: date({ mode: 'string' }).primaryKey(),
  work: boolean().notNull(),
  note: text(),
  updatedBy: integer().references(() => users.id),
  updatedAt: updatedAt(),
});
export const calendarYears = pgTable('calendar_years', {
  year: integer().primaryKey(),
  loadedBy: integer().references(() => users.id),
  loadedAt: createdAt(),
});

/**
 * A public filer's request to be told of each status change by e-mail (the tracking page). The address is sealed like the
 * reporter's identity (AAD: the case id and the row's token hash); the token (its SHA-256 here) is the one-click stop.
 */
export const caseSubscriptions = pgTable(
  'case_subscriptions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    caseId: integer()
      .notNull()
      .references(() => cases.id),
    emailSealed: text().notNull(),
    /** SHA-256 of the lower-cased address and the case id: the same address subscribes once per case */
    emailHash: text().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    stoppedAt: tstz(),
  },
  (t) => [
    uniqueIndex('case_subscriptions_token_uq').on(t.tokenHash),
    uniqueIndex('case_subscriptions_email_uq').on(t.caseId, t.emailHash),
    index('case_subscriptions_case_idx').on(t.caseId),
  ],
);
