/**
 * The open formats of the existence-proof log, pure (both sides and the CLI run it):
 * c2sp.org/signed-note (Ed25519, type 0x01), c2sp.org/tlog-checkpoint, c2sp.org/tlog-cosignature (cosignature/v1,
 * type 0x04), c2sp.org/tlog-proof@v1, and Shangmi's own entry, commitment and receipt `extra` (docs/proofs.md
 * gives the byte layouts). Signature checks take an Ed25519 verifier from the caller (node:crypto or WebCrypto).
 */
import { leafHash, rootFromInclusion, type Sha256 } from './merkle.js';

export type { Sha256 };

export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

/** UTF-8 without TextEncoder (this package runs on ES2023 alone: no DOM or Node types). */
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 decoding: a malformed sequence throws. */
export function fromUtf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const x = b[i]!;
    const n = x < 0x80 ? 0 : x >= 0xc2 && x < 0xe0 ? 1 : x >= 0xe0 && x < 0xf0 ? 2 : x >= 0xf0 && x < 0xf5 ? 3 : -1;
    if (n < 0 || i + n >= b.length) throw new Error('bad UTF-8');
    let c = n === 0 ? x : x & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const y = b[i + k]!;
      if ((y & 0xc0) !== 0x80) throw new Error('bad UTF-8');
      c = (c << 6) | (y & 63);
    }
    if ((n === 2 && (c < 0x800 || (c >= 0xd800 && c < 0xe000))) || (n === 3 && (c < 0x10000 || c > 0x10ffff))) throw new Error('bad UTF-8');
    s += String.fromCodePoint(c);
    i += n + 1;
  }
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
export function fromHex(h: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new Error('bad hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + (i + 1 < b.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < b.length ? B64[n & 63]! : '=');
  }
  return s;
}
export function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error('bad base64');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  for (let i = 0, o = 0; i < s.length; i += 4) {
    const n = (B64.indexOf(s[i]!) << 18) | (B64.indexOf(s[i + 1]!) << 12) | (Math.max(0, B64.indexOf(s[i + 2]!)) << 6) | Math.max(0, B64.indexOf(s[i + 3]!));
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  // canonical only: non-zero padding bits would let one hash have several spellings
  if (toBase64(out) !== s) throw new Error('non-canonical base64');
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function u64(n: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
}
function readU64(b: Uint8Array, at: number): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('u64 out of range');
  return Number(v);
}
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---------------------------------------------------------------- signed note

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] — the signed-note key id. */
export function keyId(sha256: Sha256, name: string, type: number, publicKey: Uint8Array): Uint8Array {
  return sha256(utf8(name), Uint8Array.of(0x0a, type), publicKey).slice(0, 4);
}

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  type: number;
  publicKey: Uint8Array;
}

/** `<name>+<hex key id>+<base64(type ‖ public key)>` */
export function formatVerifierKey(sha256: Sha256, name: string, type: number, publicKey: Uint8Array): string {
  return `${name}+${toHex(keyId(sha256, name, type, publicKey))}+${toBase64(concat(Uint8Array.of(type), publicKey))}`;
}

export function parseVerifierKey(sha256: Sha256, vkey: string): VerifierKey {
  const parts = vkey.trim().split('+');
  // the base64 may itself contain '+': name and id are the first two fields
  if (parts.length < 3) throw new Error('bad verifier key');
  const name = parts[0]!;
  const id = parts[1]!;
  const raw = fromBase64(parts.slice(2).join('+'));
  if (!validKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || raw.length !== 33) throw new Error('bad verifier key');
  const type = raw[0]!;
  const publicKey = raw.slice(1);
  const kid = keyId(sha256, name, type, publicKey);
  if (toHex(kid) !== id) throw new Error('verifier key id does not match its key');
  return { name, keyId: kid, type, publicKey };
}

export function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20);
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** the signature proper (after the 4-byte key id) */
  signature: Uint8Array;
}

export interface Note {
  /** the signed text, ending in a newline */
  text: string;
  signatures: NoteSignature[];
}

export function parseNote(note: string): Note {
  if ([...note].some((c) => c.charCodeAt(0) < 0x20 && c !== '\n')) throw new Error('control characters in note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('malformed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error('malformed signature line');
    const raw = fromBase64(m[2]!);
    if (raw.length < 5) throw new Error('short signature');
    signatures.push({ name: m[1]!, keyId: raw.slice(0, 4), signature: raw.slice(4) });
  }
  if (signatures.length === 0 || signatures.length > 100) throw new Error('no signatures');
  return { text, signatures };
}

export function signatureLine(name: string, keyIdBytes: Uint8Array, signature: Uint8Array): string {
  return `\u2014 ${name} ${toBase64(concat(keyIdBytes, signature))}\n`;
}

export function formatNote(text: string, lines: string[]): string {
  return `${text}\n${lines.join('')}`;
}

// ---------------------------------------------------------------- checkpoint

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

export function checkpointBody(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size}\n${toBase64(root)}\n`;
}

export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new Error('malformed checkpoint');
  const [origin, size, root] = lines;
  if (!origin || !/^(0|[1-9][0-9]*)$/.test(size ?? '')) throw new Error('malformed checkpoint');
  const r = fromBase64(root ?? '');
  if (r.length !== 32) throw new Error('malformed checkpoint root');
  const n = Number(size);
  if (!Number.isSafeInteger(n)) throw new Error('checkpoint size out of range');
  return { origin, size: n, root: r, extensions: lines.slice(3, -1) };
}

/** The message an Ed25519 cosignature/v1 signs. */
export function cosignedMessage(checkpointText: string, timestamp: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** A cosignature/v1 signature line's bytes after the key id: u64 timestamp ‖ signature. */
export function cosignaturePayload(timestamp: number, signature: Uint8Array): Uint8Array {
  return concat(u64(timestamp), signature);
}

export interface NoteCheck {
  /** the log's key verified the checkpoint: its name */
  logKey: string | null;
  /** and its key id (hex): after a rotation, old and new keys share the name */
  logKeyId: string | null;
  /** witnesses whose cosignature verified, with their timestamps (seconds) */
  witnesses: { name: string; timestamp: number }[];
  /** known keys whose signature did not verify */
  bad: string[];
}

/**
 * Checks a signed checkpoint against trusted keys: ignores unknown signatures (signed-note rule), fails a known one
 * that does not verify.
 */
export async function checkNote(sha256: Sha256, verify: Ed25519Verify, note: Note, logKeys: VerifierKey[], witnessKeys: VerifierKey[]): Promise<NoteCheck> {
  const out: NoteCheck = { logKey: null, logKeyId: null, witnesses: [], bad: [] };
  const body = utf8(note.text);
  for (const sig of note.signatures) {
    const lk = logKeys.find((k) => k.name === sig.name && equal(k.keyId, sig.keyId) && k.type === SIG_ED25519);
    if (lk) {
      if (await verify(lk.publicKey, body, sig.signature)) {
        out.logKeyId ??= toHex(lk.keyId);
        out.logKey ??= lk.name;
      } else out.bad.push(lk.name);
      continue;
    }
    const wk = witnessKeys.find((k) => k.name === sig.name && equal(k.keyId, sig.keyId) && k.type === SIG_COSIGNATURE_V1);
    if (wk) {
      if (sig.signature.length !== 72) {
        out.bad.push(wk.name);
        continue;
      }
      const ts = Number(new DataView(sig.signature.buffer, sig.signature.byteOffset, 8).getBigUint64(0));
      if (ts > Number.MAX_SAFE_INTEGER) out.bad.push(wk.name);
      else if (await verify(wk.publicKey, cosignedMessage(note.text, ts), sig.signature.slice(8))) out.witnesses.push({ name: wk.name, timestamp: ts });
      else out.bad.push(wk.name);
    }
  }
  return out;
}

// ---------------------------------------------------------------- entries and commitments

/** Format version of the logged entry (docs/proofs.md § Entry). */
export const ENTRY_VERSION = 1;
export const ENTRY_LENGTH = 1 + 32 + 8;

/** entry = version (1 byte) ‖ commitment (32 bytes) ‖ integration time, ms since the epoch (u64 big-endian) */
export function encodeEntry(commitment: Uint8Array, integratedAtMs: number): Uint8Array {
  if (commitment.length !== 32) throw new Error('commitment must be 32 bytes');
  return concat(Uint8Array.of(ENTRY_VERSION), commitment, u64(integratedAtMs));
}

export function decodeEntry(entry: Uint8Array): { version: number; commitment: Uint8Array; integratedAtMs: number } {
  if (entry.length !== ENTRY_LENGTH || entry[0] !== ENTRY_VERSION) throw new Error('unknown entry format');
  return { version: entry[0], commitment: entry.slice(1, 33), integratedAtMs: readU64(entry, 33) };
}

/**
 * An audit anchor (docs/proofs.md § Audit anchors): the operation log's hash-chain head, logged so that a rewrite of the
 * chain by someone with write access to the database conflicts with a checkpoint signed by the log's key and cosigned by
 * witnesses. entry = 0x02 ‖ seq (u64) ‖ SHA-256("shangmi/audit-anchor/v1\n" ‖ seq (u64) ‖ chain hash (32 bytes)) ‖
 * integration time (u64 ms). The sequence number is in clear so a verifier finds the row it anchors; the hash is not
 * (it would say nothing to the public, and the commitment is enough to check it).
 */
export const ANCHOR_VERSION = 2;
export const ANCHOR_LENGTH = 1 + 8 + 32 + 8;
const ANCHOR_DOMAIN = utf8('shangmi/audit-anchor/v1\n');

export function anchorCommitment(sha256: Sha256, seq: number, chainHash: Uint8Array): Uint8Array {
  if (chainHash.length !== 32) throw new Error('chain hash must be 32 bytes');
  return sha256(concat(ANCHOR_DOMAIN, u64(seq), chainHash));
}

export function encodeAnchorEntry(sha256: Sha256, seq: number, chainHash: Uint8Array, integratedAtMs: number): Uint8Array {
  return concat(Uint8Array.of(ANCHOR_VERSION), u64(seq), anchorCommitment(sha256, seq, chainHash), u64(integratedAtMs));
}

export function decodeAnchorEntry(entry: Uint8Array): { seq: number; commitment: Uint8Array; integratedAtMs: number } {
  if (entry.length !== ANCHOR_LENGTH || entry[0] !== ANCHOR_VERSION) throw new Error('not an audit anchor');
  return { seq: readU64(entry, 1), commitment: entry.slice(9, 41), integratedAtMs: readU64(entry, 41) };
}

export interface FileDigests {
  sha256: Uint8Array;
  sm3: Uint8Array;
}

/** commitment = SHA-256(salt ‖ for each file: SHA-256 ‖ SM3 ‖ SHA-256(metadata JSON)) */
export function commitment(sha256: Sha256, salt: Uint8Array, files: FileDigests[], metadataDigest: Uint8Array): Uint8Array {
  if (salt.length !== 32 || metadataDigest.length !== 32) throw new Error('salt and metadata digest are 32 bytes');
  const parts: Uint8Array[] = [salt];
  for (const f of files) {
    if (f.sha256.length !== 32 || f.sm3.length !== 32) throw new Error('file digests are 32 bytes');
    parts.push(f.sha256, f.sm3);
  }
  parts.push(metadataDigest);
  return sha256(...parts);
}

/**
 * What a receipt's `extra` carries (UTF-8 lines, base64 in the proof): enough to recompute the entry from the files.
 *   shangmi-proof/v1
 *   time <integration ms>
 *   salt <hex>
 *   meta <hex SHA-256 of the metadata JSON>
 *   file <hex SHA-256> <hex SM3>      (one line per file, in commitment order)
 */
export interface ReceiptExtra {
  integratedAtMs: number;
  salt: Uint8Array;
  metadataDigest: Uint8Array;
  files: FileDigests[];
}

export function formatExtra(x: ReceiptExtra): string {
  return [
    'shangmi-proof/v1',
    `time ${x.integratedAtMs}`,
    `salt ${toHex(x.salt)}`,
    `meta ${toHex(x.metadataDigest)}`,
    ...x.files.map((f) => `file ${toHex(f.sha256)} ${toHex(f.sm3)}`),
    '',
  ].join('\n');
}

export function parseExtra(text: string): ReceiptExtra {
  const lines = text.split('\n');
  if (lines[0] !== 'shangmi-proof/v1' || lines[lines.length - 1] !== '') throw new Error('unknown receipt extra');
  const get = (i: number, key: string) => {
    const m = new RegExp(`^${key} (\\S+)$`).exec(lines[i] ?? '');
    if (!m) throw new Error(`receipt extra: ${key}`);
    return m[1]!;
  };
  const integratedAtMs = Number(get(1, 'time'));
  if (!Number.isSafeInteger(integratedAtMs)) throw new Error('receipt extra: time');
  const salt = fromHex(get(2, 'salt'));
  const metadataDigest = fromHex(get(3, 'meta'));
  const files = lines.slice(4, -1).map((l) => {
    const m = /^file ([0-9a-f]{64}) ([0-9a-f]{64})$/.exec(l);
    if (!m) throw new Error('receipt extra: file');
    return { sha256: fromHex(m[1]!), sm3: fromHex(m[2]!) };
  });
  if (salt.length !== 32 || metadataDigest.length !== 32 || files.length === 0) throw new Error('receipt extra: lengths');
  return { integratedAtMs, salt, metadataDigest, files };
}

// ---------------------------------------------------------------- tlog-proof

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  extra: Uint8Array | null;
  index: number;
  hashes: Uint8Array[];
  /** the signed checkpoint note, verbatim */
  checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  return [TLOG_PROOF_HEADER, ...(p.extra ? [`extra ${toBase64(p.extra)}`] : []), `index ${p.index}`, ...p.hashes.map(toBase64), '', p.checkpoint].join('\n');
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== TLOG_PROOF_HEADER) throw new Error('not a c2sp.org/tlog-proof@v1 file');
  let extra: Uint8Array | null = null;
  if (lines[i]?.startsWith('extra ')) extra = fromBase64(lines[i++]!.slice(6));
  const im = /^index (0|[1-9][0-9]*)$/.exec(lines[i++] ?? '');
  if (!im) throw new Error('tlog-proof: index line');
  const index = Number(im[1]);
  if (!Number.isSafeInteger(index)) throw new Error('tlog-proof: index out of range');
  const hashes: Uint8Array[] = [];
  while (i < lines.length && lines[i] !== '') {
    const h = fromBase64(lines[i++]!);
    if (h.length !== 32) throw new Error('tlog-proof: hash length');
    hashes.push(h);
  }
  if (lines[i++] !== '') throw new Error('tlog-proof: missing checkpoint');
  return { extra, index, hashes, checkpoint: lines.slice(i).join('\n') };
}

// ---------------------------------------------------------------- receipt verification

export interface ReceiptCheck {
  ok: boolean;
  /** what failed, as message keys with a detail */
  problems: string[];
  origin: string | null;
  index: number;
  size: number | null;
  root: string | null;
  integratedAt: string | null;
  logKey: string | null;
  logKeyId: string | null;
  witnesses: { name: string; timestamp: number }[];
  /** for each file digest in the receipt, whether a given file matched it (null when no files were given) */
  files: { sha256: string; sm3: string; matched: boolean | null }[];
  commitment: string | null;
}

/**
 * Verifies a `.tlog-proof` receipt end to end, offline: the files' digests (optional) against the receipt's extra,
 * the commitment and entry recomputed, the leaf's inclusion in the checkpoint, the checkpoint's signature by a
 * trusted log key and the witnesses' cosignatures.
 */
export async function verifyReceipt(
  sha256: Sha256,
  verify: Ed25519Verify,
  receipt: string,
  opts: { logKeys: string[]; witnessKeys?: string[]; origin?: string; files?: FileDigests[] },
): Promise<ReceiptCheck> {
  const out: ReceiptCheck = { ok: false, problems: [], origin: null, index: -1, size: null, root: null, integratedAt: null, logKey: null, logKeyId: null, witnesses: [], files: [], commitment: null };
  let proof: TlogProof;
  let extra: ReceiptExtra;
  try {
    proof = parseTlogProof(receipt);
    if (!proof.extra) throw new Error('no extra line');
    extra = parseExtra(fromUtf8(proof.extra));
  } catch (e) {
    out.problems.push(`malformed: ${(e as Error).message}`);
    return out;
  }
  out.index = proof.index;
  out.integratedAt = new Date(extra.integratedAtMs).toISOString();
  out.files = extra.files.map((f) => ({ sha256: toHex(f.sha256), sm3: toHex(f.sm3), matched: null }));
  if (opts.files) {
    for (const [i, f] of extra.files.entries()) out.files[i]!.matched = opts.files.some((g) => equal(g.sha256, f.sha256) && equal(g.sm3, f.sm3));
    const unmatchedGiven = opts.files.filter((g) => !extra.files.some((f) => equal(g.sha256, f.sha256) && equal(g.sm3, f.sm3)));
    if (unmatchedGiven.length) out.problems.push(`file not in receipt: ${unmatchedGiven.map((g) => toHex(g.sha256)).join(', ')}`);
    if (out.files.some((f) => !f.matched)) out.problems.push('file missing or changed');
  }
  const c = commitment(sha256, extra.salt, extra.files, extra.metadataDigest);
  out.commitment = toHex(c);
  const leaf = leafHash(sha256, encodeEntry(c, extra.integratedAtMs));
  let note: Note;
  let cp: Checkpoint;
  try {
    note = parseNote(proof.checkpoint);
    cp = parseCheckpointBody(note.text);
  } catch (e) {
    out.problems.push(`malformed checkpoint: ${(e as Error).message}`);
    return out;
  }
  out.origin = cp.origin;
  out.size = cp.size;
  out.root = toBase64(cp.root);
  if (opts.origin && cp.origin !== opts.origin) out.problems.push(`unexpected log origin ${cp.origin}`);
  const root = rootFromInclusion(sha256, proof.index, cp.size, leaf, proof.hashes);
  if (!root || !equal(root, cp.root)) out.problems.push('inclusion proof does not lead to the checkpoint root');
  let logKeys: VerifierKey[];
  let witnessKeys: VerifierKey[];
  try {
    logKeys = opts.logKeys.map((k) => parseVerifierKey(sha256, k));
    witnessKeys = (opts.witnessKeys ?? []).map((k) => parseVerifierKey(sha256, k));
  } catch (e) {
    out.problems.push(`bad trusted key: ${(e as Error).message}`);
    return out;
  }
  const check = await checkNote(sha256, verify, note, logKeys, witnessKeys);
  out.logKey = check.logKey;
  out.logKeyId = check.logKeyId;
  out.witnesses = check.witnesses;
  if (!check.logKey) out.problems.push('checkpoint not signed by a trusted log key');
  if (check.bad.length) out.problems.push(`bad signature by ${check.bad.join(', ')}`);
  out.ok = out.problems.length === 0;
  return out;
}
