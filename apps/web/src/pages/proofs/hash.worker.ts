import { createSHA256, createSM3 } from 'hash-wasm';

/**
 * Hashes one file at a time with SHA-256 and SM3.
 * - Files up to WHOLE_FILE_LIMIT are read once and SHA-256 comes from WebCrypto (native, several times faster than
 *   WebAssembly); SM3 (not in WebCrypto) runs over the same bytes by 4 MiB slices with hash-wasm.
 * - Larger files (1 GB and more) stream: 4 MiB slices (File.slice) through both hash-wasm hashers, so memory stays
 *   constant whatever the size.
 * Posts progress per slice and the hex digests at the end.
 */
export interface HashRequest {
  id: number;
  file: Blob;
  /** both by default (the bench measures each alone) */
  algos?: ('sha256' | 'sm3')[];
}
export type HashMessage =
  | { id: number; type: 'progress'; done: number }
  | { id: number; type: 'done'; sha256: string; sm3: string }
  | { id: number; type: 'error'; message: string };

const CHUNK = 4 * 1024 * 1024;
export const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;
/** the worker's global scope, typed here (the project compiles with the DOM library, not the worker one) */
const scope = self as unknown as { postMessage(m: HashMessage): void; onmessage: ((e: MessageEvent<HashRequest>) => void) | null };

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

scope.onmessage = async (e: MessageEvent<HashRequest>) => {
  const { id, file } = e.data;
  const algos = e.data.algos ?? ['sha256', 'sm3'];
  const progress = (done: number) => scope.postMessage({ id, type: 'progress', done: Math.min(file.size, done) });
  try {
    const sm3 = algos.includes('sm3') ? await createSM3() : null;
    sm3?.init();
    let sha256 = '';
    if (algos.includes('sha256') && file.size <= WHOLE_FILE_LIMIT && globalThis.crypto?.subtle) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const digest = crypto.subtle.digest('SHA-256', bytes);
      for (let at = 0; sm3 && at < bytes.length; at += CHUNK) {
        sm3.update(bytes.subarray(at, at + CHUNK));
        progress(at + CHUNK);
      }
      sha256 = hex(await digest);
    } else {
      const a = algos.includes('sha256') ? await createSHA256() : null;
      a?.init();
      for (let at = 0; at < file.size; at += CHUNK) {
        const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
        a?.update(bytes);
        sm3?.update(bytes);
        progress(at + CHUNK);
      }
      sha256 = a ? a.digest('hex') : '';
    }
    progress(file.size);
    scope.postMessage({ id, type: 'done', sha256, sm3: sm3 ? sm3.digest('hex') : '' });
  } catch (err) {
    scope.postMessage({ id, type: 'error', message: String(err) });
  }
};
