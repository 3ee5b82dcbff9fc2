import { createSHA256 } from 'hash-wasm';
import type { Sha256 } from '@shangmi/shared/merkle';
import { commitment, fromHex, toHex, utf8, type Ed25519Verify } from '@shangmi/shared/tlog';
import { WHOLE_FILE_LIMIT, type HashMessage, type HashRequest } from './hash-protocol';

export interface FileDigest {
  name: string;
  size: number;
  sha256: string;
  sm3: string;
}

/**
 * Hashes files in the browser, several at once: a pool of workers, as many as the machine has cores (at most 4).
 * Each file is two jobs, SHA-256 and SM3, which two workers run at the same time: SM3 streams in constant memory, and
 * SHA-256 reads the file whole for WebCrypto up to the worker's whole-file limit, streams past it.
 * `onProgress(i, bytesDone)` per file (the slower of its two jobs). No byte of any file leaves this function.
 */
export async function hashFiles(files: File[], onProgress: (index: number, done: number) => void): Promise<FileDigest[]> {
  const ALGOS = ['sha256', 'sm3'] as const;
  const jobs = files.flatMap((_, file) => ALGOS.map((algo, k) => ({ file, algo, k })));
  // SHA-256 of a file up to the limit holds its bytes while hashed: two such at a time at most
  const cap = files.some((f) => f.size > 64 * 1024 * 1024 && f.size <= WHOLE_FILE_LIMIT) ? 2 : 4;
  const width = Math.max(1, Math.min(cap, navigator.hardwareConcurrency || 2, jobs.length));
  const digests = files.map(() => ['', '']);
  const done = files.map(() => [0, 0]);
  let next = 0;
  const runWorker = async () => {
    const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module' });
    try {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const file = files[job.file]!;
        const report = (n: number) => {
          done[job.file]![job.k] = n;
          onProgress(job.file, Math.min(...done[job.file]!));
        };
        await new Promise<void>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<HashMessage>) => {
            const m = e.data;
            if (m.type === 'progress') report(m.done);
            else if (m.type === 'done') {
              digests[job.file]![job.k] = m[job.algo];
              report(file.size);
              resolve();
            } else reject(new Error(m.message));
          };
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ id: next, file, algos: [job.algo] } satisfies HashRequest);
        });
      }
    } finally {
      worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: width }, runWorker));
  return files.map((f, i) => ({ name: f.name, size: f.size, sha256: digests[i]![0]!, sm3: digests[i]![1]! }));
}

/** A synchronous SHA-256 for the shared log code (hash-wasm, instantiated once). */
let hasher: Promise<Sha256> | undefined;
export function browserSha256(): Promise<Sha256> {
  hasher ??= createSHA256().then((h) => (...parts: Uint8Array[]) => {
    h.init();
    for (const p of parts) h.update(p);
    return h.digest('binary');
  });
  return hasher;
}

/** Ed25519 through WebCrypto. */
export const browserEd25519: Ed25519Verify = async (publicKey, message, signature) => {
  try {
    const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, message as BufferSource);
  } catch {
    return false;
  }
};

/** What is sent for a deposit: the digests, a fresh 32-byte salt, the metadata JSON and the commitment. */
export async function buildDeposit(input: { title: string; description?: string; tags: string[]; files: FileDigest[] }) {
  const sha256 = await browserSha256();
  const salt = crypto.getRandomValues(new Uint8Array(32));
  const metadataJson = JSON.stringify({ title: input.title, files: input.files.map((f) => ({ name: f.name, size: f.size })) });
  const c = commitment(
    sha256,
    salt,
    input.files.map((f) => ({ sha256: fromHex(f.sha256), sm3: fromHex(f.sm3) })),
    sha256(utf8(metadataJson)),
  );
  return {
    title: input.title,
    description: input.description || null,
    tags: input.tags,
    files: input.files,
    salt: toHex(salt),
    metadataJson,
    commitment: toHex(c),
  };
}
