/**
 * Browser hashing against node:crypto, for bench/proofs.ts (step 6; `--hash-only` runs just this).
 *
 * Files are written to disk and picked through a file input, as a user picks them. The browser side is the web app's
 * own worker (apps/web/dist, run `npm run build` first) for every figure the goals are judged on; two more workers,
 * inline here, measure what bounds those figures: WebCrypto's digest alone over bytes already in memory (the floor of
 * any page that must hand WebCrypto the whole file) and hash-wasm's SHA-256 streamed the same way (the library the app's
 * own WebAssembly SHA-256 replaced).
 *
 * The references, measured in the same run before and after the browser (the mean of the two medians of three):
 * - node:crypto hashing the same file, read through one reused 4 MiB buffer — the same job in node's fastest way, and
 *   the denominator of every ratio;
 * - node:crypto over distinct data of the same size already in memory (for the whole-file size);
 * - node:crypto over one 4 MiB chunk hashed again and again — the data stays in the CPU's cache, which a file of
 *   this size cannot; the earlier reports used this figure, shown for comparison.
 * Memory: the resident memory of every Chromium process, sampled every 100 ms during each run; the peak above the
 * level before the run is reported (constant memory: far below the file's size).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHUNK = 4 * 1024 * 1024;

const PAGE = `<!doctype html><meta charset="utf-8"><input type="file" multiple><script>
const files = () => document.querySelector('input').files;
function job(url, file, msg) {
  return new Promise((resolve, reject) => {
    const w = new Worker(url, { type: url.endsWith('ref.js') ? 'classic' : 'module' });
    const t = performance.now();
    w.onmessage = (e) => {
      if (e.data.type === 'progress') return;
      w.terminate();
      if (e.data.type === 'error') reject(new Error(e.data.message));
      else resolve({ ms: performance.now() - t, ...e.data });
    };
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage({ id: 1, file, ...msg });
  });
}
// the web app's own worker (the one the deposit and verify pages use)
window.app = (i, algos) => job(APP_WORKER, files()[i], { algos });
// files as the deposit and verify pages hash them (apps/web/src/lib/hashing/hashing.ts): each file two jobs, SHA-256 and
// SM3, through a pool of as many workers as the machine has cores
window.appFiles = async (list) => {
  const jobs = list.flatMap((i) => [[i, 'sha256'], [i, 'sm3']]);
  const out = list.map(() => ({}));
  const width = Math.min(4, navigator.hardwareConcurrency || 2, jobs.length);
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const [i, algo] = jobs[next++];
      out[list.indexOf(i)][algo] = (await job(APP_WORKER, files()[i], { algos: [algo] }))[algo];
    }
  }));
  return { ms: performance.now() - t, sha256: out.map((x) => x.sha256).join(','), sm3: out.map((x) => x.sm3).join(',') };
};
window.ref = (i, mode) => job('/ref.js', files()[i], { mode });
</script>`;

/** The reference worker: WebCrypto's digest alone over bytes in memory, or hash-wasm's SHA-256 streamed like the app's. */
const REF_WORKER = `importScripts('/hash-wasm-sha256.js');
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
self.onmessage = async (e) => {
  const { file, mode } = e.data;
  if (mode === 'digest-alone') {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // the best of three: a ceiling
    let inner = Infinity, d;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      d = await crypto.subtle.digest('SHA-256', bytes);
      inner = Math.min(inner, performance.now() - t);
    }
    self.postMessage({ type: 'done', inner, sha256: hex(d) });
  } else {
    const h = await hashwasm.createSHA256();
    h.init();
    const reader = file.stream().getReader({ mode: 'byob' });
    let spare = new ArrayBuffer(${CHUNK});
    let next = reader.read(new Uint8Array(new ArrayBuffer(${CHUNK})));
    for (;;) {
      const r = await next;
      if (r.done) break;
      next = reader.read(new Uint8Array(spare));
      h.update(r.value);
      spare = r.value.buffer;
    }
    self.postMessage({ type: 'done', sha256: h.digest('hex') });
  }
};`;

/** The pids of a process tree, from /proc (read once per measure: sampling reads only these). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident memory of these processes, kB. */
function rss(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb;
}

function median(xs: number[]) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** node:crypto over the file through one reused 4 MiB buffer: ms, median of `runs`. */
function nodeFile(file: string, algo: string, runs = 3) {
  const buf = Buffer.alloc(CHUNK);
  const times: number[] = [];
  let digest = '';
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const fd = fs.openSync(file, 'r');
    const h = crypto.createHash(algo);
    for (let n; (n = fs.readSync(fd, buf)) > 0; ) h.update(buf.subarray(0, n));
    fs.closeSync(fd);
    digest = h.digest('hex');
    times.push(performance.now() - t);
  }
  return { ms: median(times), digest };
}

/** node:crypto over `data` (distinct bytes in memory) by 4 MiB pieces: ms, median of `runs`. */
function nodeMemory(data: Buffer, algo: string, runs = 3) {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const h = crypto.createHash(algo);
    for (let at = 0; at < data.length; at += CHUNK) h.update(data.subarray(at, at + CHUNK));
    h.digest();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** node:crypto over one 4 MiB chunk, mb / 4 times (cache-resident): ms, median of `runs`. */
function nodeCacheHot(mb: number, algo: string, runs = 3) {
  const chunk = crypto.randomBytes(CHUNK);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const h = crypto.createHash(algo);
    for (let i = 0; i < mb / 4; i++) h.update(chunk);
    h.digest();
    times.push(performance.now() - t);
  }
  return median(times);
}

function writeRandom(file: string, mb: number) {
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < mb / 4; i++) fs.writeSync(fd, crypto.randomBytes(CHUNK));
  fs.closeSync(fd);
}

export interface HashingOptions {
  /** the whole-file size (WebCrypto path), MB */
  mb: number;
  /** the streamed size (constant memory), MB; 0 skips */
  largeMb: number;
  dir: string;
  log: (line: string) => void;
}

/** Runs the hashing scenarios; returns report rows (scenario, throughput, reference, notes). */
export async function hashingRows({ mb, largeMb, dir, log }: HashingOptions): Promise<string[][]> {
  const assets = path.join(ROOT, 'apps/web/dist/assets');
  const appWorker = fs.existsSync(assets) ? fs.readdirSync(assets).find((f) => /^hash\.worker-.*\.js$/.test(f)) : undefined;
  if (!appWorker) throw new Error('apps/web/dist has no hash worker: run `npm run build` first');
  const whole = path.join(dir, 'whole-1.bin');
  const whole2 = path.join(dir, 'whole-2.bin');
  const large = path.join(dir, 'large.bin');
  log(`writing test files (${mb} MB × 2${largeMb ? `, ${largeMb} MB` : ''}) …`);
  writeRandom(whole, mb);
  writeRandom(whole2, mb);
  if (largeMb) writeRandom(large, largeMb);
  const picked = largeMb ? [whole, whole2, large] : [whole, whole2];

  const server = http.createServer((req, res) => {
    const send = (type: string, body: string | Buffer) => res.writeHead(200, { 'content-type': type }).end(body);
    if (req.url === '/') return send('text/html', PAGE.replaceAll('APP_WORKER', JSON.stringify(`/assets/${appWorker}`)));
    if (req.url === '/ref.js') return send('text/javascript', REF_WORKER);
    if (req.url === '/hash-wasm-sha256.js') return send('text/javascript', fs.readFileSync(path.join(ROOT, 'node_modules/hash-wasm/dist/sha256.umd.min.js')));
    const file = req.url?.startsWith('/assets/') ? path.join(assets, path.basename(req.url)) : null;
    if (!file || !fs.existsSync(file)) return res.writeHead(404).end();
    send(file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  // node references: before the browser
  const dataInMemory = fs.readFileSync(whole);
  const refs = (mbs: number, file: string, withMemory: boolean) => ({
    sha256File: nodeFile(file, 'sha256'),
    sm3File: nodeFile(file, 'sm3'),
    sha256Memory: withMemory ? nodeMemory(dataInMemory, 'sha256') : NaN,
    sha256Cache: nodeCacheHot(mbs, 'sha256'),
  });
  log('node:crypto references …');
  const before = { whole: refs(mb, whole, true), large: largeMb ? refs(largeMb, large, false) : undefined };

  const launched = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const browser = await chromium.connect(launched.wsEndpoint());
  const pid = launched.process().pid!;
  type Result = { ms: number; sha256?: string; sm3?: string; via?: string; inner?: number; peakMb: number };
  const results: Record<string, Result> = {};
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.locator('input').setInputFiles(picked);
    /** runs `fn` in the page; samples the browser's memory meanwhile */
    const measure = async (name: string, fn: string, ...a: unknown[]) => {
      log(`  browser: ${name} …`);
      await new Promise((r) => setTimeout(r, 300));
      const pids = processTree(pid);
      const base = rss(pids);
      let peak = base;
      const timer = setInterval(() => (peak = Math.max(peak, rss(pids))), 100);
      try {
        const r = (await page.evaluate(([f, args]) => (globalThis as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[f as string]!(...(args as unknown[])), [fn, a])) as Result;
        results[name] = { ...r, peakMb: (peak - base) / 1024 };
      } finally {
        clearInterval(timer);
      }
    };
    await measure('warm-up', 'app', 1, ['sha256']);
    await measure('sha256', 'app', 0, ['sha256']);
    await measure('sm3', 'app', 0, ['sm3']);
    await measure('both-one-worker', 'app', 0, ['sha256', 'sm3']);
    await measure('digest-alone', 'ref', 0, 'digest-alone');
    await measure('one-file', 'appFiles', [0]);
    await measure('two-files', 'appFiles', [0, 1]);
    if (largeMb) {
      await measure('large-sha256', 'app', 2, ['sha256']);
      await measure('large-hash-wasm', 'ref', 2, 'hash-wasm');
      await measure('large-sm3', 'app', 2, ['sm3']);
      await measure('large-pair', 'appFiles', [2]);
    }
  } finally {
    await browser.close();
    await launched.close();
    server.close();
  }

  log('node:crypto references again …');
  const after = { whole: refs(mb, whole, true), large: largeMb ? refs(largeMb, large, false) : undefined };

  // every browser digest must equal node's: a fast wrong answer is no answer
  const check = (name: string, got: string | undefined, want: string) => {
    if (got !== undefined && got !== want) throw new Error(`${name}: the browser's digest ${got} is not node's ${want}`);
  };
  for (const n of ['sha256', 'both-one-worker', 'digest-alone', 'one-file']) check(n, results[n]!.sha256, before.whole.sha256File.digest);
  for (const n of ['sm3', 'both-one-worker', 'one-file']) check(n, results[n]!.sm3, before.whole.sm3File.digest);
  if (largeMb) {
    for (const n of ['large-sha256', 'large-hash-wasm', 'large-pair']) check(n, results[n]!.sha256, before.large!.sha256File.digest);
    for (const n of ['large-sm3', 'large-pair']) check(n, results[n]!.sm3, before.large!.sm3File.digest);
  }
  // and each path must be the one its row names
  const via = (name: string, want: string) => {
    if (results[name]!.via !== want) throw new Error(`${name}: the worker hashed ${results[name]!.via}, not ${want}`);
  };
  via('sha256', 'whole');
  if (largeMb) via('large-sha256', 'streamed');
  for (const f of picked) fs.rmSync(f);

  const mbps = (size: number, ms: number) => size / (ms / 1000);
  const avg = (a: number, b: number) => (a + b) / 2;
  const ref = (key: 'whole' | 'large') => {
    const b = before[key]!;
    const a = after[key]!;
    const size = key === 'whole' ? mb : largeMb;
    return {
      sha256: mbps(size, avg(b.sha256File.ms, a.sha256File.ms)),
      sm3: mbps(size, avg(b.sm3File.ms, a.sm3File.ms)),
      memory: mbps(size, avg(b.sha256Memory, a.sha256Memory)),
      cache: mbps(size, avg(b.sha256Cache, a.sha256Cache)),
    };
  };
  const f0 = (x: number) => x.toFixed(0);
  const rows: string[][] = [];
  const goal = (ratio: number, g: number) => `ratio **${ratio.toFixed(2)}** (goal ≥ ${g}: ${ratio >= g ? 'met' : '**not met**'})`;
  const w = ref('whole');
  const sha = mbps(mb, results.sha256!.ms);
  rows.push([
    `hashing · SHA-256 · ${mb} MB file · app worker (read whole, WebCrypto)`,
    `${f0(sha)} MB/s`,
    `node:crypto, same file: ${f0(w.sha256)} MB/s`,
    `${goal(sha / w.sha256, 0.5)}; vs distinct data in memory (${f0(w.memory)} MB/s) ${(sha / w.memory).toFixed(2)}; vs one cache-resident 4 MiB chunk (${f0(w.cache)} MB/s, the earlier reference) ${(sha / w.cache).toFixed(2)}; browser memory +${f0(results.sha256!.peakMb)} MB`,
  ]);
  const floor = mbps(mb, results['digest-alone']!.inner!);
  rows.push([
    `hashing · SHA-256 · ${mb} MB · WebCrypto's digest alone, bytes already in memory`,
    `${f0(floor)} MB/s (best of 3)`,
    `node:crypto, same file: ${f0(w.sha256)} MB/s`,
    `ratio ${(floor / w.sha256).toFixed(2)}: the ceiling of any page that hands WebCrypto the whole file (reading it not counted)`,
  ]);
  const sm = mbps(mb, results.sm3!.ms);
  rows.push([`hashing · SM3 · ${mb} MB file · app worker (hash-wasm)`, `${f0(sm)} MB/s`, `node:crypto, same file: ${f0(w.sm3)} MB/s`, `ratio ${(sm / w.sm3).toFixed(2)}`]);
  const one = mbps(mb, results['one-file']!.ms);
  rows.push([`hashing · SHA-256 + SM3 · ${mb} MB file · two app workers, one per digest`, `${f0(one)} MB/s`, `one worker for both: ${f0(mbps(mb, results['both-one-worker']!.ms))} MB/s`, `what the deposit page does; browser memory +${f0(results['one-file']!.peakMb)} MB`]);
  const two = mbps(2 * mb, results['two-files']!.ms);
  rows.push([`hashing · SHA-256 + SM3 · two ${mb} MB files · the same pool`, `${f0(two)} MB/s aggregate`, `one file: ${f0(one)} MB/s`, `a pool as wide as the cores (${os.cpus().length} here)`]);
  if (largeMb) {
    const l = ref('large');
    const big = mbps(largeMb, results['large-sha256']!.ms);
    const hw = mbps(largeMb, results['large-hash-wasm']!.ms);
    rows.push([
      `hashing · SHA-256 · ${largeMb} MB file · app worker (streamed, constant memory, WebAssembly)`,
      `${f0(big)} MB/s`,
      `node:crypto, same file: ${f0(l.sha256)} MB/s`,
      `${goal(big / l.sha256, 0.2)}; vs one cache-resident 4 MiB chunk (${f0(l.cache)} MB/s, the earlier reference) ${(big / l.cache).toFixed(2)}; browser memory +${f0(results['large-sha256']!.peakMb)} MB`,
    ]);
    rows.push([`hashing · SHA-256 · ${largeMb} MB file · hash-wasm streamed the same way`, `${f0(hw)} MB/s`, `node:crypto, same file: ${f0(l.sha256)} MB/s`, `ratio ${(hw / l.sha256).toFixed(2)}: the library the app's own SHA-256 replaced (×${(big / hw).toFixed(2)})`]);
    const lsm = mbps(largeMb, results['large-sm3']!.ms);
    rows.push([`hashing · SM3 · ${largeMb} MB file · app worker (streamed)`, `${f0(lsm)} MB/s`, `node:crypto, same file: ${f0(l.sm3)} MB/s`, `ratio ${(lsm / l.sm3).toFixed(2)}; browser memory +${f0(results['large-sm3']!.peakMb)} MB`]);
    rows.push([
      `hashing · SHA-256 + SM3 · ${largeMb} MB file · two app workers`,
      `${f0(mbps(largeMb, results['large-pair']!.ms))} MB/s`,
      '',
      `as the deposit page does; browser memory +${f0(results['large-pair']!.peakMb)} MB`,
    ]);
  }
  return rows;
}
