import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { scopeColumns } from './scope-columns.js';
import { createdAt, tstz, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * 工作专班 and 联席会议 (issue 19 item 5). A member unit is an organisation of the tree (a bureau, a partner agency, a
 * department) with its role and contacts, once per region.
 */
export const taskforceUnits = pgTable(
  'taskforce_units',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    unitOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    role: text({ enum: ['lead', 'member'] })
      .notNull()
      .default('member'),
    duty: text(),
    contacts: jsonb().$type<{ name: string; title?: string | null; phone?: string | null; email?: string | null }[]>().notNull(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('taskforce_units_org_uq').on(t.regionCode, t.unitOrgId)],
);

/**
 * A meeting (联席会议 or 专班会议), kept by the office that recorded it (`org_id`/`org_path`: its scope); the member units
 * that attended (`attendee_org_ids`) see it too. Minutes as text and files of the files module.
 */
export const taskforceMeetings = pgTable(
  'taskforce_meetings',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    kind: text({ enum: ['joint', 'taskforce'] }).notNull(),
    title: text().notNull(),
    heldOn: date({ mode: 'string' }).notNull(),
    place: text(),
    agenda: text().notNull(),
    attendeeOrgIds: integer().array().notNull(),
    attendees: text(),
    minutes: text(),
    minutesFileIds: integer().array().notNull().default(sql`'{}'::int[]`),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('taskforce_meetings_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.heldOn), index('taskforce_meetings_attendees_idx').using('gin', t.attendeeOrgIds)],
);

/** A decision (议定事项) of a meeting, numbered within it. */
export const taskforceDecisions = pgTable(
  'taskforce_decisions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer()
      .notNull()
      .references(() => taskforceMeetings.id),
    seq: integer().notNull(),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('taskforce_decisions_seq_uq').on(t.meetingId, t.seq)],
);

/**
 * A task (交办事项) of a decision, assigned to a member unit or a district bureau with a due date. `org_*` is the office
 * that assigned it (the meeting's); `assignee_org_path` lets the assignee and the bureaus above it see it. `state` copies
 * the engine's `taskforce.task` path for lists; `due_on` is its limit.
 */
export const taskforceTasks = pgTable(
  'taskforce_tasks',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    meetingId: integer()
      .notNull()
      .references(() => taskforceMeetings.id),
    decisionId: integer()
      .notNull()
      .references(() => taskforceDecisions.id),
    title: text().notNull(),
    detail: text(),
    assigneeOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    assigneeOrgPath: text().notNull(),
    /** the assignee's district (a district bureau's tasks are filtered and counted by it) */
    assigneeDistrictCode: text(),
    dueOn: date({ mode: 'string' }).notNull(),
    state: text({ enum: ['assigned', 'reported', 'submitted', 'done'] })
      .notNull()
      .default('assigned'),
    reports: integer().notNull().default(0),
    lastReportAt: tstz(),
    urged: integer().notNull().default(0),
    completedAt: tstz(),
    acceptedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('taskforce_tasks_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('taskforce_tasks_assignee_idx').on(t.assigneeOrgPath.op('text_pattern_ops'), t.id),
    index('taskforce_tasks_open_due_idx').on(t.dueOn).where(sql`state <> 'done'`),
    index('taskforce_tasks_meeting_idx').on(t.meetingId),
  ],
);
