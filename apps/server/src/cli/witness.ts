import fs from 'node:fs';
import os from 'node:os';
import { verifyConsistency } from '@shangmi/shared/merkle';
import {
  checkNote,
  cosignaturePayload,
  cosignedMessage,
  formatNote,
  formatVerifierKey,
  fromBase64,
  parseCheckpointBody,
  parseNote,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  toBase64,
  type VerifierKey,
} from '@shangmi/shared/tlog';
import type { CliIo } from './io.js';
import { ed25519Verify, loadOrCreateKey, sha256, signingKey } from '../modules/proofs/node-crypto.js';

const USAGE = 'usage: shangmi witness --log URL --key FILE [--name NAME] [--state FILE] [--once] [--interval SECONDS]';

/** What a witness remembers between runs: the log it follows, the key it trusts and the largest tree it has cosigned. */
interface State {
  origin: string;
  logKey: string;
  size: number;
  root: string;
}

function readState(file: string): State | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as State) : null;
}

function writeState(file: string, s: State) {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

async function get(url: string): Promise<string> {
  const res = await fetch(url, { headers: { accept: 'text/plain, application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/**
 * One round: fetch the latest checkpoint, check the log's signature, check that it extends the tree last cosigned
 * (a consistency proof, RFC 9162 §2.1.4.2), then cosign it (c2sp.org/tlog-cosignature, cosignature/v1) and submit.
 * A smaller size, the same size with another root, or a failing consistency proof is a fork: refused, state kept.
 */
export async function witnessOnce(opts: { log: string; keyFile: string; name: string; stateFile: string }, io: CliIo): Promise<'cosigned' | 'unchanged' | 'refused'> {
  const key = signingKey(opts.name, loadOrCreateKey(opts.keyFile), SIG_COSIGNATURE_V1);
  const base = opts.log.replace(/\/+$/, '');
  const published = JSON.parse(await get(`${base}/api/proofs/log-key`)) as { origin: string; key: string; previous: string[] };
  let state = readState(opts.stateFile);
  if (!state) {
    // first contact: trust the log's key as published now (trust on first use), from the empty tree
    state = { origin: published.origin, logKey: published.key, size: 0, root: toBase64(sha256()) };
    io.out(`首次跟随 following ${published.origin} with key ${published.key}`);
  }
  const trusted: VerifierKey[] = [state.logKey, ...(published.key === state.logKey ? [] : [published.key])].map((k) => parseVerifierKey(sha256, k));
  if (published.key !== state.logKey && !published.previous.includes(state.logKey)) {
    io.err(`✗ 日志密钥被替换且未列出旧密钥 the log's key changed and no longer lists ${state.logKey}: refused`);
    return 'refused';
  }
  const text = await get(`${base}/api/proofs/log/checkpoint`);
  const note = parseNote(text);
  const cp = parseCheckpointBody(note.text);
  const sig = await checkNote(sha256, ed25519Verify, note, trusted, []);
  if (cp.origin !== state.origin || !sig.logKey || sig.bad.length) {
    io.err(`✗ 树头签名无效或来源不符 checkpoint not signed by the log's key (or origin ${cp.origin} ≠ ${state.origin}): refused`);
    return 'refused';
  }
  const oldRoot = fromBase64(state.root);
  if (cp.size < state.size) {
    io.err(`✗ 日志回退 the log shrank from ${state.size} to ${cp.size}: refused`);
    return 'refused';
  }
  if (cp.size > state.size && state.size > 0) {
    const proof = JSON.parse(await get(`${base}/api/proofs/log/consistency?from=${state.size}&to=${cp.size}`)) as { hashes: string[] };
    if (!verifyConsistency(sha256, state.size, cp.size, proof.hashes.map(fromBase64), oldRoot, cp.root)) {
      io.err(`✗ 分叉 FORK: the checkpoint of size ${cp.size} is not consistent with the size ${state.size} this witness cosigned: refused`);
      return 'refused';
    }
  }
  if (cp.size === state.size && toBase64(cp.root) !== state.root) {
    io.err(`✗ 分叉 FORK: two roots for size ${cp.size}: refused`);
    return 'refused';
  }
  const ts = Math.floor(Date.now() / 1000);
  const line = signatureLine(key.name, key.keyId, cosignaturePayload(ts, key.sign(cosignedMessage(note.text, ts))));
  const res = await fetch(`${base}/api/proofs/log/cosignature`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: formatNote(note.text, [line]) }),
  });
  if (!res.ok) {
    io.err(`✗ 提交联署失败 cosignature not accepted: HTTP ${res.status} ${await res.text()}`);
    return 'refused';
  }
  const changed = cp.size !== state.size;
  writeState(opts.stateFile, { ...state, size: cp.size, root: toBase64(cp.root) });
  io.out(`✓ 已联署 cosigned ${cp.origin} size ${cp.size}`);
  return changed ? 'cosigned' : 'unchanged';
}

/** `shangmi witness --log URL --key FILE`: follows a log, cosigning each consistent checkpoint; refuses forks. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const log = opt('--log');
  const keyFile = opt('--key');
  if (!log || !keyFile) {
    io.err(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const name = opt('--name') ?? `witness.local/${os.hostname()}`;
  const stateFile = opt('--state') ?? `${keyFile}.state.json`;
  const key = signingKey(name, loadOrCreateKey(keyFile), SIG_COSIGNATURE_V1);
  io.out(`见证方公钥（请市局登记） witness verifier key (register it with the city): ${formatVerifierKey(sha256, name, SIG_COSIGNATURE_V1, key.publicKey)}`);
  const interval = Number(opt('--interval') ?? 10) * 1000;
  for (;;) {
    let outcome: Awaited<ReturnType<typeof witnessOnce>>;
    try {
      outcome = await witnessOnce({ log, keyFile, name, stateFile }, io);
    } catch (e) {
      io.err(`✗ ${(e as Error).message}`);
      outcome = 'refused';
    }
    if (args.includes('--once')) return outcome === 'refused' ? 1 : 0;
    await new Promise((r) => setTimeout(r, interval));
  }
}

