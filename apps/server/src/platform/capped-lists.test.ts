/**
 * The daily lists at city size (issue 23 item 1): the users, sites (and the public directory) and cultivation lists
 * (and the enterprises' when a filter is outside their tallies) count at most COUNT_CAP + 1 rows (count-cache.ts pageTotal / cappedCount). Past the cap a page says
 * `total: 10000, capped: true` ("10,000+") rather than walk a city's million rows; below it the total is exact and says
 * nothing of a cap. The rows are written beside the app (the scale seeder for enterprises, one INSERT for the others).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseGenerator, type DistrictRef } from '../cli/seed-scale.js';
import { seedEnterprises } from '../cli/seed-scale/enterprises.js';
import { COUNT_CAP, forgetCounts } from './count-cache.js';
import { createTestApp, json, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jinfeng: Client;
const XINGQING = '640104';
const SEED = 7;
const SEEDED = COUNT_CAP + 300;
const quiet = () => undefined;
let jinfengPath: string;

const count = async (text: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(text, params))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const cityOrg = await t.orgId('银川市市场监督管理局');
  const jinfengOrg = await t.orgId('金凤区市场监督管理局');
  await t.createUser({ username: 'cap_city', orgId: cityOrg, roles: ['city_staff'] });
  await t.createUser({ username: 'cap_jf', orgId: jinfengOrg, roles: ['district_staff'] });
  city = await t.loginAs('cap_city');
  jinfeng = await t.loginAs('cap_jf');
  [{ path: jinfengPath }] = await t.database.query<{ path: string }>(`select path from orgs where id = $1`, [jinfengOrg]);
  // more than COUNT_CAP registry enterprises over the city's districts (金凤区 gets about a quarter of them; a few are
  // merged, out of the lists)
  await seedEnterprises(t.database.db, SEEDED, SEED, quiet, quiet);
  forgetCounts();
}, 600_000);
afterAll(async () => t?.close());

describe('lists at city size: capped above the cap, exact below', () => {
  it('enterprises: exact from the tallies per scope node for the city as for a district (no walk, no cap)', async () => {
    // the enterprise list's total comes from enterprise_tallies when its filters are among their columns (issue 23,
    // enterprises/tallies.ts): exact at any size, so the city's list says its number rather than 10,000+
    const all = json(await city.get('/api/enterprises?pageSize=1'));
    const [{ path: cityPath }] = await t.database.query<{ path: string }>(`select path from orgs where name = '银川市市场监督管理局'`);
    const cityExact = await count(
      `select count(*)::int as n from enterprises where (org_path like $1 || '%' or site_org_path like $1 || '%') and status <> 'merged'`,
      [cityPath],
    );
    expect(cityExact).toBeGreaterThan(COUNT_CAP);
    expect(all.total).toBe(cityExact);
    expect(all.capped).toBeUndefined();
    expect(all.items).toHaveLength(1);
    const district = json(await jinfeng.get('/api/enterprises?pageSize=1'));
    const exact = await count(`select count(*)::int as n from enterprises where org_path like $1 || '%' and status <> 'merged'`, [jinfengPath]);
    expect(exact).toBeGreaterThan(1000);
    expect(exact).toBeLessThan(COUNT_CAP);
    expect(district.total).toBe(exact);
    expect(district.capped).toBeUndefined();
  });

  it('cultivation: an entry per enterprise — the city capped, a district exact', async () => {
    await t.database.query(
      `insert into cultivation_entries (region_code, enterprise_id, year, batch) select region_code, id, 2026, 1 from enterprises where status <> 'merged'`,
    );
    forgetCounts();
    expect(json(await city.get('/api/cultivation?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
    const district = json(await jinfeng.get('/api/cultivation?pageSize=1'));
    const exact = await count(
      `select count(*)::int as n from cultivation_entries c join enterprises e on e.id = c.enterprise_id where e.org_path like $1 || '%'`,
      [jinfengPath],
    );
    expect(exact).toBeLessThan(COUNT_CAP);
    expect(district.total).toBe(exact);
    expect(district.capped).toBeUndefined();
  });

  it('users: 10,001 accounts in one district — capped for its scope, exact for a narrower filter', async () => {
    await t.database.query(
      `insert into users (username, display_name, org_id, org_path, password_hash)
       select 'capuser' || g, '上限用户' || g, o.id, o.path, 'x' from orgs o, generate_series(1, $2) g where o.path = $1`,
      [jinfengPath, COUNT_CAP + 1],
    );
    forgetCounts();
    expect(json(await admin.get('/api/users?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
    // capuser1000, capuser10000, capuser10001
    const few = json(await admin.get('/api/users?pageSize=1&q=capuser1000'));
    expect(few.total).toBe(3);
    expect(few.capped).toBeUndefined();
  });

  it('sites and the public directory: 10,001 operating sites in one district — capped; another district exact', async () => {
    await t.database.query(
      `with ids as (select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id, g from generate_series(1, $2) g),
       made as (
         insert into orgs (id, parent_id, path, name, kind, region_code, district_code)
         select ids.id, b.id, b.path || ids.id || '/', '上限站点' || ids.g, 'site', b.region_code, b.district_code from orgs b, ids where b.path = $1
         returning id, path, name, region_code, district_code)
       insert into sites (org_id, org_path, region_code, district_code, kind, level, name, status)
       select id, path, region_code, district_code, 'point', 'district', name, 'operating' from made`,
      [jinfengPath, COUNT_CAP + 1],
    );
    forgetCounts();
    expect(json(await city.get('/api/sites?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
    expect(json(await jinfeng.get('/api/sites?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
    expect(json(await t.client().get('/api/public/sites?pageSize=1'))).toMatchObject({ total: COUNT_CAP, capped: true });
    const other = json(await city.get(`/api/sites?pageSize=1&districtCode=${XINGQING}`));
    expect(other.total).toBe(await count(`select count(*)::int as n from sites where district_code = $1`, [XINGQING]));
    expect(other.capped).toBeUndefined();
  });
});

describe('the scale seeder grows a registry in steps (the benchmark\'s --enterprises 100000,1000000)', () => {
  it('rows from an offset add to the registry without a collision, and are the rows one seeding at the larger size makes', async () => {
    const before = await count(`select count(*)::int as n from enterprises`);
    const from = SEEDED;
    await seedEnterprises(t.database.db, 500, SEED, quiet, quiet, from);
    expect(await count(`select count(*)::int as n from enterprises`)).toBe(before + 500);
    expect(await count(`select count(distinct credit_code)::int as n from enterprises`)).toBe(before + 500);
    // the same generator walked from row 0: rows from … from + 499 are what the second step wrote, in id order
    const districts = await t.database.query<DistrictRef>(
      `select d.code, d.name from districts d where exists (select 1 from orgs o where o.kind = 'district_bureau' and o.district_code = d.code) order by d.sort, d.code`,
    );
    const gen = enterpriseGenerator(SEED, districts);
    for (let i = 0; i < from; i++) gen(i);
    const expected = Array.from({ length: 500 }, (_, k) => gen(from + k)).map((e) => [e.creditCode, e.name, e.districtCode]);
    const added = await t.database.query<{ credit_code: string; name: string; district_code: string }>(
      `select credit_code, name, district_code from enterprises order by id desc limit 500`,
    );
    expect(added.reverse().map((r) => [r.credit_code, r.name, r.district_code])).toEqual(expected);
    // and the organisation nodes sit under their district bureau, as the application makes them
    expect(await count(`select count(*)::int as n from enterprises e join orgs o on o.id = e.org_id where e.org_path <> o.path`)).toBe(0);
  });
});
