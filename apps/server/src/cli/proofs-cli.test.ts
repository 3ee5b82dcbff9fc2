import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreditCode } from '@shangmi/shared';
import { leafHash } from '@shangmi/shared/merkle';
import { commitment, encodeEntry, formatVerifierKey, parseExtra, parseNote, parseTlogProof, SIG_COSIGNATURE_V1, toHex } from '@shangmi/shared/tlog';
import type { CliIo } from './io.js';
import { createTestApp, json, type Client, type TestApp } from '../../test/harness.js';
import { integrate } from '../modules/proofs/log.service.js';
import { loadLogKeys, loadOrCreateKey, rawPublicKey, sha256, sm3 } from '../modules/proofs/node-crypto.js';
import { run as logKeyCli } from './log-key.js';
import { run as verify } from './verify.js';
import { witnessOnce } from './witness.js';

let t: TestApp;
let ent: Client;
let admin: Client;
let tmp: string;
let url: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { config: t.config, out: (l) => out.push(l), err: (l) => err.push(l), open: async () => t.database };
  return { cli, out, err };
}
const run = () => integrate(t.database, loadLogKeys(t.config.dataDir, t.config.logOrigin), t.config.logOrigin);
const logKey = () => loadLogKeys(t.config.dataDir, t.config.logOrigin).current.vkey;

async function deposit(files: { name: string; bytes: Buffer }[]) {
  const salt = crypto.randomBytes(32).toString('hex');
  const digests = files.map((f) => ({ name: f.name, size: f.bytes.length, sha256: toHex(sha256(f.bytes)), sm3: toHex(sm3(f.bytes)) }));
  const metadataJson = JSON.stringify({ title: 'CLI', files: digests.map((d) => d.name) });
  const h = crypto.createHash('sha256').update(Buffer.from(salt, 'hex'));
  for (const d of digests) h.update(Buffer.from(d.sha256, 'hex')).update(Buffer.from(d.sm3, 'hex'));
  h.update(crypto.createHash('sha256').update(metadataJson).digest());
  const res = await ent.post('/api/proofs', { title: 'CLI', files: digests, salt, metadataJson, commitment: h.digest('hex') });
  if (res.statusCode !== 200) throw new Error(res.body);
  return json(res);
}

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  const e = json(await admin.post('/api/enterprises', { creditCode: buildCreditCode('91', '640106', '0001CL7T'), name: '宁夏命令行科技有限公司' }));
  await t.createUser({ username: 'cli_ent', orgId: e.orgId, roles: ['enterprise_admin'] });
  ent = await t.loginAs('cli_ent');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-proofs-cli-'));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  await run();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('shangmi verify RECEIPT FILE…', () => {
  it('confirms the genuine files offline and rejects a file with one changed byte', async () => {
    const a = crypto.randomBytes(70_000);
    const b = crypto.randomBytes(1234);
    fs.writeFileSync(path.join(tmp, 'a.bin'), a);
    fs.writeFileSync(path.join(tmp, 'b.bin'), b);
    const rec = await deposit([
      { name: 'a.bin', bytes: a },
      { name: 'b.bin', bytes: b },
    ]);
    await run();
    const receipt = path.join(tmp, 'r.tlog-proof');
    fs.writeFileSync(receipt, (await ent.get(`/api/proofs/${rec.id}/receipt`)).body);
    fs.writeFileSync(path.join(tmp, 'log-key.txt'), `${logKey()}\n`);

    // SHANGMI_PROOFS_SAMPLE_DIR keeps a sample (receipt, key, files) to try the README's commands on
    const keep = process.env.SHANGMI_PROOFS_SAMPLE_DIR;
    if (keep) for (const f of ['r.tlog-proof', 'log-key.txt', 'a.bin', 'b.bin']) fs.copyFileSync(path.join(tmp, f), path.join(keep, f));
    const good = io();
    expect(await verify([receipt, path.join(tmp, 'a.bin'), path.join(tmp, 'b.bin'), '--key', path.join(tmp, 'log-key.txt')], good.cli)).toBe(0);
    expect(good.out.join('\n')).toMatch(/VALID/);

    const changed = Buffer.from(a);
    changed[12345]! ^= 0x01;
    fs.writeFileSync(path.join(tmp, 'a-changed.bin'), changed);
    const bad = io();
    expect(await verify([receipt, path.join(tmp, 'a-changed.bin'), path.join(tmp, 'b.bin'), '--key', logKey()], bad.cli)).toBe(1);
    expect(bad.err.join('\n')).toMatch(/INVALID/);

    // a key that is not the log's
    const otherKey = formatVerifierKey(sha256, t.config.logOrigin, 1, rawPublicKey(crypto.generateKeyPairSync('ed25519').publicKey));
    expect(await verify([receipt, '--key', otherKey], io().cli)).toBe(1);
    expect(await verify([receipt], io().cli)).toBe(2);

    // an independent implementation (docs/proofs-verify.py: Python's standard library and openssl, no Shangmi code)
    const script = path.resolve(import.meta.dirname, '../../../../docs/proofs-verify.py');
    const py = (...files: string[]) => spawnSync('python3', [script, receipt, logKey(), ...files], { encoding: 'utf8' });
    const indep = py(path.join(tmp, 'a.bin'), path.join(tmp, 'b.bin'));
    expect(indep.stdout + indep.stderr).toMatch(/^VALID/);
    expect(indep.status).toBe(0);
    const indepBad = py(path.join(tmp, 'a-changed.bin'));
    expect(indepBad.status).toBe(1);
    expect(indepBad.stderr).toMatch(/INVALID/);
    expect(py.call(null).status).toBe(0);
    // a flipped bit in the log's signature
    const text = fs.readFileSync(receipt, 'utf8');
    const sigLine = text.split('\n').find((l) => l.startsWith('\u2014 '))!;
    const sigB64 = sigLine.split(' ')[2]!;
    const sigBytes = Buffer.from(sigB64, 'base64');
    sigBytes[10]! ^= 1;
    fs.writeFileSync(path.join(tmp, 'bad-sig.tlog-proof'), text.replace(sigB64, sigBytes.toString('base64')));
    const badSig = spawnSync('python3', [script, path.join(tmp, 'bad-sig.tlog-proof'), logKey()], { encoding: 'utf8' });
    expect(badSig.stderr).toMatch(/signature does not verify/);

    // the README's commands (standard tools only), run as written on this receipt: the files' digests, the leaf hash, the
    // key id and the signature come out as the shared code computes them; a changed checkpoint fails the signature
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
    const recipe = /```bash\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Checking an existence-proof receipt without Shangmi')))![1]!;
    const shell = (dir: string) => spawnSync('bash', ['-e', '-o', 'pipefail', '-c', recipe], { cwd: dir, encoding: 'utf8' });
    const proof = parseTlogProof(text);
    const extra = parseExtra(Buffer.from(proof.extra!).toString('utf8'));
    const leaf = leafHash(sha256, encodeEntry(commitment(sha256, extra.salt, extra.files, extra.metadataDigest), extra.integratedAtMs));
    const byHand = shell(tmp);
    expect(byHand.status, byHand.stderr).toBe(0);
    expect(byHand.stdout).toContain(`${toHex(sha256(a))}  a.bin`);
    expect(byHand.stdout).toContain(`${toHex(sm3(a))}`);
    expect(byHand.stdout).toContain(`${toHex(sha256(b))}  b.bin`);
    expect(byHand.stdout.split('\n')).toContain(Buffer.from(leaf).toString('base64'));
    expect(byHand.stdout.split('\n')).toContain(logKey().split('+')[1]);
    expect(byHand.stdout).toMatch(/Signature Verified Successfully/);
    const forged = fs.mkdtempSync(path.join(tmp, 'forged-'));
    for (const f of ['a.bin', 'b.bin', 'log-key.txt']) fs.copyFileSync(path.join(tmp, f), path.join(forged, f));
    const body = text.split('\n\n')[1]!.split('\n');
    fs.writeFileSync(path.join(forged, 'r.tlog-proof'), text.replace(body.join('\n'), [body[0], String(Number(body[1]) + 1), ...body.slice(2)].join('\n')));
    const forgedRun = shell(forged);
    expect(forgedRun.status).not.toBe(0);
    expect(forgedRun.stdout + forgedRun.stderr).toMatch(/Signature Verification Failure/);
  });
});

describe('shangmi verify --log', () => {
  it('passes on an intact log and names the checkpoints an edited or deleted entry breaks', async () => {
    const ok = io();
    expect(await verify(['--log'], ok.cli)).toBe(0);
    expect(ok.out.join('\n')).toMatch(/intact/);
    const [orig] = await t.database.query<{ entry: Uint8Array }>('select entry from proof_entries where idx = 0');
    await t.database.query('update proof_entries set entry = $1 where idx = 0', [Buffer.concat([Buffer.from(orig!.entry).subarray(0, 40), Buffer.from([orig!.entry[40]! ^ 1])])]);
    const edited = io();
    expect(await verify(['--log'], edited.cli)).toBe(1);
    expect(edited.err.join('\n')).toMatch(/TAMPERED/);
    await t.database.query('delete from proof_entries where idx = 0');
    const deleted = io();
    expect(await verify(['--log'], deleted.cli)).toBe(1);
    expect(deleted.err.join('\n')).toMatch(/missing/);
    await t.database.query('insert into proof_entries (idx, entry) values (0, $1)', [Buffer.from(orig!.entry)]);
    expect(await verify(['--log'], io().cli)).toBe(0);
  });
});

describe('a corrupted stored node (issue 21 items 9 and 10)', () => {
  it('verify --log names it; the server refuses a proof through it, halts the log, and says so in health and status', async () => {
    const recs = [await deposit([{ name: 'n1.bin', bytes: crypto.randomBytes(50) }]), await deposit([{ name: 'n2.bin', bytes: crypto.randomBytes(50) }])];
    await run();
    const rec = json(await ent.get(`/api/proofs/${recs[0].id}`)); // its neighbour (index ^ 1) is stored: the other one or the one before
    expect((await ent.get(`/api/proofs/${rec.id}/receipt`)).statusCode).toBe(200);
    // one flipped bit in the stored leaf hash of the entry next to it: its own entry and every checkpoint are intact
    const sibling = rec.logIndex ^ 1;
    const [orig] = await t.database.query<{ hash: Uint8Array }>('select hash from proof_nodes where level = 0 and idx = $1', [sibling]);
    const flipped = Buffer.from(orig!.hash);
    flipped[0]! ^= 1;
    await t.database.query('update proof_nodes set hash = $1 where level = 0 and idx = $2', [flipped, sibling]);

    const check = io();
    expect(await verify(['--log'], check.cli)).toBe(1);
    expect(check.err.join('\n')).toContain(`stored node 0/${sibling} differs`);

    const refused = await ent.get(`/api/proofs/${rec.id}/receipt`);
    expect(refused.statusCode).toBe(503);
    expect(json(refused).error.message).toContain('存证日志的存储数据未通过平台自检');
    const st = json(await t.client().get('/api/proofs/log/status'));
    expect(st.halted).toMatch(/does not verify/);
    const health = json(await t.client().get('/api/health'));
    expect(health).toMatchObject({ status: 'degraded', proofLog: { ok: false } });
    // the halt is in the audit chain under the platform's root organisation (its administrators read it there)
    const [row] = await t.database.query<{ org_path: string | null; error_code: string }>(`select org_path, error_code from oplog where action = 'proofs.integrate' order by seq desc limit 1`);
    expect(row).toMatchObject({ error_code: 'LOG_INTEGRITY' });
    expect(row!.org_path).toMatch(/^\/\d+\/$/);
    // the platform's administrators (holders of proofs:witnesses) are told in their inbox, once however often it is retried
    expect((await ent.get(`/api/proofs/${rec.id}/receipt`)).statusCode).toBe(503);
    const told = json(await admin.get('/api/inbox?event=security')).items;
    expect(told.map((n: { title: string; link: string }) => [n.title, n.link])).toEqual([['存证日志未通过自检，已暂停出具证明', '/proofs/witnesses']]);
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from notifications where event = 'security' and user_id in (select id from users where username = 'admin')`);
    expect(n).toBe(1);

    // repaired, the next integration signs again and clears the halt
    await t.database.query('update proof_nodes set hash = $1 where level = 0 and idx = $2', [Buffer.from(orig!.hash), sibling]);
    expect(await verify(['--log'], io().cli)).toBe(0);
    await deposit([{ name: 'n3.bin', bytes: crypto.randomBytes(50) }]);
    await run();
    expect(json(await t.client().get('/api/proofs/log/status')).halted).toBeNull();
    expect((await ent.get(`/api/proofs/${rec.id}/receipt`)).statusCode).toBe(200);
  });
});

describe('shangmi witness', () => {
  it('cosigns consistent checkpoints over HTTP, keeps its state and refuses forks and rollbacks', async () => {
    const keyFile = path.join(tmp, 'witness.pem');
    const stateFile = path.join(tmp, 'witness.state.json');
    const name = 'court.yinchuan.test/witness';
    const pub = rawPublicKey(crypto.createPublicKey(loadOrCreateKey(keyFile)));
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const vkey = formatVerifierKey(sha256, name, SIG_COSIGNATURE_V1, pub);
    expect((await admin.post('/api/proofs/witnesses', { label: '银川中院', vkey })).statusCode).toBe(200);
    const opts = { log: url, keyFile, name, stateFile };

    const first = io();
    expect(await witnessOnce(opts, first.cli)).toBe('cosigned');
    const served = parseNote((await t.client().get('/api/proofs/log/checkpoint')).body);
    expect(served.signatures.map((s) => s.name)).toContain(name);

    await deposit([{ name: 'later.bin', bytes: crypto.randomBytes(100) }]);
    await run();
    expect(await witnessOnce(opts, io().cli)).toBe('cosigned'); // a consistency proof was checked on the way
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));

    // the witness remembers another root for a size: whatever the log serves now is a fork
    fs.writeFileSync(stateFile, JSON.stringify({ ...state, size: state.size - 1, root: Buffer.from(sha256(Buffer.from('fork'))).toString('base64') }));
    const fork = io();
    expect(await witnessOnce(opts, fork.cli)).toBe('refused');
    expect(fork.err.join('\n')).toMatch(/FORK/);
    fs.writeFileSync(stateFile, JSON.stringify({ ...state, size: state.size + 5 }));
    const back = io();
    expect(await witnessOnce(opts, back.cli)).toBe('refused');
    expect(back.err.join('\n')).toMatch(/shrank/);
    // the refused rounds left the state as it was
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).size).toBe(state.size + 5);
  });
});

describe('shangmi log-key', () => {
  it('shows the key and rotates it, keeping the old one listed', async () => {
    const shown = io();
    expect(await logKeyCli(['show'], shown.cli)).toBe(0);
    const before = logKey();
    expect(shown.out[0]).toContain(before);
    const rotated = io();
    expect(await logKeyCli(['rotate'], rotated.cli)).toBe(0);
    expect(logKey()).not.toBe(before);
    expect(rotated.out.join('\n')).toContain(`retired: ${before}`);
    expect(await logKeyCli([], io().cli)).toBe(2);
  });
});
