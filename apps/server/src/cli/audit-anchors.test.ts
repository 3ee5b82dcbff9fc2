import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { GENESIS_HASH, rowHash, verifyOplogChain } from '../platform/audit.js';
import { integrate } from '../modules/proofs/log.service.js';
import { loadLogKeys } from '../modules/proofs/node-crypto.js';
import { createTestApp, json, type Client, type TestApp } from '../../test/harness.js';
import { run as audit } from './audit.js';

/**
 * The audit chain anchored in the proof log (issue 21 item 8): someone with write access to the database can rewrite the
 * operation log and recompute every hash — the chain is then consistent in itself — but not the checkpoints the log's key
 * signed over the anchors. `shangmi audit verify` finds such a rewrite and names where it starts.
 */

let t: TestApp;
let admin: Client;
let orgId: number;

function cli() {
  const lines: string[] = [];
  const io: CliIo = { config: t.config, out: (l) => lines.push(l), err: (l) => lines.push(l), open: async () => t.database };
  return { io, text: () => lines.join('\n') };
}
const anchorNow = () => integrate(t.database, loadLogKeys(t.config.dataDir, t.config.logOrigin), t.config.logOrigin, undefined, { anchorEveryMs: 0 });
const maxSeq = async () => Number((await t.database.query<{ m: string }>('select max(seq)::text as m from oplog'))[0].m);
const someWrites = async (n: number) => {
  for (let i = 0; i < n; i++) expect((await admin.patch(`/api/orgs/${orgId}`, { sort: i })).statusCode).toBe(200);
};

type Row = Parameters<typeof rowHash>[1] & { prevHash: string; hash: string };
/** What an attacker with database access does: change rows from `from` on and recompute every hash and the head. */
async function rewriteFrom(from: number, change: (r: Row) => void) {
  const rows = await t.database.query<Row & { at: string | Date }>(
    `select seq, at, user_id as "userId", username, org_id as "orgId", org_name as "orgName", org_path as "orgPath", action, method, path,
       target_type as "targetType", target_id as "targetId", before, after, ip, result, error_code as "errorCode", duration_ms as "durationMs",
       request_id as "requestId", prev_hash as "prevHash", hash from oplog order by seq`,
  );
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const row = { ...r, seq: Number(r.seq), at: new Date(r.at) } as Row;
    if (row.seq >= from) {
      if (row.seq === from) change(row);
      row.prevHash = prev;
      row.hash = rowHash(prev, row);
      await t.database.query('update oplog set action = $1, after = $2::jsonb, prev_hash = $3, hash = $4 where seq = $5', [
        row.action,
        JSON.stringify(row.after),
        row.prevHash,
        row.hash,
        row.seq,
      ]);
    }
    prev = row.hash;
  }
  await t.database.query('update oplog_head set seq = $1, hash = $2 where id = 1', [rows.length, prev]);
}

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  orgId = await t.orgId('金凤区市场监督管理局');
  expect(json(await admin.get(`/api/orgs/${orgId}`)).id).toBe(orgId);
});
afterAll(async () => t?.close());

describe('audit anchors in the proof log', () => {
  it('an anchor is deposited when the chain moved, and only then; audit verify says how much is anchored', async () => {
    await someWrites(3);
    const first = await anchorNow();
    expect(first?.anchoredSeq).toBe(await maxSeq());
    // nothing new in the chain: nothing to anchor, nothing signed
    expect((await anchorNow())?.signed).toBe(false);
    await someWrites(2);
    const second = await anchorNow();
    expect(second?.anchoredSeq).toBe(await maxSeq());
    const c = cli();
    expect(await audit(['verify'], c.io)).toBe(0);
    expect(c.text()).toContain('Matches its 2 anchors');
  });

  it('finds a rewrite that recomputed every hash, naming the span where it starts', async () => {
    await someWrites(3);
    await anchorNow();
    const anchored = await maxSeq();
    await someWrites(2);
    const target = anchored - 1;
    await rewriteFrom(target, (r) => {
      r.action = 'orgs.update (rewritten)';
    });
    // the chain in itself is consistent again: only the anchors can tell
    expect((await verifyOplogChain(t.database)).ok).toBe(true);
    const c = cli();
    expect(await audit(['verify'], c.io)).toBe(1);
    expect(c.text()).toMatch(/Audit chain BROKEN at row seq \d+: rows \d+\.\.\d+ were rewritten/);
    const [, firstBad, span] = c.text().match(/BROKEN at row seq (\d+): rows \d+\.\.(\d+)/)!;
    expect(Number(firstBad)).toBeLessThanOrEqual(target);
    expect(Number(span)).toBe(anchored);
  });

  it('finds anchored rows deleted with the head moved back, and an anchor changed in the log', async () => {
    const t2 = t;
    // consistent truncation: drop the last anchored rows and point the head at what is left
    const last = await maxSeq();
    const keep = last - 3;
    const [h] = await t2.database.query<{ hash: string }>('select hash from oplog where seq = $1', [keep]);
    await t2.database.query('delete from oplog where seq > $1', [keep]);
    await t2.database.query('update oplog_head set seq = $1, hash = $2 where id = 1', [keep, h.hash]);
    const c = cli();
    expect(await audit(['verify'], c.io)).toBe(1);
    expect(c.text()).toMatch(/rewritten|rows were deleted/);
    // an anchor entry changed in the log's table: not in the signed tree any more
    await t2.database.query(`update proof_entries set entry = overlay(entry placing '\\x00'::bytea from 12 for 1) where get_byte(entry, 0) = 2`);
    const d = cli();
    expect(await audit(['verify'], d.io)).toBe(1);
    expect(d.text()).toContain('is not in the signed tree');
  });
});
