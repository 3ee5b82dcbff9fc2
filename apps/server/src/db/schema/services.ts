import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, unique, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.js';
import { enterprises } from './enterprises.js';
import { orgs } from './orgs.js';
import { regions } from './regions.js';
import { users } from './users.js';

/**
 * Service providers (服务机构: 知识产权服务机构、司法鉴定机构、律师事务所、行业协会、服务联盟、企业及高等院校). Each is an
 * organisation node of kind `provider` under its region's city bureau, so its staff accounts belong to it; the row keeps
 * what the registry says of it. `districts` empty: it serves the whole region.
 */
export const serviceProviders = pgTable(
  'service_providers',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    name: text().notNull(),
    kind: text().notNull(),
    creditCode: text(),
    districts: text().array().notNull().default(sql`'{}'::text[]`),
    serviceKinds: text().array().notNull().default(sql`'{}'::text[]`),
    contactName: text(),
    contactPhone: text(),
    intro: text(),
    active: boolean().notNull().default(true),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('service_providers_org_uq').on(t.orgId), index('service_providers_region_idx').on(t.regionCode, t.kind)],
);

/** A provider's qualifications (执业许可证, 司法鉴定许可证 …) with their expiry; an expired one bars new assignments. */
export const providerQualifications = pgTable(
  'provider_qualifications',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    providerId: integer()
      .notNull()
      .references(() => serviceProviders.id),
    kind: text().notNull(),
    number: text().notNull(),
    validUntil: date({ mode: 'string' }).notNull(),
    fileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    /** the expiry reminder went out for this validity (cleared when the date changes) */
    remindedOn: date({ mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('provider_qualifications_provider_idx').on(t.providerId), index('provider_qualifications_valid_idx').on(t.validUntil)],
);

/** The service catalogue: what a site or a provider offers (a `service_kind` dictionary value), free or under a contract. */
export const serviceOfferings = pgTable(
  'service_offerings',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    orgKind: text({ enum: ['site', 'provider'] }).notNull(),
    regionCode: text().notNull(),
    /** the district the offerer serves (a site's; null: the whole region) */
    districtCode: text(),
    serviceKind: text().notNull(),
    title: text().notNull(),
    description: text(),
    free: boolean().notNull().default(true),
    contractId: integer(),
    audience: text(),
    responseDays: smallint().notNull().default(2),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('service_offerings_kind_idx').on(t.regionCode, t.serviceKind, t.active), index('service_offerings_org_idx').on(t.orgId)],
);

/**
 * Help requests (求助/服务申请) of enterprises. `requester_org_path` is the enterprise's node (its district sees it);
 * `assignee_org_*` the site or provider it is assigned to (null while the district chooses). `state` is the module's copy
 * of the path on the engine (services.request).
 */
export const helpRequests = pgTable(
  'help_requests',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text().notNull(),
    districtCode: text(),
    /** null: a member of the public asked (no account); the request then sits under the district bureau it went to */
    enterpriseId: integer().references(() => enterprises.id),
    requesterOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    requesterOrgPath: text().notNull(),
    requestedBy: integer().references(() => users.id),
    /** a member of the public: who asked (a person or an unregistered company), with the contact columns below */
    publicName: text(),
    serviceKind: text().notNull(),
    title: text().notNull(),
    need: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    assigneeOrgId: integer().references(() => orgs.id),
    assigneeOrgPath: text(),
    assigneeKind: text({ enum: ['site', 'provider'] }),
    state: text().notNull(),
    acceptedAt: tstz(),
    deliveredOn: date({ mode: 'string' }),
    hours: real(),
    people: smallint(),
    outcome: text(),
    deliveryFileIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    rating: smallint(),
    ratingComment: text(),
    confirmedAt: tstz(),
    /** the listening need it was opened from (转为求助), if any — the need keeps the link back */
    needId: integer(),
    /** what the delivered request started in other modules: a health check, a rights-holder report, a cultivation entry */
    /** a member of the public's request: the code they follow and rate it with (16 digits, the last a Luhn check digit) */
    trackingCode: text(),
    followUps: jsonb().$type<{ kind: 'health_check' | 'report' | 'cultivation'; id: number; at: string; by: number }[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('help_requests_requester_idx').on(t.requesterOrgId, t.id),
    index('help_requests_assignee_idx').on(t.assigneeOrgId, t.state),
    index('help_requests_requester_path_idx').using('btree', sql`${t.requesterOrgPath} text_pattern_ops`, t.id),
    index('help_requests_assignee_path_idx').using('btree', sql`${t.assigneeOrgPath} text_pattern_ops`),
    uniqueIndex('help_requests_tracking_uq').on(t.trackingCode),
  ],
);

/**
 * The service ledger (工作台账): one row per delivered service (written by the delivery, `request_id` unique) and per
 * training or publicity activity, of its site or provider. A contract's progress is counted here (`contract_id`).
 */
export const serviceLedger = pgTable(
  'service_ledger',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    orgKind: text({ enum: ['site', 'provider'] }).notNull(),
    regionCode: text().notNull(),
    districtCode: text(),
    source: text({ enum: ['request', 'activity'] }).notNull(),
    requestId: integer().references(() => helpRequests.id),
    /** an activity held in another module, once (`outreach_training:12`, `outreach_event:3`); null when typed here */
    activityRef: text(),
    enterpriseId: integer().references(() => enterprises.id),
    contractId: integer(),
    serviceKind: text().notNull(),
    title: text().notNull(),
    occurredOn: date({ mode: 'string' }).notNull(),
    hours: real().notNull().default(0),
    people: integer().notNull().default(0),
    outcome: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('service_ledger_request_uq').on(t.requestId),
    uniqueIndex('service_ledger_activity_uq').on(t.activityRef),
    index('service_ledger_org_idx').on(t.orgId, t.occurredOn),
    index('service_ledger_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.occurredOn),
    index('service_ledger_region_idx').on(t.regionCode, t.occurredOn),
    index('service_ledger_contract_idx').on(t.contractId, t.serviceKind),
  ],
);

/**
 * The ledger's maintained aggregates (issue 15's benchmark: summaries in milliseconds at 1,000,000 rows). Both are kept
 * by statement triggers on `service_ledger` in the writing transaction (an upsert `n = n + excluded.n` per statement,
 * never read-merge-write; migration 0034's hand-written block), and were filled from the rows already there.
 * `enterprise_services` counts rows that served a named enterprise (distinct enterprises do not add up across groups).
 *
 * Per organisation × district × service kind × month: one organisation's summaries (its staff, the `orgId` filter) and
 * the by-organisation summary, walked in organisation order a page at a time.
 */
export const serviceLedgerTallies = pgTable(
  'service_ledger_tallies',
  {
    orgId: integer().notNull(),
    orgPath: text().notNull(),
    orgKind: text().notNull(),
    regionCode: text().notNull(),
    districtCode: text(),
    serviceKind: text().notNull(),
    /** the first day of the month */
    month: date({ mode: 'string' }).notNull(),
    n: integer().notNull(),
    hours: doublePrecision().notNull(),
    people: bigint({ mode: 'number' }).notNull(),
    enterpriseServices: integer().notNull(),
  },
  (t) => [unique('service_ledger_tallies_key').on(t.orgId, t.orgPath, t.orgKind, t.regionCode, t.districtCode, t.serviceKind, t.month).nullsNotDistinct()],
);

/**
 * Per parent node × district × service kind × month (a few thousand rows for a region): a bureau's summaries by district,
 * service kind and month. A site's or provider's node lies below a bureau exactly when its parent does, so the scope
 * (ledgerScope: below the bureau, or serving its district) reads the same on these rows.
 */
export const serviceLedgerRollup = pgTable(
  'service_ledger_rollup',
  {
    parentPath: text().notNull(),
    regionCode: text().notNull(),
    districtCode: text(),
    serviceKind: text().notNull(),
    month: date({ mode: 'string' }).notNull(),
    n: integer().notNull(),
    hours: doublePrecision().notNull(),
    people: bigint({ mode: 'number' }).notNull(),
    enterpriseServices: integer().notNull(),
  },
  (t) => [
    unique('service_ledger_rollup_key').on(t.parentPath, t.regionCode, t.districtCode, t.serviceKind, t.month).nullsNotDistinct(),
    index('service_ledger_rollup_parent_idx').using('btree', sql`${t.parentPath} text_pattern_ops`),
  ],
);

/**
 * Per assignee (site or provider): its open requests (assigned, accepted) and the sum and number of its ratings, kept by
 * a statement trigger on `help_requests` in the writing transaction, so the suggestion reads a row per offerer instead
 * of counting its requests.
 */
export const serviceAssigneeTallies = pgTable('service_assignee_tallies', {
  orgId: integer().primaryKey(),
  openRequests: integer().notNull().default(0),
  ratingSum: integer().notNull().default(0),
  ratingN: integer().notNull().default(0),
});

/**
 * Government-purchased service contracts (政府购买服务, 财政部令第102号): purchaser (a city or district bureau), the
 * provider (a provider or a site), budget, period and quotas per service kind. Delivered counts are the ledger's.
 */
export const serviceContracts = pgTable(
  'service_contracts',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    regionCode: text().notNull(),
    purchaserOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    purchaserOrgPath: text().notNull(),
    providerOrgId: integer()
      .notNull()
      .references(() => orgs.id),
    providerOrgPath: text().notNull(),
    number: text().notNull(),
    title: text().notNull(),
    budgetFen: bigint({ mode: 'number' }).notNull(),
    paidFen: bigint({ mode: 'number' }).notNull().default(0),
    startOn: date({ mode: 'string' }).notNull(),
    endOn: date({ mode: 'string' }).notNull(),
    quotas: jsonb().$type<{ serviceKind: string; quota: number }[]>().notNull(),
    /** copy of the acceptance path's state (services.contract) */
    state: text().notNull().default('active'),
    /** 绩效评价: scores per indicator and the conclusion */
    evaluation: jsonb(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('service_contracts_number_uq').on(t.regionCode, t.number),
    index('service_contracts_provider_idx').on(t.providerOrgId, t.startOn),
    index('service_contracts_purchaser_idx').using('btree', sql`${t.purchaserOrgPath} text_pattern_ops`),
  ],
);

/**
 * Payments against a contract's budget. A wrong payment is never deleted or edited: a reversing entry (冲销, negative
 * amount, `reversesId` → the payment, with its reason) cancels it, as the funding module reverses spending.
 */
export const contractPayments = pgTable(
  'contract_payments',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    contractId: integer()
      .notNull()
      .references(() => serviceContracts.id),
    paidOn: date({ mode: 'string' }).notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    note: text(),
    reversesId: integer().references((): AnyPgColumn => contractPayments.id),
    reason: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  // a payment is reversed at most once: the unique index settles two reversals at once
  (t) => [index('contract_payments_contract_idx').on(t.contractId), uniqueIndex('contract_payments_reverses_uq').on(t.reversesId)],
);

/**
 * 精准对接's candidates, kept in the writing transaction (catalogue.ts `refreshCandidates`): one row per offerer × service
 * kind × district it may serve ('*': any district), with the first active offering of the kind, the offerer's load and
 * rating and the score they give (rounded as the suggestion shows it). The suggestion walks the index
 * (region, kind, district, score desc) for the enterprise's district and for '*', so it reads a bounded number of rows.
 * `qualifiedUntil`: the earliest qualification date of a provider (past it the provider is left out at read time).
 */
export const serviceCandidates = pgTable(
  'service_candidates',
  {
    orgId: integer().notNull(),
    serviceKind: text().notNull(),
    districtCode: text().notNull(),
    regionCode: text().notNull(),
    orgKind: text().notNull(),
    offeringId: integer().notNull(),
    sameDistrict: boolean().notNull(),
    openRequests: integer().notNull().default(0),
    rating: doublePrecision(),
    score: doublePrecision().notNull(),
    qualifiedUntil: date({ mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.serviceKind, t.districtCode] }),
    index('service_candidates_walk_idx').on(t.regionCode, t.serviceKind, t.districtCode, t.score.desc(), t.openRequests, t.orgId),
  ],
);
