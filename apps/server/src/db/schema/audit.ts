import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/**
 * Operation log, hash-chained: hash = SHA-256(prevHash ‖ canonical row). `seq` is contiguous, assigned under an
 * advisory lock in the writing transaction; `oplog_head` holds the last seq and hash so deleting the newest rows shows.
 */
export const oplog = pgTable(
  'oplog',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
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
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index('oplog_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.seq),
    index('oplog_user_idx').on(t.userId, t.seq),
    index('oplog_at_idx').on(t.at),
  ],
);

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
