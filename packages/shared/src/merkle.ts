/**
 * RFC 9162 §2.1 Merkle tree hashing, proofs and their verification — pure TypeScript over a SHA-256 the caller
 * supplies (node:crypto on the server, hash-wasm or a pure function in the browser and the CLI), so the same code
 * builds proofs on the server and checks them anywhere.
 *
 * Proof generation never needs the whole tree: `inclusionRanges` / `consistencyRanges` name the subtrees
 * whose hashes make up a proof (RFC 9162 §2.1.3.1 / §2.1.4.1, unrolled), each as a leaf range [lo, hi);
 * `perfectCover(lo, hi)` splits such a range into the perfect (complete, aligned) subtrees a store keeps, so
 * a proof for any size costs O(log n) stored hashes.
 */

/** SHA-256 over the concatenation of its arguments. */
export type Sha256 = (...parts: Uint8Array[]) => Uint8Array;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(sha256: Sha256, entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

export function nodeHash(sha256: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** The largest power of two strictly smaller than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (not entries), recursively, per RFC 9162 §2.1.1. */
export function rootFromLeafHashes(sha256: Sha256, leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256();
  const go = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leaves[lo]!;
    const k = splitPoint(hi - lo);
    return nodeHash(sha256, go(lo, lo + k), go(lo + k, hi));
  };
  return go(0, leaves.length);
}

/** A leaf range [lo, hi). */
export interface Range {
  lo: number;
  hi: number;
}

/** A perfect subtree: 2^level leaves starting at index·2^level. */
export interface NodeId {
  level: number;
  index: number;
}

/**
 * The subtrees whose hashes form PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), from the leaf's sibling up to the root's child.
 */
export function inclusionRanges(m: number, n: number): Range[] {
  if (!(Number.isSafeInteger(m) && Number.isSafeInteger(n) && m >= 0 && m < n)) throw new RangeError(`no leaf ${m} in a tree of ${n}`);
  const out: Range[] = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < lo + k) {
      out.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      out.push({ lo, hi: lo + k });
      lo += k;
    }
  }
  return out.reverse();
}

/**
 * The subtrees whose hashes form PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1: SUBPROOF(m, D[0:n], true)), in proof order.
 */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(Number.isSafeInteger(m) && Number.isSafeInteger(n) && m >= 0 && m <= n)) throw new RangeError(`no consistency from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const out: Range[] = [];
  let lo = 0;
  let hi = n;
  let b = true;
  // SUBPROOF recursion unrolled: descend, collecting the sibling at each step (appended after the deeper part)
  for (;;) {
    const size = hi - lo;
    if (m - lo === size) {
      if (!b) out.push({ lo, hi });
      break;
    }
    const k = splitPoint(size);
    if (m - lo <= k) {
      out.push({ lo: lo + k, hi });
      hi = lo + k;
    } else {
      out.push({ lo, hi: lo + k });
      lo += k;
      b = false;
    }
  }
  // pushed on the way down (the terminal node last); the proof lists the deepest first
  return out.reverse();
}

/**
 * The perfect subtrees covering [lo, hi), left to right, for a range that starts at a multiple of the largest power
 * of two not above its size (every range the two functions above produce does).
 */
export function perfectCover(lo: number, hi: number): NodeId[] {
  const out: NodeId[] = [];
  let at = lo;
  while (at < hi) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= hi) level++;
    out.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** Hash of an RFC-shaped range from its perfect cover (right-most subtrees fold first, as MTH does). */
export function hashCover(sha256: Sha256, hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) throw new RangeError('empty range');
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(sha256, hashes[i]!, acc);
  return acc;
}

/** Every perfect subtree a set of ranges needs, deduplicated, as "level/index" keys. */
export function nodesFor(ranges: Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const r of ranges) for (const n of perfectCover(r.lo, r.hi)) seen.set(`${n.level}/${n.index}`, n);
  return [...seen.values()];
}

/** Assembles proof hashes from ranges, given stored perfect-subtree hashes (keyed "level/index"). */
export function assemble(sha256: Sha256, ranges: Range[], stored: Map<string, Uint8Array>): Uint8Array[] {
  return ranges.map((r) =>
    hashCover(
      sha256,
      perfectCover(r.lo, r.hi).map((n) => {
        const h = stored.get(`${n.level}/${n.index}`);
        if (!h) throw new Error(`missing node ${n.level}/${n.index}`);
        return h;
      }),
    ),
  );
}

/** In-memory proofs over a list of leaf hashes (tests, the witness, small trees). */
export function inclusionProof(sha256: Sha256, leaves: Uint8Array[], m: number, n = leaves.length): Uint8Array[] {
  return inclusionRanges(m, n).map((r) => rootFromLeafHashes(sha256, leaves.slice(r.lo, r.hi)));
}

export function consistencyProof(sha256: Sha256, leaves: Uint8Array[], m: number, n = leaves.length): Uint8Array[] {
  return consistencyRanges(m, n).map((r) => rootFromLeafHashes(sha256, leaves.slice(r.lo, r.hi)));
}

function isPowerOfTwo(x: number): boolean {
  let v = x;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when its shape is wrong. */
export function rootFromInclusion(sha256: Sha256, index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): Uint8Array | null {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size)) || index < 0 || index >= size) return null;
  if (leaf.length !== 32 || proof.some((p) => p.length !== 32)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sha256, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(sha256, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(sha256: Sha256, index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  const r = rootFromInclusion(sha256, index, size, leaf, proof);
  return r !== null && root.length === 32 && equal(r, root);
}

/** RFC 9162 §2.1.4.2 consistency verification. */
export function verifyConsistency(sha256: Sha256, m: number, n: number, proof: Uint8Array[], firstRoot: Uint8Array, secondRoot: Uint8Array): boolean {
  if (!(Number.isSafeInteger(m) && Number.isSafeInteger(n)) || m < 0 || m > n) return false;
  if (firstRoot.length !== 32 || secondRoot.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  if (m === n) return proof.length === 0 && equal(firstRoot, secondRoot);
  if (m === 0) return proof.length === 0;
  let path = proof;
  // step 1: if first is an exact power of 2, prepend first_hash
  if (isPowerOfTwo(m)) path = [firstRoot, ...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  // step 3: while LSB(fn) is set, right-shift both
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(sha256, c, fr);
      sr = nodeHash(sha256, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sha256, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}

/**
 * The perfect subtrees that complete when leaves [from, to) are appended to a tree of `from` leaves, bottom-up,
 * given the right edge of the old tree (its perfect cover). Returns every new node including the leaves' parents;
 * the caller supplies leaf hashes for [from, to).
 */
export function appendNodes(sha256: Sha256, from: number, edge: Map<string, Uint8Array>, leaves: Uint8Array[]): { level: number; index: number; hash: Uint8Array }[] {
  const out: { level: number; index: number; hash: Uint8Array }[] = [];
  const get = (level: number, index: number) => edge.get(`${level}/${index}`);
  for (let i = 0; i < leaves.length; i++) {
    const idx = from + i;
    let h = leaves[i]!;
    edge.set(`0/${idx}`, h);
    out.push({ level: 0, index: idx, hash: h });
    let level = 0;
    let index = idx;
    while (index % 2 === 1) {
      const left = get(level, index - 1);
      if (!left) throw new Error(`missing node ${level}/${index - 1}`);
      h = nodeHash(sha256, left, h);
      level++;
      index = (index - 1) / 2;
      edge.set(`${level}/${index}`, h);
      out.push({ level, index, hash: h });
    }
  }
  return out;
}
