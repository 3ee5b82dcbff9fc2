/**
 * SHA-256 (FIPS 180-4) in WebAssembly, for hashing files too large to hand to WebCrypto whole.
 *
 * The compression function is generated here as WebAssembly bytecode (about 5 KB) when first used: 64 unrolled rounds
 * with the state and the 16-word message window in locals, so no byte of the message is copied block by block and
 * no round touches memory. JavaScript keeps the length, the partial block and the padding.
 *
 * Why not a library: hash-wasm's SHA-256 (compiled C) copies every block and keeps the schedule in memory; this one
 * hashes 10–15 % faster in Chromium on the project machine (bench/results/proofs-hashing.md measures both in the same
 * run). Correctness is checked against node:crypto and the NIST vectors (sha256-wasm.unit.test.ts), and every receipt is
 * checked again by independent code (`shangmi verify`, docs/proofs-verify.py).
 */

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Memory layout: the state (8 words, host order) at 0, the message buffer at DATA (BUFFER bytes). */
const DATA = 64;
const BUFFER = 1 << 20;

const uleb = (n: number) => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number) => {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => vec([...s].map((ch) => [ch.charCodeAt(0)]));

/**
 * The module: memory (exported) and `blocks(ptr, n)`, which runs the compression function over n ≥ 1 64-byte blocks at
 * ptr, reading and updating the state at address 0.
 */
export function sha256Module(): Uint8Array {
  const c: number[] = [];
  const get = (i: number) => c.push(0x20, ...uleb(i));
  const set = (i: number) => c.push(0x21, ...uleb(i));
  const tee = (i: number) => c.push(0x22, ...uleb(i));
  const i32 = (v: number) => c.push(0x41, ...sleb(v));
  const OP = { add: 0x6a, sub: 0x6b, and: 0x71, or: 0x72, xor: 0x73, shr: 0x76, rotl: 0x77, rotr: 0x78 } as const;
  const op = (o: keyof typeof OP) => c.push(OP[o]);
  const load = (offset: number) => c.push(0x28, 2, ...uleb(offset));
  const store = (offset: number) => c.push(0x36, 2, ...uleb(offset));
  // locals: 0 ptr, 1 n (parameters); 2..9 a..h; 10..25 the message window; 26 t1; 27 x; 28, 29 a^b of this and the last round
  const PTR = 0, N = 1, A = 2, W = 10, T1 = 26, X = 27;
  let ab = 28, bc = 29;
  /** rotr(v, r1) ^ rotr(v, r2) ^ rotr(v, r3) as rotr(v ^ rotr(v ^ rotr(v, r3 - r2), r2 - r1), r1): one register */
  const bigSigma = (v: number, r1: number, r2: number, r3: number) => {
    get(v); get(v); get(v); i32(r3 - r2); op('rotr'); op('xor'); i32(r2 - r1); op('rotr'); op('xor'); i32(r1); op('rotr');
  };
  const smallSigma = (v: number, r1: number, r2: number, s: number) => {
    get(v); i32(r1); op('rotr'); get(v); i32(r2); op('rotr'); op('xor'); get(v); i32(s); op('shr'); op('xor');
  };

  for (let i = 0; i < 8; i++) { i32(0); load(i * 4); set(A + i); }
  c.push(0x03, 0x40); // loop over the blocks
  for (let i = 0; i < 16; i++) {
    // big-endian word: byte swap of the little-endian load
    get(PTR); load(i * 4); tee(X); i32(8); op('rotr'); i32(0xff00ff00 | 0); op('and');
    get(X); i32(8); op('rotl'); i32(0x00ff00ff); op('and'); op('or'); set(W + i);
  }
  get(A + 1); get(A + 2); op('xor'); set(bc);
  let v = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => A + i);
  for (let t = 0; t < 64; t++) {
    const [a, b, cc, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
    const w = W + (t % 16);
    if (t >= 16) {
      // w[t] = σ1(w[t-2]) + w[t-7] + σ0(w[t-15]) + w[t-16], in the 16-word window
      smallSigma(W + ((t - 2) % 16), 17, 19, 10);
      get(W + ((t - 7) % 16)); op('add');
      smallSigma(W + ((t - 15) % 16), 7, 18, 3); op('add');
      get(w); op('add'); set(w);
    }
    // t1 = h + K[t] + w[t] + Ch(e, f, g) + Σ1(e): the part that does not wait for e first
    get(h); i32(K[t]! | 0); op('add'); get(w); op('add');
    get(g); get(e); get(f); get(g); op('xor'); op('and'); op('xor'); op('add');
    bigSigma(e, 6, 11, 25); op('add'); set(T1);
    get(d); get(T1); op('add'); set(d);
    // h = t1 + Σ0(a) + Maj(a, b, c), Maj as b ^ ((a ^ b) & (b ^ c)) with b ^ c kept from the last round
    get(T1); bigSigma(a, 2, 13, 22); op('add');
    get(b); get(a); get(b); op('xor'); tee(ab); get(bc); op('and'); op('xor'); op('add'); set(h);
    [ab, bc] = [bc, ab];
    v = [h, a, b, cc, d, e, f, g];
  }
  // eight renamings later the names are back in place
  for (let i = 0; i < 8; i++) { i32(0); i32(0); load(i * 4); get(A + i); op('add'); tee(A + i); store(i * 4); }
  get(PTR); i32(64); op('add'); set(PTR);
  get(N); i32(1); op('sub'); tee(N); c.push(0x0d, 0); // br_if: next block
  c.push(0x0b, 0x0b);
  const body = [...vec([[...uleb(28), 0x7f]]), ...c];
  const pages = Math.ceil((DATA + BUFFER) / 65536);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, ...vec([[0x7f], [0x7f]]), ...vec([])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('blocks'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

export interface Sha256Hasher {
  init(): Sha256Hasher;
  update(data: Uint8Array): Sha256Hasher;
  digest(): Uint8Array;
}

/** The part of the WebAssembly API used here (the shared package compiles without the DOM and node libraries). */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<unknown>;
  instantiate(module: unknown): Promise<{ exports: Record<string, unknown> }>;
};

let compiled: Promise<unknown> | undefined;

/** A new incremental SHA-256 hasher (each has its own memory; the module is compiled once). */
export async function createSha256Wasm(): Promise<Sha256Hasher> {
  compiled ??= WebAssembly.compile(sha256Module());
  const instance = await WebAssembly.instantiate(await compiled);
  const memory = instance.exports.memory as { buffer: ArrayBuffer };
  const blocks = instance.exports.blocks as (ptr: number, n: number) => void;
  const bytes = new Uint8Array(memory.buffer);
  const state = new Uint32Array(memory.buffer, 0, 8);
  let pending = 0; // bytes of a partial block waiting at DATA
  let length = 0; // bytes hashed so far
  const hasher: Sha256Hasher = {
    init() {
      state.set(IV);
      pending = 0;
      length = 0;
      return hasher;
    },
    update(data) {
      length += data.length;
      let at = 0;
      if (pending) {
        const take = Math.min(64 - pending, data.length);
        bytes.set(data.subarray(0, take), DATA + pending);
        pending += take;
        at = take;
        if (pending < 64) return hasher;
        blocks(DATA, 1);
        pending = 0;
      }
      while (data.length - at >= 64) {
        const n = Math.min(BUFFER, (data.length - at) & ~63);
        bytes.set(data.subarray(at, at + n), DATA);
        blocks(DATA, n >>> 6);
        at += n;
      }
      if (at < data.length) {
        bytes.set(data.subarray(at), DATA);
        pending = data.length - at;
      }
      return hasher;
    },
    digest() {
      const bits = length * 8;
      const tail = new Uint8Array(pending < 56 ? 64 - pending : 128 - pending);
      tail[0] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
      view.setUint32(tail.length - 4, bits >>> 0);
      hasher.update(tail);
      const out = new Uint8Array(32);
      const outView = new DataView(out.buffer);
      for (let i = 0; i < 8; i++) outView.setUint32(i * 4, state[i]!);
      return out;
    },
  };
  return hasher.init();
}
