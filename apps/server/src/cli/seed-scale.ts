import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CliIo } from '../cli.js';
import type { Database, Db } from '../db/client.js';
import { hashPassword } from '../platform/crypto.js';
import { seedReferenceData } from '../seed.js';

/**
 * `shangmi seed-scale [--users N] [--seed S] [--orgs-per-district K] [--password PW] [--force]`
 *
 * Benchmark data at scale: under every district bureau of the seeded regions, K organisations (protection sites, and
 * enterprises either directly under the bureau or under a site), then N users spread over the whole tree with the
 * roles real deployments have (mostly enterprise members). Deterministic for a given seed, so runs compare.
 *
 * Every generated user shares ONE scrypt hash of a random, never-printed password (nobody can sign in as them);
 * the two benchmark accounts share one hash of a known password (`--password`, default {@link BENCH_PASSWORD}):
 *   bench_district  district_staff at 金凤区市场监督管理局 (scope org_and_below)
 *   bench_city      city_admin at 银川市市场监督管理局 (scope org_and_below over the whole city)
 * For throwaway databases only: it refuses a database that already has users (other than the initial admin)
 * unless --force.
 */

export const BENCH_PASSWORD = 'Bench#Shangmi-2024';
export const BENCH_ACCOUNTS = { district: 'bench_district', city: 'bench_city' } as const;
/** the district whose bureau the district benchmark account belongs to */
export const BENCH_DISTRICT_CODE = '640106';

export interface SeedScaleOptions {
  /** generated users (default 100,000) */
  users?: number;
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
  orgs: number;
  /** wall time of the whole seeding, ms (reference data, tree, users, roles, VACUUM ANALYZE) */
  ms: number;
  /** ms per phase */
  phases: Record<string, number>;
  accounts: { username: string; password: string; role: string; org: string }[];
}

/** mulberry32: small, fast, good enough for test data, and identical on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Surnames weighted roughly by frequency (马 is common in Ningxia); given-name characters with their pinyin.
const SURNAMES: [string, string, number][] = [
  ['王', 'wang', 8], ['李', 'li', 8], ['张', 'zhang', 7], ['马', 'ma', 7], ['刘', 'liu', 6], ['杨', 'yang', 5], ['陈', 'chen', 4],
  ['赵', 'zhao', 3], ['黄', 'huang', 2], ['周', 'zhou', 2], ['吴', 'wu', 2], ['徐', 'xu', 2], ['孙', 'sun', 2], ['胡', 'hu', 2],
  ['朱', 'zhu', 1], ['高', 'gao', 2], ['林', 'lin', 1], ['何', 'he', 1], ['郭', 'guo', 2], ['罗', 'luo', 1], ['田', 'tian', 1],
  ['丁', 'ding', 1], ['纳', 'na', 1], ['海', 'hai', 1], ['韩', 'han', 1], ['白', 'bai', 1], ['苏', 'su', 1], ['金', 'jin', 1],
];
const GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'],
  ['文', 'wen'], ['辉', 'hui'], ['鹏', 'peng'], ['晨', 'chen'], ['宇', 'yu'], ['欣', 'xin'], ['梅', 'mei'], ['兰', 'lan'],
  ['海', 'hai'], ['宁', 'ning'], ['峰', 'feng'], ['玲', 'ling'], ['龙', 'long'], ['萍', 'ping'], ['斌', 'bin'], ['东', 'dong'],
];
const FIRM_WORDS = ['塞上', '贺兰', '黄河', '西夏', '宁安', '银湖', '凤城', '阅海', '鸣翠', '沙湖', '六盘', '长城', '朔方', '宁杞', '枸杞红', '滩羊', '金沙', '清水', '紫光', '星原'];
const FIRM_TRADES = ['科技', '生物科技', '新材料', '智能装备', '食品', '葡萄酒', '乳业', '化工', '电子', '软件', '光伏', '医药', '文化传媒', '农业发展', '精密制造'];
const FIRM_FORMS = ['有限公司', '股份有限公司', '有限责任公司'];

interface RoleIds {
  [code: string]: number;
}

interface OrgRow {
  id: number;
  parentId: number;
  path: string;
  name: string;
  kind: 'site' | 'enterprise';
  districtCode: string;
  regionCode: string;
  sort: number;
}

function pickWeighted<T>(rnd: () => number, items: T[], weight: (t: T) => number, total?: number): T {
  const sum = total ?? items.reduce((s, t) => s + weight(t), 0);
  let x = rnd() * sum;
  for (const it of items) {
    x -= weight(it);
    if (x < 0) return it;
  }
  return items[items.length - 1];
}

/** Reserves `n` consecutive ids of a table's identity sequence; returns the first. */
async function reserveIds(tx: Db, table: string, n: number): Promise<number> {
  const r = await tx.execute(sql.raw(`select nextval(pg_get_serial_sequence('${table}', 'id'))::int as first`));
  const first = Number((r as unknown as { rows: { first: number }[] }).rows[0].first);
  if (n > 1) await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), ${first + n - 1})`));
  return first;
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

export async function seedScale(database: Database, opts: SeedScaleOptions = {}): Promise<SeedScaleResult> {
  const nUsers = opts.users ?? 100_000;
  const seed = opts.seed ?? 42;
  const perDistrict = opts.orgsPerDistrict ?? 40;
  const password = opts.password ?? BENCH_PASSWORD;
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(nUsers) || nUsers < 1) throw new Error('--users must be a positive integer');
  if (!Number.isInteger(perDistrict) || perDistrict < 2) throw new Error('--orgs-per-district must be at least 2');
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

  const rnd = prng(seed);
  let orgCount = 0;
  let userCount = 0;
  const accounts: SeedScaleResult['accounts'] = [];

  await db.transaction(async (tx) => {
    // wait for the commit to be flushed even where the server runs with synchronous_commit=off (the throwaway test
    // cluster does): VACUUM cannot mark pages all-visible while the inserting commit is asynchronous and unflushed,
    // and index-only scans would then visit the heap for every row, which a steady-state production table does not
    await tx.execute(sql`set local synchronous_commit = on`);
    const roleRows = rowsOf<{ id: number; code: string }>(await tx.execute(sql`select id, code from roles`));
    const roleIds: RoleIds = Object.fromEntries(roleRows.map((r) => [r.code, r.id]));
    for (const c of ['city_admin', 'city_staff', 'district_staff', 'site_staff', 'enterprise_admin', 'enterprise_member']) {
      if (!roleIds[c]) throw new Error(`built-in role ${c} is missing`);
    }
    const bureaus = rowsOf<{ id: number; path: string; name: string; kind: string; district_code: string | null; region_code: string | null }>(
      await tx.execute(sql`select id, path, name, kind, district_code, region_code from orgs where kind in ('city_bureau', 'district_bureau') order by id`),
    );
    const cities = bureaus.filter((b) => b.kind === 'city_bureau');
    const districtBureaus = bureaus.filter((b) => b.kind === 'district_bureau');
    if (!districtBureaus.length) throw new Error('no district bureaus: configure a region under config/regions/ first');

    // ---- organisations: per district bureau, ~1/6 sites and the rest enterprises, half of those under a site
    const nSites = Math.max(1, Math.round(perDistrict / 6));
    const nFirms = perDistrict - nSites;
    const totalOrgs = districtBureaus.length * perDistrict;
    let nextOrg = await reserveIds(tx, 'orgs', totalOrgs);
    const newOrgs: OrgRow[] = [];
    const firmNames = new Set<string>();
    for (const b of districtBureaus) {
      const districtName = b.name.replace(/市场监督管理局$/, '');
      const sites: OrgRow[] = [];
      for (let i = 0; i < nSites; i++) {
        const id = nextOrg++;
        const site: OrgRow = {
          id,
          parentId: b.id,
          path: `${b.path}${id}/`,
          name: `${districtName}第${i + 1}商业秘密保护工作站`,
          kind: 'site',
          districtCode: b.district_code!,
          regionCode: b.region_code!,
          sort: i,
        };
        sites.push(site);
        newOrgs.push(site);
      }
      for (let i = 0; i < nFirms; i++) {
        const id = nextOrg++;
        const parent = i % 2 === 0 ? { id: b.id, path: b.path } : sites[Math.floor(rnd() * sites.length)];
        const word = FIRM_WORDS[Math.floor(rnd() * FIRM_WORDS.length)];
        const trade = FIRM_TRADES[Math.floor(rnd() * FIRM_TRADES.length)];
        const form = FIRM_FORMS[Math.floor(rnd() * FIRM_FORMS.length)];
        let name = `宁夏${word}${trade}${form}`;
        if (firmNames.has(name)) name = `银川${districtName}${word}${trade}${form}`;
        for (let k = 2; firmNames.has(name); k++) name = `银川${districtName}${word}${trade}${k}${form}`;
        firmNames.add(name);
        newOrgs.push({ id, parentId: parent.id, path: `${parent.path}${id}/`, name, kind: 'enterprise', districtCode: b.district_code!, regionCode: b.region_code!, sort: 100 + i });
      }
    }
    const creditCode = () => {
      const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
      let s = '91640100';
      while (s.length < 18) s += chars[Math.floor(rnd() * chars.length)];
      return s;
    };
    const col = <K extends keyof OrgRow>(k: K) => newOrgs.map((o) => o[k]);
    await tx.execute(sql`
      insert into orgs (id, parent_id, path, name, kind, region_code, district_code, credit_code, sort, status)
      select * from unnest(${sql.param(col('id'))}::int[], ${sql.param(col('parentId'))}::int[], ${sql.param(col('path'))}::text[],
                           ${sql.param(col('name'))}::text[], ${sql.param(col('kind'))}::text[], ${sql.param(col('regionCode'))}::text[],
                           ${sql.param(col('districtCode'))}::text[],
                           ${sql.param(newOrgs.map((o) => (o.kind === 'enterprise' ? creditCode() : null)))}::text[],
                           ${sql.param(col('sort'))}::int[], ${sql.param(newOrgs.map(() => 'active'))}::text[])`);
    orgCount = newOrgs.length;

    // ---- users: where they sit decides their role
    type Slot = { orgId: number; path: string; role: string; weight: number };
    const districtWeight = (code: string | null) => ({ '640104': 1.4, '640105': 1.0, '640106': 1.3, '640121': 0.7, '640122': 0.7, '640181': 0.9 })[code ?? ''] ?? 1;
    const slots: Slot[] = [];
    // enterprise sizes: log-normal, so a few are large and most are small
    const firms = newOrgs.filter((o) => o.kind === 'enterprise');
    const firmW = firms.map((f) => Math.exp(1.1 * gaussian(rnd)) * districtWeight(f.districtCode));
    const firmSum = firmW.reduce((a, b) => a + b, 0);
    firms.forEach((f, i) => {
      slots.push({ orgId: f.id, path: f.path, role: 'enterprise_admin', weight: (0.9 * 0.04 * firmW[i]) / firmSum });
      slots.push({ orgId: f.id, path: f.path, role: 'enterprise_member', weight: (0.9 * 0.96 * firmW[i]) / firmSum });
    });
    const sites = newOrgs.filter((o) => o.kind === 'site');
    const siteSum = sites.reduce((s, o) => s + districtWeight(o.districtCode), 0);
    for (const s of sites) slots.push({ orgId: s.id, path: s.path, role: 'site_staff', weight: (0.08 * districtWeight(s.districtCode)) / siteSum });
    const dSum = districtBureaus.reduce((s, b) => s + districtWeight(b.district_code), 0);
    for (const b of districtBureaus) slots.push({ orgId: b.id, path: b.path, role: 'district_staff', weight: (0.017 * districtWeight(b.district_code)) / dSum });
    for (const c of cities) slots.push({ orgId: c.id, path: c.path, role: 'city_staff', weight: 0.003 / cities.length });
    // cumulative weights for a binary-search pick
    const cum: number[] = [];
    let acc = 0;
    for (const s of slots) cum.push((acc += s.weight));
    const pickSlot = () => {
      const x = rnd() * acc;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      return slots[lo];
    };
    const surnameTotal = SURNAMES.reduce((s, x) => s + x[2], 0);

    const cityBureau = cities[0];
    const benchBureau = districtBureaus.find((b) => b.district_code === BENCH_DISTRICT_CODE) ?? districtBureaus[0];
    const bench = [
      { username: BENCH_ACCOUNTS.district, displayName: '压测区县账号', org: benchBureau, role: 'district_staff' },
      ...(cityBureau ? [{ username: BENCH_ACCOUNTS.city, displayName: '压测市局账号', org: cityBureau, role: 'city_admin' }] : []),
    ];

    const total = nUsers + bench.length;
    const firstUser = await reserveIds(tx, 'users', total);
    const now = Date.now();
    const DAY = 86_400_000;
    const BATCH = 25_000;
    for (let start = 0; start < total; start += BATCH) {
      const n = Math.min(BATCH, total - start);
      const c = {
        id: [] as number[], username: [] as string[], displayName: [] as string[], orgId: [] as number[], orgPath: [] as string[],
        phone: [] as (string | null)[], email: [] as (string | null)[], status: [] as string[], hash: [] as string[], mustChange: [] as boolean[],
        changedAt: [] as (string | null)[], lastLogin: [] as (string | null)[], createdAt: [] as string[], role: [] as number[],
      };
      for (let k = 0; k < n; k++) {
        const i = start + k;
        const id = firstUser + i;
        const b = i >= nUsers ? bench[i - nUsers] : undefined;
        const created = now - Math.floor(rnd() * 3 * 365 * DAY);
        if (b) {
          c.id.push(id); c.username.push(b.username); c.displayName.push(b.displayName); c.orgId.push(b.org.id); c.orgPath.push(b.org.path);
          c.phone.push(null); c.email.push(null); c.status.push('active'); c.hash.push(benchHash); c.mustChange.push(false);
          c.changedAt.push(new Date(now).toISOString()); c.lastLogin.push(null); c.createdAt.push(new Date(created).toISOString());
          c.role.push(roleIds[b.role]);
          continue;
        }
        const slot = pickSlot();
        const [sn, snPy] = pickWeighted(rnd, SURNAMES, (s) => s[2], surnameTotal);
        const g1 = GIVEN[Math.floor(rnd() * GIVEN.length)];
        const g2 = rnd() < 0.6 ? GIVEN[Math.floor(rnd() * GIVEN.length)] : null;
        const username = `${snPy}${g1[1]}${g2 ? g2[1] : ''}${i + 1}`;
        const changed = rnd() < 0.9;
        c.id.push(id);
        c.username.push(username);
        c.displayName.push(`${sn}${g1[0]}${g2 ? g2[0] : ''}`);
        c.orgId.push(slot.orgId);
        c.orgPath.push(slot.path);
        c.phone.push(rnd() < 0.92 ? `1${'3589'[Math.floor(rnd() * 4)]}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : null);
        c.email.push(rnd() < 0.55 ? `${username}@example.com` : null);
        c.status.push(rnd() < 0.04 ? 'disabled' : 'active');
        c.hash.push(crowdHash);
        c.mustChange.push(!changed);
        c.changedAt.push(changed ? new Date(created + Math.floor(rnd() * 30 * DAY)).toISOString() : null);
        c.lastLogin.push(rnd() < 0.7 ? new Date(now - Math.floor(rnd() * 180 * DAY)).toISOString() : null);
        c.createdAt.push(new Date(created).toISOString());
        c.role.push(roleIds[slot.role]);
      }
      await tx.execute(sql`
        insert into users (id, username, display_name, org_id, org_path, phone, email, status, password_hash, must_change_password,
                           password_changed_at, last_login_at, created_at, updated_at)
        select id, username, display_name, org_id, org_path, phone, email, status, password_hash, must_change_password,
               password_changed_at, last_login_at, created_at, created_at
          from unnest(${sql.param(c.id)}::int[], ${sql.param(c.username)}::text[], ${sql.param(c.displayName)}::text[],
                      ${sql.param(c.orgId)}::int[], ${sql.param(c.orgPath)}::text[], ${sql.param(c.phone)}::text[],
                      ${sql.param(c.email)}::text[], ${sql.param(c.status)}::text[], ${sql.param(c.hash)}::text[],
                      ${sql.param(c.mustChange)}::bool[], ${sql.param(c.changedAt)}::timestamptz[],
                      ${sql.param(c.lastLogin)}::timestamptz[], ${sql.param(c.createdAt)}::timestamptz[])
               as t(id, username, display_name, org_id, org_path, phone, email, status, password_hash, must_change_password,
                    password_changed_at, last_login_at, created_at)`);
      await tx.execute(sql`insert into user_roles (user_id, role_id) select * from unnest(${sql.param(c.id)}::int[], ${sql.param(c.role)}::int[])`);
      userCount += n;
      log(`  users ${Math.min(start + n, nUsers).toLocaleString('en-US')} / ${nUsers.toLocaleString('en-US')}`);
    }
    for (const b of bench) accounts.push({ username: b.username, password, role: b.role, org: b.org.name });
  });
  phase('organisations and users');

  // a steady-state table: the visibility map index-only scans rely on, and statistics for the planner (autovacuum
  // would get there on its own after a bulk insert; a benchmark should not wait for it). VACUUM before any ANALYZE:
  // ANALYZE commits (asynchronously on the test cluster), and until that commit is flushed VACUUM may not set the
  // hint bits of the seeding transaction, which shares its commit-LSN group, so no page would become all-visible.
  await db.execute(sql`vacuum orgs, users, user_roles`);
  await db.execute(sql`analyze orgs, users, user_roles`);
  phase('vacuum analyze');

  return { users: userCount, orgs: orgCount, ms: Math.round(performance.now() - t0), phases, accounts };
}

/** Standard normal by Box–Muller, from the seeded generator. */
function gaussian(rnd: () => number): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

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
    switch (flag) {
      case '--users':
        o.users = int();
        break;
      case '--seed':
        o.seed = int();
        break;
      case '--orgs-per-district':
        o.orgsPerDistrict = int();
        break;
      case '--password':
        o.password = value();
        break;
      case '--force':
        o.force = true;
        break;
      default:
        return `unknown option ${a}\nusage: shangmi seed-scale [--users N] [--seed S] [--orgs-per-district K] [--password PW] [--force]`;
    }
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
  io.out(`seed-scale: ${(opts.users ?? 100_000).toLocaleString('en-US')} users on ${database.driver} (seed ${opts.seed ?? 42})`);
  try {
    const r = await seedScale(database, { ...opts, log: io.out });
    io.out(`seeded ${r.users.toLocaleString('en-US')} users and ${r.orgs} organisations in ${(r.ms / 1000).toFixed(1)} s`);
    for (const [name, ms] of Object.entries(r.phases)) io.out(`  ${name.padEnd(26)} ${(ms / 1000).toFixed(2)} s`);
    io.out('benchmark accounts (for throwaway databases only):');
    for (const a of r.accounts) io.out(`  ${a.username.padEnd(16)} ${a.role.padEnd(16)} ${a.org}   password: ${a.password}`);
    return 0;
  } catch (err) {
    io.err(`seed-scale failed: ${(err as Error).message}`);
    return 1;
  }
}
