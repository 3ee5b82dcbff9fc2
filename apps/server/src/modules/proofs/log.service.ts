import { sql } from 'drizzle-orm';
import {
  appendNodes,
  assemble,
  consistencyRanges,
  hashCover,
  inclusionRanges,
  leafHash,
  nodesFor,
  nodeHash,
  perfectCover,
  verifyConsistency,
  verifyInclusion,
  type NodeId,
} from '@shangmi/shared/merkle';
import { checkpointBody, encodeAnchorEntry, encodeEntry, formatNote, fromHex, signatureLine, toBase64, utf8 } from '@shangmi/shared/tlog';
import type { Database, Db } from '../../db/client.js';
import { rowsOf, textArrayLiteral } from '../../db/sql.js';
import type { Config } from '../../config.js';
import { appendOplog } from '../../platform/audit.js';
import { notify } from '../../platform/inbox.js';
import { tryAdvisoryXactLock } from '../../platform/jobs.js';
import { AppError } from '../../platform/errors.js';
import { sha256, type LogKeys } from './node-crypto.js';

/**
 * The proof log's storage and its single writer, the integrator (docs/proofs.md § The log).
 * Every integration runs in one transaction under an advisory lock (one writer across app nodes): it checks that the
 * stored tree still matches the last signed checkpoint, appends the pending entries and the perfect subtrees they
 * complete, and signs the new checkpoint. A check that fails halts the log: nothing more is signed.
 */

const INTEGRATOR_LOCK = 7_310_601;
/** deposits integrated per transaction at most */
export const BATCH = 10_000;
/** leaves re-hashed from stored entries per integration (the whole log while it is smaller) */
export const CHECK_WINDOW = 4096;

const key = (n: NodeId) => `${n.level}/${n.index}`;
const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const bigintList = (xs: number[]) => `{${xs.join(',')}}`;

export class LogIntegrityError extends Error {}

/** Stored perfect-subtree hashes by "level/index", in one statement. */
export async function readNodes(db: Db, nodes: NodeId[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (nodes.length === 0) return out;
  const rows = rowsOf<{ level: number; idx: string | number; hash: Uint8Array }>(
    await db.execute(sql`select n.level, n.idx, n.hash from proof_nodes n
      join unnest(${bigintList(nodes.map((n) => n.level))}::smallint[], ${bigintList(nodes.map((n) => n.index))}::bigint[]) as k(level, idx)
        on n.level = k.level and n.idx = k.idx`),
  );
  for (const r of rows) out.set(`${r.level}/${Number(r.idx)}`, new Uint8Array(r.hash));
  return out;
}

export async function rootAt(db: Db, size: number): Promise<Uint8Array> {
  if (size === 0) return sha256();
  const cover = perfectCover(0, size);
  const stored = await readNodes(db, cover);
  return hashCover(
    sha256,
    cover.map((n) => {
      const h = stored.get(key(n));
      if (!h) throw new LogIntegrityError(`stored node ${key(n)} is missing`);
      return h;
    }),
  );
}

export interface Head {
  size: number;
  root: Uint8Array;
  checkedTo: number;
  halted: string | null;
  haltedAt: Date | null;
  anchoredSeq: number;
  anchoredAt: Date | null;
}

type HeadRow = {
  size: string | number;
  root: Uint8Array;
  checked_to: string | number;
  halted: string | null;
  halted_at: string | Date | null;
  anchored_seq: string | number;
  anchored_at: string | Date | null;
};
const dateOf = (v: string | Date | null) => (v === null ? null : new Date(v));

export async function readHead(db: Db, forUpdate = false): Promise<Head | null> {
  const cols = sql`size, root, checked_to, halted, halted_at, anchored_seq, anchored_at`;
  const rows = rowsOf<HeadRow>(
    forUpdate
      ? await db.execute(sql`select ${cols} from proof_log_head where id = 1 for update`)
      : await db.execute(sql`select ${cols} from proof_log_head where id = 1`),
  );
  const r = rows[0];
  return r
    ? {
        size: Number(r.size),
        root: new Uint8Array(r.root),
        checkedTo: Number(r.checked_to),
        halted: r.halted,
        haltedAt: dateOf(r.halted_at),
        anchoredSeq: Number(r.anchored_seq),
        anchoredAt: dateOf(r.anchored_at),
      }
    : null;
}

/** The operation log's chain head, as committed: what an audit anchor records. */
async function auditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [r] = rowsOf<{ seq: string | number; hash: string }>(await db.execute(sql`select seq, hash from oplog_head where id = 1`));
  return r ? { seq: Number(r.seq), hash: r.hash } : null;
}

/**
 * Whether this integration anchors the audit chain: when the chain moved since the last anchor, with every batch of
 * deposits that is signed anyway, and otherwise once `everyMs` has passed since the last anchor.
 */
function anchorDue(head: Head | null, audit: { seq: number; hash: string } | null, signing: boolean, at: Date, everyMs: number) {
  if (!audit || audit.seq <= (head?.anchoredSeq ?? 0)) return null;
  const last = head?.anchoredAt?.getTime() ?? 0;
  return signing || at.getTime() - last >= everyMs ? audit : null;
}

/**
 * Re-derives a window of the stored tree from the stored entries: the entries exist (none deleted), their leaf hashes
 * and the perfect subtrees inside the window equal the stored ones. Small logs are checked whole every time.
 */
async function checkWindow(db: Db, size: number, from: number): Promise<number> {
  if (size === 0) return 0;
  const lo = from >= size ? 0 : from - (from % CHECK_WINDOW);
  const hi = Math.min(size, lo + CHECK_WINDOW);
  const rows = rowsOf<{ idx: string | number; entry: Uint8Array }>(
    await db.execute(sql`select idx, entry from proof_entries where idx >= ${lo} and idx < ${hi} order by idx`),
  );
  if (rows.length !== hi - lo || rows.some((r, i) => Number(r.idx) !== lo + i)) throw new LogIntegrityError(`entries ${lo}..${hi - 1}: ${hi - lo - rows.length} missing`);
  // every perfect subtree inside [lo, hi), level by level, as the window's entries give them (lo is aligned)
  const want: { level: number; index: number; hash: Uint8Array }[] = [];
  let level = rows.map((r) => leafHash(sha256, new Uint8Array(r.entry)));
  for (let l = 0; level.length > 0; l++) {
    level.forEach((hash, i) => want.push({ level: l, index: lo / 2 ** l + i, hash }));
    const up: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(sha256, level[i]!, level[i + 1]!));
    level = up;
  }
  const stored = await readNodes(db, want);
  for (const n of want) {
    const s = stored.get(key(n));
    if (!s || Buffer.compare(buf(s), buf(n.hash)) !== 0) throw new LogIntegrityError(n.level === 0 ? `entry ${n.index} does not match its stored leaf hash` : `subtree ${key(n)} does not match the stored entries`);
  }
  return hi >= size ? 0 : hi;
}

export interface IntegrationResult {
  size: number;
  added: number;
  signed: boolean;
  /** the operation-log row this integration anchored, if it did */
  anchoredSeq?: number | null;
}

/**
 * One integration. Returns null when another node holds the lock (or, with skipIdle, when nothing is pending). Throws LogIntegrityError (after halting the log
 * and writing a failure row to the operation log) when the stored tree no longer matches what was signed.
 */
export async function integrate(
  database: Database,
  keys: LogKeys,
  origin: string,
  now = () => new Date(),
  opts: { skipIdle?: boolean; anchorEveryMs?: number; notices?: NoticeConfig } = {},
): Promise<IntegrationResult | null> {
  // an idle log has nothing to sign: the timer skips the checks then (they run before the next signature anyway)
  if (opts.skipIdle) {
    const anchorSince = new Date(now().getTime() - (opts.anchorEveryMs ?? 0)).toISOString();
    const [r] = rowsOf<{ pending: boolean; head: boolean; anchor: boolean }>(
      await database.db.execute(sql`select exists (select 1 from proof_pending) as pending, exists (select 1 from proof_log_head) as head,
        ${opts.anchorEveryMs !== undefined} and coalesce((select o.seq > h.anchored_seq and (h.anchored_at is null or h.anchored_at <= ${anchorSince}::timestamptz)
          from oplog_head o, proof_log_head h where o.id = 1 and h.id = 1), false) as anchor`),
    );
    if (r && !r.pending && r.head && !r.anchor) return null;
  }
  try {
    return await database.db.transaction(async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, INTEGRATOR_LOCK))) return null;
      const head = await readHead(tx, true);
      const size = head?.size ?? 0;
      // 1. the stored tree still is the one last signed
      if (head) {
        const root = await rootAt(tx, size);
        if (Buffer.compare(buf(root), buf(head.root)) !== 0) throw new LogIntegrityError(`the stored tree of size ${size} no longer has the signed root`);
        const [cp] = rowsOf<{ root: Uint8Array }>(await tx.execute(sql`select root from proof_checkpoints where size = ${size}`));
        if (!cp || Buffer.compare(buf(new Uint8Array(cp.root)), buf(root)) !== 0) throw new LogIntegrityError(`checkpoint ${size} is missing or changed`);
      }
      const checkedTo = await checkWindow(tx, size, head?.checkedTo ?? 0);

      // 2. take what is pending, in order
      const pending = rowsOf<{ id: string | number; record_id: number | null; commitment: Uint8Array }>(
        await tx.execute(sql`select id, record_id, commitment from proof_pending order by id limit ${BATCH} for update skip locked`),
      );
      const at = now();
      const anchor = opts.anchorEveryMs === undefined ? null : anchorDue(head, await auditHead(tx), pending.length > 0, at, opts.anchorEveryMs);
      if (head && pending.length === 0 && !anchor) {
        await tx.execute(sql`update proof_log_head set checked_to = ${checkedTo}, halted = null, halted_at = null where id = 1`);
        return { size, added: 0, signed: false };
      }
      const entries = pending.map((p) => encodeEntry(new Uint8Array(p.commitment), at.getTime()));
      // the audit anchor goes last, after the deposits of this batch
      if (anchor) entries.push(encodeAnchorEntry(sha256, anchor.seq, fromHex(anchor.hash), at.getTime()));
      const leaves = entries.map((e) => leafHash(sha256, e));
      const edge = await readNodes(tx, perfectCover(0, size));
      const nodes = appendNodes(sha256, size, edge, leaves);
      const newSize = size + entries.length;

      // 3. store entries, nodes, record indexes (set-based: one statement each)
      if (entries.length) {
        const idxs = entries.map((_, i) => size + i);
        await tx.execute(sql`insert into proof_entries (idx, entry)
          select i, decode(e, 'hex') from unnest(${bigintList(idxs)}::bigint[], ${textArrayLiteral(entries.map((e) => buf(e).toString('hex')))}::text[]) as t(i, e)`);
        await tx.execute(sql`insert into proof_nodes (level, idx, hash)
          select l, i, decode(h, 'hex') from unnest(${bigintList(nodes.map((n) => n.level))}::smallint[], ${bigintList(nodes.map((n) => n.index))}::bigint[],
            ${textArrayLiteral(nodes.map((n) => buf(n.hash).toString('hex')))}::text[]) as t(l, i, h)`);
        const withRecord = pending.map((p, i) => ({ record: p.record_id, idx: size + i })).filter((x) => x.record !== null);
        if (withRecord.length) {
          await tx.execute(sql`update proof_records r set log_index = t.i, integrated_at = ${at.toISOString()}::timestamptz
            from unnest(${bigintList(withRecord.map((x) => x.record!))}::int[], ${bigintList(withRecord.map((x) => x.idx))}::bigint[]) as t(id, i)
            where r.id = t.id`);
        }
        await tx.execute(sql`delete from proof_pending where id = any(${bigintList(pending.map((p) => Number(p.id)))}::bigint[])`);
      }

      // 4. sign the new checkpoint: it extends the verified tree, so it is consistent with the last one signed
      const newRoot = newSize === 0 ? sha256() : hashCover(sha256, perfectCover(0, newSize).map((n) => edge.get(key(n))!));
      const body = checkpointBody(origin, newSize, newRoot);
      const note = formatNote(body, [signatureLine(keys.current.name, keys.current.keyId, keys.current.sign(utf8(body)))]);
      await tx.execute(sql`insert into proof_checkpoints (size, root, note, key_name, created_at) values (${newSize}, ${buf(newRoot)}, ${note}, ${keys.current.vkey}, ${at.toISOString()}::timestamptz)`);
      const anchoredSeq = anchor?.seq ?? head?.anchoredSeq ?? 0;
      const anchoredAt = anchor ? at.toISOString() : (head?.anchoredAt?.toISOString() ?? null);
      await tx.execute(sql`insert into proof_log_head (id, size, root, checked_to, anchored_seq, anchored_at)
        values (1, ${newSize}, ${buf(newRoot)}, ${checkedTo}, ${anchoredSeq}, ${anchoredAt}::timestamptz)
        on conflict (id) do update set size = excluded.size, root = excluded.root, checked_to = excluded.checked_to, halted = null, halted_at = null,
          anchored_seq = excluded.anchored_seq, anchored_at = excluded.anchored_at`);
      return { size: newSize, added: entries.length, signed: true, anchoredSeq: anchor?.seq ?? null };
    });
  } catch (e) {
    if (e instanceof LogIntegrityError) await halt(database, e.message, now(), opts.notices);
    throw e;
  }
}

/** What the inbox needs to send notices (e-mail and SMS settings, the web address for links). */
export type NoticeConfig = Pick<Config, 'smtp' | 'sms' | 'publicUrl'>;

/** The platform's administrators of the proof log: active users holding `proofs:witnesses` through any role. */
const LOG_ADMINS = sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
  where u.status = 'active' and 'proofs:witnesses' = any(r.permissions)`;

/**
 * Records a failed check: the head says why and since when (the log signs nothing while the data is wrong), and the
 * audit chain has it under the platform's root organisation, where the platform's administrators read it.
 */
export async function halt(database: Database, reason: string, at: Date, notices?: NoticeConfig) {
  await database.db.transaction(async (tx) => {
    // audited once per reason: a halted log retried every tick must not flood the audit chain
    const changed = rowsOf(
      await tx.execute(sql`update proof_log_head set halted = ${reason}, halted_at = ${at.toISOString()}::timestamptz where id = 1 and halted is distinct from ${reason} returning id`),
    );
    if (changed.length === 0) return;
    const [root] = rowsOf<{ id: number; name: string; path: string }>(await tx.execute(sql`select id, name, path from orgs where parent_id is null order by id limit 1`));
    await appendOplog(tx, {
      at,
      userId: null,
      username: null,
      orgId: root?.id ?? null,
      orgName: root?.name ?? null,
      orgPath: root?.path ?? null,
      action: 'proofs.integrate',
      method: 'JOB',
      path: 'proof-log/integrate',
      targetType: 'proof_log',
      targetId: null,
      before: null,
      after: { reason },
      result: 'failure',
      errorCode: 'LOG_INTEGRITY',
      ip: null,
      durationMs: 0,
      requestId: null,
    });
    // the administrators are told through their inbox (and e-mail/SMS as each chose), once per reason
    if (notices) {
      await notify(
        tx,
        notices,
        LOG_ADMINS,
        {
          event: 'security',
          title: { zh: '存证日志未通过自检，已暂停出具证明', en: 'The proof log failed its own check: proofs are withheld' },
          body: {
            zh: `原因：${reason}。已出具的回执仍可离线核验；请按运维手册核对存储数据（shangmi verify --log）。`,
            en: `Reason: ${reason}. Receipts issued before still verify offline; check the stored data as the operations guide says (shangmi verify --log).`,
          },
          link: '/proofs/witnesses',
          dedupeKey: `proof-log-halt:${at.toISOString()}`,
        },
        at,
      );
    }
  });
}

// ------------------------------------------------------------------------------------------------ reads (public)

/** What health checks and pages show: is the log signing, or halted (since when, why). */
export async function status(db: Db): Promise<{ size: number; signedAt: string | null; halted: string | null; haltedAt: string | null }> {
  const head = await readHead(db);
  const [cp] = rowsOf<{ created_at: string | Date }>(await db.execute(sql`select created_at from proof_checkpoints order by size desc limit 1`));
  return {
    size: head?.size ?? 0,
    signedAt: cp ? new Date(cp.created_at).toISOString() : null,
    halted: head?.halted ?? null,
    haltedAt: head?.haltedAt?.toISOString() ?? null,
  };
}

export async function latestSize(db: Db): Promise<number> {
  return (await readHead(db))?.size ?? 0;
}

/** The signed note of a checkpoint with the witnesses' cosignature lines appended. */
export async function checkpointNote(db: Db, size?: number): Promise<{ size: number; root: Uint8Array; note: string } | null> {
  const rows = rowsOf<{ size: string | number; root: Uint8Array; note: string }>(
    size === undefined
      ? await db.execute(sql`select size, root, note from proof_checkpoints order by size desc limit 1`)
      : await db.execute(sql`select size, root, note from proof_checkpoints where size = ${size}`),
  );
  const cp = rows[0];
  if (!cp) return null;
  const lines = rowsOf<{ line: string }>(
    await db.execute(sql`select c.line from proof_cosignatures c join proof_witnesses w on w.id = c.witness_id
      where c.size = ${Number(cp.size)} and w.active order by w.name`),
  );
  return { size: Number(cp.size), root: new Uint8Array(cp.root), note: cp.note + lines.map((l) => l.line).join('') };
}

function checkSizes(index: number, size: number, latest: number, what: 'inclusion' | 'consistency') {
  if (size > latest) throw new AppError('NOT_FOUND', { message: { zh: `日志尚无大小为 ${size} 的签名树头`, en: `The log has no checkpoint of size ${size} yet` } });
  if (what === 'inclusion' ? index >= size : index > size)
    throw new AppError('BAD_REQUEST', { message: { zh: '序号或大小超出范围', en: 'Index or size out of range' } });
}

export async function inclusion(db: Db, index: number, size: number): Promise<Uint8Array[]> {
  checkSizes(index, size, await latestSize(db), 'inclusion');
  const ranges = inclusionRanges(index, size);
  return assemble(sha256, ranges, await readNodes(db, nodesFor(ranges)));
}

export async function consistency(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  checkSizes(from, to, await latestSize(db), 'consistency');
  const ranges = consistencyRanges(from, to);
  return assemble(sha256, ranges, await readNodes(db, nodesFor(ranges)));
}

export async function leafAt(db: Db, index: number): Promise<Uint8Array | null> {
  const [r] = rowsOf<{ entry: Uint8Array }>(await db.execute(sql`select entry from proof_entries where idx = ${index}`));
  return r ? new Uint8Array(r.entry) : null;
}

/** The root a proof must reach: the signed checkpoint's of that size, else (a size never signed) the stored tree's. */
async function trustedRoot(db: Db, size: number): Promise<Uint8Array> {
  const [cp] = rowsOf<{ root: Uint8Array }>(await db.execute(sql`select root from proof_checkpoints where size = ${size}`));
  return cp ? new Uint8Array(cp.root) : rootAt(db, size);
}

/**
 * An inclusion proof checked before it is served: the entry's leaf, recomputed from the stored entry, must reach the
 * signed root through it. A stored node that was altered (or an entry) is found here, by the server, instead of by a
 * court's verifier holding a receipt that does not verify.
 */
export async function verifiedInclusion(db: Db, index: number, size: number): Promise<Uint8Array[]> {
  const proof = await inclusion(db, index, size);
  const entry = await leafAt(db, index);
  if (!entry || !verifyInclusion(sha256, index, size, leafHash(sha256, entry), proof, await trustedRoot(db, size))) {
    throw new LogIntegrityError(`the inclusion proof of entry ${index} in the tree of size ${size} does not verify against the signed root`);
  }
  return proof;
}

/** A consistency proof checked against both roots before it is served. */
export async function verifiedConsistency(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  const proof = await consistency(db, from, to);
  if (from > 0 && from < to && !verifyConsistency(sha256, from, to, proof, await trustedRoot(db, from), await trustedRoot(db, to))) {
    throw new LogIntegrityError(`the consistency proof from ${from} to ${to} does not verify against the signed roots`);
  }
  return proof;
}

/**
 * Runs a read that serves a proof; if the stored log fails its own check, the log is halted (the administrators are
 * told) and the caller gets a 503 that says why, never a proof that would not verify.
 */
export async function servingProof<T>(database: Database, at: Date, read: () => Promise<T>, notices?: NoticeConfig): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof LogIntegrityError)) throw e;
    await halt(database, e.message, at, notices);
    throw new AppError('UNAVAILABLE', {
      message: {
        zh: '存证日志的存储数据未通过平台自检，已暂停出具证明并通知平台管理员；已出具的回执不受影响，仍可离线核验',
        en: 'The stored proof log failed the platform’s own check: proofs are withheld and the platform administrators have been told; receipts issued before still verify offline',
      },
      details: { reason: e.message },
    });
  }
}

export { toBase64 };
