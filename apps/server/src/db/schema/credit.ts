import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { scopeColumns } from './scope-columns.js';
import { createdAt, tstz, updatedAt } from './columns.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/** Written by the service from the shared tokenizer (shared/src/search.ts), like the enterprise registry's. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Penalty records (行政处罚信息) and their publication (双公示). `org_id`/`org_path` is the deciding bureau (the data
 * scope and the home of the publication path); `enterprise_org_path` the registered enterprise's node, when the credit
 * code is in the registry (its district sees the record; its accounts see it once published). `public` is kept by the
 * service and the daily job (published, not withdrawn, repaired or past 公示截止期) so the public search reads one
 * partial index.
 */
export const creditRecords = pgTable(
  'credit_records',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    ...scopeColumns(),
    enterpriseId: integer(),
    enterpriseOrgId: integer(),
    enterpriseOrgPath: text(),
    source: text({ enum: ['case', 'manual', 'import'] }).notNull(),
    caseId: integer().references(() => cases.id),
    partyName: text().notNull(),
    partyKind: text({ enum: ['legal', 'individual'] }).notNull(),
    creditCode: text().notNull(),
    legalRep: text(),
    decisionNo: text().notNull(),
    violationType: text().notNull(),
    facts: text().notNull(),
    basis: text().notNull(),
    penaltyKinds: text().array().notNull(),
    content: text().notNull(),
    fineFen: bigint({ mode: 'number' }),
    confiscationFen: bigint({ mode: 'number' }),
    licenceInfo: text(),
    decidedOn: date({ mode: 'string' }).notNull(),
    validUntil: date({ mode: 'string' }),
    procedure: text({ enum: ['ordinary', 'simple'] }).notNull(),
    authorityName: text().notNull(),
    authorityCode: text().notNull(),
    sourceName: text().notNull(),
    sourceCode: text().notNull(),
    remark: text(),
    /** never published: terms the published text must not contain, the discretion table's facts */
    secretTerms: text().array().notNull().default(sql`'{}'::text[]`),
    lossFen: bigint({ mode: 'number' }),
    illegalGainFen: bigint({ mode: 'number' }),
    discretionFactors: text().array().notNull().default(sql`'{}'::text[]`),
    /** the publication path's state (copy of the engine's) */
    state: text().notNull().default('draft'),
    /** false: the rules say the decision is not published (simple procedure, a warning alone) */
    publishable: boolean().notNull(),
    publishDueOn: date({ mode: 'string' }),
    publishDueProvisional: boolean().notNull().default(false),
    publishedOn: date({ mode: 'string' }),
    term: text({ enum: ['short', 'long', 'restriction'] }),
    publicUntil: date({ mode: 'string' }),
    public: boolean().notNull().default(false),
    endedOn: date({ mode: 'string' }),
    endReason: text({ enum: ['expired', 'repaired', 'withdrawn'] }),
    revocation: jsonb().$type<{ kind: 'changed' | 'revoked' | 'illegal' | 'void'; documentNo: string; on: string; reason: string }>(),
    withdrawDueOn: date({ mode: 'string' }),
    withdrawnOn: date({ mode: 'string' }),
    withdrawReason: text(),
    search: tsvector().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('credit_records_case_uq')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
    uniqueIndex('credit_records_decision_uq').on(t.decisionNo, t.creditCode),
    index('credit_records_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('credit_records_enterprise_path_idx')
      .using('btree', sql`${t.enterpriseOrgPath} text_pattern_ops`)
      .where(sql`${t.enterpriseOrgPath} is not null`),
    index('credit_records_enterprise_org_idx').on(t.enterpriseOrgId),
    index('credit_records_decided_idx').on(t.decidedOn, t.id),
    index('credit_records_updated_idx').on(t.updatedAt, t.id),
    index('credit_records_state_idx').on(t.state),
    index('credit_records_credit_code_idx').on(t.creditCode),
    // the public page: newest publications first, the exact credit code, two or more characters of the name
    index('credit_records_public_idx')
      .on(t.publishedOn, t.id)
      .where(sql`${t.public}`),
    index('credit_records_public_code_idx')
      .on(t.creditCode)
      .where(sql`${t.public}`),
    index('credit_records_public_search_idx')
      .using('gin', t.search)
      .where(sql`${t.public}`),
    index('credit_records_public_trgm_idx')
      .using('gin', t.partyName.op('gin_trgm_ops'))
      .where(sql`${t.public}`),
    // the daily job: public records whose term is over
    index('credit_records_public_until_idx')
      .on(t.publicUntil)
      .where(sql`${t.public}`),
  ],
);

/** The serious-violation list (严重违法失信名单): an entry per listing proposal, linked to its penalty. */
export const creditSerious = pgTable(
  'credit_serious',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    recordId: integer()
      .notNull()
      .references(() => creditRecords.id),
    regionCode: text().notNull(),
    districtCode: text(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    enterpriseOrgId: integer(),
    enterpriseOrgPath: text(),
    partyName: text().notNull(),
    creditCode: text().notNull(),
    decisionNo: text().notNull(),
    reason: text().notNull(),
    basis: text().notNull(),
    state: text().notNull().default('proposed'),
    noticedOn: date({ mode: 'string' }),
    statementDueOn: date({ mode: 'string' }),
    statement: text(),
    decidedOn: date({ mode: 'string' }),
    listedOn: date({ mode: 'string' }),
    earlyFrom: date({ mode: 'string' }),
    endsOn: date({ mode: 'string' }),
    removedOn: date({ mode: 'string' }),
    removalKind: text({ enum: ['early', 'expired'] }),
    public: boolean().notNull().default(false),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // one open proposal or listing per penalty
    uniqueIndex('credit_serious_record_open_uq')
      .on(t.recordId)
      .where(sql`${t.state} not in ('not_listed', 'removed')`),
    index('credit_serious_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('credit_serious_enterprise_org_idx').on(t.enterpriseOrgId),
    index('credit_serious_credit_code_idx').on(t.creditCode),
    index('credit_serious_public_idx')
      .on(t.listedOn, t.id)
      .where(sql`${t.public}`),
    index('credit_serious_public_trgm_idx')
      .using('gin', t.partyName.op('gin_trgm_ops'))
      .where(sql`${t.public}`),
    index('credit_serious_ends_idx')
      .on(t.endsOn)
      .where(sql`${t.public}`),
  ],
);

/**
 * Applications from an enterprise's own account: credit repair of a penalty's publication (`record`) or early removal
 * from the list (`serious`). Home of the path: the enterprise's node (its district reviews, the city decides);
 * `bureau_path` the deciding bureau's, so that bureau sees it too.
 */
export const creditRepairs = pgTable(
  'credit_repairs',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    kind: text({ enum: ['record', 'serious'] }).notNull(),
    recordId: integer().references(() => creditRecords.id),
    seriousId: integer().references(() => creditSerious.id),
    regionCode: text().notNull(),
    districtCode: text(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    bureauPath: text().notNull(),
    partyName: text().notNull(),
    creditCode: text().notNull(),
    decisionNo: text().notNull(),
    reason: text().notNull(),
    state: text().notNull(),
    fileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    dueOn: date({ mode: 'string' }),
    appliedBy: integer().references(() => users.id),
    appliedAt: tstz().notNull().defaultNow(),
    decidedAt: tstz(),
    decisionComment: text(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('credit_repairs_record_open_uq')
      .on(t.recordId)
      .where(sql`${t.kind} = 'record' and ${t.state} in ('district', 'city', 'returned')`),
    uniqueIndex('credit_repairs_serious_open_uq')
      .on(t.seriousId)
      .where(sql`${t.kind} = 'serious' and ${t.state} in ('district', 'city', 'returned')`),
    index('credit_repairs_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
    index('credit_repairs_bureau_path_idx').using('btree', sql`${t.bureauPath} text_pattern_ops`, t.id),
    index('credit_repairs_org_idx').on(t.orgId),
  ],
);

/** The module's own history lines (entered, edited, imported, term ended, repaired …), beside the engine's steps. */
export const creditEvents = pgTable(
  'credit_events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    subject: text({ enum: ['record', 'serious', 'repair'] }).notNull(),
    subjectId: integer().notNull(),
    at: tstz().notNull().defaultNow(),
    userId: integer().references(() => users.id),
    userName: text(),
    orgName: text(),
    action: text().notNull(),
    comment: text(),
    changed: text().array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [index('credit_events_subject_idx').on(t.subject, t.subjectId, t.at)],
);

/**
 * What changed for the credit systems, in order: the incremental exports and the pull API read what comes after their
 * last position (`seq`). Append-only.
 */
export const creditChanges = pgTable(
  'credit_changes',
  {
    seq: integer().primaryKey().generatedAlwaysAsIdentity(),
    recordId: integer()
      .notNull()
      .references(() => creditRecords.id),
    change: text({ enum: ['new', 'changed', 'withdrawn', 'expired', 'repaired'] }).notNull(),
    /** the deciding bureau's path, so an incremental export reads only its scope's changes */
    orgPath: text().notNull(),
    reason: text(),
    at: tstz().notNull().defaultNow(),
  },
  (t) => [index('credit_changes_record_idx').on(t.recordId)],
);

/** The export ledger: what was exported (or pulled) when, by whom, for which system, which stretch of the changes. */
export const creditExports = pgTable(
  'credit_exports',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    target: text().notNull(),
    format: text().notNull(),
    mode: text({ enum: ['full', 'incremental'] }).notNull(),
    /** whose scope the export covered: the incremental cursor is per target and scope */
    scopeKey: text().notNull(),
    orgPath: text().notNull(),
    fromSeq: integer().notNull(),
    toSeq: integer().notNull(),
    rows: integer().notNull(),
    byUserId: integer().references(() => users.id),
    tokenId: integer(),
    byName: text().notNull(),
    at: tstz().notNull().defaultNow(),
  },
  (t) => [index('credit_exports_cursor_idx').on(t.target, t.scopeKey, t.id), index('credit_exports_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id)],
);

/** A credit platform's key to the pull API: only the SHA-256 of the token is kept; its scope is its creator's. */
export const creditTokens = pgTable(
  'credit_tokens',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    name: text().notNull(),
    regionCode: text().notNull(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    scopeAll: boolean().notNull().default(false),
    tokenHash: text().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: tstz(),
    revokedAt: tstz(),
  },
  (t) => [uniqueIndex('credit_tokens_hash_uq').on(t.tokenHash)],
);

/** Partner departments (联合惩戒) and the measures each applies. */
export const creditPartners = pgTable('credit_partners', {
  orgId: integer()
    .primaryKey()
    .references(() => orgs.id),
  regionCode: text().notNull(),
  measureKeys: text().array().notNull(),
  createdBy: integer().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A listed entry shared with a partner department, and when (and by whom) the department acknowledged it. */
export const creditShares = pgTable(
  'credit_shares',
  {
    seriousId: integer()
      .notNull()
      .references(() => creditSerious.id),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    sharedAt: tstz().notNull().defaultNow(),
    acknowledgedAt: tstz(),
    acknowledgedBy: integer().references(() => users.id),
    acknowledgedName: text(),
  },
  (t) => [primaryKey({ columns: [t.seriousId, t.orgId] }), index('credit_shares_org_idx').on(t.orgId, t.sharedAt)],
);

/** An administrator's correction of a part of the rules (rules, discretion, measures): the newest in force applies. */
export const creditRuleVersions = pgTable(
  'credit_rule_versions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    part: text({ enum: ['rules', 'discretion', 'measures'] }).notNull(),
    version: integer().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    data: jsonb().notNull(),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdByName: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('credit_rule_versions_uq').on(t.part, t.version)],
);
