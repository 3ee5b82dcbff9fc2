import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHash, rootFromLeafHashes, type Sha256 } from '@shangmi/shared/merkle';
import {
  checkpointBody,
  commitment,
  cosignaturePayload,
  cosignedMessage,
  encodeEntry,
  decodeEntry,
  formatExtra,
  formatNote,
  formatTlogProof,
  formatVerifierKey,
  keyId,
  parseExtra,
  parseNote,
  parseTlogProof,
  parseVerifierKey,
  signatureLine,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  toHex,
  utf8,
  fromUtf8,
  fromBase64,
  toBase64,
  verifyReceipt,
  type Ed25519Verify,
} from '@shangmi/shared/tlog';

const sha256: Sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const rawPub = (k: crypto.KeyObject) => new Uint8Array(k.export({ format: 'jwk' }).x ? Buffer.from(k.export({ format: 'jwk' }).x!, 'base64url') : []);
const verify: Ed25519Verify = (pub, msg, sig) =>
  crypto.verify(null, msg, crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' }), sig);

function keypair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { pub: rawPub(publicKey), sign: (m: Uint8Array) => new Uint8Array(crypto.sign(null, m, privateKey)) };
}

describe('signed note keys', () => {
  it('key id is SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4] and the verifier key round-trips', () => {
    const k = keypair();
    const expected = crypto.createHash('sha256').update(Buffer.concat([Buffer.from('example.com/log\n'), Buffer.from([1]), Buffer.from(k.pub)])).digest().subarray(0, 4);
    expect(toHex(keyId(sha256, 'example.com/log', SIG_ED25519, k.pub))).toBe(expected.toString('hex'));
    const vkey = formatVerifierKey(sha256, 'example.com/log', SIG_ED25519, k.pub);
    expect(vkey).toMatch(/^example\.com\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(toHex(parseVerifierKey(sha256, vkey).publicKey)).toBe(toHex(k.pub));
    // a key id that does not match the key is refused
    expect(() => parseVerifierKey(sha256, vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow();
  });
});

function fixture(nFiles = 2, size = 5) {
  const log = keypair();
  const witness = keypair();
  const origin = 'shangmi.test/proofs';
  const salt = crypto.randomBytes(32);
  const files = Array.from({ length: nFiles }, (_, i) => {
    const bytes = crypto.randomBytes(100 + i);
    return { bytes, sha256: new Uint8Array(crypto.createHash('sha256').update(bytes).digest()), sm3: new Uint8Array(crypto.createHash('sm3').update(bytes).digest()) };
  });
  const meta = sha256(utf8('{"title":"配方"}'));
  const time = 1764300000123;
  const c = commitment(sha256, salt, files, meta);
  const entries = Array.from({ length: size }, (_, i) => (i === 2 ? encodeEntry(c, time) : encodeEntry(sha256(utf8(`other ${i}`)), time - 1000)));
  const leaves = entries.map((e) => leafHash(sha256, e));
  const root = rootFromLeafHashes(sha256, leaves);
  const body = checkpointBody(origin, size, root);
  const ts = 1764300001;
  const note = formatNote(body, [
    signatureLine(origin, keyId(sha256, origin, SIG_ED25519, log.pub), log.sign(utf8(body))),
    signatureLine('witness.test/w1', keyId(sha256, 'witness.test/w1', SIG_COSIGNATURE_V1, witness.pub), cosignaturePayload(ts, witness.sign(cosignedMessage(body, ts)))),
  ]);
  const receipt = formatTlogProof({
    extra: utf8(formatExtra({ integratedAtMs: time, salt, metadataDigest: meta, files })),
    index: 2,
    hashes: inclusionProof(sha256, leaves, 2),
    checkpoint: note,
  });
  return {
    receipt,
    files,
    logKeys: [formatVerifierKey(sha256, origin, SIG_ED25519, log.pub)],
    witnessKeys: [formatVerifierKey(sha256, 'witness.test/w1', SIG_COSIGNATURE_V1, witness.pub)],
  };
}

describe('receipts (c2sp.org/tlog-proof@v1)', () => {
  it('a receipt round-trips and verifies with its files, log key and witness', async () => {
    const f = fixture();
    const parsed = parseTlogProof(f.receipt);
    expect(formatTlogProof(parsed)).toBe(f.receipt);
    expect(parseNote(parsed.checkpoint).signatures).toHaveLength(2);
    const r = await verifyReceipt(sha256, verify, f.receipt, { logKeys: f.logKeys, witnessKeys: f.witnessKeys, files: f.files });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.witnesses.map((w) => w.name)).toEqual(['witness.test/w1']);
    expect(r.files.every((x) => x.matched)).toBe(true);
  });
  it('a file with one changed byte, an unknown log key or any changed receipt character fails', async () => {
    const f = fixture();
    const changed = Buffer.from('x'.repeat(100));
    const bad = { sha256: new Uint8Array(crypto.createHash('sha256').update(changed).digest()), sm3: new Uint8Array(crypto.createHash('sm3').update(changed).digest()) };
    expect((await verifyReceipt(sha256, verify, f.receipt, { logKeys: f.logKeys, files: [bad, f.files[1]!] })).ok).toBe(false);
    expect((await verifyReceipt(sha256, verify, f.receipt, { logKeys: f.witnessKeys })).ok).toBe(false);
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (pick) => {
        // change one base64 / digit character anywhere in the receipt (not in the fixed labels)
        const positions = [...f.receipt].map((ch, i) => (/[A-Za-z0-9]/.test(ch) ? i : -1)).filter((i) => i >= 0);
        const at = positions[pick % positions.length]!;
        const ch = f.receipt[at]!;
        const repl = ch === 'A' ? 'B' : ch === '0' ? '1' : ch === 'a' ? 'b' : 'A';
        const tampered = f.receipt.slice(0, at) + repl + f.receipt.slice(at + 1);
        const r = await verifyReceipt(sha256, verify, tampered, { logKeys: f.logKeys, witnessKeys: f.witnessKeys, files: f.files, origin: 'shangmi.test/proofs' });
        // renaming the witness makes its line an unknown key's, ignored by the signed-note rules: then it is not counted
        expect(r.ok && r.witnesses.length === 1, `${at} ${JSON.stringify(f.receipt.slice(at - 10, at + 10))} ${repl}`).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
  it('entry and extra encodings round-trip', () => {
    const c = sha256(utf8('x'));
    const e = encodeEntry(c, 1764300000123);
    expect(e.length).toBe(41);
    expect(decodeEntry(e).integratedAtMs).toBe(1764300000123);
    const x = { integratedAtMs: 5, salt: c, metadataDigest: c, files: [{ sha256: c, sm3: c }] };
    expect(formatExtra(parseExtra(formatExtra(x)))).toBe(formatExtra(x));
  });
});

describe('the pure UTF-8 and base64 codecs agree with Node', () => {
  it('for any string and any bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 100 }), (s, b) => {
        expect(Buffer.from(utf8(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(fromUtf8(utf8(s))).toBe(s);
        expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
        expect(Buffer.from(fromBase64(toBase64(b))).equals(Buffer.from(b))).toBe(true);
      }),
    );
    expect(() => fromUtf8(Uint8Array.of(0xc3))).toThrow();
    expect(() => fromBase64('AA==')).not.toThrow();
    expect(() => fromBase64('AB==')).toThrow();
  });
});
