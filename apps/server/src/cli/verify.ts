import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { hashCover, leafHash, perfectCover, appendNodes } from '@shangmi/shared/merkle';
import { checkNote, parseCheckpointBody, parseNote, parseVerifierKey, toHex, verifyReceipt } from '@shangmi/shared/tlog';
import type { CliIo } from './io.js';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/sql.js';
import { readNodes } from '../modules/proofs/log.service.js';
import { ed25519Verify, loadLogKeys, sha256 } from '../modules/proofs/node-crypto.js';

const USAGE = [
  'usage: shangmi verify RECEIPT.tlog-proof [FILE…] --key VKEY|FILE [--witness VKEY|FILE]… [--origin ORIGIN]',
  '       shangmi verify --log        re-derive the whole proof log from its stored entries and check every signed checkpoint',
].join('\n');

/** Values of a repeated option; a value naming a readable file stands for its non-empty lines. */
function keysFrom(values: string[]): string[] {
  return values.flatMap((v) => (fs.existsSync(v) ? fs.readFileSync(v, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [v]));
}

/** Streams a file once through SHA-256 and SM3 (constant memory, any size). */
async function digestFile(file: string): Promise<{ sha256: Uint8Array; sm3: Uint8Array }> {
  const a = crypto.createHash('sha256');
  const b = crypto.createHash('sm3');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) {
    a.update(chunk as Buffer);
    b.update(chunk as Buffer);
  }
  return { sha256: new Uint8Array(a.digest()), sm3: new Uint8Array(b.digest()) };
}

/**
 * `shangmi verify RECEIPT FILE…`: offline, no network and no database. Checks the files against the receipt, recomputes
 * the commitment and entry, the inclusion proof up to the checkpoint, the log's signature and the witnesses' cosignatures.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  if (args[0] === '--log') return verifyLog(await io.open(), io);
  const pos: string[] = [];
  const keys: string[] = [];
  const witnesses: string[] = [];
  let origin: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--key') keys.push(args[++i] ?? '');
    else if (a === '--witness') witnesses.push(args[++i] ?? '');
    else if (a === '--origin') origin = args[++i];
    else if (a === '--help') {
      io.out(USAGE);
      return 0;
    } else pos.push(a);
  }
  if (pos.length < 1 || keys.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const [receiptFile, ...files] = pos;
  const receipt = fs.readFileSync(receiptFile!, 'utf8');
  const digests = await Promise.all(files.map(digestFile));
  const r = await verifyReceipt(sha256, ed25519Verify, receipt, { logKeys: keysFrom(keys), witnessKeys: keysFrom(witnesses), origin, files: files.length ? digests : undefined });
  for (const [i, f] of r.files.entries()) {
    const given = files[digests.findIndex((d) => toHex(d.sha256) === f.sha256 && toHex(d.sm3) === f.sm3)];
    io.out(`  文件 file ${i + 1}: SHA-256 ${f.sha256}  SM3 ${f.sm3}  ${f.matched === null ? '(未提供 not given)' : f.matched ? `✓ ${given}` : '✗ 未匹配 no file matched'}`);
  }
  io.out(`  日志 log ${r.origin ?? '?'}  序号 index ${r.index}  树大小 size ${r.size ?? '?'}  根 root ${r.root ?? '?'}`);
  io.out(`  写入时间 integrated ${r.integratedAt ?? '?'}  承诺 commitment ${r.commitment ?? '?'}`);
  io.out(`  日志签名 log signature: ${r.logKey ? `✓ ${r.logKey}` : '✗'}  见证 witnesses: ${r.witnesses.map((w) => `✓ ${w.name} @ ${new Date(w.timestamp * 1000).toISOString()}`).join(', ') || '—'}`);
  if (r.ok) {
    io.out('存证有效 VALID: these bytes were committed at that time in this log.');
    return 0;
  }
  for (const p of r.problems) io.err(`  ✗ ${p}`);
  io.err('存证无效 INVALID');
  return 1;
}

/**
 * `shangmi verify --log`: reads every stored entry in order, re-derives the tree and checks that each signed
 * checkpoint's root is what the entries give and that its signature is by a log key (current or retired).
 * An edited, inserted or deleted entry changes the root of every later checkpoint. Every node the server stores (and
 * serves proofs from) is compared with the re-derived one too: a flipped stored hash leaves the entries and the
 * checkpoints intact, yet every proof through that node would fail in a verifier's hands.
 */
async function verifyLog(database: Database, io: CliIo): Promise<number> {
  const keys = loadLogKeys(io.config.dataDir, io.config.logOrigin);
  const trusted = [keys.current.vkey, ...keys.retired].map((k) => parseVerifierKey(sha256, k));
  const checkpoints = rowsOf<{ size: string | number; note: string }>(await database.db.execute(sql`select size, note from proof_checkpoints order by size`));
  const edge = new Map<string, Uint8Array>();
  let size = 0;
  let cpAt = 0;
  let bad = 0;
  const checkUpTo = async (n: number) => {
    while (cpAt < checkpoints.length && Number(checkpoints[cpAt]!.size) <= n) {
      const cp = checkpoints[cpAt++]!;
      const s = Number(cp.size);
      if (s > size) {
        bad++;
        io.err(`  ✗ 签名树头 checkpoint ${s}: entries ${size}..${s - 1} are missing`);
        continue;
      }
      const root = s === 0 ? sha256() : hashCover(sha256, perfectCover(0, s).map((x) => edge.get(`${x.level}/${x.index}`)!));
      const note = parseNote(cp.note);
      const body = parseCheckpointBody(note.text);
      const sig = await checkNote(sha256, ed25519Verify, note, trusted, []);
      if (toHex(body.root) !== toHex(root) || !sig.logKey || sig.bad.length) {
        bad++;
        io.err(`  ✗ 签名树头 checkpoint ${s}: ${!sig.logKey ? 'signature does not verify' : 'root differs from the stored entries'}`);
      }
    }
  };
  // the stored nodes, compared in batches with the ones the entries give
  let derived: { level: number; index: number; hash: Uint8Array }[] = [];
  let derivedCount = 0;
  let badNodes = 0;
  const compareNodes = async () => {
    const stored = await readNodes(database.db, derived);
    for (const n of derived) {
      const s = stored.get(`${n.level}/${n.index}`);
      if (!s || toHex(s) !== toHex(n.hash)) {
        if (badNodes++ < 10) io.err(`  ✗ 存储节点 stored node ${n.level}/${n.index} ${s ? 'differs from' : 'is missing, unlike'} what the entries give: proofs through it would not verify`);
      }
    }
    derivedCount += derived.length;
    derived = [];
  };
  const BATCH = 10_000;
  for (;;) {
    const rows = rowsOf<{ idx: string | number; entry: Uint8Array }>(
      await database.db.execute(sql`select idx, entry from proof_entries where idx >= ${size} order by idx limit ${BATCH}`),
    );
    if (rows.length === 0) break;
    const leaves: Uint8Array[] = [];
    for (const r of rows) {
      if (Number(r.idx) !== size + leaves.length) {
        io.err(`  ✗ 条目缺失 entry ${size + leaves.length} is missing`);
        return 1;
      }
      leaves.push(leafHash(sha256, new Uint8Array(r.entry)));
    }
    // add one leaf at a time so every checkpoint size inside the batch is seen
    for (const leaf of leaves) {
      for (const n of appendNodes(sha256, size, edge, [leaf])) {
        derived.push(n);
        if (n.level === 0) continue;
        edge.delete(`${n.level - 1}/${n.index * 2}`);
        edge.delete(`${n.level - 1}/${n.index * 2 + 1}`);
      }
      size++;
      await checkUpTo(size);
    }
    await compareNodes();
  }
  await checkUpTo(Number.MAX_SAFE_INTEGER);
  const last = checkpoints.at(-1);
  if (last && Number(last.size) < size) {
    io.err(`  ✗ 日志有 ${size} 条，最新签名树头为 ${Number(last.size)} 条 The log holds ${size} entries, the last checkpoint ${Number(last.size)}`);
    bad++;
  }
  await compareNodes();
  const [{ n: storedCount }] = rowsOf<{ n: string | number }>(await database.db.execute(sql`select count(*) as n from proof_nodes`));
  if (Number(storedCount) !== derivedCount) {
    io.err(`  ✗ 存储节点 ${Number(storedCount)} stored nodes, the entries give ${derivedCount}`);
    badNodes++;
  }
  if (bad || badNodes) {
    io.err(
      `存证日志被篡改 Proof log TAMPERED: ${bad} checkpoint(s) do not match the stored entries${badNodes ? `; ${badNodes} stored node(s) differ from them` : ''}`,
    );
    return 1;
  }
  io.out(`存证日志完整 Proof log intact: ${size} entries, ${checkpoints.length} checkpoints re-derived and signature-checked, ${derivedCount} stored nodes compared`);
  return 0;
}
