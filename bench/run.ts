/**
 * `npm run bench`: the scoped user list at scale, on PostgreSQL and on PGlite, against the same SQL issued directly;
 * with --enterprises N, the enterprise registry too (search, filtered lists, and a bulk import); with --sites N, the
 * protection network (the dashboard, and the public directory without signing in) over 46 pilot regions.
 *
 * For each backend: a fresh database (a throwaway PostgreSQL 15 cluster / a temp PGlite folder), migrated and seeded
 * with `seedScale` (100,000 users by default), the real server started in a child process (bench/server.ts), the
 * benchmark accounts signed in, then for every scenario autocannon (50 connections) against the API and a closed
 * loop of the very statements that request sent to the database (captured from the server's driver), at the same
 * concurrency. One table: throughput, p50/p95/p99, and API p95 ÷ raw SQL p95. The import (upload, check, commit of an
 * .xlsx through the real API) is compared with its own INSERT statements replayed in a transaction. See bench/README.md.
 *
 * Options: --users N  --enterprises N[,N2…] (growth: the enterprise scenarios at each size)  --import-rows N  --ent-q a,b,c  --sites N  --sites-q TEXT  --duration S  --warmup S
 *          --connections C  --backends postgres,pglite  --scenarios users,enterprises,import,sites  --seed S  --q TEXT  --explain
 *          --db-pool N (the server's SHANGMI_DB_POOL; default the server's own default)  --out FILE  --no-write
 *          --scenarios cases [--cases N] [--submitters N] [--kill-after S]: complaints intake under SIGKILL and the work queue (bench/cases.ts)
 *          --scenarios inbox [--fanout N] [--notices N]: one event fanned out to N users, a heavy user's inbox list (bench/inbox.ts)
 *          --scenarios credit [--credit-records N] [--credit-export N] [--credit-export-runs N]: the public credit search and the streamed 双公示 XLSX (bench/credit.ts)
 *
 * The rooms: options.ts (flags), backend.ts (one backend: database, seeding, growth, the server child), measure.ts (one
 * scenario under load and its SQL), scenarios.ts (which pages), import.ts (the bulk import), report.ts (the markdown).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBackend } from './backend.js';
import { runCasesBench } from './cases.js';
import { log } from './common.js';
import { runCreditBench } from './credit.js';
import { runInboxBench } from './inbox.js';
import { parseOptions } from './options.js';
import { report, type BackendRun } from './report.js';

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = performance.now();
  log(
    `${o.users.toLocaleString('en-US')} users` +
      (o.enterprises ? ` · ${o.enterprises.toLocaleString('en-US')} enterprises` : '') +
      (o.sites ? ` · ${o.sites.toLocaleString('en-US')} sites` : '') +
      ` (${[...o.scenarios].join(', ')})` +
      ` · ${o.connections} connections · ${o.warmupS}+${o.durationS} s per row · backends ${o.backends.join(', ')} · ${os.cpus().length} CPUs`,
  );
  const runs: BackendRun[] = [];
  const onlyCases = [...o.scenarios].every((g) => g === 'cases' || g === 'inbox' || g === 'credit');
  if (!onlyCases) for (const b of o.backends) runs.push(await runBackend(b, o));
  let text = onlyCases ? `# Benchmark ${startedAt.toISOString()} · ${os.cpus().length} CPUs · ${os.loadavg()[0].toFixed(2)} load` : report(runs, o, startedAt, (performance.now() - t0) / 1000);
  if (o.scenarios.has('cases')) {
    text += `\n\n${await runCasesBench({
      backends: o.backends,
      cases: o.cases,
      submitters: o.submitters,
      killAfterS: o.killAfterS,
      durationS: o.durationS,
      warmupS: o.warmupS,
      connections: o.connections,
      seed: o.seed,
    })}`;
  }
  if (o.scenarios.has('inbox')) {
    text += `\n\n${await runInboxBench({ fanout: o.fanout, notices: o.notices, durationS: o.durationS, warmupS: o.warmupS, connections: o.connections, seed: o.seed })}`;
  }
  if (o.scenarios.has('credit')) {
    text += `\n\n${await runCreditBench({ records: o.creditRecords, exportRows: o.creditExport, exportRuns: o.creditExportRuns, durationS: o.durationS, warmupS: o.warmupS, connections: o.connections, seed: o.seed })}`;
  }
  console.log(`\n${text}`);
  if (o.out) {
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, text);
    log(`written to ${path.relative(process.cwd(), o.out) || o.out}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
