import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildCreditCode, CREDIT_CODE_CHARSET, searchTokens, type RegionConfig } from '@shangmi/shared';
import { GBT4754_2017 } from '@shangmi/shared/data/industries';
import type { CliIo } from '../cli.js';
import type { Database, Db } from '../db/client.js';
import { textArrayLiteral } from '../db/sql.js';
import { hashPassword } from '../platform/crypto.js';
import { loadStandardFiles, seedReferenceData } from '../seed.js';

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

export const BENCH_PASSWORD = 'Bench#Shangmi-2024';
export const BENCH_ACCOUNTS = { district: 'bench_district', city: 'bench_city' } as const;
/** the district whose bureau the district benchmark account belongs to */
export const BENCH_DISTRICT_CODE = '640106';

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
      { username: BENCH_ACCOUNTS.district, displayName: '区县体验账号', org: benchBureau, role: 'district_staff' },
      ...(cityBureau ? [{ username: BENCH_ACCOUNTS.city, displayName: '市局体验账号', org: cityBureau, role: 'city_admin' }] : []),
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
      if (start < nUsers) log(`  users ${Math.min(start + n, nUsers).toLocaleString('en-US')} / ${nUsers.toLocaleString('en-US')}`);
    }
    for (const b of bench) accounts.push({ username: b.username, password, role: b.role, org: b.org.name });
  });
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

/** Standard normal by Box–Muller, from the seeded generator. */
function gaussian(rnd: () => number): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// ---------------------------------------------------------------------------------------------------------------
// Enterprises at scale (`--enterprises N`): generated profiles, stored the way the application stores them

/** A district the generator places enterprises in (code and name, e.g. 640106 金凤区). */
export interface DistrictRef {
  code: string;
  name: string;
}

/** One generated enterprise, in the registry's values (dictionary codes, not labels). */
export interface GeneratedEnterprise {
  creditCode: string;
  name: string;
  legalRep: string | null;
  districtCode: string;
  industryCode: string;
  industrySection: string;
  size: string | null;
  kinds: string[];
  products: string | null;
  regAddress: string | null;
  opAddress: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  status: 'active' | 'pending' | 'closed' | 'merged';
  source: 'staff' | 'self' | 'import';
  createdAt: number;
  /** uniform draws for what the caller places (serving site, park, merge target, last update) */
  draw: [number, number, number, number];
}

/** How many enterprises each district holds, relative (兴庆 and 金凤 are the commercial centres). */
export const ENTERPRISE_DISTRICT_WEIGHTS: Record<string, number> = { '640104': 1.6, '640105': 1.0, '640106': 1.4, '640121': 0.6, '640122': 0.6, '640181': 0.7 };

// 字号 (trade names): two characters from these lists (most of them), a place word, or a longer one
const ZIHAO_FIRST = [...'新华宏鑫恒天瑞金盛泰嘉德兴祥隆丰汇源博宇信安康和诚正永通达富佳明远昌荣昊峰创益凯辉亿腾万顺中卓睿乾聚'];
const ZIHAO_SECOND = [...'华达源盛泰丰利成信通隆宇恒瑞兴鑫发顺祥和安德昌辉远荣邦航鸿润峰海阳光晟博创智合力众诚新星耀启越嘉域川'];
const ZIHAO_PLACES = ['塞上', '贺兰', '黄河', '西夏', '宁安', '银湖', '凤城', '阅海', '鸣翠', '沙湖', '六盘', '长城', '朔方', '宁杞', '滩羊', '金沙', '清水', '星原', '塞北', '河套', '大漠', '驼铃', '贺兰山', '黄河金岸', '宁夏川', '湖城', '枸杞红', '红枸杞'];
const ZIHAO_THIRD = [...'祥源达通盛兴泰丰'];

/** 门类 (GB/T 4754 section) weights of a city's registry, and the words their names and products use. */
const SECTIONS: { code: string; weight: number; trades: string[]; products: string[] }[] = [
  { code: 'A', weight: 6, trades: ['农业发展', '农牧', '生态农业', '枸杞种植', '农业科技', '种养殖专业合作'], products: ['枸杞', '滩羊', '设施蔬菜', '苗木花卉', '牛羊养殖', '优质水稻', '枸杞鲜果', '饲草种植'] },
  { code: 'B', weight: 0.5, trades: ['矿业', '煤业', '能源开发'], products: ['原煤', '洗精煤', '石英砂', '石膏'] },
  { code: 'C', weight: 9, trades: ['科技', '食品', '乳业', '葡萄酒', '新材料', '化工', '机械制造', '生物科技', '电子科技', '精密制造', '建材', '服饰', '医药', '枸杞制品'], products: ['枸杞制品', '乳制品', '葡萄酒', '羊绒制品', '电子元器件', '数控机床', '化工原料', '光伏组件', '新型建材', '清真食品', '中药饮片', '包装材料', '铝型材', '单晶硅'] },
  { code: 'D', weight: 1.5, trades: ['新能源', '电力', '光伏发电', '燃气', '热力', '供水'], products: ['光伏发电', '风力发电', '天然气供应', '集中供热', '自来水供应'] },
  { code: 'E', weight: 8, trades: ['建设', '建筑工程', '市政工程', '装饰工程', '路桥工程', '安装工程'], products: ['房屋建筑', '市政道路', '室内装修', '钢结构', '园林工程', '水电安装'] },
  { code: 'F', weight: 30, trades: ['商贸', '贸易', '百货', '商行', '食品销售', '医药连锁', '汽车销售', '建材销售', '农资', '电子商务'], products: ['日用百货', '五金交电', '建材', '服装鞋帽', '农副产品', '预包装食品', '汽车配件', '化肥农药', '办公用品', '枸杞干果', '牛羊肉', '酒水饮料'] },
  { code: 'G', weight: 5, trades: ['物流', '运输', '供应链管理', '仓储', '货运代理'], products: ['道路货物运输', '仓储服务', '冷链物流', '城市配送'] },
  { code: 'H', weight: 5, trades: ['餐饮管理', '酒店管理', '餐饮', '清真餐饮'], products: ['手抓羊肉', '餐饮服务', '住宿服务', '清真菜品', '快餐'] },
  { code: 'I', weight: 6, trades: ['信息技术', '网络科技', '软件', '数据科技', '科技', '通信技术'], products: ['软件开发', '系统集成', '数据服务', '网络工程', '云计算服务', '小程序开发'] },
  { code: 'J', weight: 1, trades: ['投资', '融资担保', '小额贷款'], products: ['股权投资', '融资担保', '小额贷款'] },
  { code: 'K', weight: 3, trades: ['房地产开发', '物业管理', '置业'], products: ['房地产开发', '物业服务', '房屋租赁'] },
  { code: 'L', weight: 10, trades: ['商务咨询', '企业管理', '广告', '人力资源', '文化传媒', '会展服务'], products: ['企业管理咨询', '广告设计', '劳务派遣', '会议会展', '财务咨询', '品牌策划'] },
  { code: 'M', weight: 7, trades: ['科技', '检测', '工程设计', '技术服务', '环境科技', '测绘'], products: ['技术开发', '检验检测', '工程勘察设计', '技术推广', '环境评估', '地理信息'] },
  { code: 'N', weight: 2, trades: ['环保', '环境工程', '园林绿化', '水务'], products: ['污水处理', '垃圾清运', '园林绿化', '生态修复'] },
  { code: 'O', weight: 3, trades: ['家政服务', '汽车维修', '美容美发', '洗涤'], products: ['家政服务', '汽车维修', '美容美发', '洗衣服务'] },
  { code: 'P', weight: 1.5, trades: ['教育科技', '培训', '文化教育'], products: ['职业技能培训', '教育咨询', '素质教育'] },
  { code: 'Q', weight: 1, trades: ['医疗', '健康管理', '门诊'], products: ['门诊服务', '健康体检', '康复理疗'] },
  { code: 'R', weight: 3, trades: ['文化传媒', '文化旅游', '体育', '影视'], products: ['文艺演出', '旅游服务', '体育赛事', '影视制作', '西夏文化'] },
];
const FORMS: [string, number][] = [['有限公司', 70], ['有限责任公司', 20], ['股份有限公司', 4], ['集团有限公司', 2]];
/** 个体工商户 (sole traders) by section: shops, eateries, repair and personal services */
const SHOPS: Record<string, string[]> = {
  F: ['商行', '便利店', '经营部', '批发部', '门市部', '超市', '农资店', '副食店', '烟酒店'],
  H: ['餐馆', '饭庄', '面馆', '清真餐厅', '羊肉馆', '小吃店'],
  O: ['汽修厂', '理发店', '洗衣店', '家政服务部', '修理部'],
};

/** Streets (and towns in the counties) of each district; addresses read 银川市<district><street><n>号. */
const STREETS: Record<string, string[]> = {
  '640104': ['解放东街', '解放西街', '新华东街', '新华西街', '文化东街', '民族北街', '民族南街', '清和北街', '中山南街', '玉皇阁北街', '北京东路', '丽景北街', '湖滨东街', '凤凰北街', '银古路', '胜利南街', '上海东路', '掌政镇'],
  '640105': ['怀远东路', '文萃北街', '北京西路', '贺兰山西路', '同心南街', '学院西路', '朔方路', '宁朔北街', '经天东路', '六盘山西路', '镇北堡镇', '兴泾镇'],
  '640106': ['北京中路', '正源北街', '亲水大街', '宁安大街', '黄河东路', '万寿路', '贺兰山中路', '长城中路', '上海西路', '新昌西路', '宝湖中路', '人民广场东街', '泰安西街', '康平路', '阅海湾中央商务区', '良田镇'],
  '640121': ['杨和镇宁和南街', '杨和镇永胜路', '望远镇', '闽宁镇', '李俊镇', '胜利乡', '望洪镇'],
  '640122': ['习岗镇银河东路', '习岗镇兰光路', '金贵镇', '立岗镇', '洪广镇', '暖泉工业园区'],
  '640181': ['城区朔方路', '城区灵州大道', '宁东镇', '临河镇', '崇兴镇', '梧桐树乡'],
};
const BUILDINGS = ['国际大厦', '万达广场', '商务中心', '科技大厦', '金融中心', '创业园', '产业园', '综合楼', '写字楼', '商业街'];
const MAIL_DOMAINS = ['163.com', 'qq.com', '126.com', 'sina.com', 'nx.gov-partner.cn'];

/**
 * The credit code's 主体标识码 (9 characters: MA + 6 from an index + its GB 11714 check character): a bijection of the
 * index, so codes never repeat (31^6 ≈ 887 million of them).
 */
const BODY_SPACE = 31 ** 6;
export function enterpriseCreditCode(index: number, division: string, registrant: '1' | '2' = '1'): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= BODY_SPACE) throw new Error(`credit code index out of range: ${index}`);
  let x = (index * 7_919_137 + 1_234_567_891) % BODY_SPACE; // 7,919,137 is prime to 31: a permutation of [0, 31^6)
  let body = '';
  for (let k = 0; k < 6; k++) {
    body = CREDIT_CODE_CHARSET[x % 31] + body;
    x = Math.floor(x / 31);
  }
  return buildCreditCode(`9${registrant}`, division, `MA${body}`);
}

/**
 * Generated enterprises, deterministic for a seed: call the result with consecutive indexes. Index `i` gives the
 * credit code of index `i` (unique for a given index, whatever the seed), so disjoint index ranges never collide.
 */
export function enterpriseGenerator(seed: number, districts: DistrictRef[]): (index: number) => GeneratedEnterprise {
  const rnd = prng((seed ^ 0x5eed_e17e) >>> 0);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const divisionsOf = new Map<string, string[]>();
  for (const e of GBT4754_2017) if (e.parent) divisionsOf.set(e.parent, [...(divisionsOf.get(e.parent) ?? []), e.code]);
  const sections = SECTIONS.filter((s) => divisionsOf.has(s.code));
  const sectionTotal = sections.reduce((s, x) => s + x.weight, 0);
  const dTotal = districts.reduce((s, d) => s + (ENTERPRISE_DISTRICT_WEIGHTS[d.code] ?? 1), 0);
  const formTotal = FORMS.reduce((s, f) => s + f[1], 0);
  const surnameTotal = SURNAMES.reduce((s, x) => s + x[2], 0);
  const person = () => {
    const [sn, py] = pickWeighted(rnd, SURNAMES, (s) => s[2], surnameTotal);
    const g1 = pick(GIVEN);
    const g2 = rnd() < 0.6 ? pick(GIVEN) : null;
    return { name: `${sn}${g1[0]}${g2 ? g2[0] : ''}`, pinyin: `${py}${g1[1]}${g2 ? g2[1] : ''}` };
  };
  const zihao = () => {
    const r = rnd();
    if (r < 0.15) return pick(ZIHAO_PLACES);
    let a = pick(ZIHAO_FIRST);
    let b = pick(ZIHAO_SECOND);
    while (a === b) [a, b] = [pick(ZIHAO_FIRST), pick(ZIHAO_SECOND)];
    return r < 0.25 ? `${a}${b}${pick(ZIHAO_THIRD)}` : `${a}${b}`;
  };
  const address = (d: DistrictRef) => {
    const street = pick(STREETS[d.code] ?? ['人民路', '建设路', '新华街', '文化路']);
    const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 300 : 2000));
    const where = rnd() < 0.35 ? `${pick(BUILDINGS)}${1 + Math.floor(rnd() * 28)}层${100 + Math.floor(rnd() * 30)}室` : '';
    return `${rnd() < 0.3 ? '宁夏回族自治区' : ''}银川市${d.name}${street}${n}号${where}`;
  };
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 10, 1);
  return (index: number) => {
    const d = pickWeighted(rnd, districts, (x) => ENTERPRISE_DISTRICT_WEIGHTS[x.code] ?? 1, dTotal);
    const section = pickWeighted(rnd, sections, (s) => s.weight, sectionTotal);
    const division = pick(divisionsOf.get(section.code)!);
    const zh = zihao();
    const trade = pick(section.trades);
    // 个体工商户 (registrant 2) in trade and catering; companies otherwise
    const soleTrader = !!SHOPS[section.code] && rnd() < 0.25;
    const districtShort = d.name.replace(/[区县市]$/, '');
    let name: string;
    if (soleTrader) name = `银川市${d.name}${zh}${pick(SHOPS[section.code])}`;
    else {
      const form = pickWeighted(rnd, FORMS, (f) => f[1], formTotal)[0];
      const r = rnd();
      if (r < 0.55) name = `宁夏${zh}${trade}${form}`;
      else if (r < 0.85) name = `银川${zh}${trade}${form}`;
      else if (r < 0.92) name = `${zh}（宁夏）${trade}${form}`;
      else name = `宁夏${zh}${trade}${form}${districtShort}分公司`;
    }
    const products = rnd() < 0.9 ? [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(section.products)))].join('、') : null;
    const techy = section.code === 'C' || section.code === 'I' || section.code === 'M';
    const kinds: string[] = [];
    if (rnd() < (techy ? 0.15 : 0.02)) kinds.push('high_tech');
    if (rnd() < (techy ? 0.08 : 0.01)) kinds.push('specialised');
    if (rnd() < 0.05) kinds.push('innovative');
    if (rnd() < (techy ? 0.1 : 0.02)) kinds.push('technology_intensive');
    if (rnd() < 0.03) kinds.push('knowledge_intensive');
    if (rnd() < 0.005) kinds.push('time_honoured');
    const rs = rnd();
    const size = soleTrader ? 'micro' : rs < 0.55 ? 'micro' : rs < 0.83 ? 'small' : rs < 0.93 ? 'medium' : rs < 0.96 ? 'large' : null;
    const reg = rnd() < 0.98 ? address(d) : null;
    const op = rnd() < 0.6 ? (rnd() < 0.5 ? reg : address(d)) : null;
    const legal = rnd() < 0.95 ? person() : null;
    const contact = rnd() < 0.8 ? (rnd() < 0.4 && legal ? legal : person()) : null;
    const phone = contact
      ? rnd() < 0.8
        ? `1${pick([...'35789'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`
        : `0951-${String(5_000_000 + Math.floor(rnd() * 4_999_999))}`
      : null;
    const email = contact && rnd() < 0.35 ? `${contact.pinyin}${Math.floor(rnd() * 1000)}@${pick(MAIL_DOMAINS)}` : null;
    const st = rnd();
    const status = st < 0.955 ? 'active' : st < 0.985 ? 'closed' : st < 0.995 ? 'pending' : 'merged';
    const src = rnd();
    const source = status === 'pending' ? 'self' : src < 0.6 ? 'staff' : src < 0.97 ? 'import' : 'self';
    // registered by the district's authority, some by the city's
    const divisionCode = rnd() < 0.85 ? d.code : `${d.code.slice(0, 4)}00`;
    return {
      creditCode: enterpriseCreditCode(index, divisionCode, soleTrader ? '2' : '1'),
      name,
      legalRep: legal?.name ?? null,
      districtCode: d.code,
      industryCode: division,
      industrySection: section.code,
      size,
      kinds,
      products,
      regAddress: reg,
      opAddress: op,
      contactName: contact?.name ?? null,
      contactPhone: phone,
      contactEmail: email,
      status,
      source,
      createdAt: now - Math.floor(rnd() * 8 * 365 * DAY),
      draw: [rnd(), rnd(), rnd(), rnd()],
    };
  };
}

/**
 * The search vector's two halves, exactly as the service builds them (enterprises.service.ts searchText): the shared
 * tokenizer over name and credit code (weight A), and over the addresses and products.
 */
export function enterpriseSearchText(e: Pick<GeneratedEnterprise, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>) {
  return { strong: searchTokens(e.name, e.creditCode).join(' '), weak: searchTokens(e.regAddress, e.opAddress, e.products).join(' ') };
}

/**
 * enterpriseSearchText with the tokens of addresses and products remembered (they repeat: a product list, an
 * operating address equal to the registered one). Exactly the same strings: searchTokens(a, b, c) is the tokens of a,
 * then those of b, then of c, each kept at its first occurrence — which is what joining the remembered lists gives.
 */
function enterpriseTokenizer() {
  const memo = new Map<string, string[]>();
  const of = (text: string | null) => {
    if (!text) return [];
    let t = memo.get(text);
    if (!t) {
      if (memo.size >= 200_000) memo.clear();
      memo.set(text, (t = searchTokens(text)));
    }
    return t;
  };
  return (e: Pick<GeneratedEnterprise, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>) => ({
    strong: searchTokens(e.name, e.creditCode).join(' '),
    weak: [...new Set([...of(e.regAddress), ...of(e.opAddress), ...of(e.products)])].join(' '),
  });
}

/** Rows per INSERT … SELECT FROM unnest statement when seeding enterprises. */
const ENTERPRISE_BATCH = 10_000;

/**
 * N enterprises, as the application stores them: per enterprise an organisation node of kind `enterprise` under its
 * district bureau (ids from the orgs sequence, path `<bureau path><id>/`) and the registry row pointing at it, with the
 * search vector built from the shared tokenizer's tokens by the same SQL the service uses. A quarter are served by a
 * site of their district, a few sit in a park; statuses, sizes, kinds and industries as a city's registry has them.
 *
 * One transaction. The enterprises table's secondary indexes are dropped first and rebuilt at the end (the same
 * definitions, read from pg_indexes): building a GIN index once is several times faster than growing it row by row,
 * and the result is the same index. While PostgreSQL writes one batch, the next is generated and tokenized here.
 */
async function seedEnterprises(db: Db, n: number, seed: number, log: (line: string) => void, phase: (name: string) => void): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = on`); // see the users' transaction
    await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    const bureaus = rowsOf<{ id: number; path: string; district_code: string; region_code: string }>(
      await tx.execute(sql`select id, path, district_code, region_code from orgs where kind = 'district_bureau' and district_code is not null order by id`),
    );
    const bureauOf = new Map(bureaus.map((b) => [b.district_code, b]));
    const districts = rowsOf<DistrictRef>(await tx.execute(sql`select code, name from districts order by sort, code`)).filter((d) => bureauOf.has(d.code));
    if (!districts.length) throw new Error('no district bureaus: configure a region under config/regions/ first');
    const sitesOf = new Map<string, { id: number; path: string }[]>();
    for (const s of rowsOf<{ id: number; path: string; district_code: string | null }>(
      await tx.execute(sql`select id, path, district_code from orgs where kind = 'site' and status = 'active' order by id`),
    )) {
      if (s.district_code) sitesOf.set(s.district_code, [...(sitesOf.get(s.district_code) ?? []), { id: s.id, path: s.path }]);
    }
    const parkRows = rowsOf<{ id: number; district_code: string | null; region_code: string }>(await tx.execute(sql`select id, district_code, region_code from parks order by id`));
    const parksOf = new Map(
      districts.map((d) => [d.code, parkRows.filter((p) => p.district_code === d.code || (!p.district_code && p.region_code === bureauOf.get(d.code)!.region_code)).map((p) => p.id)]),
    );

    const indexes = rowsOf<{ name: string; def: string }>(
      await tx.execute(sql`
        select i.indexname as name, i.indexdef as def from pg_indexes i
         where i.schemaname = current_schema() and i.tablename = 'enterprises'
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = 'enterprises'::regclass)`),
    );
    for (const i of indexes) await tx.execute(sql.raw(`drop index "${i.name.replace(/"/g, '""')}"`));

    const firstOrg = await reserveIds(tx, 'orgs', n);
    const firstEnt = await reserveIds(tx, 'enterprises', n);
    const gen = enterpriseGenerator(seed, districts);
    const tokens = enterpriseTokenizer();
    const now = Date.now();
    let pending: Promise<void> | null = null;
    const dbMs = { orgs: 0, enterprises: 0 };
    let genMs = 0;
    for (let start = 0; start < n; start += ENTERPRISE_BATCH) {
      let tg = performance.now();
      const m = Math.min(ENTERPRISE_BATCH, n - start);
      const c = {
        id: [] as number[], orgId: [] as number[], parentId: [] as number[], path: [] as string[], region: [] as string[], credit: [] as string[],
        name: [] as string[], legalRep: [] as (string | null)[], regAddress: [] as (string | null)[], opAddress: [] as (string | null)[],
        district: [] as string[], park: [] as (number | null)[], industry: [] as string[], section: [] as string[], size: [] as (string | null)[],
        kinds: [] as string[], products: [] as (string | null)[], contactName: [] as (string | null)[], contactPhone: [] as (string | null)[],
        contactEmail: [] as (string | null)[], siteId: [] as (number | null)[], sitePath: [] as (string | null)[], status: [] as string[],
        orgStatus: [] as string[], mergedInto: [] as (number | null)[], source: [] as string[], strong: [] as string[], weak: [] as string[],
        createdAt: [] as string[], updatedAt: [] as string[],
      };
      for (let k = 0; k < m; k++) {
        // let the driver hand PostgreSQL the next statement of the batch in flight
        if (k % 1000 === 999) {
          genMs += performance.now() - tg;
          await new Promise((r) => setImmediate(r));
          tg = performance.now();
        }
        const i = start + k;
        const e = gen(i);
        const b = bureauOf.get(e.districtCode)!;
        const orgId = firstOrg + i;
        const sites = sitesOf.get(e.districtCode) ?? [];
        const site = sites.length && e.draw[0] < 0.25 ? sites[Math.floor((e.draw[0] / 0.25) * sites.length)] : null;
        const parks = parksOf.get(e.districtCode) ?? [];
        const park = parks.length && e.draw[1] < 0.08 ? parks[Math.floor((e.draw[1] / 0.08) * parks.length)] : null;
        const status = e.status === 'merged' && i === 0 ? 'closed' : e.status;
        const { strong, weak } = tokens(e);
        const created = Math.min(e.createdAt, now);
        c.id.push(firstEnt + i);
        c.orgId.push(orgId);
        c.parentId.push(b.id);
        c.path.push(`${b.path}${orgId}/`);
        c.region.push(b.region_code);
        c.credit.push(e.creditCode);
        c.name.push(e.name);
        c.legalRep.push(e.legalRep);
        c.regAddress.push(e.regAddress);
        c.opAddress.push(e.opAddress);
        c.district.push(e.districtCode);
        c.park.push(park);
        c.industry.push(e.industryCode);
        c.section.push(e.industrySection);
        c.size.push(e.size);
        c.kinds.push(textArrayLiteral(e.kinds));
        c.products.push(e.products);
        c.contactName.push(e.contactName);
        c.contactPhone.push(e.contactPhone);
        c.contactEmail.push(e.contactEmail);
        c.siteId.push(site?.id ?? null);
        c.sitePath.push(site?.path ?? null);
        c.status.push(status);
        c.orgStatus.push(status === 'merged' ? 'disabled' : 'active');
        c.mergedInto.push(status === 'merged' ? firstEnt + Math.floor(e.draw[2] * i) : null);
        c.source.push(e.source);
        c.strong.push(strong);
        c.weak.push(weak);
        c.createdAt.push(new Date(created).toISOString());
        c.updatedAt.push(new Date(created + Math.floor(e.draw[3] * (now - created))).toISOString());
      }
      const p = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
      const insertOrgs = sql`
        insert into orgs (id, parent_id, path, name, kind, region_code, district_code, credit_code, contact_name, contact_phone, address,
                          sort, status, created_at, updated_at)
        select id, parent_id, path, name, 'enterprise', region_code, district_code, credit_code, contact_name, contact_phone,
               coalesce(reg_address, op_address), 0, status, created_at, updated_at
          from unnest(${p(c.orgId, 'int')}, ${p(c.parentId, 'int')}, ${p(c.path, 'text')}, ${p(c.name, 'text')}, ${p(c.region, 'text')},
                      ${p(c.district, 'text')}, ${p(c.credit, 'text')}, ${p(c.contactName, 'text')}, ${p(c.contactPhone, 'text')},
                      ${p(c.regAddress, 'text')}, ${p(c.opAddress, 'text')}, ${p(c.orgStatus, 'text')}, ${p(c.createdAt, 'timestamptz')},
                      ${p(c.updatedAt, 'timestamptz')})
            as t(id, parent_id, path, name, region_code, district_code, credit_code, contact_name, contact_phone, reg_address, op_address,
                 status, created_at, updated_at)`;
      const insertEnterprises = sql`
        insert into enterprises (id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code,
                                 park_id, industry_code, industry_section, size, kinds, products, contact_name, contact_phone, contact_email,
                                 site_org_id, site_org_path, status, merged_into_id, source, search, created_at, updated_at)
        select id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
               industry_code, industry_section, size, kinds::text[], products, contact_name, contact_phone, contact_email, site_org_id,
               site_org_path, status, merged_into_id, source, setweight(to_tsvector('simple', strong), 'A') || to_tsvector('simple', weak),
               created_at, updated_at
          from unnest(${p(c.id, 'int')}, ${p(c.orgId, 'int')}, ${p(c.path, 'text')}, ${p(c.region, 'text')}, ${p(c.credit, 'text')},
                      ${p(c.name, 'text')}, ${p(c.legalRep, 'text')}, ${p(c.regAddress, 'text')}, ${p(c.opAddress, 'text')},
                      ${p(c.district, 'text')}, ${p(c.park, 'int')}, ${p(c.industry, 'text')}, ${p(c.section, 'text')}, ${p(c.size, 'text')},
                      ${p(c.kinds, 'text')}, ${p(c.products, 'text')}, ${p(c.contactName, 'text')}, ${p(c.contactPhone, 'text')},
                      ${p(c.contactEmail, 'text')}, ${p(c.siteId, 'int')}, ${p(c.sitePath, 'text')}, ${p(c.status, 'text')},
                      ${p(c.mergedInto, 'int')}, ${p(c.source, 'text')}, ${p(c.strong, 'text')}, ${p(c.weak, 'text')},
                      ${p(c.createdAt, 'timestamptz')}, ${p(c.updatedAt, 'timestamptz')})
            as t(id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
                 industry_code, industry_section, size, kinds, products, contact_name, contact_phone, contact_email, site_org_id,
                 site_org_path, status, merged_into_id, source, strong, weak, created_at, updated_at)`;
      genMs += performance.now() - tg;
      // the database writes this batch while the loop generates and tokenizes the next one
      if (pending) await pending;
      pending = (async () => {
        const t = performance.now();
        await tx.execute(insertOrgs);
        const t2 = performance.now();
        await tx.execute(insertEnterprises);
        dbMs.orgs += t2 - t;
        dbMs.enterprises += performance.now() - t2;
      })();
      pending.catch(() => undefined); // awaited on the next turn; this only keeps an early failure from being "unhandled"
      const done = start + m;
      if (done % 100_000 === 0 || done === n) {
        log(
          `  enterprises ${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} (database so far: orgs ${(dbMs.orgs / 1000).toFixed(1)} s, ` +
            `enterprises ${(dbMs.enterprises / 1000).toFixed(1)} s; generating and tokenizing ${(genMs / 1000).toFixed(1)} s)`,
        );
      }
    }
    await pending;
    phase('enterprises');
    for (const i of indexes) {
      const t = performance.now();
      await tx.execute(sql.raw(i.def));
      log(`  index ${i.name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    phase('enterprise indexes');
  });
  return n;
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
      case '--enterprises':
        o.enterprises = int();
        break;
      case '--sites':
        o.sites = int();
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
        return `unknown option ${a}\nusage: shangmi seed-scale [--users N] [--enterprises N] [--sites N] [--seed S] [--orgs-per-district K] [--password PW] [--force]`;
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

// ---------------------------------------------------------------------------------------------------------------
// The protection network at scale (`--sites N`): 46 pilot regions and N sites stored the way the sites module stores them

/**
 * The 45 synthetic pilot regions beside Yinchuan: real prefecture-level codes and names, their main districts (codes
 * numbered under the city's prefix), a centre for the sites' coordinates, and a relative size of the network.
 */
const PILOT_CITIES: [code: string, name: string, nameEn: string, lng: number, lat: number, districts: string][] = [
  ['640200', '石嘴山市', 'Shizuishan', 106.38, 39.02, '大武口区,惠农区,平罗县'],
  ['640300', '吴忠市', 'Wuzhong', 106.2, 37.99, '利通区,红寺堡区,盐池县,同心县,青铜峡市'],
  ['640400', '固原市', 'Guyuan', 106.24, 36.02, '原州区,西吉县,隆德县,泾源县,彭阳县'],
  ['640500', '中卫市', 'Zhongwei', 105.19, 37.5, '沙坡头区,中宁县,海原县'],
  ['610100', '西安市', "Xi'an", 108.94, 34.34, '新城区,碑林区,莲湖区,雁塔区,未央区,长安区'],
  ['610400', '咸阳市', 'Xianyang', 108.71, 34.33, '秦都区,杨陵区,渭城区,三原县,泾阳县'],
  ['620100', '兰州市', 'Lanzhou', 103.83, 36.06, '城关区,七里河区,西固区,安宁区,红古区'],
  ['620400', '白银市', 'Baiyin', 104.14, 36.54, '白银区,平川区,靖远县,会宁县'],
  ['630100', '西宁市', 'Xining', 101.78, 36.62, '城东区,城中区,城西区,城北区,湟中区'],
  ['650100', '乌鲁木齐市', 'Urumqi', 87.62, 43.83, '天山区,沙依巴克区,新市区,水磨沟区,米东区'],
  ['150100', '呼和浩特市', 'Hohhot', 111.75, 40.84, '新城区,回民区,玉泉区,赛罕区'],
  ['150200', '包头市', 'Baotou', 109.84, 40.66, '东河区,昆都仑区,青山区,九原区'],
  ['140100', '太原市', 'Taiyuan', 112.55, 37.87, '小店区,迎泽区,杏花岭区,万柏林区,晋源区'],
  ['130100', '石家庄市', 'Shijiazhuang', 114.51, 38.04, '长安区,桥西区,新华区,裕华区,藁城区'],
  ['370100', '济南市', 'Jinan', 117.12, 36.65, '历下区,市中区,槐荫区,天桥区,历城区'],
  ['370200', '青岛市', 'Qingdao', 120.38, 36.07, '市南区,市北区,黄岛区,崂山区,李沧区,城阳区'],
  ['370600', '烟台市', 'Yantai', 121.45, 37.46, '芝罘区,福山区,牟平区,莱山区'],
  ['410100', '郑州市', 'Zhengzhou', 113.63, 34.75, '中原区,二七区,金水区,管城回族区,惠济区'],
  ['420100', '武汉市', 'Wuhan', 114.31, 30.59, '江岸区,江汉区,硚口区,汉阳区,武昌区,洪山区'],
  ['430100', '长沙市', 'Changsha', 112.94, 28.23, '芙蓉区,天心区,岳麓区,开福区,雨花区'],
  ['360100', '南昌市', 'Nanchang', 115.86, 28.68, '东湖区,西湖区,青云谱区,青山湖区,新建区'],
  ['340100', '合肥市', 'Hefei', 117.23, 31.82, '瑶海区,庐阳区,蜀山区,包河区'],
  ['320100', '南京市', 'Nanjing', 118.8, 32.06, '玄武区,秦淮区,建邺区,鼓楼区,浦口区,江宁区'],
  ['320200', '无锡市', 'Wuxi', 120.31, 31.49, '锡山区,惠山区,滨湖区,梁溪区,新吴区'],
  ['320500', '苏州市', 'Suzhou', 120.59, 31.3, '姑苏区,虎丘区,吴中区,相城区,吴江区'],
  ['330100', '杭州市', 'Hangzhou', 120.16, 30.27, '上城区,拱墅区,西湖区,滨江区,萧山区,余杭区'],
  ['330200', '宁波市', 'Ningbo', 121.55, 29.87, '海曙区,江北区,北仑区,镇海区,鄞州区'],
  ['350100', '福州市', 'Fuzhou', 119.3, 26.08, '鼓楼区,台江区,仓山区,马尾区,晋安区'],
  ['350200', '厦门市', 'Xiamen', 118.09, 24.48, '思明区,海沧区,湖里区,集美区,同安区,翔安区'],
  ['440100', '广州市', 'Guangzhou', 113.26, 23.13, '荔湾区,越秀区,海珠区,天河区,白云区,黄埔区'],
  ['440300', '深圳市', 'Shenzhen', 114.06, 22.54, '罗湖区,福田区,南山区,宝安区,龙岗区,盐田区'],
  ['450100', '南宁市', 'Nanning', 108.37, 22.82, '兴宁区,青秀区,江南区,西乡塘区,良庆区'],
  ['460100', '海口市', 'Haikou', 110.2, 20.04, '秀英区,龙华区,琼山区,美兰区'],
  ['530100', '昆明市', 'Kunming', 102.83, 24.88, '五华区,盘龙区,官渡区,西山区,呈贡区'],
  ['520100', '贵阳市', 'Guiyang', 106.63, 26.65, '南明区,云岩区,花溪区,乌当区,白云区,观山湖区'],
  ['510100', '成都市', 'Chengdu', 104.07, 30.57, '锦江区,青羊区,金牛区,武侯区,成华区,龙泉驿区'],
  ['500100', '重庆市', 'Chongqing', 106.55, 29.56, '渝中区,江北区,沙坪坝区,九龙坡区,南岸区,渝北区'],
  ['540100', '拉萨市', 'Lhasa', 91.13, 29.65, '城关区,堆龙德庆区,达孜区'],
  ['210100', '沈阳市', 'Shenyang', 123.43, 41.81, '和平区,沈河区,大东区,皇姑区,铁西区'],
  ['210200', '大连市', 'Dalian', 121.61, 38.91, '中山区,西岗区,沙河口区,甘井子区,旅顺口区'],
  ['220100', '长春市', 'Changchun', 125.32, 43.82, '南关区,宽城区,朝阳区,二道区,绿园区'],
  ['230100', '哈尔滨市', 'Harbin', 126.53, 45.8, '道里区,南岗区,道外区,平房区,香坊区'],
  ['120100', '天津市', 'Tianjin', 117.2, 39.08, '和平区,河东区,河西区,南开区,河北区,滨海新区'],
  ['110100', '北京市', 'Beijing', 116.4, 39.9, '东城区,西城区,朝阳区,海淀区,丰台区,石景山区'],
  ['310100', '上海市', 'Shanghai', 121.47, 31.23, '黄浦区,徐汇区,长宁区,静安区,浦东新区,闵行区'],
];
/** Telephone area codes of the pilot cities (landlines: 8 digits after a 3-digit code, 7 after a 4-digit one). */
const AREA_CODES: Record<string, string> = {
  '640100': '0951', '640200': '0952', '640300': '0953', '640400': '0954', '640500': '0955', '610100': '029', '610400': '029', '620100': '0931',
  '620400': '0943', '630100': '0971', '650100': '0991', '150100': '0471', '150200': '0472', '140100': '0351', '130100': '0311', '370100': '0531',
  '370200': '0532', '370600': '0535', '410100': '0371', '420100': '027', '430100': '0731', '360100': '0791', '340100': '0551', '320100': '025',
  '320200': '0510', '320500': '0512', '330100': '0571', '330200': '0574', '350100': '0591', '350200': '0592', '440100': '020', '440300': '0755',
  '450100': '0771', '460100': '0898', '530100': '0871', '520100': '0851', '510100': '028', '500100': '023', '540100': '0891', '210100': '024',
  '210200': '0411', '220100': '0431', '230100': '0451', '120100': '022', '110100': '010', '310100': '021',
};
/** Yinchuan's centre (the configured region) */
const YINCHUAN_CENTRE: [number, number] = [106.23, 38.49];

/** The 45 synthetic regions as region configuration, seeded by the application's own seedReferenceData. */
export function pilotRegionConfigs(): RegionConfig[] {
  return PILOT_CITIES.map(([code, name, nameEn, , , ds]) => {
    const short = name.replace(/市$/, '');
    const districts = ds.split(',').map((d, i) => ({
      code: `${code.slice(0, 4)}${String(i + 2).padStart(2, '0')}`,
      name: d,
      nameEn: `${nameEn} district ${i + 1}`,
      bureau: `${name}${d}市场监督管理局`,
    }));
    return {
      code,
      name,
      nameEn,
      cityBureau: `${name}市场监督管理局`,
      districts,
      parks: [
        { name: `${short}经济技术开发区`, nameEn: `${nameEn} Economic and Technological Development Zone`, districtCode: districts[1 % districts.length].code },
        { name: `${short}高新技术产业开发区`, nameEn: `${nameEn} High-tech Industrial Development Zone`, districtCode: null },
        { name: `${short}综合保税区`, nameEn: `${nameEn} Comprehensive Bonded Zone`, districtCode: districts[districts.length - 1].code },
      ],
      partners: [
        { kind: 'police', name: `${name}公安局` },
        { kind: 'procuratorate', name: `${name}人民检察院` },
        { kind: 'court', name: `${name}中级人民法院` },
        { kind: 'justice', name: `${name}司法局` },
      ],
      siteTargets: [
        { year: 2025, kind: 'base', cumulative: 3, newPerYear: 3 },
        { year: 2025, kind: 'station_point', cumulative: 20, newPerYear: 20 },
        { year: 2026, kind: 'base', cumulative: 5, newPerYear: 2 },
        { year: 2026, kind: 'station_point', cumulative: 40, newPerYear: 20 },
        { year: 2027, kind: 'base', cumulative: 6, newPerYear: 1 },
        { year: 2027, kind: 'station_point', cumulative: 60, newPerYear: 20 },
      ],
    };
  });
}

const SITE_SERVICES: [string, number][] = [
  ['consulting', 0.95], ['field_guidance', 0.6], ['checkup', 0.45], ['training', 0.55], ['rights_assistance', 0.4], ['coordination', 0.3], ['evidence', 0.2], ['publicity', 0.5],
];
const HOST_KINDS: [string, number][] = [
  ['park_committee', 12], ['association', 16], ['law_firm', 14], ['forensic', 3], ['ip_service', 12], ['alliance', 4], ['enterprise', 25], ['university', 5], ['government', 7], ['other', 2],
];
const SITE_STATUS_MIX: [SiteStatusValue, number][] = [
  ['planned', 5], ['building', 8], ['applying', 4], ['accredited', 24], ['operating', 52], ['suspended', 4], ['revoked', 3],
];
type SiteStatusValue = 'planned' | 'building' | 'applying' | 'accredited' | 'operating' | 'suspended' | 'revoked';
const SITE_HOURS = ['周一至周五 9:00-17:00', '周一至周五 8:30-12:00，14:30-18:00', '工作日 9:00-17:30', '周一至周六 9:00-17:00', '预约服务'];
const GENERIC_STREETS = ['人民路', '解放路', '建设路', '中山路', '新华路', '文化路', '和平路', '长江路', '黄河路', '科技路', '创业大道', '工业园路', '学府路', '金融街', '滨河大道', '高新大道'];
const ASSOCIATION_TRADES = ['电子商务', '软件和信息服务', '食品', '医药', '新材料', '装备制造', '文化创意', '农产品加工', '新能源', '葡萄酒', '枸杞', '物流'];
const SITE_PLAQUE: Record<'base' | 'station' | 'point', string> = { base: 'J', station: 'Z', point: 'D' };

/** Rows per INSERT … SELECT FROM unnest statement when seeding sites. */
const SITE_BATCH = 10_000;

interface GeneratedSite {
  id: number;
  orgId: number;
  orgParentId: number;
  orgPath: string;
  regionCode: string;
  districtCode: string | null;
  parkId: number | null;
  kind: 'base' | 'station' | 'point';
  level: 'city' | 'district';
  name: string;
  parentSiteId: number | null;
  hostName: string;
  hostKind: string;
  address: string;
  lng: number | null;
  lat: number | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  hours: string | null;
  services: string[];
  intro: string | null;
  status: SiteStatusValue;
  statusChangedAt: number;
  accreditedAt: number | null;
  plaqueNo: string | null;
  revokedAt: number | null;
  acceptance: 'district' | 'city' | 'returned' | 'approved' | null;
  submittedAt: number | null;
  createdAt: number;
}

/**
 * N protection sites over 46 pilot regions (Yinchuan plus the 45 of {@link pilotRegionConfigs}, seeded first with the
 * application's seedReferenceData: regions, districts, parks, city and district bureaus, partners, standards, targets).
 * Per region (sizes vary 0.5–1.5×): ~6 % bases (mostly city level, a few without a district, under the city bureau),
 * ~34 % stations (two thirds under a base), the rest points (under a station, a base or the district bureau) — each an
 * organisation of kind `site` under its parent site's organisation or its bureau (path `<parent path><id>/`), the
 * `sites` row with `org_path` copied, a child taking its parent's district. Statuses 规划 … 运行中 with most accredited
 * or operating, accreditation dates over 2025–2026 with plaque numbers `<region>-<J|Z|D>-<year>-<nnn>` in
 * accreditation order, acceptance states, services from the dictionary, hosts, contacts and coordinates in the region;
 * the history as the module writes it (`created`, then the status steps). Acceptance records and evidence are not
 * generated (no benchmarked route reads them). One transaction, set-based, the sites table's secondary indexes rebuilt
 * at the end as for the enterprises.
 */
async function seedSites(database: Database, n: number, seed: number, log: (line: string) => void, phase: (name: string) => void): Promise<number> {
  const db = database.db;
  await seedReferenceData(db, pilotRegionConfigs(), loadStandardFiles());
  phase('pilot regions');
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = on`); // see the users' transaction
    await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    const rnd = prng((seed ^ 0x517e_5eed) >>> 0);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const regionRows = rowsOf<{ code: string; name: string }>(await tx.execute(sql`select code, name from regions order by code`));
    const districtRows = rowsOf<{ code: string; region_code: string; name: string }>(await tx.execute(sql`select code, region_code, name from districts order by sort, code`));
    const parkRows = rowsOf<{ id: number; region_code: string; district_code: string | null; name: string }>(await tx.execute(sql`select id, region_code, district_code, name from parks order by id`));
    const bureauRows = rowsOf<{ id: number; path: string; name: string; kind: string; region_code: string; district_code: string | null }>(
      await tx.execute(sql`select id, path, name, kind, region_code, district_code from orgs where kind in ('city_bureau', 'district_bureau') order by id`),
    );
    const [author] = rowsOf<{ id: number; display_name: string; org_id: number; org_name: string }>(
      await tx.execute(sql`select u.id, u.display_name, u.org_id, o.name as org_name from users u join orgs o on o.id = u.org_id where u.username = ${BENCH_ACCOUNTS.city}`),
    );
    const centres = new Map<string, [number, number]>([['640100', YINCHUAN_CENTRE], ...PILOT_CITIES.map((c) => [c[0], [c[3], c[4]]] as [string, [number, number]])]);
    const regionList = regionRows.filter((r) => centres.has(r.code) && bureauRows.some((b) => b.kind === 'city_bureau' && b.region_code === r.code));
    if (!regionList.length) throw new Error('no regions with a city bureau');
    const weights = regionList.map((r) => (r.code === '640100' ? 1 : 0.5 + rnd()));
    const wSum = weights.reduce((a, b) => a + b, 0);
    // whole numbers per region adding up to n
    const perRegion = weights.map((w) => Math.floor((n * w) / wSum));
    for (let k = 0, left = n - perRegion.reduce((a, b) => a + b, 0); left > 0; k = (k + 1) % perRegion.length, left--) perRegion[k]++;

    const indexes = rowsOf<{ name: string; def: string }>(
      await tx.execute(sql`
        select i.indexname as name, i.indexdef as def from pg_indexes i
         where i.schemaname = current_schema() and i.tablename = 'sites'
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = 'sites'::regclass)`),
    );
    for (const i of indexes) await tx.execute(sql.raw(`drop index "${i.name.replace(/"/g, '""')}"`));

    const firstOrg = await reserveIds(tx, 'orgs', n);
    const firstSite = await reserveIds(tx, 'sites', n);
    const DAY = 86_400_000;
    const now = Date.now();
    const from2025 = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 in Asia/Shanghai
    const surnameTotal = SURNAMES.reduce((s, x) => s + x[2], 0);
    const person = () => {
      const [sn, py] = pickWeighted(rnd, SURNAMES, (s) => s[2], surnameTotal);
      const g1 = pick(GIVEN);
      const g2 = rnd() < 0.6 ? pick(GIVEN) : null;
      return { name: `${sn}${g1[0]}${g2 ? g2[0] : ''}`, pinyin: `${py}${g1[1]}${g2 ? g2[1] : ''}` };
    };
    const zihao = () => (rnd() < 0.15 ? pick(ZIHAO_PLACES) : `${pick(ZIHAO_FIRST)}${pick(ZIHAO_SECOND)}`);
    const landline = (regionCode: string) => {
      const area = AREA_CODES[regionCode] ?? '0951';
      return area.length === 3 ? `${area}-${2 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}` : `${area}-${String(2_000_000 + Math.floor(rnd() * 7_999_999))}`;
    };
    const hostKindTotal = HOST_KINDS.reduce((s, h) => s + h[1], 0);
    const statusTotal = SITE_STATUS_MIX.reduce((s, h) => s + h[1], 0);

    const all: GeneratedSite[] = [];
    let next = 0;
    for (const [ri, region] of regionList.entries()) {
      const m = perRegion[ri];
      if (!m) continue;
      const cityShort = region.name.replace(/市$/, '');
      const city = bureauRows.find((b) => b.kind === 'city_bureau' && b.region_code === region.code)!;
      const ds = districtRows.filter((d) => d.region_code === region.code && bureauRows.some((b) => b.district_code === d.code));
      const bureauOf = new Map(bureauRows.filter((b) => b.kind === 'district_bureau').map((b) => [b.district_code!, b]));
      const dWeights = new Map(ds.map((d) => [d.code, ENTERPRISE_DISTRICT_WEIGHTS[d.code] ?? 0.6 + 0.8 * rnd()]));
      const dOffset = new Map(ds.map((d) => [d.code, [(rnd() - 0.5) * 0.3, (rnd() - 0.5) * 0.24] as const]));
      const dTotal = ds.reduce((s, d) => s + dWeights.get(d.code)!, 0);
      const parks = parkRows.filter((p) => p.region_code === region.code);
      const [clng, clat] = centres.get(region.code)!;
      const names = new Set<string>();
      const nBases = Math.max(1, Math.round(m * 0.06));
      const nStations = Math.min(m - nBases, Math.round(m * 0.34));
      const bases: GeneratedSite[] = [];
      const stations: GeneratedSite[] = [];
      const plaqueSeq = new Map<string, number>();
      const regionSites: GeneratedSite[] = [];
      for (let k = 0; k < m; k++) {
        const kind = k < nBases ? 'base' : k < nBases + nStations ? 'station' : 'point';
        // the parent: a base hangs under its bureau; a station under a base or its bureau; a point under a station, a base or its bureau
        const r = rnd();
        const parent =
          kind === 'station' && r < 0.65 ? pick(bases) : kind === 'point' && r < 0.55 && stations.length ? pick(stations) : kind === 'point' && r < 0.7 ? pick(bases) : null;
        const districtCode = parent ? parent.districtCode : kind === 'base' && rnd() < 0.04 ? null : pickWeighted(rnd, ds, (d) => dWeights.get(d.code)!, dTotal).code;
        const district = districtCode ? ds.find((d) => d.code === districtCode)! : null;
        const parentOrg = parent ? { id: parent.orgId, path: parent.orgPath } : districtCode ? bureauOf.get(districtCode)! : city;
        const localParks = parks.filter((p) => !p.district_code || p.district_code === districtCode);
        const park = localParks.length && rnd() < 0.15 ? pick(localParks) : null;
        const hostKind = pickWeighted(rnd, HOST_KINDS, (h) => h[1], hostKindTotal)[0];
        const place = district?.name ?? cityShort;
        const hostName = (() => {
          switch (hostKind) {
            case 'park_committee':
              return `${park?.name ?? pick(parks)?.name ?? `${cityShort}产业园`}管理委员会`;
            case 'association':
              return `${cityShort}${pick(ASSOCIATION_TRADES)}行业协会`;
            case 'law_firm':
              return `${cityShort}${zihao()}律师事务所`;
            case 'forensic':
              return `${cityShort}${zihao()}司法鉴定所`;
            case 'ip_service':
              return `${cityShort}${zihao()}知识产权代理有限公司`;
            case 'alliance':
              return `${cityShort}${pick(ASSOCIATION_TRADES)}商业秘密保护服务联盟`;
            case 'university':
              return `${cityShort}${pick(['理工', '职业技术', '科技', '师范', '工商'])}学院`;
            case 'government':
              return `${place}${pick(GENERIC_STREETS).replace(/路|大道|街$/, '')}街道办事处`;
            case 'enterprise':
              return `${cityShort}${zihao()}${pick(FIRM_TRADES)}${pick(FIRM_FORMS)}`;
            default:
              return `${place}${pick(['商会', '创业服务中心', '孵化器', '科技馆'])}`;
          }
        })();
        const core = hostName.replace(/(管理委员会|有限公司|股份有限公司|有限责任公司)$/, '');
        let name =
          kind === 'base'
            ? `${district ? `${cityShort}${district.name}` : region.name}${hostKind === 'park_committee' ? core : ''}商业秘密保护示范基地`
            : kind === 'station'
              ? `${core}商业秘密保护工作站`
              : `${core}商业秘密保护服务点`;
        for (let s = 2; names.has(name); s++) name = name.replace(/(（\d+）)?$/, `（${s}）`);
        names.add(name);
        const street = pick((districtCode && STREETS[districtCode]) || GENERIC_STREETS);
        const address = `${region.name}${district?.name ?? ''}${street}${1 + Math.floor(rnd() * 400)}号${rnd() < 0.4 ? `${pick(BUILDINGS)}${1 + Math.floor(rnd() * 20)}层` : ''}`;
        const [ox, oy] = districtCode ? dOffset.get(districtCode)! : [0, 0];
        const located = rnd() < 0.92;
        const contact = person();
        const services = SITE_SERVICES.filter(([, p]) => rnd() < p * (kind === 'base' ? 1.3 : kind === 'point' ? 0.8 : 1)).map(([v]) => v);
        if (!services.length) services.push('consulting');
        // status and its dates
        const status = pickWeighted(rnd, SITE_STATUS_MIX, (s) => s[1], statusTotal)[0];
        const everAccredited = status === 'accredited' || status === 'operating' || status === 'suspended' || (status === 'revoked' && rnd() < 0.5);
        let accreditedAt: number | null = null;
        let createdAt: number;
        let statusChangedAt: number;
        let submittedAt: number | null = null;
        let acceptance: GeneratedSite['acceptance'] = null;
        let revokedAt: number | null = null;
        if (everAccredited) {
          accreditedAt = from2025 + Math.floor(rnd() * (now - 7 * DAY - from2025));
          createdAt = accreditedAt - Math.floor((60 + rnd() * 240) * DAY);
          submittedAt = accreditedAt - Math.floor((7 + rnd() * 40) * DAY);
          acceptance = 'approved';
          statusChangedAt = status === 'accredited' ? accreditedAt : accreditedAt + Math.floor(rnd() * (now - accreditedAt));
          if (status === 'revoked') revokedAt = statusChangedAt;
        } else {
          createdAt = from2025 - 120 * DAY + Math.floor(rnd() * (now - from2025 + 100 * DAY));
          statusChangedAt = createdAt + Math.floor(rnd() * (now - createdAt));
          if (status === 'applying') {
            submittedAt = statusChangedAt;
            acceptance = rnd() < 0.6 ? 'district' : 'city';
          } else if (status === 'building' && rnd() < 0.1) {
            submittedAt = createdAt + Math.floor(rnd() * (statusChangedAt - createdAt));
            acceptance = 'returned';
          } else if (status === 'revoked') revokedAt = statusChangedAt;
        }
        const id = firstSite + next;
        const orgId = firstOrg + next;
        next++;
        const site: GeneratedSite = {
          id,
          orgId,
          orgParentId: parentOrg.id,
          orgPath: `${parentOrg.path}${orgId}/`,
          regionCode: region.code,
          districtCode,
          parkId: park?.id ?? null,
          kind,
          level: kind === 'base' ? (districtCode && rnd() < 0.15 ? 'district' : 'city') : 'district',
          name,
          parentSiteId: parent?.id ?? null,
          hostName,
          hostKind,
          address,
          lng: located ? Math.round((clng + ox + (rnd() - 0.5) * 0.1) * 1e6) / 1e6 : null,
          lat: located ? Math.round((clat + oy + (rnd() - 0.5) * 0.08) * 1e6) / 1e6 : null,
          contactName: contact.name,
          contactPhone: rnd() < 0.7 ? `1${pick([...'35789'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : landline(region.code),
          contactEmail: rnd() < 0.4 ? `${contact.pinyin}${Math.floor(rnd() * 1000)}@${pick(MAIL_DOMAINS)}` : null,
          hours: rnd() < 0.85 ? pick(SITE_HOURS) : null,
          services,
          intro:
            rnd() < 0.7
              ? `依托${hostName}设立，面向${park?.name ?? `${place}`}企业提供商业秘密保护${services.includes('checkup') ? '诊断体检、' : ''}咨询${services.includes('training') ? '、培训' : ''}${services.includes('rights_assistance') ? '和维权援助' : ''}服务。`
              : null,
          status,
          statusChangedAt,
          accreditedAt,
          plaqueNo: null,
          revokedAt,
          acceptance,
          submittedAt,
          createdAt,
        };
        if (kind === 'base') bases.push(site);
        if (kind === 'station') stations.push(site);
        regionSites.push(site);
      }
      // plaque numbers per region, kind and year, in accreditation order
      for (const s of regionSites.filter((x) => x.accreditedAt !== null).sort((a, b) => a.accreditedAt! - b.accreditedAt! || a.id - b.id)) {
        const year = new Date(s.accreditedAt! + 8 * 3_600_000).getUTCFullYear();
        const key = `${s.kind}:${year}`;
        const seq = (plaqueSeq.get(key) ?? 0) + 1;
        plaqueSeq.set(key, seq);
        s.plaqueNo = `${region.code}-${SITE_PLAQUE[s.kind]}-${year}-${String(seq).padStart(3, '0')}`;
      }
      all.push(...regionSites);
    }

    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const p = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
    const dbMs = { orgs: 0, sites: 0, events: 0 };
    for (let start = 0; start < all.length; start += SITE_BATCH) {
      const b = all.slice(start, start + SITE_BATCH);
      const col = <K extends keyof GeneratedSite>(k: K) => b.map((s) => s[k]);
      const t1 = performance.now();
      await tx.execute(sql`
        insert into orgs (id, parent_id, path, name, kind, region_code, district_code, contact_name, contact_phone, address, sort, status, created_at, updated_at)
        select id, parent_id, path, name, 'site', region_code, district_code, contact_name, contact_phone, address, 0, 'active', created_at, created_at
          from unnest(${p(col('orgId'), 'int')}, ${p(col('orgParentId'), 'int')}, ${p(col('orgPath'), 'text')}, ${p(col('name'), 'text')},
                      ${p(col('regionCode'), 'text')}, ${p(col('districtCode'), 'text')}, ${p(col('contactName'), 'text')},
                      ${p(col('contactPhone'), 'text')}, ${p(col('address'), 'text')}, ${p(b.map((s) => iso(s.createdAt)), 'timestamptz')})
            as t(id, parent_id, path, name, region_code, district_code, contact_name, contact_phone, address, created_at)`);
      const t2 = performance.now();
      await tx.execute(sql`
        insert into sites (id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
                           address, lng, lat, contact_name, contact_phone, contact_email, hours, services, intro, status, status_changed_at,
                           accredited_at, plaque_no, revoked_at, acceptance, submitted_at, created_by, created_at, updated_at)
        select id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
               address, lng, lat, contact_name, contact_phone, contact_email, hours, services::text[], intro, status, status_changed_at,
               accredited_at, plaque_no, revoked_at, acceptance, submitted_at, ${author?.id ?? null}::int, created_at, status_changed_at
          from unnest(${p(col('id'), 'int')}, ${p(col('orgId'), 'int')}, ${p(col('orgPath'), 'text')}, ${p(col('regionCode'), 'text')},
                      ${p(col('districtCode'), 'text')}, ${p(col('parkId'), 'int')}, ${p(col('kind'), 'text')}, ${p(col('level'), 'text')},
                      ${p(col('name'), 'text')}, ${p(col('parentSiteId'), 'int')}, ${p(col('hostName'), 'text')}, ${p(col('hostKind'), 'text')},
                      ${p(col('address'), 'text')}, ${p(col('lng'), 'float8')}, ${p(col('lat'), 'float8')}, ${p(col('contactName'), 'text')},
                      ${p(col('contactPhone'), 'text')}, ${p(col('contactEmail'), 'text')}, ${p(col('hours'), 'text')},
                      ${p(b.map((s) => textArrayLiteral(s.services)), 'text')}, ${p(col('intro'), 'text')}, ${p(col('status'), 'text')},
                      ${p(b.map((s) => iso(s.statusChangedAt)), 'timestamptz')}, ${p(b.map((s) => iso(s.accreditedAt)), 'timestamptz')},
                      ${p(col('plaqueNo'), 'text')}, ${p(b.map((s) => iso(s.revokedAt)), 'timestamptz')}, ${p(col('acceptance'), 'text')},
                      ${p(b.map((s) => iso(s.submittedAt)), 'timestamptz')}, ${p(b.map((s) => iso(s.createdAt)), 'timestamptz')})
            as t(id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
                 address, lng, lat, contact_name, contact_phone, contact_email, hours, services, intro, status, status_changed_at,
                 accredited_at, plaque_no, revoked_at, acceptance, submitted_at, created_at)`);
      const t3 = performance.now();
      // the history: created (as 规划 or 建设中), then the steps to where the site is now
      const ev = { site: [] as number[], at: [] as string[], action: [] as string[], from: [] as (string | null)[], to: [] as (string | null)[], comment: [] as (string | null)[] };
      const add = (s: GeneratedSite, at: number, action: string, from: string | null, to: string | null, comment: string | null = null) => {
        ev.site.push(s.id);
        ev.at.push(new Date(at).toISOString());
        ev.action.push(action);
        ev.from.push(from);
        ev.to.push(to);
        ev.comment.push(comment);
      };
      for (const s of b) {
        const first = s.status === 'planned' ? 'planned' : 'building';
        add(s, s.createdAt, 'created', null, first);
        if (s.submittedAt !== null) add(s, s.submittedAt, 'submitted', 'building', 'applying');
        if (s.accreditedAt !== null) add(s, s.accreditedAt, 'city_approved', 'applying', 'accredited');
        if (s.acceptance === 'returned') add(s, s.statusChangedAt, 'district_returned', 'applying', 'building', '材料不全，请补充后重新申请');
        else if (s.status === 'operating' || s.status === 'suspended' || (s.status === 'revoked' && s.accreditedAt !== null)) {
          add(s, s.statusChangedAt, 'status_changed', 'accredited', s.status, s.status === 'operating' ? '正式对外服务' : s.status === 'suspended' ? '依托单位场地调整，暂停服务' : '依托单位注销');
        } else if (s.status === 'revoked') add(s, s.statusChangedAt, 'status_changed', first, 'revoked', '建设计划取消');
      }
      await tx.execute(sql`
        insert into site_events (site_id, at, user_id, user_name, org_id, org_name, action, from_status, to_status, comment)
        select site_id, at, ${author?.id ?? null}::int, ${author?.display_name ?? null}::text, ${author?.org_id ?? null}::int, ${author?.org_name ?? null}::text,
               action, from_status, to_status, comment
          from unnest(${p(ev.site, 'int')}, ${p(ev.at, 'timestamptz')}, ${p(ev.action, 'text')}, ${p(ev.from, 'text')}, ${p(ev.to, 'text')}, ${p(ev.comment, 'text')})
            as t(site_id, at, action, from_status, to_status, comment)`);
      dbMs.orgs += t2 - t1;
      dbMs.sites += t3 - t2;
      dbMs.events += performance.now() - t3;
      const done = start + b.length;
      if (done % 50_000 === 0 || done === all.length) {
        log(
          `  sites ${done.toLocaleString('en-US')} / ${all.length.toLocaleString('en-US')} (database so far: orgs ${(dbMs.orgs / 1000).toFixed(1)} s, ` +
            `sites ${(dbMs.sites / 1000).toFixed(1)} s, history ${(dbMs.events / 1000).toFixed(1)} s)`,
        );
      }
    }
    phase('sites');
    for (const i of indexes) {
      const t = performance.now();
      await tx.execute(sql.raw(i.def));
      log(`  index ${i.name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    phase('site indexes');
  });
  return n;
}
