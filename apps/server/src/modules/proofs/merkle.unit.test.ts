import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendNodes,
  assemble,
  consistencyProof,
  consistencyRanges,
  inclusionProof,
  inclusionRanges,
  leafHash,
  nodesFor,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type Sha256,
} from '@shangmi/shared/merkle';
import { fromHex, toHex } from '@shangmi/shared/tlog';

const sha256: Sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/*
 * Test vectors of RFC 6962 / RFC 9162 trees, from github.com/transparency-dev/merkle:
 * testonly/constants.go (LeafInputs, RootHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs —
 * there the leaf is numbered from 1; below from 0).
 */
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { index: 0, size: 1, proof: [] },
];
const CONSISTENCY = [
  { m: 1, n: 1, proof: [] },
  { m: 1, n: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { m: 6, n: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { m: 2, n: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { m: 6, n: 7, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];

const refLeaves = LEAF_INPUTS.map((e) => leafHash(sha256, e));
const root = (n: number) => fromHex(ROOTS[n]!);

describe('RFC 9162 test vectors (transparency-dev/merkle)', () => {
  it('roots of every size 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(toHex(rootFromLeafHashes(sha256, refLeaves.slice(0, n))), `size ${n}`).toBe(ROOTS[n]);
  });
  it('inclusion proofs are generated and verified as published', () => {
    for (const v of INCLUSION) {
      const leaves = refLeaves.slice(0, v.size);
      expect(inclusionProof(sha256, leaves, v.index).map(toHex)).toEqual(v.proof);
      expect(verifyInclusion(sha256, v.index, v.size, leaves[v.index]!, v.proof.map(fromHex), root(v.size))).toBe(true);
    }
  });
  it('consistency proofs are generated and verified as published', () => {
    for (const v of CONSISTENCY) {
      expect(consistencyProof(sha256, refLeaves.slice(0, v.n), v.m).map(toHex)).toEqual(v.proof);
      expect(verifyConsistency(sha256, v.m, v.n, v.proof.map(fromHex), root(v.m), root(v.n))).toBe(true);
    }
  });
  it('refuses the degenerate cases transparency-dev refuses', () => {
    const some = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
    const empty = root(0);
    for (const [m, n] of [[0, 0], [0, 1], [1, 0], [2, 1]] as const) {
      expect(verifyInclusion(sha256, m, n, some, [], empty)).toBe(false);
    }
    expect(verifyConsistency(sha256, 1, 0, [], root(1), root(0))).toBe(false);
    expect(verifyConsistency(sha256, 1, 2, [], root(1), root(2))).toBe(false);
    expect(verifyConsistency(sha256, 1, 1, [empty], root(1), root(1))).toBe(false);
    expect(verifyConsistency(sha256, 0, 0, [], empty, root(1))).toBe(false);
  });
});

// a deterministic tree of 400 leaves for the properties
const N = 400;
const leaves = Array.from({ length: N }, (_, i) => leafHash(sha256, new TextEncoder().encode(`entry ${i}`)));
const roots = Array.from({ length: N + 1 }, (_, n) => rootFromLeafHashes(sha256, leaves.slice(0, n)));
const flip = (b: Uint8Array, bit: number) => {
  const c = b.slice();
  c[Math.floor(bit / 8) % c.length]! ^= 1 << bit % 8;
  return c;
};

describe('inclusion proofs', () => {
  it('verify for every index of every size up to 96', () => {
    for (let n = 1; n <= 96; n++) {
      for (let m = 0; m < n; m++) expect(verifyInclusion(sha256, m, n, leaves[m]!, inclusionProof(sha256, leaves, m, n), roots[n]!)).toBe(true);
    }
  });
  it('verify for any index and size up to 400', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), ([n, m]) => {
        expect(verifyInclusion(sha256, m, n, leaves[m]!, inclusionProof(sha256, leaves, m, n), roots[n]!)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('fail when any bit of the proof, the entry or the root changes, or index/size is wrong', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: N }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), fc.nat(), fc.nat(255), ([n, m], pick, bit) => {
        const proof = inclusionProof(sha256, leaves, m, n);
        const entry = new TextEncoder().encode(`entry ${m}`);
        const i = pick % proof.length;
        const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
        expect(verifyInclusion(sha256, m, n, leaves[m]!, bad, roots[n]!)).toBe(false);
        expect(verifyInclusion(sha256, m, n, leafHash(sha256, flip(entry, bit % (entry.length * 8))), proof, roots[n]!)).toBe(false);
        expect(verifyInclusion(sha256, m, n, leaves[m]!, proof, flip(roots[n]!, bit))).toBe(false);
        expect(verifyInclusion(sha256, (m + 1) % n, n, leaves[m]!, proof, roots[n]!)).toBe(false);
        expect(verifyInclusion(sha256, m, n, leaves[m]!, proof.slice(0, -1), roots[n]!)).toBe(false);
        expect(verifyInclusion(sha256, m, n, leaves[m]!, [...proof, roots[n]!], roots[n]!)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('consistency proofs', () => {
  it('verify for every size pair up to 96', () => {
    for (let n = 1; n <= 96; n++) {
      for (let m = 1; m <= n; m++) expect(verifyConsistency(sha256, m, n, consistencyProof(sha256, leaves, m, n), roots[m]!, roots[n]!)).toBe(true);
    }
  });
  it('verify for any size pair up to 400', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))), ([m, n]) => {
        expect(verifyConsistency(sha256, m, n, consistencyProof(sha256, leaves, m, n), roots[m]!, roots[n]!)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('fail when any bit of the proof or either root changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: N }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n))), fc.nat(), fc.nat(255), ([m, n], pick, bit) => {
        const proof = consistencyProof(sha256, leaves, m, n);
        const i = pick % proof.length;
        expect(verifyConsistency(sha256, m, n, proof.map((p, j) => (j === i ? flip(p, bit) : p)), roots[m]!, roots[n]!)).toBe(false);
        expect(verifyConsistency(sha256, m, n, proof, flip(roots[m]!, bit), roots[n]!)).toBe(false);
        expect(verifyConsistency(sha256, m, n, proof, roots[m]!, flip(roots[n]!, bit))).toBe(false);
        expect(verifyConsistency(sha256, m, n, proof.slice(0, -1), roots[m]!, roots[n]!)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
  it('a fork (a tree with one leaf changed) is never consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: N }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n))), fc.nat(), ([m, n], pick) => {
        const forked = leaves.slice(0, n);
        const at = pick % m;
        forked[at] = flip(forked[at]!, 0);
        const proof = consistencyProof(sha256, forked, m, n);
        expect(verifyConsistency(sha256, m, n, proof, roots[m]!, rootFromLeafHashes(sha256, forked))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('proofs from stored perfect subtrees', () => {
  it('appending in batches stores the nodes every proof of every older size needs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), (batches, a, b) => {
        const stored = new Map<string, Uint8Array>();
        let size = 0;
        for (const k of batches) {
          const batch = leaves.slice(size, Math.min(N, size + k));
          for (const node of appendNodes(sha256, size, stored, batch)) stored.set(`${node.level}/${node.index}`, node.hash);
          size += batch.length;
        }
        const n = 1 + (a % size);
        const m = b % n;
        const ranges = inclusionRanges(m, n);
        // a proof needs O(log n) stored nodes
        expect(nodesFor(ranges).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n + 1)) + 1);
        expect(assemble(sha256, ranges, stored).map(toHex)).toEqual(inclusionProof(sha256, leaves, m, n).map(toHex));
        const m2 = 1 + (b % n);
        expect(assemble(sha256, consistencyRanges(m2, n), stored).map(toHex)).toEqual(consistencyProof(sha256, leaves, m2, n).map(toHex));
      }),
      { numRuns: 200 },
    );
  });
});
