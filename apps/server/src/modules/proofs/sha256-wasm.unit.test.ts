import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSHA256 } from 'hash-wasm';
import { createSha256Wasm } from '@shangmi/shared/sha256-wasm';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('SHA-256 in WebAssembly', () => {
  it('gives the FIPS 180-4 / NIST CAVP digests', async () => {
    const h = await createSha256Wasm();
    expect(hex(h.init().update(utf8('')).digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(h.init().update(utf8('abc')).digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(h.init().update(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).digest())).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(
      hex(
        h
          .init()
          .update(utf8('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'))
          .digest(),
      ),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1');
    // one million 'a', fed in uneven pieces
    const a = new Uint8Array(1_000_000).fill(0x61);
    h.init();
    for (let at = 0; at < a.length; at += 77_777) h.update(a.subarray(at, at + 77_777));
    expect(hex(h.digest())).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('equals node:crypto for every length around the block and padding edges, in one piece or byte by byte', async () => {
    const h = await createSha256Wasm();
    const data = randomBytes(300);
    for (let n = 0; n <= 300; n++) {
      const d = data.subarray(0, n);
      expect(hex(h.init().update(d).digest()), `length ${n}`).toBe(nodeSha(d));
      h.init();
      for (let i = 0; i < n; i++) h.update(d.subarray(i, i + 1));
      expect(hex(h.digest()), `length ${n}, byte by byte`).toBe(nodeSha(d));
    }
  });

  it('equals node:crypto on random data in random pieces, across the 1 MiB internal buffer', async () => {
    const h = await createSha256Wasm();
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (const size of [(1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 64, 3 * (1 << 20) + 17, 5_000_003]) {
      const data = randomBytes(size);
      h.init();
      for (let at = 0; at < size; ) {
        const n = Math.min(size - at, rnd(3) === 0 ? rnd(130) : rnd(2 << 20));
        h.update(data.subarray(at, at + n));
        at += n;
      }
      expect(hex(h.digest()), `size ${size}`).toBe(nodeSha(data));
    }
  });

  it('agrees with hash-wasm, and hashers do not share state', async () => {
    const [x, y, ref] = await Promise.all([createSha256Wasm(), createSha256Wasm(), createSHA256()]);
    const p = randomBytes(100_000);
    const q = randomBytes(70_001);
    x.init().update(p.subarray(0, 50_000));
    y.init().update(q);
    x.update(p.subarray(50_000));
    ref.init();
    ref.update(p);
    expect(hex(x.digest())).toBe(ref.digest('hex'));
    expect(hex(y.digest())).toBe(nodeSha(q));
  });

  it('fails when one bit of the input changes', async () => {
    const h = await createSha256Wasm();
    const data = randomBytes(4096);
    const good = hex(h.init().update(data).digest());
    for (const bit of [0, 7, 8 * 63, 8 * 64, 8 * 4095 + 7]) {
      const bad = Buffer.from(data);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(hex(h.init().update(bad).digest())).not.toBe(good);
    }
  });
});
