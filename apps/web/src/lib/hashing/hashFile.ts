import { createSM3 } from 'hash-wasm';
import { createSha256Wasm } from '@shangmi/shared/sha256-wasm';
import { CHUNK, WHOLE_FILE_LIMIT, type HashMessage, type HashRequest } from './hash-protocol';

const hex = (b: ArrayBuffer | Uint8Array) => Array.from(b instanceof Uint8Array ? b : new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

/** A byte-stream reader over the file, or null where the browser's Blob streams are not byte streams. */
function byobReader(file: Blob): ReadableStreamBYOBReader | null {
  try {
    return file.stream().getReader({ mode: 'byob' });
  } catch {
    return null;
  }
}

/** The whole file in one buffer, read by a byte-stream reader straight into it (faster than Blob.arrayBuffer for a picked file). */
async function readWhole(file: Blob, chunk: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = byobReader(file);
  if (!reader) return new Uint8Array(await file.arrayBuffer());
  let buffer = new ArrayBuffer(file.size);
  let at = 0;
  while (at < file.size) {
    const { value, done } = await reader.read(new Uint8Array(buffer, at, Math.min(chunk * 4, file.size - at)));
    if (done || !value) break;
    buffer = value.buffer as ArrayBuffer;
    at += value.byteLength;
  }
  reader.releaseLock();
  if (at !== file.size) throw new Error(`read ${at} of ${file.size} bytes`);
  return new Uint8Array(buffer);
}

/**
 * The file by slices into two reused buffers: the next slice is being read while `each` hashes this one.
 * The slice passed to `each` is valid only until `each` returns.
 */
async function readSlices(file: Blob, chunk: number, each: (slice: Uint8Array, done: number) => void) {
  const reader = byobReader(file);
  if (!reader) {
    for (let at = 0; at < file.size; at += chunk) each(new Uint8Array(await file.slice(at, at + chunk).arrayBuffer()), Math.min(file.size, at + chunk));
    return;
  }
  let spare = new ArrayBuffer(chunk);
  let next = reader.read(new Uint8Array(new ArrayBuffer(chunk)));
  let done = 0;
  for (;;) {
    const r = await next;
    if (r.done || !r.value) break;
    next = reader.read(new Uint8Array(spare)); // read ahead into the other buffer
    done += r.value.byteLength;
    each(r.value, done);
    spare = r.value.buffer as ArrayBuffer; // hashed: free for the read after next
  }
  reader.releaseLock();
  if (done !== file.size) throw new Error(`read ${done} of ${file.size} bytes`);
}

/**
 * Hashes one file at a time with SHA-256, SM3 or both (hashing.ts asks for one each, from two workers at once).
 * - SHA-256 of a file up to WHOLE_FILE_LIMIT comes from WebCrypto (native code): the file is read whole into one buffer.
 *   If SM3 is asked too, hash-wasm runs it over the same bytes by 4 MiB slices meanwhile.
 * - Otherwise the file streams through a byte-stream reader into two 4 MiB buffers that take turns, one filled while the
 *   other is hashed (SHA-256 in WebAssembly, @shangmi/shared/sha256-wasm; SM3 with hash-wasm): memory stays constant
 *   whatever the size, and no buffer is allocated per slice.
 * Posts progress per slice and the hex digests at the end. Runs in hash.worker.ts; `chunk` is the slice size (CHUNK; the
 * tests use small slices to cross many slice boundaries on small files).
 */
export async function hashFile(request: HashRequest, post: (m: HashMessage) => void, chunk = CHUNK): Promise<void> {
  const { id, file } = request;
  const algos = request.algos ?? ['sha256', 'sm3'];
  const progress = (done: number) => post({ id, type: 'progress', done: Math.min(file.size, done) });
  try {
    const sm3 = algos.includes('sm3') ? await createSM3() : null;
    sm3?.init();
    let sha256 = '';
    const whole = algos.includes('sha256') && file.size <= (request.wholeFileLimit ?? WHOLE_FILE_LIMIT) && !!globalThis.crypto?.subtle;
    if (whole) {
      const bytes = await readWhole(file, chunk);
      const digest = crypto.subtle.digest('SHA-256', bytes);
      for (let at = 0; sm3 && at < bytes.length; at += chunk) {
        sm3.update(bytes.subarray(at, at + chunk));
        progress(at + chunk);
      }
      sha256 = hex(await digest);
    } else {
      const a = algos.includes('sha256') ? await createSha256Wasm() : null;
      await readSlices(file, chunk, (slice, done) => {
        a?.update(slice);
        sm3?.update(slice);
        progress(done);
      });
      sha256 = a ? hex(a.digest()) : '';
    }
    progress(file.size);
    post({ id, type: 'done', sha256, sm3: sm3 ? sm3.digest('hex') : '', via: whole ? 'whole' : 'streamed' });
  } catch (err) {
    post({ id, type: 'error', message: String(err) });
  }
}
