import { date, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/**
 * 行业协会 and 商业秘密保护联盟 (issue 17 item 5). An association is an organisation of the tree (kind `association`,
 * registered under a bureau, so the bureau's data scope reaches it and its own account's scope is itself); this row
 * holds what the registry adds: whether it is an association or an alliance, its trade, its introduction.
 */
export const listeningAssociations = pgTable(
  'listening_associations',
  {
    orgId: integer()
      .primaryKey()
      .references(() => orgs.id),
    /** the association's own path (`/1/7/93/`): a bureau's scope over it is a prefix match */
    orgPath: text().notNull(),
    regionCode: text().notNull(),
    kind: text({ enum: ['association', 'alliance'] }).notNull(),
    trade: text().notNull(),
    intro: text(),
    foundedOn: date({ mode: 'string' }),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('listening_associations_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** Member enterprises. Leaving keeps the row (`left_on`): the membership history stays readable. */
export const listeningAssociationMembers = pgTable(
  'listening_association_members',
  {
    associationOrgId: integer()
      .notNull()
      .references(() => listeningAssociations.orgId),
    enterpriseId: integer()
      .notNull()
      .references(() => enterprises.id),
    joinedOn: date({ mode: 'string' }).notNull(),
    leftOn: date({ mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.associationOrgId, t.enterpriseId] }), index('listening_association_members_enterprise_idx').on(t.enterpriseId)],
);

/**
 * 自律规范 and conventions as versioned documents: each change is a new row (`code`, `version` + 1), never an edit, so
 * what a member agreed to on a given day stays readable.
 */
export const listeningAssociationNorms = pgTable(
  'listening_association_norms',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    associationOrgId: integer()
      .notNull()
      .references(() => listeningAssociations.orgId),
    /** stable key of the document across its versions */
    code: text().notNull(),
    version: integer().notNull(),
    kind: text({ enum: ['norm', 'convention'] }).notNull(),
    title: text().notNull(),
    body: text().notNull(),
    effectiveOn: date({ mode: 'string' }).notNull(),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('listening_association_norms_version_uq').on(t.associationOrgId, t.code, t.version)],
);
