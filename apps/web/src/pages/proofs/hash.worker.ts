import { createSHA256, createSM3 } from 'hash-wasm';

/**
 * Hashes one file at a time: reads 4 MiB slices (File.slice, so memory stays constant whatever the file's size) and
 * feeds each to SHA-256 and SM3 (hash-wasm). Posts progress per slice and the hex digests at the end.
 */
export interface HashRequest {
  id: number;
  file: File;
}
export type HashMessage =
  | { id: number; type: 'progress'; done: number }
  | { id: number; type: 'done'; sha256: string; sm3: string }
  | { id: number; type: 'error'; message: string };

const CHUNK = 4 * 1024 * 1024;
/** the worker's global scope, typed here (the project compiles with the DOM library, not the worker one) */
const scope = self as unknown as { postMessage(m: HashMessage): void; onmessage: ((e: MessageEvent<HashRequest>) => void) | null };

scope.onmessage = async (e: MessageEvent<HashRequest>) => {
  const { id, file } = e.data;
  try {
    const [a, b] = await Promise.all([createSHA256(), createSM3()]);
    a.init();
    b.init();
    for (let at = 0; at < file.size; at += CHUNK) {
      const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
      a.update(bytes);
      b.update(bytes);
      scope.postMessage({ id, type: 'progress', done: Math.min(file.size, at + CHUNK) } satisfies HashMessage);
    }
    scope.postMessage({ id, type: 'done', sha256: a.digest('hex'), sm3: b.digest('hex') } satisfies HashMessage);
  } catch (err) {
    scope.postMessage({ id, type: 'error', message: String(err) } satisfies HashMessage);
  }
};
