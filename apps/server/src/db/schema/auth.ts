import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { users } from './users.js';

/**
 * Failed sign-ins per account name and client address (the back-off of modules/auth/login-guard.ts). Keyed by the
 * lower-cased name as typed, whether or not such a user exists, so the answers reveal nothing about which names do.
 * In the database, not in memory: every app node sees the same counts.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    nameKey: text().notNull(),
    ip: text().notNull(),
    failures: integer().notNull(),
    firstAt: tstz().notNull(),
    lastAt: tstz().notNull(),
    /** no password is checked for this name from this address before then (429 with Retry-After) */
    blockedUntil: tstz(),
  },
  (t) => [primaryKey({ columns: [t.nameKey, t.ip] }), index('login_failures_name_idx').on(t.nameKey, t.lastAt), index('login_failures_last_idx').on(t.lastAt)],
);

/** Addresses a user signed in from successfully (the most recent few): the account's lock does not apply there. */
export const userKnownIps = pgTable(
  'user_known_ips',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ip: text().notNull(),
    firstAt: tstz().notNull(),
    lastAt: tstz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);

/**
 * Security events a user must be told of (their account locked because of guesses from many places …), written by
 * `notifySecurityEvent` (modules/auth/security-events.ts). `notifiedAt` stays null until a channel delivered it.
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: tstz().notNull(),
    kind: text().notNull(),
    data: jsonb().notNull().default(sql`'{}'::jsonb`),
    notifiedAt: tstz(),
  },
  (t) => [index('security_events_user_idx').on(t.userId, t.id)],
);
