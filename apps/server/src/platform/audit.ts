import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { oplog, oplogHead } from '../db/schema/index.js';
import type { Actor } from './context.js';
import { sha256Hex } from './crypto.js';

/** Advisory lock key that serialises the creation of the chain's head (its first row); the head row's lock serialises the rest. */
const AUDIT_LOCK = 7_310_002;
export const GENESIS_HASH = '0'.repeat(64);

export interface OplogInput {
  at: Date;
  userId: number | null;
  username: string | null;
  orgId: number | null;
  orgName: string | null;
  orgPath: string | null;
  action: string;
  method: string;
  path: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  result: 'success' | 'failure';
  errorCode: string | null;
  durationMs: number;
  requestId: string | null;
}

/** Who an operation-log row is about: the acting user and organisation, as they were (null for the public and jobs). */
export function actorColumns(a: Actor | null | undefined): Pick<OplogInput, 'userId' | 'username' | 'orgId' | 'orgName' | 'orgPath'> {
  return { userId: a?.userId ?? null, username: a?.username ?? null, orgId: a?.orgId ?? null, orgName: a?.orgName ?? null, orgPath: a?.orgPath ?? null };
}

const SECRET_KEY = /password|secret|token|hash|salt|totp(?!Enabled|Required)/i;
const PHONE_KEY = /phone|mobile|tel/i;
const EMAIL_KEY = /email/i;
const ID_KEY = /idNumber|idCard/i;

function maskText(value: string, keep: [number, number]): string {
  if (value.length <= keep[0] + keep[1]) return '*'.repeat(value.length);
  return value.slice(0, keep[0]) + '*'.repeat(value.length - keep[0] - keep[1]) + value.slice(value.length - keep[1]);
}

/** Masks what an audit row must not keep in clear: secrets entirely, contact details partly. */
export function mask(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => mask(v, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mask(v, k);
    return out;
  }
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) return '***';
    if (PHONE_KEY.test(key)) return maskText(value, [3, 4]);
    if (EMAIL_KEY.test(key)) {
      const at = value.indexOf('@');
      return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
    }
    if (ID_KEY.test(key)) return maskText(value, [4, 4]);
  }
  if (SECRET_KEY.test(key) && typeof value !== 'boolean') return '***';
  return value;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type ChainRow = OplogInput & { seq: number };

export function rowHash(prevHash: string, row: ChainRow): string {
  const body = canonicalJson([
    row.seq,
    row.at.toISOString(),
    row.userId,
    row.username,
    row.orgId,
    row.orgName,
    row.orgPath,
    row.action,
    row.method,
    row.path,
    row.targetType,
    row.targetId,
    row.before ?? null,
    row.after ?? null,
    row.ip,
    row.result,
    row.errorCode,
    row.durationMs,
    row.requestId,
  ]);
  return sha256Hex(`${prevHash}\n${body}`);
}

/** Appends one row to the hash chain inside the caller's transaction. */
export async function appendOplog(db: Db, input: OplogInput): Promise<number> {
  // The head row, locked: a concurrent appender waits here, and once the holder commits it reads the row the holder wrote
  // (READ COMMITTED re-reads a row locked FOR UPDATE), so one statement both serialises the chain and reads its newest end.
  let [head] = await db.select().from(oplogHead).where(eq(oplogHead.id, 1)).for('update');
  if (!head) {
    // the first row ever: no head to lock yet; the advisory lock serialises the race to create it (a new statement, so a
    // new snapshot: it sees a head committed while it waited)
    await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    [head] = await db.select().from(oplogHead).where(eq(oplogHead.id, 1)).for('update');
  }
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row: ChainRow = {
    ...input,
    before: mask(input.before ?? null),
    after: mask(input.after ?? null),
    // normalise to what jsonb gives back, so the hash computed now equals the one recomputed later
    seq,
  };
  row.before = row.before === null ? null : JSON.parse(canonicalJson(row.before));
  row.after = row.after === null ? null : JSON.parse(canonicalJson(row.after));
  const hash = rowHash(prevHash, row);
  // the row and the new head in one statement: the head stays locked for as few round trips as possible
  const inserted = db.$with('inserted').as(db.insert(oplog).values({ ...row, prevHash, hash }).returning({ seq: oplog.seq }));
  await db
    .with(inserted)
    .insert(oplogHead)
    .values({ id: 1, seq, hash })
    .onConflictDoUpdate({ target: oplogHead.id, set: { seq, hash } });
  return seq;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBad?: { seq: number; reason: string };
}

/**
 * Walks the whole chain in seq order: contiguous seqs, each prevHash the hash before, each hash recomputed, head matches.
 * `onRow` sees each row's recomputed hash and may name a problem (the CLI checks the anchors in the proof log with it:
 * a rewrite that recomputed every hash is consistent in itself, and only an outside record of the chain shows it).
 */
export async function verifyOplogChain(
  database: Database,
  opts: { batch?: number; onRow?: (seq: number, hash: string) => { seq: number; reason: string } | null } = {},
): Promise<ChainReport> {
  const batch = opts.batch ?? 5000;
  const { db } = database;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(oplog)
      .where(gt(oplog.seq, expectedSeq - 1))
      .orderBy(asc(oplog.seq))
      .limit(batch);
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, checked, firstBad: { seq: expectedSeq, reason: `row ${expectedSeq} is missing (next row is ${r.seq})` } };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, checked, firstBad: { seq: r.seq, reason: `row ${r.seq} does not link to row ${r.seq - 1}` } };
      }
      const recomputed = rowHash(prevHash, {
        ...r,
        result: r.result as 'success' | 'failure',
        durationMs: r.durationMs,
      });
      if (recomputed !== r.hash) {
        return { ok: false, checked, firstBad: { seq: r.seq, reason: `row ${r.seq} was modified (hash mismatch)` } };
      }
      const outside = opts.onRow?.(r.seq, r.hash);
      if (outside) return { ok: false, checked, firstBad: outside };
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  const [head] = await db.select().from(oplogHead).where(eq(oplogHead.id, 1));
  const lastSeq = expectedSeq - 1;
  if ((head?.seq ?? 0) !== lastSeq || (head && head.hash !== prevHash)) {
    return {
      ok: false,
      checked,
      firstBad: { seq: lastSeq + 1, reason: `the chain ends at row ${lastSeq} but the head records row ${head?.seq ?? 0}: rows were deleted` },
    };
  }
  return { ok: true, checked };
}
