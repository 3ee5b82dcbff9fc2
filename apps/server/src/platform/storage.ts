import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from './errors.js';

/**
 * Content-addressed file storage in the data folder: `files/sha256/ab/cd/<hex>`. The same bytes are stored once.
 * A file is written to a temporary name, flushed to disk, then renamed into place, so a stored path always holds
 * whole, durable content (an upload cut off by a crash leaves only a temporary file, removed by a later start).
 */
export class FileStore {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files', 'sha256');
    this.tmp = path.join(dataDir, 'files', 'tmp');
    fs.mkdirSync(this.root, { recursive: true });
    fs.mkdirSync(this.tmp, { recursive: true });
    // leftovers of uploads cut off by a crash; a day old, so another node sharing the folder is never mid-way in one
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const name of fs.readdirSync(this.tmp)) {
      const f = path.join(this.tmp, name);
      const mtime = fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
      if (mtime < dayAgo) fs.rmSync(f, { force: true });
    }
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Reads a stream into the store; more than `limit` bytes is refused (413) and nothing is kept. `check` looks at the
   * whole file before it joins the store (its type, by its bytes): when it throws, nothing is kept either.
   */
  async put(stream: Readable, limit: number, check?: (tmpFile: string, size: number) => void): Promise<{ sha256: string; size: number }> {
    const tmpFile = path.join(this.tmp, crypto.randomUUID());
    const hash = crypto.createHash('sha256');
    let size = 0;
    const fh = await fs.promises.open(tmpFile, 'wx', 0o600);
    try {
      for await (const chunk of stream) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > limit) throw new AppError('PAYLOAD_TOO_LARGE');
        hash.update(buf);
        await fh.write(buf);
      }
      await fh.sync();
      check?.(tmpFile, size);
    } catch (e) {
      await fh.close();
      await fs.promises.rm(tmpFile, { force: true });
      stream.resume();
      throw e;
    }
    await fh.close();
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) {
      await fs.promises.rm(tmpFile, { force: true });
    } else {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(tmpFile, target);
      await syncDir(path.dirname(target));
    }
    return { sha256, size };
  }

  /** Stores bytes in hand (generated files). */
  async putBuffer(buf: Buffer): Promise<{ sha256: string; size: number }> {
    return this.put(Readable.from([buf]), Number.MAX_SAFE_INTEGER);
  }

  open(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }
}

async function syncDir(dir: string) {
  const d = await fs.promises.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
