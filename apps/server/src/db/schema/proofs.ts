import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, boolean, jsonb } from 'drizzle-orm/pg-core';
import { createdAt, tstz } from './columns.js';
import { orgs } from './orgs.js';
import { users } from './users.js';

/** raw bytes (hashes, entries): bytea, read back as a Buffer on both drivers */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The public log (docs/proofs.md). Append-only by design: the integrator is the only writer, under an advisory lock.
 * `proof_entries` holds each entry's canonical bytes; `proof_nodes` every complete (perfect) subtree's hash,
 * level 0 being the leaf hashes, so any proof for any size reads O(log n) rows by primary key.
 */
export const proofEntries = pgTable('proof_entries', {
  idx: bigint({ mode: 'number' }).primaryKey(),
  entry: bytea().notNull(),
});

export const proofNodes = pgTable(
  'proof_nodes',
  {
    level: smallint().notNull(),
    idx: bigint({ mode: 'number' }).notNull(),
    hash: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** Every signed checkpoint, by size (the log never signs two for one size). */
export const proofCheckpoints = pgTable('proof_checkpoints', {
  size: bigint({ mode: 'number' }).primaryKey(),
  root: bytea().notNull(),
  /** the signed note, verbatim (log signature only; cosignatures are added when served) */
  note: text().notNull(),
  keyName: text().notNull(),
  createdAt: createdAt(),
});

/** The log's head: the last signed size and root, and where the rolling re-check of stored entries stands. */
export const proofLogHead = pgTable('proof_log_head', {
  id: smallint().primaryKey(),
  size: bigint({ mode: 'number' }).notNull(),
  root: bytea().notNull(),
  checkedTo: bigint({ mode: 'number' }).notNull().default(0),
  /** set when the integrator found stored data that no longer matches what it signed: it signs nothing more */
  halted: text(),
  /** since when it is halted (the first failed check of the current reason) */
  haltedAt: tstz(),
  /** the operation log's row last anchored into the log (0: none yet), and when (docs/proofs.md § Audit anchors) */
  anchoredSeq: bigint({ mode: 'number' }).notNull().default(0),
  anchoredAt: tstz(),
});

/** Witnesses (见证方) the city registers: their cosignature/v1 verifier keys. */
export const proofWitnesses = pgTable(
  'proof_witnesses',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    name: text().notNull(),
    vkey: text().notNull(),
    label: text().notNull(),
    active: boolean().notNull().default(true),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('proof_witnesses_name_uq').on(t.name)],
);

/** A witness's cosignature of one checkpoint: the signature line, appended when the checkpoint is served. */
export const proofCosignatures = pgTable(
  'proof_cosignatures',
  {
    size: bigint({ mode: 'number' })
      .notNull()
      .references(() => proofCheckpoints.size),
    witnessId: integer()
      .notNull()
      .references(() => proofWitnesses.id),
    line: text().notNull(),
    timestamp: bigint({ mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.size, t.witnessId] })],
);

/**
 * The enterprise's private record of a deposit: never public, visible to its enterprise only (and to no one else:
 * the bureau sees counts at most). Holds what is needed to recompute the logged commitment from the files.
 */
export const proofRecords = pgTable(
  'proof_records',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    orgId: integer()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    title: text().notNull(),
    description: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** optional pointer to the secret in the enterprise's register (free text until the register exists) */
    secretRef: text(),
    /** [{ name, size, sha256, sm3 }] in commitment order */
    files: jsonb().notNull(),
    /** hex */
    salt: text().notNull(),
    /** the exact metadata JSON whose SHA-256 the commitment holds */
    metadataJson: text().notNull(),
    /** hex SHA-256(salt ‖ digests ‖ SHA-256(metadata)) */
    commitment: text().notNull(),
    logIndex: bigint({ mode: 'number' }),
    integratedAt: tstz(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('proof_records_org_idx').on(t.orgId, t.id),
    index('proof_records_path_idx').on(t.orgPath),
    uniqueIndex('proof_records_index_uq').on(t.logIndex),
  ],
);

/** Deposits waiting for the integrator (taken in order, deleted when integrated). */
export const proofPending = pgTable('proof_pending', {
  id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  recordId: integer().references(() => proofRecords.id),
  commitment: bytea().notNull(),
  createdAt: createdAt(),
});
