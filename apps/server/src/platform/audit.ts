import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { oplog, oplogHead, oplogPending } from '../db/schema/index.js';
import type { Actor } from './context.js';
import { sha256Hex } from './crypto.js';

/** Advisory lock key that serialises the creation of the chain's head (its first row); the head row's lock serialises the linkers. */
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

/**
 * Writes one operation-log row inside the caller's transaction: it commits (or rolls back) with the change it records.
 * The row goes to `oplog_pending` without touching anything other writers touch, so writers do not queue behind each
 * other; `linkOplog` gives it its place in the chain after commit. Whoever commits it should ask the linker
 * (`oplogLinker(database).link()`) so the row is linked before the change is acknowledged.
 * Returns the users whose sessions' actors the transaction changed so far (comma-separated ids or `*`, from the
 * triggers of migration 0020_scale; null for none): the row is the transaction's last statement, so it knows them all.
 */
export async function appendOplog(db: Db, input: OplogInput): Promise<string | null> {
  const before = mask(input.before ?? null);
  const after = mask(input.after ?? null);
  const [r] = await db
    .insert(oplogPending)
    .values({
      ...input,
      // normalised to what jsonb gives back (the linker hashes what it reads, as verify does)
      before: before === null ? null : JSON.parse(canonicalJson(before)),
      after: after === null ? null : JSON.parse(canonicalJson(after)),
    })
    .returning({ actorsChanged: sql<string | null>`nullif(current_setting('shangmi.actor_changed', true), '')` });
  return r?.actorsChanged ?? null;
}

/** Rows one linking transaction moves at most (a backlog is linked in several). */
const LINK_BATCH = 2_000;

/**
 * One linking transaction: takes the chain's head row (so linkers on several nodes take turns), reads the committed
 * pending rows in the order they were written, gives each the next seq and its hash, and moves them into `oplog` and
 * the head forward in one statement. Returns how many rows it linked.
 */
async function linkBatch(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    // The link need not wait for its own disk flush: lost in a crash, it is redone from the pending rows (committed
    // durably by their writers, and deleted only by this same transaction). Whatever reads the new head and commits
    // durably (an anchor in the proof log) flushes the WAL past this commit too, so no durable record names a link that
    // could be lost. One fsync fewer on every audited request's path.
    await tx.execute(sql`set local synchronous_commit = off`);
    let [head] = await tx.select().from(oplogHead).where(eq(oplogHead.id, 1)).for('update');
    if (!head) {
      // the first row ever: no head to lock yet; the advisory lock serialises the race to create it (a new statement,
      // so a new snapshot: it sees a head committed while it waited)
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      [head] = await tx.select().from(oplogHead).where(eq(oplogHead.id, 1)).for('update');
    }
    // a new statement after the lock: it sees every row committed before the lock was granted
    const rows = await tx.select().from(oplogPending).orderBy(asc(oplogPending.id)).limit(LINK_BATCH);
    if (rows.length === 0) return 0;
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const links: { id: number; seq: number; prev: string; hash: string }[] = [];
    for (const r of rows) {
      seq++;
      const hash = rowHash(prevHash, { ...r, seq, result: r.result as 'success' | 'failure' });
      links.push({ id: r.id, seq, prev: prevHash, hash });
      prevHash = hash;
    }
    // the stored values are copied by the database (jsonb as stored, timestamps to the microsecond): the hash covers
    // exactly what verify will read back
    await tx.execute(sql`
      with v as (select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(id bigint, seq bigint, prev text, hash text)),
      moved as (delete from oplog_pending p using v where p.id = v.id returning p.*),
      linked as (
        insert into oplog (seq, at, user_id, username, org_id, org_name, org_path, action, method, path, target_type, target_id,
                           before, after, ip, result, error_code, duration_ms, request_id, prev_hash, hash)
        select v.seq, m.at, m.user_id, m.username, m.org_id, m.org_name, m.org_path, m.action, m.method, m.path, m.target_type,
               m.target_id, m.before, m.after, m.ip, m.result, m.error_code, m.duration_ms, m.request_id, v.prev, v.hash
          from moved m join v on v.id = m.id
        returning seq)
      insert into oplog_head (id, seq, hash)
      select 1, ${seq}::bigint, ${prevHash}::text from (select count(*) from linked) l
      on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`);
    return rows.length;
  });
}

/** Links every pending row committed so far (several transactions for a backlog). Returns how many. */
export async function linkOplog(database: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await linkBatch(database);
    total += n;
    if (n < LINK_BATCH) return total;
  }
}

export interface OplogLinker {
  /**
   * Resolves once a linking pass that began after this call has finished: every row committed before the call is then
   * in the chain (linked by this pass or, on another node, earlier). Concurrent callers share passes (group commit):
   * one pass links the rows of every request that committed meanwhile.
   */
  link(): Promise<void>;
  /** waits for the pass under way, if any (shutdown) */
  idle(): Promise<void>;
}

const linkers = new WeakMap<Database, OplogLinker>();

/** The linker of a database handle: one per process and handle; nodes take turns through the head row's lock. */
export function oplogLinker(database: Database): OplogLinker {
  let linker = linkers.get(database);
  if (linker) return linker;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const run = (): Promise<void> => {
    const pass = linkOplog(database).then(() => undefined);
    running = pass;
    const done = () => {
      if (running === pass) running = null;
    };
    pass.then(done, done);
    return pass;
  };
  linker = {
    link() {
      if (!running) return run();
      // a pass is under way and may have read the pending rows before this caller's commit: the next one is needed
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = null;
          return run();
        });
      return next;
    },
    async idle() {
      await next?.catch(() => undefined);
      await running?.catch(() => undefined);
    },
  };
  linkers.set(database, linker);
  return linker;
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
