/** The organisation tree at scale (sites and enterprises under each district bureau) and the users spread over it. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/sql.js';
import { BENCH_ACCOUNTS, BENCH_DISTRICT_CODE, type BenchAccount, gaussian, prng, reserveIds } from './common.js';
import { FIRM_FORMS, FIRM_TRADES, FIRM_WORDS, personPicker } from './names.js';

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

/**
 * The organisation tree's sites and enterprises (per district bureau ~1/6 sites, the rest enterprises, half of those
 * under a site) and the users spread over it with the roles their place gives, plus the benchmark accounts; one transaction.
 */
export async function seedOrgsAndUsers(
  db: Db,
  o: { users: number; perDistrict: number; seed: number; password: string; crowdHash: string; benchHash: string; log: (line: string) => void },
): Promise<{ orgs: number; users: number; accounts: BenchAccount[] }> {
  const { users: nUsers, perDistrict, password, crowdHash, benchHash, log } = o;
  const rnd = prng(o.seed);
  let orgCount = 0;
  let userCount = 0;
  const accounts: BenchAccount[] = [];

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
    const person = personPicker(rnd);

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
        const who = person();
        const username = `${who.pinyin}${i + 1}`;
        const changed = rnd() < 0.9;
        c.id.push(id);
        c.username.push(username);
        c.displayName.push(who.name);
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
  return { orgs: orgCount, users: userCount, accounts };
}
