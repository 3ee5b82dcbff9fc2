/** What the page and the hashing worker (hash.worker.ts) say to each other. */
export interface HashRequest {
  id: number;
  file: Blob;
  /** both by default */
  algos?: ('sha256' | 'sm3')[];
  /** WHOLE_FILE_LIMIT by default; -1 streams every file (the tests check both paths on small files) */
  wholeFileLimit?: number;
}
export type HashMessage =
  | { id: number; type: 'progress'; done: number }
  /** via: how the file was read — whole (SHA-256 from WebCrypto) or streamed in constant memory */
  | { id: number; type: 'done'; sha256: string; sm3: string; via: 'whole' | 'streamed' }
  | { id: number; type: 'error'; message: string };

/** the slice the worker reads and hashes at a time */
export const CHUNK = 4 * 1024 * 1024;
/** files up to this size are read whole and SHA-256 comes from WebCrypto; larger ones stream in constant memory */
export const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;
