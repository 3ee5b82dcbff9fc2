import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz } from './columns.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/**
 * One path of one record through a declared workflow (platform/workflow): the record stays in its module's table with
 * its own status; the engine keeps where the path stands. `org_path` is the record's home organisation (the bureaus
 * above it review and approve); `paths` every organisation under which the record is seen (home first, then e.g. the
 * coaching site), so "who may act" and the to-dos filter this one table. `round` holds who took each transition since
 * the path last started (separation of duties), `version` grows with every step (optimistic checks, reminder keys).
 */
export const workflowInstances = pgTable(
  'workflow_instances',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    kind: text().notNull(),
    recordId: integer().notNull(),
    regionCode: text(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    paths: text().array().notNull(),
    /** the record's name as people read it (notices and to-do lists), kept by the module */
    label: text().notNull().default(''),
    state: text().notNull(),
    version: integer().notNull().default(0),
    round: jsonb().$type<Record<string, number>>().notNull().default({}),
    submittedBy: integer().references(() => users.id),
    submittedAt: tstz(),
    enteredAt: tstz().notNull().defaultNow(),
    /** the time limit of the current state (Asia/Shanghai date), and which reminder of it went out (1 soon, 2 today, 3 overdue) */
    dueOn: date({ mode: 'string' }),
    reminded: smallint().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('workflow_instances_record_uq').on(t.kind, t.recordId),
    // the to-dos: a kind's records in a state, then the scope's path prefix
    index('workflow_instances_state_idx').on(t.kind, t.state, t.orgPath),
    // the reminder scan: open limits by due date
    index('workflow_instances_due_idx').on(t.dueOn).where(sql`${t.dueOn} is not null`),
  ],
);

/** Every step taken on a path, append-only: who (name and organisation as they were), when, from, to, why, with what. */
export const workflowSteps = pgTable(
  'workflow_steps',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    instanceId: integer()
      .notNull()
      .references(() => workflowInstances.id),
    kind: text().notNull(),
    recordId: integer().notNull(),
    at: tstz().notNull().defaultNow(),
    userId: integer().references(() => users.id),
    userName: text(),
    orgId: integer().references(() => orgs.id),
    orgName: text(),
    transition: text().notNull(),
    fromState: text().notNull(),
    toState: text().notNull(),
    comment: text(),
    fileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    data: jsonb(),
  },
  (t) => [index('workflow_steps_record_idx').on(t.kind, t.recordId, t.at, t.id), index('workflow_steps_instance_idx').on(t.instanceId, t.id)],
);

/**
 * The inbox (消息中心): one row per user and notice, written in the transaction of the event it tells of. Title and body
 * are rendered in both languages when written (the notice says what was true then). `dedupe_key` makes a notice that
 * must go out once (a time limit's reminder) unique per user, whichever node writes it.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    bodyZh: text(),
    bodyEn: text(),
    /** the web page that opens the record */
    link: text(),
    recordKind: text(),
    recordId: integer(),
    createdAt: createdAt(),
    readAt: tstz(),
    dedupeKey: text(),
  },
  (t) => [
    // read backwards for newest first (an index declared DESC would sort NULLS LAST and not serve ORDER BY … DESC)
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_user_event_idx').on(t.userId, t.event, t.createdAt, t.id),
    // the header's badge and the unread filter: a user's unread, from this small index
    index('notifications_unread_idx').on(t.userId, t.createdAt, t.id).where(sql`${t.readAt} is null`),
    index('notifications_record_idx').on(t.recordKind, t.recordId),
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
  ],
);

/** Which channels beyond the inbox a user wants per kind of event (no row: the event's defaults). */
export const notificationPrefs = pgTable(
  'notification_prefs',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    email: boolean().notNull(),
    sms: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

/**
 * Messages to send beyond the browser, written in the same transaction as their event (a rolled-back request sends
 * nothing) and sent after commit by the outbox sender: claimed with FOR UPDATE SKIP LOCKED under a lease, sent with a
 * Message-ID derived from the row, marked sent; retried with back-off; given up after a number of attempts.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    channel: text({ enum: ['email', 'sms'] }).notNull(),
    recipient: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    dedupeKey: text().notNull(),
    notificationId: bigint({ mode: 'number' }),
    status: text({ enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tstz().notNull().defaultNow(),
    leaseUntil: tstz(),
    leaseOwner: text(),
    sentAt: tstz(),
    lastError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_uq').on(t.dedupeKey),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
