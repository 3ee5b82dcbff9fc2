import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, Sealer, verifyPassword } from './crypto.js';

describe('passwords (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('Correct#Horse1');
    const b = await hashPassword('Correct#Horse1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('Correct#Horse1', a)).toBe(true);
    expect(await verifyPassword('Correct#Horse2', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('Sealer (AES-256-GCM)', () => {
  const sealer = new Sealer(crypto.randomBytes(32));
  it('round-trips and never shows the plaintext', () => {
    const s = sealer.seal('JBSWY3DPEHPK3PXP', 'users.totp_secret:7');
    expect(s).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.open(s, 'users.totp_secret:7')).toBe('JBSWY3DPEHPK3PXP');
  });
  it('refuses a value moved to another row or tampered with', () => {
    const s = sealer.seal('secret', 'users.totp_secret:7');
    expect(() => sealer.open(s, 'users.totp_secret:8')).toThrow();
    const parts = s.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'users.totp_secret:7')).toThrow();
  });
  it('refuses another key', () => {
    const s = sealer.seal('secret', 'a');
    expect(() => new Sealer(crypto.randomBytes(32)).open(s, 'a')).toThrow();
  });
});
