import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { verifyConsistency, verifyInclusion, leafHash } from '@shangmi/shared/merkle';
import {
  checkNote,
  cosignaturePayload,
  cosignedMessage,
  formatNote,
  formatVerifierKey,
  fromBase64,
  keyId,
  parseCheckpointBody,
  parseNote,
  parseTlogProof,
  parseVerifierKey,
  signatureLine,
  SIG_COSIGNATURE_V1,
  toHex,
  verifyReceipt,
} from '@shangmi/shared/tlog';
import { oplog } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { integrate, LogIntegrityError } from './log.service.js';
import { ed25519Verify, loadLogKeys, rawPublicKey, rotateLogKey, sha256, sm3 } from './node-crypto.js';

let t: TestApp;
let admin: Client;
let ent: Client;
let member: Client;
let other: Client;
let staff: Client;

const creditCode = creditCodes('PR7T');

/** What the browser does: digests, a salt, the metadata JSON and the commitment; never the bytes. */
function depositBody(files: { name: string; bytes: Buffer }[], title = '核心配方') {
  const salt = crypto.randomBytes(32).toString('hex');
  const digests = files.map((f) => ({ name: f.name, size: f.bytes.length, sha256: toHex(sha256(f.bytes)), sm3: toHex(sm3(f.bytes)) }));
  const metadataJson = JSON.stringify({ title, files: digests.map((d) => ({ name: d.name, size: d.size })) });
  const c = crypto.createHash('sha256');
  c.update(Buffer.from(salt, 'hex'));
  for (const d of digests) c.update(Buffer.from(d.sha256, 'hex')).update(Buffer.from(d.sm3, 'hex'));
  c.update(crypto.createHash('sha256').update(metadataJson).digest());
  return { title, tags: ['配方'], files: digests, salt, metadataJson, commitment: c.digest('hex') };
}

const keys = () => loadLogKeys(t.config.dataDir, t.config.logOrigin);
const run = () => integrate(t.database, keys(), t.config.logOrigin);
const logKey = async () => json(await t.client().get('/api/proofs/log-key'));
const checkpoint = async (size?: number) => (await t.client().get(size === undefined ? '/api/proofs/log/checkpoint' : `/api/proofs/log/checkpoint/${size}`)).body;

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  const mk = async (name: string) => {
    const res = await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name });
    if (res.statusCode !== 200) throw new Error(res.body);
    return json(res);
  };
  const e1 = await mk('宁夏存证科技有限公司');
  const e2 = await mk('宁夏别家科技有限公司');
  await t.createUser({ username: 'proof_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'proof_member', orgId: e1.orgId, roles: ['enterprise_member'] });
  await t.createUser({ username: 'proof_other', orgId: e2.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'proof_staff', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  ent = await t.loginAs('proof_ent');
  member = await t.loginAs('proof_member');
  other = await t.loginAs('proof_other');
  staff = await t.loginAs('proof_staff');
  await run(); // the first checkpoint: size 0
});
afterAll(async () => t?.close());

describe('the log key', () => {
  it('is generated on first start in the data folder, mode 0600, and published as a signed-note verifier key', async () => {
    const file = path.join(t.config.dataDir, 'proofs', 'log-key.pem');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const k = await logKey();
    expect(k.origin).toBe(t.config.logOrigin);
    const parsed = parseVerifierKey(sha256, k.key);
    const pub = rawPublicKey(crypto.createPublicKey(crypto.createPrivateKey(fs.readFileSync(file, 'utf8'))));
    expect(toHex(parsed.publicKey)).toBe(toHex(pub));
    // key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]
    const id = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(`${k.origin}\n`), Buffer.from([1]), Buffer.from(pub)])).digest().subarray(0, 4);
    expect(k.key.split('+')[1]).toBe(id.toString('hex'));
  });

  it('the size-0 checkpoint is signed by it', async () => {
    const note = parseNote(await checkpoint(0));
    expect(parseCheckpointBody(note.text)).toMatchObject({ origin: t.config.logOrigin, size: 0 });
    const check = await checkNote(sha256, ed25519Verify, note, [parseVerifierKey(sha256, (await logKey()).key)], []);
    expect(check.logKey).toBe(t.config.logOrigin);
  });
});

describe('deposits', () => {
  it('are refused with the field named when the commitment does not match, and for staff', async () => {
    const body = depositBody([{ name: 'a.txt', bytes: Buffer.from('a') }]);
    const bad = await ent.post('/api/proofs', { ...body, commitment: '0'.repeat(64) });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('commitment');
    const noFiles = await ent.post('/api/proofs', { ...body, files: [] });
    expect(json(noFiles).error.fields[0].field).toBe('files');
    expect((await staff.post('/api/proofs', body)).statusCode).toBe(403);
    // unknown fields (a file's bytes, say) are refused
    expect((await ent.post('/api/proofs', { ...body, content: 'c2VjcmV0' })).statusCode).toBe(400);
    // a description over the form's limit is refused under the form's own label (说明, not a complaint's 具体情况)
    const long = await ent.post('/api/proofs', { ...body, description: '说'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(json(long).error.fields[0]).toEqual({ field: 'description', message: '说明：最多 2000 个字符' });
    ent.locale = 'en-US';
    const longEn = await ent.post('/api/proofs', { ...body, description: 'x'.repeat(2001) });
    ent.locale = 'zh-CN';
    expect(json(longEn).error.fields[0].message).toBe('Description must have at most 2000 characters');
  });

  it('are integrated into the log, and the receipt verifies offline with the files', async () => {
    const files = [
      { name: '配方.docx', bytes: crypto.randomBytes(3000) },
      { name: '工艺.pdf', bytes: crypto.randomBytes(5000) },
    ];
    const res = await ent.post('/api/proofs', depositBody(files));
    expect(res.statusCode).toBe(200);
    const rec = json(res);
    expect(rec.logIndex).toBeNull();
    // the audit row (read by the bureau) names no title or file
    const audit = (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0]!;
    expect(audit).toMatchObject({ action: 'proofs.deposit', targetId: String(rec.id) });
    expect(JSON.stringify(audit.after)).not.toMatch(/配方|工艺/);
    // before integration there is no receipt yet
    expect((await ent.get(`/api/proofs/${rec.id}/receipt`)).statusCode).toBe(409);
    const r = await run();
    expect(r).toMatchObject({ added: 1, signed: true });
    const after = json(await ent.get(`/api/proofs/${rec.id}`));
    expect(after.logIndex).toBeTypeOf('number');
    const receipt = await ent.get(`/api/proofs/${rec.id}/receipt`);
    expect(receipt.statusCode).toBe(200);
    // named by the number the pages show (日志序号 #N), not the record's id (a receipt was 存证-7 for entry #6)
    const named = (res: { headers: Record<string, unknown> }) => decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1] ?? '');
    expect(named(receipt)).toBe(`存证-日志序号${after.logIndex}.tlog-proof`);
    expect(receipt.headers['content-disposition']).toContain(`filename="proof-log-${after.logIndex}.tlog-proof"`);
    expect(receipt.body.startsWith('c2sp.org/tlog-proof@v1\nextra ')).toBe(true);
    const digests = files.map((f) => ({ sha256: sha256(f.bytes), sm3: sm3(f.bytes) }));
    const ok = await verifyReceipt(sha256, ed25519Verify, receipt.body, { logKeys: [(await logKey()).key], origin: t.config.logOrigin, files: digests });
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    // one changed byte in a file: refused
    const changed = Buffer.from(files[0]!.bytes);
    changed[100]! ^= 1;
    const bad = await verifyReceipt(sha256, ed25519Verify, receipt.body, { logKeys: [(await logKey()).key], files: [{ sha256: sha256(changed), sm3: sm3(changed) }, digests[1]!] });
    expect(bad.ok).toBe(false);
    // the private record holds what recomputes the commitment
    const privRes = await ent.get(`/api/proofs/${rec.id}/record`);
    expect(named(privRes)).toBe(`存证-日志序号${after.logIndex}.json`);
    const priv = json(privRes);
    expect(priv.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(priv.commitment).toBe(rec.commitment);
  });

  it('are private to their enterprise (a member sees only their own)', async () => {
    const mine = json(await ent.post('/api/proofs', depositBody([{ name: 'x', bytes: Buffer.from('x') }], '管理员的')));
    const theirs = json(await member.post('/api/proofs', depositBody([{ name: 'y', bytes: Buffer.from('y') }], '成员的')));
    expect((await other.get(`/api/proofs/${mine.id}`)).statusCode).toBe(404);
    expect(json(await other.get('/api/proofs')).total).toBe(0);
    expect((await staff.get('/api/proofs')).statusCode).toBe(403);
    const memberList = json(await member.get('/api/proofs'));
    expect(memberList.items.map((x: Json) => x.id)).toEqual([theirs.id]);
    const adminList = json(await ent.get('/api/proofs?q=管理员'));
    expect(adminList.items.map((x: Json) => x.id)).toEqual([mine.id]);
    expect(json(await ent.get('/api/proofs?tag=配方')).total).toBeGreaterThanOrEqual(3);
    const tagged = await ent.put(`/api/proofs/${mine.id}/tags`, { tags: ['研发', '2026'] });
    expect(json(tagged).tags).toEqual(['研发', '2026']);
    expect(json(await ent.get('/api/proofs?tag=研发')).items.map((x: Json) => x.id)).toEqual([mine.id]);
    expect(json(await ent.get('/api/proofs/tags'))).toEqual(expect.arrayContaining(['研发', '2026', '配方']));
    expect(json(await other.get('/api/proofs/tags'))).toEqual([]);
    await run();
  });

  it('export all receipts and records as a zip; the certificate carries a QR code', async () => {
    const res = await ent.get('/api/proofs/export');
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    expect(names.filter((n) => n.endsWith('.tlog-proof')).length).toBeGreaterThanOrEqual(3);
    expect(names.filter((n) => n.endsWith('.json')).length).toBe(names.filter((n) => n.endsWith('.tlog-proof')).length);
    // each receipt is named by its 日志序号, as the list shows it
    const indexes = new Set((json(await ent.get('/api/proofs?pageSize=100')).items as Json[]).map((x) => x.logIndex));
    for (const n of names.filter((x) => x.endsWith('.tlog-proof'))) expect(indexes.has(Number(/^日志序号(\d+)-/.exec(n)?.[1]))).toBe(true);
    const one = names.find((n) => n.endsWith('.tlog-proof'))!;
    const r = await verifyReceipt(sha256, ed25519Verify, await zip.file(one)!.async('string'), { logKeys: [(await logKey()).key] });
    expect(r.ok).toBe(true);
    const list = json(await ent.get('/api/proofs'));
    const cert = json(await ent.get(`/api/proofs/${list.items[0].id}/certificate`));
    expect(cert.qr).toMatch(/^data:image\/png;base64,/);
    expect(cert.verifyUrl).toMatch(/\/verify\?/);
    expect(cert.enterpriseName).toBe('宁夏存证科技有限公司');
  });
});

describe('public proofs', () => {
  it('inclusion and consistency proofs verify against the signed checkpoints', async () => {
    for (let i = 0; i < 5; i++) await ent.post('/api/proofs', depositBody([{ name: `f${i}`, bytes: crypto.randomBytes(10) }]));
    const first = parseCheckpointBody(parseNote(await checkpoint()).text);
    await run();
    const second = parseCheckpointBody(parseNote(await checkpoint()).text);
    expect(second.size).toBe(first.size + 5);
    const cons = json(await t.client().get(`/api/proofs/log/consistency?from=${first.size}&to=${second.size}`));
    expect(verifyConsistency(sha256, first.size, second.size, cons.hashes.map(fromBase64), first.root, second.root)).toBe(true);
    const entry = (await t.database.query<{ entry: Uint8Array }>('select entry from proof_entries where idx = $1', [first.size]))[0]!.entry;
    const inc = json(await t.client().get(`/api/proofs/log/inclusion?index=${first.size}&size=${second.size}`));
    expect(verifyInclusion(sha256, first.size, second.size, leafHash(sha256, new Uint8Array(entry)), inc.hashes.map(fromBase64), second.root)).toBe(true);
    // sizes the log has not reached, indexes outside the tree
    expect((await t.client().get(`/api/proofs/log/inclusion?index=0&size=${second.size + 1}`)).statusCode).toBe(404);
    expect((await t.client().get(`/api/proofs/log/inclusion?index=${second.size}&size=${second.size}`)).statusCode).toBe(400);
    expect((await t.client().get(`/api/proofs/log/checkpoint/${second.size + 1}`)).statusCode).toBe(404);
  });

  it('an old receipt is refreshed to the latest checkpoint', async () => {
    const list = json(await ent.get('/api/proofs?order=asc'));
    const old = (await ent.get(`/api/proofs/${list.items[0].id}/receipt`)).body;
    await ent.post('/api/proofs', depositBody([{ name: 'later', bytes: Buffer.from('later') }]));
    await run();
    const res = await t.client().post('/api/proofs/log/refresh', { receipt: old });
    expect(res.statusCode).toBe(200);
    const fresh = json(res).receipt as string;
    expect(parseCheckpointBody(parseNote(parseTlogProof(fresh).checkpoint).text).size).toBeGreaterThan(parseCheckpointBody(parseNote(parseTlogProof(old).checkpoint).text).size);
    expect((await verifyReceipt(sha256, ed25519Verify, fresh, { logKeys: [(await logKey()).key] })).ok).toBe(true);
    // a receipt whose extra was altered matches no entry
    const lines = old.split('\n');
    const extra = Buffer.from(lines[1]!.slice(6), 'base64').toString().replace(/time (\d+)/, (_, n: string) => `time ${Number(n) + 1}`);
    lines[1] = `extra ${Buffer.from(extra).toString('base64')}`;
    const forged = await t.client().post('/api/proofs/log/refresh', { receipt: lines.join('\n') });
    expect(forged.statusCode).toBe(400);
    expect(json(forged).error.fields[0].field).toBe('receipt');
  });

  it('witnesses registered by the city cosign checkpoints; forged or unknown cosignatures are refused', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pub = rawPublicKey(publicKey);
    const name = 'notary.yinchuan.test/w1';
    const vkey = formatVerifierKey(sha256, name, SIG_COSIGNATURE_V1, pub);
    expect((await ent.post('/api/proofs/witnesses', { label: '公证处', vkey })).statusCode).toBe(403);
    const badKey = await admin.post('/api/proofs/witnesses', { label: '公证处', vkey: (await logKey()).key });
    expect(json(badKey).error.fields[0].field).toBe('vkey');
    expect((await admin.post('/api/proofs/witnesses', { label: '银川市公证处', vkey })).statusCode).toBe(200);
    expect(json(await t.client().get('/api/proofs/witnesses')).map((w: Json) => w.name)).toContain(name);

    const note = parseNote(await checkpoint());
    const ts = Math.floor(Date.now() / 1000);
    const cosign = (text: string, key = privateKey) =>
      signatureLine(name, keyId(sha256, name, SIG_COSIGNATURE_V1, pub), cosignaturePayload(ts, new Uint8Array(crypto.sign(null, cosignedMessage(text, ts), key))));
    const submit = (lines: string[], text = note.text) => t.client().post('/api/proofs/log/cosignature', { note: formatNote(text, lines) });
    // a signature by another key under the witness's name and id does not verify
    expect((await submit([cosign(note.text, crypto.generateKeyPairSync('ed25519').privateKey)])).statusCode).toBe(400);
    // a checkpoint the log never signed
    const fake = note.text.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 100}\n`);
    expect((await submit([cosign(fake)], fake)).statusCode).toBe(400);
    const ok = await submit([cosign(note.text)]);
    expect(json(ok)).toEqual({ accepted: [name] });
    const served = parseNote(await checkpoint());
    const check = await checkNote(sha256, ed25519Verify, served, [parseVerifierKey(sha256, (await logKey()).key)], [parseVerifierKey(sha256, vkey)]);
    expect(check.witnesses).toEqual([{ name, timestamp: ts }]);
    expect(check.bad).toEqual([]);
  });
});

describe('tampering', () => {
  const lastRow = async () => (await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1))[0]!;

  it('an edited stored entry halts the log: no checkpoint is signed, the failure is audited', async () => {
    await ent.post('/api/proofs', depositBody([{ name: 'z', bytes: Buffer.from('z') }]));
    const before = parseCheckpointBody(parseNote(await checkpoint()).text).size;
    const [orig] = await t.database.query<{ entry: Uint8Array }>('select entry from proof_entries where idx = 1');
    await t.database.db.execute(sql`update proof_entries set entry = set_byte(entry, 5, get_byte(entry, 5) # 1) where idx = 1`);
    await expect(run()).rejects.toBeInstanceOf(LogIntegrityError);
    expect(parseCheckpointBody(parseNote(await checkpoint()).text).size).toBe(before);
    const row = await lastRow();
    expect(row).toMatchObject({ action: 'proofs.integrate', result: 'failure', errorCode: 'LOG_INTEGRITY' });
    // retried while still wrong: refused again, audited once
    await expect(run()).rejects.toBeInstanceOf(LogIntegrityError);
    expect((await lastRow()).seq).toBe(row.seq);
    // put back, the log resumes and integrates what waited
    await t.database.query('update proof_entries set entry = $1 where idx = 1', [Buffer.from(orig!.entry)]);
    expect(await run()).toMatchObject({ added: 1, signed: true });
  });

  it('a deleted entry or an edited tree node is detected too', async () => {
    const [orig] = await t.database.query<{ entry: Uint8Array }>('select entry from proof_entries where idx = 0');
    await t.database.query('delete from proof_entries where idx = 0');
    await expect(run()).rejects.toThrow(/missing/);
    await t.database.query('insert into proof_entries (idx, entry) values (0, $1)', [Buffer.from(orig!.entry)]);
    await t.database.query('update proof_nodes set hash = sha256(hash) where level = 1 and idx = 0');
    await expect(run()).rejects.toBeInstanceOf(LogIntegrityError);
    await t.database.query(`update proof_nodes n set hash = sha256('\\x01'::bytea || a.hash || b.hash)
      from proof_nodes a, proof_nodes b where n.level = 1 and n.idx = 0 and a.level = 0 and a.idx = 0 and b.level = 0 and b.idx = 1`);
    expect(await run()).toMatchObject({ signed: false });
  });
});

describe('key rotation', () => {
  it('keeps the retired key listed so old checkpoints still verify', () => {
    const before = keys().current.vkey;
    const after = rotateLogKey(t.config.dataDir, t.config.logOrigin);
    expect(after.current.vkey).not.toBe(before);
    expect(after.retired).toContain(before);
  });
});
