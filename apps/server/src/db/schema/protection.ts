import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { proofRecords } from './proofs.js';
import { users } from './users.js';

/**
 * The enterprise's protection file (docs/protection.md). Every row carries the enterprise's organisation (`org_id`):
 * the file is that enterprise's alone — its own users see it, nobody else does unless a grant opens a part of it.
 * The secret itself is never here: a row describes it (a name the enterprise chose, kinds, where the carriers are kept).
 */
export const secrets = pgTable(
  'secrets',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    code: text(),
    name: text().notNull(),
    category: text({ enum: ['technical', 'business'] }).notNull(),
    subKind: text().notNull(),
    level: text({ enum: ['core', 'important', 'general'] }).notNull(),
    department: text(),
    custodianName: text(),
    custodianPersonId: integer(),
    summary: text(),
    createdOn: date({ mode: 'string' }),
    reviewMonths: smallint().notNull(),
    nextReviewOn: date({ mode: 'string' }),
    lastReviewedOn: date({ mode: 'string' }),
    /** [{ kind, description, location }] */
    carriers: jsonb().notNull().default([]),
    /** the carriers' kinds, for lists and the grant view (which never shows descriptions or locations) */
    carrierKinds: text().array().notNull().default(sql`'{}'::text[]`),
    /** { advantages, formation, notPublic, developmentCostFen, advantageYears, note } */
    value: jsonb().notNull().default({}),
    status: text({ enum: ['active', 'retired', 'disclosed'] })
      .notNull()
      .default('active'),
    statusNote: text(),
    statusChangedAt: tstz(),
    /**
     * The readiness score (0–100) as the shared function last computed it, kept by the service in the transaction of
     * every change it depends on (measures, evidence, people, agreements, notices, departures), so lists sort and filter
     * on it; with each item's coverage (×100, -1 = not expected) for the overview.
     */
    readiness: smallint().notNull().default(0),
    readinessItems: smallint().array().notNull().default(sql`'{}'::smallint[]`),
    measureCount: integer().notNull().default(0),
    proofCount: integer().notNull().default(0),
    knowerCount: integer().notNull().default(0),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // register names are how notices, templates and the pack name a secret: one per enterprise
    uniqueIndex('secrets_org_name_uq').on(t.orgId, t.name),
    uniqueIndex('secrets_org_code_uq')
      .on(t.orgId, t.code)
      .where(sql`${t.code} is not null`),
    index('secrets_org_idx').on(t.orgId, t.id),
    index('secrets_org_status_idx').on(t.orgId, t.status, t.id),
    index('secrets_org_readiness_idx').on(t.orgId, t.readiness, t.id),
    index('secrets_org_level_idx').on(t.orgId, t.level, t.id),
    index('secrets_org_review_idx').on(t.orgId, t.nextReviewOn),
    index('secrets_org_updated_idx').on(t.orgId, t.updatedAt),
    // a level sorted by readiness (the register's "core, weakest first"): the plan filtered the readiness index by level
    index('secrets_org_level_readiness_idx').on(t.orgId, t.level, t.readiness, t.id),
    // the overview's weakest ten and its count of reviews due read the active secrets only
    index('secrets_active_readiness_idx')
      .on(t.orgId, t.readiness, t.id)
      .where(sql`${t.status} = 'active'`),
    index('secrets_active_review_idx')
      .on(t.orgId, t.nextReviewOn)
      .where(sql`${t.status} = 'active'`),
  ],
);

/**
 * The readiness overview's totals over an enterprise's **active** secrets, kept by the service in the transaction of every
 * write that changes a secret's level, status or stored score (modules/protection/totals.ts): the overview reads one row
 * instead of aggregating the register on each request. Writers add their difference in SQL (`x = x + delta`, element-wise
 * for the arrays) under this row's lock, computed from the secret rows they hold locked — never read, merged and written
 * back. Levels in the order core, important, general; `histogram[1 + score]` counts the secrets of each score 0–100 (the
 * bands are read from it, so a change of READINESS_BANDS needs no recount); the item arrays follow `readiness_items`.
 */
export const protectionReadinessTotals = pgTable('protection_readiness_totals', {
  orgId: integer()
    .primaryKey()
    .references(() => orgs.id),
  levelCount: integer().array().notNull().default(sql`'{0,0,0}'::int[]`),
  levelSum: integer().array().notNull().default(sql`'{0,0,0}'::int[]`),
  histogram: integer().array().notNull().default(sql`'{}'::int[]`),
  itemExpected: integer().array().notNull().default(sql`'{}'::int[]`),
  itemCovered: integer().array().notNull().default(sql`'{}'::int[]`),
  itemSum: integer().array().notNull().default(sql`'{}'::int[]`),
});

/** What happened to a secret (the pack's history): created, changed fields, status, measures, proofs, people. */
export const secretEvents = pgTable(
  'secret_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    secretId: integer()
      .notNull()
      .references(() => secrets.id),
    at: tstz().notNull().defaultNow(),
    userId: integer().references(() => users.id),
    userName: text(),
    action: text().notNull(),
    data: jsonb().notNull().default({}),
  },
  (t) => [index('secret_events_secret_idx').on(t.secretId, t.at)],
);

/** A measure protecting one secret: a requirement of the health-check framework, when it was taken, and its evidence. */
export const secretMeasures = pgTable(
  'secret_measures',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    secretId: integer()
      .notNull()
      .references(() => secrets.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    requirementId: text().notNull(),
    takenOn: date({ mode: 'string' }).notNull(),
    note: text(),
    evidenceKind: text({ enum: ['none', 'proof', 'record'] })
      .notNull()
      .default('none'),
    proofId: integer().references(() => proofRecords.id),
    recordKind: text({ enum: ['notice', 'departure', 'person'] }),
    recordId: integer(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('secret_measures_uq').on(t.secretId, t.requirementId), index('secret_measures_proof_idx').on(t.proofId)],
);

/**
 * A secret's existence proofs: the link `proof_records.secret_ref` (free text) used to stand for. Several secrets may
 * share a deposit and a secret has many. `source`: chosen, deposited from the secret's page, or matched from a legacy ref.
 */
export const secretProofs = pgTable(
  'secret_proofs',
  {
    secretId: integer()
      .notNull()
      .references(() => secrets.id),
    proofId: integer()
      .notNull()
      .references(() => proofRecords.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    source: text({ enum: ['link', 'deposit', 'legacy'] })
      .notNull()
      .default('link'),
    linkedBy: integer().references(() => users.id),
    linkedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.secretId, t.proofId] }), index('secret_proofs_proof_idx').on(t.proofId)],
);

/** People who know a secret or may reach it: staff, former staff and outside parties (法释〔2020〕7号 第六条第（二）项). */
export const protectionPeople = pgTable(
  'protection_people',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    name: text().notNull(),
    kind: text().notNull(),
    organisation: text(),
    department: text(),
    position: text(),
    employeeNo: text(),
    email: text(),
    phone: text(),
    agreementSignedOn: date({ mode: 'string' }),
    nonCompeteFrom: date({ mode: 'string' }),
    nonCompeteTo: date({ mode: 'string' }),
    note: text(),
    status: text({ enum: ['active', 'departed'] })
      .notNull()
      .default('active'),
    departedOn: date({ mode: 'string' }),
    lastAcknowledgedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('protection_people_org_idx').on(t.orgId, t.id), index('protection_people_org_name_idx').on(t.orgId, t.name), index('protection_people_org_status_idx').on(t.orgId, t.status, t.id)],
);

/** Who knows which secret, since when. */
export const secretKnowers = pgTable(
  'secret_knowers',
  {
    secretId: integer()
      .notNull()
      .references(() => secrets.id),
    personId: integer()
      .notNull()
      .references(() => protectionPeople.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    since: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.secretId, t.personId] }), index('secret_knowers_person_idx').on(t.personId)],
);

export const protectionTrainings = pgTable(
  'protection_trainings',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    personId: integer()
      .notNull()
      .references(() => protectionPeople.id),
    title: text().notNull(),
    on: date({ mode: 'string' }).notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('protection_trainings_person_idx').on(t.personId, t.on)],
);

/** A departing person's checklist (法释〔2020〕7号 第六条第（六）项): each item's day, complete when all are done. */
export const protectionDepartures = pgTable(
  'protection_departures',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    personId: integer()
      .notNull()
      .references(() => protectionPeople.id),
    departedOn: date({ mode: 'string' }).notNull(),
    /** { item: 'YYYY-MM-DD' | null } over rules.yaml departure.items */
    items: jsonb().notNull().default({}),
    completedOn: date({ mode: 'string' }),
    note: text(),
    updatedBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('protection_departures_person_uq').on(t.personId)],
);

/**
 * A confidentiality notice to one person naming secrets by their register names. The text they are shown is fixed when
 * it is sent (with its SHA-256); the link's token is kept only as its SHA-256 (the link is shown once and may be sent
 * by e-mail). Acknowledging is single-use: the row is locked and must still be pending and unexpired.
 */
export const protectionNotices = pgTable(
  'protection_notices',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    personId: integer()
      .notNull()
      .references(() => protectionPeople.id),
    secretIds: integer().array().notNull(),
    secretNames: text().array().notNull(),
    title: text().notNull(),
    text: text().notNull(),
    textSha256: text().notNull(),
    tokenHash: text().notNull(),
    expiresAt: tstz().notNull(),
    sentBy: integer().references(() => users.id),
    sentAt: createdAt(),
    revokedAt: tstz(),
    acknowledgedAt: tstz(),
    typedName: text(),
    /** the acknowledgement document (UTF-8 JSON) exactly as deposited in the proof log, and its SHA-256 */
    document: text(),
    documentSha256: text(),
    proofId: integer().references(() => proofRecords.id),
    ip: text(),
    userAgent: text(),
  },
  (t) => [
    uniqueIndex('protection_notices_token_uq').on(t.tokenHash),
    index('protection_notices_org_idx').on(t.orgId, t.id),
    index('protection_notices_person_idx').on(t.personId, t.id),
  ],
);

/**
 * The secrets a notice names, one row each, with the person and the time of acknowledgement: "who acknowledged a
 * notice naming this secret" is one index range (the readiness score and the litigation pack ask it).
 */
export const noticeSecrets = pgTable(
  'notice_secrets',
  {
    noticeId: integer()
      .notNull()
      .references(() => protectionNotices.id),
    secretId: integer()
      .notNull()
      .references(() => secrets.id),
    personId: integer()
      .notNull()
      .references(() => protectionPeople.id),
    acknowledgedAt: tstz(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.secretId] }), index('notice_secrets_secret_idx').on(t.secretId, t.personId)],
);

/** A time-limited, revocable opening of chosen parts of the file to an organisation (site, provider, bureau) or an officer. */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    granteeOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    granteeUserId: integer().references(() => users.id),
    parts: text().array().notNull(),
    purpose: text().notNull(),
    validFrom: tstz().notNull(),
    validUntil: tstz().notNull(),
    revokedAt: tstz(),
    revokedBy: integer().references(() => users.id),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('access_grants_org_idx').on(t.orgId, t.id), index('access_grants_grantee_idx').on(t.granteeOrgId, t.validUntil)],
);

/** Every view through a grant: who, from where, which part, when — shown to the enterprise. */
export const grantViews = pgTable(
  'grant_views',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    grantId: integer()
      .notNull()
      .references(() => accessGrants.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    userId: integer().references(() => users.id),
    userName: text(),
    viewerOrgName: text(),
    part: text().notNull(),
    ip: text(),
    at: tstz().notNull().defaultNow(),
  },
  (t) => [index('grant_views_grant_idx').on(t.grantId, t.at)],
);
