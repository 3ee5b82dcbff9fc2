import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatVerifierKey, keyId, SIG_ED25519, type Ed25519Verify, type Sha256 } from '@shangmi/shared/tlog';

/** node:crypto behind the shared log code's small interfaces (the browser plugs in hash-wasm and WebCrypto). */
export const sha256: Sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export const sm3 = (data: Uint8Array) => new Uint8Array(crypto.createHash('sm3').update(data).digest());

export const ed25519Verify: Ed25519Verify = (publicKey, message, signature) => {
  try {
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
    return crypto.verify(null, message, key, signature);
  } catch {
    return false;
  }
};

export function rawPublicKey(key: crypto.KeyObject): Uint8Array {
  const x = key.export({ format: 'jwk' }).x;
  if (!x) throw new Error('not an Ed25519 key');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

export interface SigningKey {
  name: string;
  publicKey: Uint8Array;
  keyId: Uint8Array;
  /** `<name>+<hex key id>+<base64(type ‖ key)>` */
  vkey: string;
  sign(message: Uint8Array): Uint8Array;
}

export function signingKey(name: string, privateKey: crypto.KeyObject, type = SIG_ED25519): SigningKey {
  const publicKey = rawPublicKey(crypto.createPublicKey(privateKey));
  return {
    name,
    publicKey,
    keyId: keyId(sha256, name, type, publicKey),
    vkey: formatVerifierKey(sha256, name, type, publicKey),
    sign: (m) => new Uint8Array(crypto.sign(null, m, privateKey)),
  };
}

/** Reads a PKCS#8 PEM Ed25519 key, or creates one (mode 0600) when the file does not exist. */
export function loadOrCreateKey(file: string): crypto.KeyObject {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    try {
      fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // another process created it first: use theirs
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
}

export interface LogKeys {
  current: SigningKey;
  /** verifier keys of retired log keys, newest first: old checkpoints still verify against them */
  retired: string[];
}

/**
 * The log's signing key lives in `<data>/proofs/log-key.pem` (generated on first start, mode 0600); a rotation moves
 * it to `<data>/proofs/retired/<time>.pem` and generates a new one.
 */
export function loadLogKeys(dataDir: string, origin: string): LogKeys {
  const dir = path.join(dataDir, 'proofs');
  const current = signingKey(origin, loadOrCreateKey(path.join(dir, 'log-key.pem')));
  const retiredDir = path.join(dir, 'retired');
  const retired = fs.existsSync(retiredDir)
    ? fs
        .readdirSync(retiredDir)
        .filter((f) => f.endsWith('.pem'))
        .sort()
        .reverse()
        .map((f) => signingKey(origin, crypto.createPrivateKey(fs.readFileSync(path.join(retiredDir, f), 'utf8'))).vkey)
    : [];
  return { current, retired };
}

export function rotateLogKey(dataDir: string, origin: string): LogKeys {
  const dir = path.join(dataDir, 'proofs');
  const file = path.join(dir, 'log-key.pem');
  if (fs.existsSync(file)) {
    fs.mkdirSync(path.join(dir, 'retired'), { recursive: true, mode: 0o700 });
    fs.renameSync(file, path.join(dir, 'retired', `${new Date().toISOString().replace(/[:.]/g, '-')}.pem`));
  }
  return loadLogKeys(dataDir, origin);
}
