/**
 * `shangmi seed-scale [--users N] [--enterprises N] [--sites N] [--seed S] [--orgs-per-district K] [--password PW] [--force]`
 *
 * Benchmark data at scale: under every district bureau of the seeded regions, K organisations (protection sites, and
 * enterprises either directly under the bureau or under a site), then N users spread over the whole tree with the
 * roles real deployments have (mostly enterprise members). With --enterprises N (default 0: none), N registry
 * enterprises as well, each with its organisation node under its district bureau (see seedEnterprises). With --sites N
 * (default 0: none), 45 more pilot regions and N protection sites over the 46 (see seedSites), seeded last so the users
 * and enterprises stay in Yinchuan. Deterministic for a given seed, so runs compare; the users do not depend on
 * --enterprises or --sites.
 *
 * Every generated user shares ONE scrypt hash of a random, never-printed password (nobody can sign in as them);
 * the two benchmark accounts share one hash of a known password (`--password`, default {@link BENCH_PASSWORD}):
 *   bench_district  district_staff at 金凤区市场监督管理局 (scope org_and_below)
 *   bench_city      city_admin at 银川市市场监督管理局 (scope org_and_below over the whole city)
 * For throwaway databases only: it refuses a database that already has users (other than the initial admin)
 * unless --force.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CliIo } from './io.js';
import type { Database } from '../db/client.js';
import { hashPassword } from '../platform/crypto.js';
import { seedReferenceData } from '../seed.js';
import { rowsOf } from '../db/sql.js';
import { BENCH_PASSWORD, type BenchAccount } from './seed-scale/common.js';
import { seedEnterprises } from './seed-scale/enterprises.js';
import { seedSites } from './seed-scale/sites.js';
import { seedOrgsAndUsers } from './seed-scale/users.js';

export { BENCH_ACCOUNTS, BENCH_DISTRICT_CODE, BENCH_PASSWORD, prng, type BenchAccount } from './seed-scale/common.js';
export { enterpriseGenerator, type DistrictRef } from './seed-scale/enterprise-profiles.js';

export interface SeedScaleOptions {
  /** generated users (default 100,000) */
  users?: number;
  /** generated registry enterprises (default 0) */
  enterprises?: number;
  /** generated protection sites over 46 pilot regions (default 0) */
  sites?: number;
  /** PRNG seed (default 42) */
  seed?: number;
  /** organisations created under each district bureau (default 40: about 1 in 6 a site, the rest enterprises) */
  orgsPerDistrict?: number;
  /** password of the benchmark accounts */
  password?: string;
  /** seed even when the database already has users */
  force?: boolean;
  /** progress lines */
  log?: (line: string) => void;
}

export interface SeedScaleResult {
  users: number;
  /** organisations of the tree (sites and the users' enterprises), not counting the registry enterprises' nodes */
  orgs: number;
  /** registry enterprises (each with its own organisation node) */
  enterprises: number;
  /** protection sites (each with its organisation node), over the pilot regions */
  sites: number;
  /** wall time of the whole seeding, ms (reference data, tree, users, roles, enterprises, VACUUM ANALYZE) */
  ms: number;
  /** ms per phase */
  phases: Record<string, number>;
  accounts: BenchAccount[];
}

export async function seedScale(database: Database, opts: SeedScaleOptions = {}): Promise<SeedScaleResult> {
  const nUsers = opts.users ?? 100_000;
  const seed = opts.seed ?? 42;
  const perDistrict = opts.orgsPerDistrict ?? 40;
  const nEnterprises = opts.enterprises ?? 0;
  const nNetworkSites = opts.sites ?? 0;
  const password = opts.password ?? BENCH_PASSWORD;
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(nUsers) || nUsers < 1) throw new Error('--users must be a positive integer');
  if (!Number.isInteger(perDistrict) || perDistrict < 2) throw new Error('--orgs-per-district must be at least 2');
  if (!Number.isInteger(nEnterprises) || nEnterprises < 0) throw new Error('--enterprises must be a whole number');
  if (!Number.isInteger(nNetworkSites) || nNetworkSites < 0) throw new Error('--sites must be a whole number');
  const db = database.db;
  const phases: Record<string, number> = {};
  const t0 = performance.now();
  let tp = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - tp);
    tp = now;
  };

  await seedReferenceData(db);
  phase('reference data');

  const [{ n: existing }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users`));
  if (existing > 1 && !opts.force) {
    throw new Error(`the database already has ${existing} users: seed-scale is for throwaway benchmark databases (--force to seed anyway)`);
  }

  // one scrypt for the generated users (random password nobody knows), one for the benchmark accounts
  const [crowdHash, benchHash] = await Promise.all([hashPassword(crypto.randomBytes(18).toString('base64')), hashPassword(password)]);
  phase('password hashes');

  const { orgs: orgCount, users: userCount, accounts } = await seedOrgsAndUsers(db, { users: nUsers, perDistrict, seed, password, crowdHash, benchHash, log });
  phase('organisations and users');

  // its own generator (seeded apart), so the users above are the same with or without enterprises
  const enterpriseCount = nEnterprises > 0 ? await seedEnterprises(db, nEnterprises, seed, log, phase) : 0;
  // last: the pilot regions it adds must not change where the users and enterprises above are placed
  const siteCount = nNetworkSites > 0 ? await seedSites(database, nNetworkSites, seed, log, phase) : 0;

  // a steady-state table: the visibility map index-only scans rely on, and statistics for the planner (autovacuum
  // would get there on its own after a bulk insert; a benchmark should not wait for it). VACUUM before any ANALYZE:
  // ANALYZE commits (asynchronously on the test cluster), and until that commit is flushed VACUUM may not set the
  // hint bits of the seeding transaction, which shares its commit-LSN group, so no page would become all-visible.
  const tables = sql.raw(`orgs, users, user_roles${enterpriseCount ? ', enterprises' : ''}${siteCount ? ', sites, site_events, regions, districts, parks, site_targets' : ''}`);
  await db.execute(sql`vacuum ${tables}`);
  await db.execute(sql`analyze ${tables}`);
  phase('vacuum analyze');

  return { users: userCount, orgs: orgCount, enterprises: enterpriseCount, sites: siteCount, ms: Math.round(performance.now() - t0), phases, accounts };
}

/**
 * The benchmark's growth step (`npm run bench -- --enterprises 100000,1000000`): adds registry enterprises `from` …
 * `to - 1` to a database seedScale seeded with `from` of them. The same generator walked on, so the grown registry holds
 * the enterprises seedScale makes at `to` at once (see seedEnterprises).
 */
export async function growEnterprises(database: Database, opts: { from: number; to: number; seed?: number; log?: (line: string) => void }): Promise<{ ms: number; phases: Record<string, number> }> {
  const phases: Record<string, number> = {};
  const t0 = performance.now();
  let tp = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - tp);
    tp = now;
  };
  await seedEnterprises(database.db, opts.to - opts.from, opts.seed ?? 42, opts.log ?? (() => undefined), phase, opts.from);
  await database.db.execute(sql`vacuum orgs, enterprises`);
  await database.db.execute(sql`analyze orgs, enterprises`);
  phase('vacuum analyze');
  return { ms: Math.round(performance.now() - t0), phases };
}

/** The options that take a whole number, by flag. */
const COUNTS = { '--users': 'users', '--enterprises': 'enterprises', '--sites': 'sites', '--seed': 'seed', '--orgs-per-district': 'orgsPerDistrict' } as const;

function parseArgs(args: string[]): SeedScaleOptions | string {
  const o: SeedScaleOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = value().replace(/[_,]/g, '');
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number`);
      return Number(v);
    };
    if (Object.hasOwn(COUNTS, flag)) o[COUNTS[flag as keyof typeof COUNTS]] = int();
    else if (flag === '--password') o.password = value();
    else if (flag === '--force') o.force = true;
    else return `unknown option ${a}\nusage: shangmi seed-scale [--users N] [--enterprises N] [--sites N] [--seed S] [--orgs-per-district K] [--password PW] [--force]`;
  }
  return o;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let opts: SeedScaleOptions | string;
  try {
    opts = parseArgs(args);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  if (typeof opts === 'string') {
    io.err(opts);
    return 2;
  }
  const database = await io.open();
  io.out(
    `seed-scale: ${(opts.users ?? 100_000).toLocaleString('en-US')} users` +
      (opts.enterprises ? `, ${opts.enterprises.toLocaleString('en-US')} enterprises` : '') +
      (opts.sites ? `, ${opts.sites.toLocaleString('en-US')} sites over 46 pilot regions` : '') +
      ` on ${database.driver} (seed ${opts.seed ?? 42})`,
  );
  try {
    const r = await seedScale(database, { ...opts, log: io.out });
    io.out(
      `seeded ${r.users.toLocaleString('en-US')} users and ${r.orgs} organisations` +
        (r.enterprises ? ` and ${r.enterprises.toLocaleString('en-US')} enterprises` : '') +
        (r.sites ? ` and ${r.sites.toLocaleString('en-US')} sites` : '') +
        ` in ${(r.ms / 1000).toFixed(1)} s`,
    );
    for (const [name, ms] of Object.entries(r.phases)) io.out(`  ${name.padEnd(26)} ${(ms / 1000).toFixed(2)} s`);
    io.out('benchmark accounts (for throwaway databases only):');
    for (const a of r.accounts) io.out(`  ${a.username.padEnd(16)} ${a.role.padEnd(16)} ${a.org}   password: ${a.password}`);
    return 0;
  } catch (err) {
    io.err(`seed-scale failed: ${(err as Error).message}`);
    return 1;
  }
}
