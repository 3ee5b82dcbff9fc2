import { hashFile } from './hashFile';
import type { HashMessage, HashRequest } from './hash-protocol';

/** the worker's global scope, typed here (the project compiles with the DOM library, not the worker one) */
const scope = self as unknown as { postMessage(m: HashMessage): void; onmessage: ((e: MessageEvent<HashRequest>) => void) | null };

/** One file at a time, as hashFile.ts says; hashing.ts keeps a pool of these workers. */
scope.onmessage = (e: MessageEvent<HashRequest>) => void hashFile(e.data, (m) => scope.postMessage(m));
