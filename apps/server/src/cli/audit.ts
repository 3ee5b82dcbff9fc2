import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { leafHash, verifyInclusion } from '@shangmi/shared/merkle';
import { anchorCommitment, ANCHOR_VERSION, checkNote, decodeAnchorEntry, fromHex, parseCheckpointBody, parseNote, parseVerifierKey, toHex } from '@shangmi/shared/tlog';
import type { CliIo } from './io.js';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/sql.js';
import { verifyOplogChain } from '../platform/audit.js';
import { inclusion } from '../modules/proofs/log.service.js';
import { ed25519Verify, loadLogKeys, sha256 } from '../modules/proofs/node-crypto.js';

const USAGE = 'usage: shangmi audit verify [--key VKEY|FILE]…   (the proof log\'s verifier key(s); default: the keys in the data folder)';

interface Anchor {
  idx: number;
  seq: number;
  commitment: Uint8Array;
  at: Date;
}

/**
 * The audit anchors the proof log holds (docs/proofs.md § Audit anchors), each checked to be in the tree of the latest
 * checkpoint, whose signature must be by a trusted log key: rewriting an anchor means rewriting a signed log.
 */
async function signedAnchors(database: Database, vkeys: string[]): Promise<{ anchors: Anchor[]; size: number } | { problem: string }> {
  const [cp] = rowsOf<{ size: string | number; note: string }>(await database.db.execute(sql`select size, note from proof_checkpoints order by size desc limit 1`));
  if (!cp) return { anchors: [], size: 0 };
  const note = parseNote(cp.note);
  const body = parseCheckpointBody(note.text);
  const sig = await checkNote(sha256, ed25519Verify, note, vkeys.map((k) => parseVerifierKey(sha256, k)), []);
  if (!sig.logKey) return { problem: `the latest checkpoint (size ${body.size}) is not signed by a trusted log key: run shangmi verify --log` };
  const rows = rowsOf<{ idx: string | number; entry: Uint8Array }>(
    await database.db.execute(sql`select idx, entry from proof_entries where get_byte(entry, 0) = ${ANCHOR_VERSION} and idx < ${body.size} order by idx`),
  );
  const anchors: Anchor[] = [];
  for (const r of rows) {
    const entry = new Uint8Array(r.entry);
    const idx = Number(r.idx);
    const proof = await inclusion(database.db, idx, body.size);
    if (!verifyInclusion(sha256, idx, body.size, leafHash(sha256, entry), proof, body.root)) {
      return { problem: `log entry #${idx} (an audit anchor) is not in the signed tree: the proof log was altered — run shangmi verify --log` };
    }
    const a = decodeAnchorEntry(entry);
    anchors.push({ idx, seq: a.seq, commitment: a.commitment, at: new Date(a.integratedAtMs) });
  }
  return { anchors, size: body.size };
}

/**
 * `shangmi audit verify`: walks the operation log's hash chain, and checks it against the anchors deposited in the proof
 * log. The chain alone shows an edited or deleted row; the anchors also show a rewrite that recomputed every hash.
 * Exit 1 names the first row (or, for a consistent rewrite, the first span between two anchors) that disagrees.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'verify' || args.length % 2 !== 1 || args.slice(1).some((a, i) => i % 2 === 0 && a !== '--key')) {
    io.err(USAGE);
    return args[0] === '--help' ? 0 : 2;
  }
  const given = args.filter((_, i) => i % 2 === 0 && i > 0).flatMap((v) => (fs.existsSync(v) ? fs.readFileSync(v, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [v]));
  const database = await io.open();
  const started = performance.now();
  const vkeys = given.length ? given : await dataFolderKeys(io);
  const signed = await signedAnchors(database, vkeys);
  if ('problem' in signed) {
    io.err(`审计锚点无法核验 Audit anchors cannot be checked: ${signed.problem}`);
    return 1;
  }
  const bySeq = new Map(signed.anchors.map((a) => [a.seq, a]));
  let lastGood = 0;
  let matched = 0;
  const report = await verifyOplogChain(database, {
    onRow: (seq, hash) => {
      const a = bySeq.get(seq);
      if (!a) return null;
      if (toHex(anchorCommitment(sha256, seq, fromHex(hash))) !== toHex(a.commitment)) {
        const span = lastGood + 1 === seq ? `row ${seq}` : `rows ${lastGood + 1}..${seq}`;
        return {
          seq: lastGood + 1,
          reason: `${span} were rewritten: the chain up to row ${seq} differs from the anchor the proof log signed at ${a.at.toISOString()} (log entry #${a.idx}); the chain up to row ${lastGood} matches its anchor`,
        };
      }
      lastGood = seq;
      matched++;
      return null;
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    const beyond = signed.anchors.filter((a) => a.seq > report.checked);
    if (beyond.length) {
      io.err(`审计链损坏 Audit chain BROKEN: it ends at row ${report.checked} but the proof log anchored row ${beyond[0]!.seq} at ${beyond[0]!.at.toISOString()} (log entry #${beyond[0]!.idx}): rows were deleted`);
      return 1;
    }
    io.out(`审计链完整 Audit chain intact: ${report.checked} rows checked in ${seconds} s`);
    io.out(
      signed.anchors.length
        ? `  与存证日志中的 ${matched} 个锚点一致 Matches its ${matched} anchors in the proof log (the last: row ${lastGood}); ${report.checked - lastGood} later rows are not anchored yet`
        : '  存证日志中尚无审计锚点 No audit anchors in the proof log yet: only edits and deletions can be detected, not a rewrite of every hash',
    );
    return 0;
  }
  const bad = report.firstBad!;
  io.err(`审计链损坏 Audit chain BROKEN at row seq ${bad.seq}: ${bad.reason}`);
  io.err(`  此前 ${report.checked} 行完好 The ${Math.min(report.checked, bad.seq - 1)} rows before it are intact.`);
  io.err('  操作日志被修改或删除过：请保全现场（先备份），并按安全事件处置。The log was edited or rows were deleted: preserve the evidence (take a backup) and handle it as a security incident.');
  return 1;
}

/** The verifier keys of the log keys kept in the data folder (current and retired), read without creating one. */
async function dataFolderKeys(io: CliIo): Promise<string[]> {
  const file = `${io.config.dataDir}/proofs/log-key.pem`;
  if (!fs.existsSync(file)) return [];
  const keys = loadLogKeys(io.config.dataDir, io.config.logOrigin);
  return [keys.current.vkey, ...keys.retired];
}
