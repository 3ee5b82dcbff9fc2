/** What every part of `npm run bench` (bench/run.ts) shares: the progress line, number formats, and what to undo on Ctrl-C. */

/** What to undo if the run is interrupted (Ctrl-C): each entry is synchronous or best effort. */
export const cleanups = new Set<() => void>();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: cleaning up`);
    for (const c of cleanups) {
      try {
        c();
      } catch {
        // keep going: the rest still needs undoing
      }
    }
    process.exit(130);
  });
}

export const ms = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '—');
export const rate = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
