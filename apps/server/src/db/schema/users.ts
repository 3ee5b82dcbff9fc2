import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { roles } from './roles.js';

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    username: text().notNull(),
    displayName: text().notNull(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    /** copy of the organisation's path: scoped lists filter one table (kept in step when an organisation moves) */
    orgPath: text().notNull(),
    phone: text(),
    email: text(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    passwordHash: text().notNull(),
    mustChangePassword: boolean().notNull().default(true),
    passwordChangedAt: tstz(),
    /** locked after failed sign-ins from many places (modules/auth/login-guard.ts); not where the user signs in usually */
    lockedUntil: tstz(),
    /** AES-256-GCM sealed TOTP secret; pending until the user confirms a code */
    totpSecret: text(),
    totpEnabled: boolean().notNull().default(false),
    /** last accepted TOTP time step: a code is never accepted twice */
    totpLastStep: integer(),
    lastLoginAt: tstz(),
    createdBy: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('users_org_idx').on(t.orgId),
    // contains-search (q) on user name, name and phone: trigram indexes (pg_trgm, created by migration 0001)
    index('users_username_trgm_idx').using('gin', sql`${t.username} gin_trgm_ops`),
    index('users_display_name_trgm_idx').using('gin', sql`${t.displayName} gin_trgm_ops`),
    index('users_phone_trgm_idx').using('gin', sql`${t.phone} gin_trgm_ops`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: integer()
      .notNull()
      .references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);

/** Server-side sessions: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
    lastSeenAt: tstz().notNull().defaultNow(),
    expiresAt: tstz().notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
