// @vitest-environment node
// The worker's own environment has no DOM: its hashing runs here as it does there, on Node's Blob and WebCrypto.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HashMessage } from './hash-protocol';
import { hashFile } from './hashFile';

const digest = (algo: 'sha256' | 'sm3', bytes: Uint8Array) => crypto.createHash(algo).update(bytes).digest('hex');

async function run(bytes: Uint8Array<ArrayBuffer>, options: { chunk: number; wholeFileLimit?: number; algos?: ('sha256' | 'sm3')[] }) {
  const messages: HashMessage[] = [];
  await hashFile({ id: 7, file: new Blob([bytes]), algos: options.algos, wholeFileLimit: options.wholeFileLimit }, (m) => messages.push(m), options.chunk);
  const progress = messages.filter((m) => m.type === 'progress').map((m) => m.done);
  return { messages, progress, last: messages[messages.length - 1]! };
}

describe('hashFile (the hashing worker)', () => {
  // not a multiple of the slice: the last slice is short
  const bytes = new Uint8Array(crypto.randomBytes(5 * 1024 + 123));
  const chunk = 1024;

  it('streams a file by slices: the digests of the whole file, progress per slice up to its size', async () => {
    const r = await run(bytes, { chunk, wholeFileLimit: -1 });
    expect(r.last).toEqual({ id: 7, type: 'done', sha256: digest('sha256', bytes), sm3: digest('sm3', bytes), via: 'streamed' });
    expect(r.progress).toEqual([1024, 2048, 3072, 4096, 5120, 5243, 5243]);
  });

  it('reads a small file whole for WebCrypto, SM3 over the same bytes by slices: the same digests', async () => {
    const r = await run(bytes, { chunk });
    expect(r.last).toEqual({ id: 7, type: 'done', sha256: digest('sha256', bytes), sm3: digest('sm3', bytes), via: 'whole' });
    expect(r.progress).toEqual([1024, 2048, 3072, 4096, 5120, 5243, 5243]);
  });

  it('hashes only what is asked (one algorithm per worker), an empty file included', async () => {
    const sm3 = await run(bytes, { chunk, algos: ['sm3'] });
    expect(sm3.last).toMatchObject({ sha256: '', sm3: digest('sm3', bytes), via: 'streamed' });
    const sha = await run(bytes, { chunk, algos: ['sha256'], wholeFileLimit: -1 });
    expect(sha.last).toMatchObject({ sha256: digest('sha256', bytes), sm3: '' });
    const empty = await run(new Uint8Array(0), { chunk, wholeFileLimit: -1 });
    expect(empty.last).toEqual({ id: 7, type: 'done', sha256: digest('sha256', new Uint8Array(0)), sm3: digest('sm3', new Uint8Array(0)), via: 'streamed' });
    expect(empty.progress).toEqual([0]);
  });

  it('a slice boundary anywhere gives the same digests', async () => {
    for (const c of [1, 7, 1000, 5243, 8192]) {
      const r = await run(bytes.subarray(0, 3000), { chunk: c, wholeFileLimit: -1 });
      expect(r.last).toMatchObject({ sha256: digest('sha256', bytes.subarray(0, 3000)), sm3: digest('sm3', bytes.subarray(0, 3000)) });
    }
  });

  it('says so when the file cannot be read', async () => {
    const broken = new Blob([bytes]);
    broken.stream = () => new ReadableStream({ type: 'bytes', pull: (c) => c.error(new Error('disk gone')) });
    const messages: HashMessage[] = [];
    await hashFile({ id: 3, file: broken, wholeFileLimit: -1 }, (m) => messages.push(m), chunk);
    expect(messages[messages.length - 1]).toEqual({ id: 3, type: 'error', message: 'Error: disk gone' });
  });
});
