import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, mask, rowHash } from './audit.js';

const shuffleKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(shuffleKeys);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).reverse();
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x)]));
  }
  return v;
};

describe('canonicalJson', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(shuffleKeys(v))).toBe(canonicalJson(v));
      }),
    );
  });
  it('round-trips through JSON.parse to the same canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
    );
  });
});

describe('mask', () => {
  it('hides secrets entirely and contact details partly', () => {
    expect(
      mask({ password: 'Secret#1', passwordHash: 'scrypt$…', totpSecret: 'ABC', phone: '13912345678', email: 'li.ming@example.cn', name: '李明', totpEnabled: true }),
    ).toEqual({ password: '***', passwordHash: '***', totpSecret: '***', phone: '139****5678', email: 'l***@example.cn', name: '李明', totpEnabled: true });
  });
  it('works at any depth', () => {
    expect(mask({ a: [{ token: 'x' }] })).toEqual({ a: [{ token: '***' }] });
  });
});

describe('rowHash', () => {
  const row = {
    seq: 1,
    at: new Date('2026-11-28T00:00:00.000Z'),
    userId: 1,
    username: 'admin',
    orgId: 1,
    orgName: '平台',
    orgPath: '/1/',
    action: 'users.create',
    method: 'POST',
    path: '/api/users',
    targetType: 'user',
    targetId: '2',
    before: null,
    after: { a: 1 },
    ip: '127.0.0.1',
    result: 'success' as const,
    errorCode: null,
    durationMs: 5,
    requestId: 'r',
  };
  it('changes when any field or the previous hash changes', () => {
    const h = rowHash(GENESIS_HASH, row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(rowHash(GENESIS_HASH, { ...row, action: 'users.update' })).not.toBe(h);
    expect(rowHash(GENESIS_HASH, { ...row, after: { a: 2 } })).not.toBe(h);
    expect(rowHash('1'.repeat(64), row)).not.toBe(h);
    expect(rowHash(GENESIS_HASH, { ...row })).toBe(h);
  });
});
