/**
 * One backend's run: a throwaway database (PostgreSQL cluster or PGlite folder), migrated and seeded, the server child
 * started, every scenario measured (bench/measure.ts) — at each growth size for the enterprise scenarios — then the
 * references and, last since it adds rows, the bulk import (bench/import.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BENCH_ACCOUNTS, growEnterprises, seedScale, type DistrictRef, type SeedScaleResult } from '../apps/server/src/cli/seed-scale.js';
import { openDb } from '../apps/server/src/db/client.js';
import { startPgCluster, type PgCluster } from '../apps/server/test/pg-cluster.js';
import { Child, login } from './child.js';
import { cleanups, log } from './common.js';
import { cpuBetween, parentPid, sampleCpu } from './cpu.js';
import { buildImportFile, runImport, type ImportRun } from './import.js';
import { AS_DEPLOYED } from './lib.js';
import { measurer, type Sessions } from './measure.js';
import type { Backend, Options } from './options.js';
import type { BackendRun, GrowthStep, Row } from './report.js';
import { listScenarios } from './scenarios.js';

export async function runBackend(backend: Backend, o: Options): Promise<BackendRun> {
  const loadBefore = os.loadavg()[0];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shangmi-bench-${backend}-`));
  let cluster: PgCluster | undefined;
  let child: Child | undefined;
  let rawPool: pg.Pool | undefined;
  let postmaster: number | undefined;
  const undo = () => {
    if (child && child.proc.exitCode === null) child.proc.kill('SIGKILL');
    cluster?.stop();
    cluster = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  cleanups.add(undo);
  try {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      log('starting a throwaway PostgreSQL cluster');
      cluster = await startPgCluster({ durable: AS_DEPLOYED });
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('create database shangmi_bench');
      const backendPid = Number((await admin.query('select pg_backend_pid() as pid')).rows[0].pid);
      postmaster = parentPid(backendPid) ?? undefined;
      await admin.end();
      databaseUrl = cluster.url('shangmi_bench');
    }

    // ---- migrate and seed in this process, then hand the database to the server child
    const database = await openDb({ databaseUrl, pgliteDir: databaseUrl ? undefined : path.join(tmp, 'pglite'), poolSize: 4 });
    let seeded: SeedScaleResult;
    let migrateMs: number;
    let version: string;
    let districts: DistrictRef[];
    try {
      const tm = performance.now();
      await database.migrate();
      migrateMs = performance.now() - tm;
      version = String((await database.query<{ v: string }>('select version() as v'))[0].v).split(' on ')[0].split(',')[0];
      log(
        `${backend}: ${version}; migrated in ${(migrateMs / 1000).toFixed(1)} s; seeding ${o.users.toLocaleString('en-US')} users` +
          (o.enterprises ? ` and ${(o.enterpriseSizes[0] ?? 0).toLocaleString('en-US')} enterprises` : '') +
          (o.sites ? ` and ${o.sites.toLocaleString('en-US')} sites` : '') +
          ' …',
      );
      seeded = await seedScale(database, {
        users: o.users,
        enterprises: o.enterpriseSizes[0] ?? 0,
        sites: o.sites,
        seed: o.seed,
        log: o.enterprises || o.sites ? (l) => log(`${backend}: ${l.trim()}`) : undefined,
      });
      districts = await database.query<DistrictRef>(
        `select d.code, d.name from districts d where exists (select 1 from orgs o where o.kind = 'district_bureau' and o.district_code = d.code) order by d.sort, d.code`,
      );
    } finally {
      await database.close();
    }
    log(
      `${backend}: seeded ${seeded.users.toLocaleString('en-US')} users, ${seeded.orgs} organisations` +
        (seeded.enterprises ? `, ${seeded.enterprises.toLocaleString('en-US')} enterprises` : '') +
        (seeded.sites ? `, ${seeded.sites.toLocaleString('en-US')} sites` : '') +
        ` in ${(seeded.ms / 1000).toFixed(1)} s (` +
        Object.entries(seeded.phases)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ') +
        ')',
    );

    // the import file, built before anything is measured (its rows: see buildImportFile)
    let importFile: { file: string; bytes: number; ms: number } | null = null;
    if (o.scenarios.has('import')) {
      log(`${backend}: building a ${o.importRows.toLocaleString('en-US')}-row import workbook …`);
      importFile = await buildImportFile(path.join(tmp, `企业导入-${o.importRows}.xlsx`), o.importRows, o.seed, districts);
      log(`${backend}: import workbook ${(importFile.bytes / 2 ** 20).toFixed(1)} MB in ${(importFile.ms / 1000).toFixed(1)} s`);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      SHANGMI_DATA_DIR: tmp,
      SHANGMI_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      SHANGMI_COOKIE_SECURE: 'false',
    };
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    if (o.dbPool) env.SHANGMI_DB_POOL = String(o.dbPool);
    else delete env.SHANGMI_DB_POOL;
    const startChild = async () => {
      const c = await Child.start(env);
      log(`${backend}: server child pid ${c.proc.pid} on http://127.0.0.1:${c.hello.apiPort} (db pool ${c.hello.dbPool}); bare Fastify on :${c.hello.barePort}`);
      return c;
    };
    child = await startChild();

    let base = `http://127.0.0.1:${child.hello.apiPort}`;
    const sessions: Sessions = { district: await login(base, BENCH_ACCOUNTS.district), city: await login(base, BENCH_ACCOUNTS.city) };
    if (backend === 'postgres') rawPool = new pg.Pool({ connectionString: databaseUrl, max: o.connections });
    const measure = () => measurer({ backend, o, child: child!, base, sessions, pool: rawPool, postmaster });
    let m = measure();

    // how busy is the machine with other work before we start? (one second, our processes idle)
    await m.settle();
    const quietA = sampleCpu(child.proc.pid, postmaster);
    await new Promise((r) => setTimeout(r, 1000));
    const quiet = cpuBetween(quietA, sampleCpu(child.proc.pid, postmaster));
    const idleBusy = quiet ? quiet.elsewhere / (quiet.wallMs * quiet.cores) : null;
    if (idleBusy !== null && idleBusy > 0.1) log(`warning: ${(idleBusy * 100).toFixed(0)} % of the machine is busy with other work before the measurements start; numbers will be lower than on a quiet machine`);

    const rows: Row[] = [];
    const grown: GrowthStep[] = [];
    const sizes = o.enterpriseSizes.length ? o.enterpriseSizes : [0];
    for (const [k, size] of sizes.entries()) {
      if (k > 0) {
        // growth: the server stopped (PGlite allows one process on its folder), rows added, the server started again
        await child.stop();
        log(`${backend}: growing the registry from ${sizes[k - 1].toLocaleString('en-US')} to ${size.toLocaleString('en-US')} enterprises …`);
        const database = await openDb({ databaseUrl, pgliteDir: databaseUrl ? undefined : path.join(tmp, 'pglite'), poolSize: 4 });
        try {
          const g = await growEnterprises(database, { from: sizes[k - 1], to: size, seed: o.seed, log: (l) => log(`${backend}: ${l.trim()}`) });
          grown.push({ from: sizes[k - 1], to: size, ...g });
          log(`${backend}: grown in ${(g.ms / 1000).toFixed(1)} s`);
        } finally {
          await database.close();
        }
        child = await startChild();
        base = `http://127.0.0.1:${child.hello.apiPort}`;
        m = measure();
      }
      // the first size runs every group; a later one the enterprise group (the only one that grew)
      const groups = k === 0 ? o.scenarios : new Set(o.scenarios.has('enterprises') ? (['enterprises'] as const) : []);
      for (const s of await listScenarios(o, groups, base, sessions)) rows.push(await m.scenarioRow(s, sizes.length > 1 && s.group === 'enterprises' ? size : null));
    }
    rows.push(...(await m.referenceRows()));

    // last, since it adds rows: the bulk import
    let imported: ImportRun | null = null;
    if (importFile) {
      await m.settle();
      await m.keepAlive();
      imported = await runImport({ backend, base, child, session: sessions.city, file: importFile, rows: o.importRows, pids: m.pids(), settle: m.settle });
    }
    return { backend, idleBusy, version, seeded, grown, migrateMs, dbPool: child.hello.dbPool, rows, imported, load: { before: loadBefore, after: os.loadavg()[0] } };
  } finally {
    await rawPool?.end().catch(() => undefined);
    await child?.stop().catch(() => undefined);
    try {
      cluster?.stop();
    } catch (err) {
      log(`could not stop the PostgreSQL cluster: ${(err as Error).message}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    cleanups.delete(undo);
  }
}
