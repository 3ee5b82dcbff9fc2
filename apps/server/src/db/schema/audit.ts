import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/** What one operation-log entry says (the chained log and the rows waiting to be linked carry the same). */
const entryColumns = () => ({
  at: tstz().notNull(),
  userId: integer(),
  username: text(),
  orgId: integer(),
  orgName: text(),
  orgPath: text(),
  action: text().notNull(),
  method: text().notNull(),
  path: text().notNull(),
  targetType: text(),
  targetId: text(),
  before: jsonb(),
  after: jsonb(),
  ip: text(),
  result: text({ enum: ['success', 'failure'] }).notNull(),
  errorCode: text(),
  durationMs: integer().notNull(),
  requestId: text(),
});

/**
 * Operation log, hash-chained: hash = SHA-256(prevHash ‖ canonical row). A writing transaction commits its row into
 * `oplog_pending` (no lock shared with other writers); the linker (platform/audit.ts `linkOplog`) moves committed rows
 * into `oplog` in commit order, assigning the contiguous `seq` and the hashes under the head row's lock, and moves
 * `oplog_head` (the last seq and hash, so deleting the newest rows shows) in the same transaction.
 */
export const oplog = pgTable(
  'oplog',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    ...entryColumns(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index('oplog_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.seq),
    index('oplog_user_idx').on(t.userId, t.seq),
    index('oplog_at_idx').on(t.at),
  ],
);

/** Committed operation-log rows not yet linked into the chain (same columns, no seq or hashes yet). */
export const oplogPending = pgTable('oplog_pending', {
  id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  ...entryColumns(),
});

export const oplogHead = pgTable('oplog_head', {
  id: integer().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  hash: text().notNull(),
});

export const loginlog = pgTable(
  'loginlog',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: tstz().notNull().defaultNow(),
    userId: integer(),
    username: text().notNull(),
    orgName: text(),
    orgPath: text(),
    ip: text(),
    userAgent: text(),
    result: text().notNull(),
  },
  (t) => [
    index('loginlog_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('loginlog_user_idx').on(t.userId, t.id),
    index('loginlog_at_idx').on(t.at),
  ],
);
