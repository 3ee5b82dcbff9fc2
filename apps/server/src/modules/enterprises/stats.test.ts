import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { actorOf, ctxOf } from '../../../test/actors.js';
import { enterprises } from '../../db/schema/index.js';
import { forgetCounts } from '../../platform/count-cache.js';
import type { Actor } from '../../platform/context.js';
import { filterConditions, listEnterprises, type EnterpriseFilters } from './read.js';
import { fromTallies, statsSources } from './stats.js';
import { tallyCount, tallyScope } from './tallies.js';

/**
 * 企业统计 and the list's totals from the tallies per scope node (issue 23): always what a pass over the enterprises
 * themselves counts, for every scope an actor may have.
 */
let t: TestApp;
let admin: Client;
const JINFENG = '640106';
const XINGQING = '640104';
const creditCode = creditCodes('TJ5C');
const users: Record<string, number> = {};

async function create(body: Record<string, unknown>): Promise<Json> {
  const res = await admin.post('/api/enterprises', { creditCode: creditCode(String(body.districtCode ?? JINFENG)), ...body });
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

/**
 * The tallies against a GROUP BY over the enterprises, for every scope node: each organisation that is not an
 * enterprise (what an `org_and_below` actor there sees: the enterprises whose own node lies strictly below it or whose
 * serving site lies at or below it — enterprises/scope.ts) and `/` (everything). Also no counted row under a key that
 * is no such node (a path left behind by a move). Empty when the triggers kept them.
 */
async function tallyDrift(): Promise<unknown[]> {
  const DIMS = `e.district_code, e.industry_section, e.size, e.status`;
  return t.database.query(`
    with nodes as (select path from orgs where kind <> 'enterprise' union all select '/'),
    seen as (
      select n.path as scope_path, e.* from nodes n join enterprises e
        on (e.org_path like n.path || '%' and e.org_path <> n.path) or e.site_org_path like n.path || '%'),
    counted as (
      select e.scope_path, ${DIMS}, null::text as kind, e.region_code, count(*)::int as n from seen e group by e.scope_path, ${DIMS}, e.region_code
      union all
      select e.scope_path, ${DIMS}, k, e.region_code, count(*)::int from seen e, unnest(e.kinds) k group by e.scope_path, ${DIMS}, k, e.region_code),
    kept as (select scope_path, district_code, industry_section, size, status, kind, region_code, n from enterprise_tallies where n <> 0)
    (select 'kept' as side, * from kept except all select 'kept', * from counted)
    union all
    (select 'counted', * from counted except all select 'counted', * from kept)`);
}

/** A seeded generator (mulberry32): the same "random" writes on every run and both databases. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const FILTERS: EnterpriseFilters[] = [
  {},
  { districtCode: JINFENG },
  { districtCode: XINGQING, industryCode: 'C' },
  { industryCode: 'C', size: 'small' },
  { size: 'small' },
  { status: 'closed' },
  { status: 'merged' },
  { status: 'pending', districtCode: JINFENG },
  { regionCode: '640100' },
  { kind: 'high_tech' },
  { kind: 'innovative', districtCode: JINFENG },
];

/** For each actor and filter: the stats (tallies vs a pass over the enterprises) and the list's total (vs a count). */
async function compareAnswers(actors: Record<string, Actor>) {
  forgetCounts();
  for (const [who, actor] of Object.entries(actors)) {
    const ctx = ctxOf(t, actor);
    for (const q of FILTERS) {
      const label = `${who} ${JSON.stringify(q)}`;
      if (fromTallies(actor, q)) expect(await statsSources.tallyStats(ctx, actor, q), label).toEqual(await statsSources.scanStats(ctx, actor, q));
      const [{ n }] = await t.database.db.select({ n: count() }).from(enterprises).where(filterConditions(actor, q).where);
      const page = await listEnterprises(ctx, { ...q, page: 1, pageSize: 5 } as never);
      expect(page.total, label).toBe(n);
      expect(page.capped, label).toBeUndefined();
      // the tallies answer exactly the scopes and filters they hold
      expect((await tallyCount(ctx, actor, q)) !== undefined, label).toBe(tallyScope(actor) !== undefined);
    }
  }
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  users.city = await t.createUser({ username: 'st_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  users.jinfeng = await t.createUser({ username: 'st_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
});
afterAll(async () => t?.close());

describe('企业统计 from maintained tallies', () => {
  it('every write keeps the tallies equal to a count of the enterprises, and both sources answer alike', async () => {
    expect(await tallyDrift()).toEqual([]); // the migration's initial fill of the seeded data
    const a = await create({ name: '统计甲制造有限公司', industryCode: 'C', size: 'small', kinds: ['high_tech', 'innovative'] });
    const b = await create({ name: '统计乙商贸有限公司', industryCode: 'F', size: 'medium', kinds: ['time_honoured'] });
    const c = await create({ name: '统计丙制造有限公司', districtCode: XINGQING, industryCode: 'C', size: 'small' });
    const d = await create({ name: '统计丁科技有限公司', industryCode: 'I', kinds: ['high_tech'] });
    const e = await create({ name: '统计戊有限公司' });
    expect(await tallyDrift()).toEqual([]);
    // moved to another district, kinds changed, closed, merged, deleted
    expect((await admin.patch(`/api/enterprises/${a.id}`, { districtCode: XINGQING, kinds: ['innovative'] })).statusCode).toBe(200);
    expect((await admin.patch(`/api/enterprises/${b.id}`, { status: 'closed', size: 'small' })).statusCode).toBe(200);
    const merged = await admin.post(`/api/enterprises/${d.id}/merge`, { intoId: c.id });
    expect(merged.statusCode, merged.body).toBe(200);
    await t.database.query(`delete from enterprises where id = $1`, [e.id]);
    expect(await tallyDrift()).toEqual([]);

    for (const who of ['city', 'jinfeng'] as const) {
      const actor = await actorOf(t.database, users[who]!);
      for (const q of FILTERS.filter((f) => !f.kind)) {
        expect(fromTallies(actor, q), JSON.stringify(q)).toBe(true);
        const ctx = ctxOf(t, actor);
        expect(await statsSources.tallyStats(ctx, actor, q), `${who} ${JSON.stringify(q)}`).toEqual(await statsSources.scanStats(ctx, actor, q));
      }
    }
    // the district officer's answer holds their district only; the tallies' total moved with the writes
    const jf = json(await (await t.loginAs('st_jf')).get('/api/enterprises/stats'));
    expect(jf.byDistrict.map((x: Json) => x.key)).toEqual([JINFENG]);
    const city = json(await (await t.loginAs('st_city')).get(`/api/enterprises/stats?districtCode=${XINGQING}&industryCode=C`));
    expect(city.byKind).toEqual([{ key: 'innovative', count: 1 }]);
    // the list's total through the API: from the tallies, exact
    const list = json(await (await t.loginAs('st_jf')).get(`/api/enterprises?industryCode=C&size=small`));
    const [{ n }] = await t.database.query<{ n: number }>(
      `select count(*)::int as n from enterprises where industry_section = 'C' and size = 'small' and status <> 'merged'
          and (org_path like (select path from orgs where name = '金凤区市场监督管理局') || '%' or site_org_path like (select path from orgs where name = '金凤区市场监督管理局') || '%')`,
    );
    expect(list).toMatchObject({ total: n });
    expect(list.capped).toBeUndefined();
  });

  it('filters the tallies do not hold are counted from the enterprises', async () => {
    const actor = await actorOf(t.database, users.city!);
    for (const q of [{ q: '统计' }, { kind: 'high_tech' }, { industryCode: 'C13' }, { parkId: 1 }] as EnterpriseFilters[]) expect(fromTallies(actor, q)).toBe(false);
    expect(await tallyCount(ctxOf(t, actor), actor, { kind: 'high_tech' })).toBeTypeOf('number'); // the list's total does hold kinds
    const ent = await actorOf(t.database, await t.createUser({ username: 'st_ent', orgId: (await create({ name: '统计己有限公司' })).orgId, roles: ['enterprise_admin'] }));
    expect(fromTallies(ent, {})).toBe(false);
  });

  it('random writes of every kind: for actors of each scope the tallies answer as the enterprises do', async () => {
    const rnd = random(23);
    const bureaus = await t.database.query<{ id: number; path: string; district_code: string | null }>(
      `select id, path, district_code from orgs where kind not in ('enterprise', 'site') order by id`,
    );
    // two sites of our own to move between districts (an organisation move rewrites the enterprises' paths)
    const jinfeng = await t.orgId('金凤区市场监督管理局');
    const xingqing = await t.orgId('兴庆区市场监督管理局');
    const siteA = json(await admin.post('/api/orgs', { parentId: jinfeng, name: '统计随机站甲', kind: 'site' }));
    const siteB = json(await admin.post('/api/orgs', { parentId: xingqing, name: '统计随机站乙', kind: 'site' }));
    const ours: number[] = [];
    for (let i = 0; i < 8; i++) {
      const e = await create({ name: `统计随机${i}有限公司`, districtCode: i % 2 ? XINGQING : JINFENG, industryCode: rnd.pick(['C', 'F', 'I']), size: 'small', kinds: i % 3 ? ['high_tech'] : [] });
      ours.push(e.id);
    }
    const sitePaths = async () => t.database.query<{ id: number; path: string }>(`select id, path from orgs where kind = 'site' order by id`);
    const deleted: Record<string, unknown>[] = [];
    for (let step = 0; step < 60; step++) {
      const id = rnd.pick(ours);
      const op = rnd.pick(['district', 'section', 'size', 'status', 'kinds', 'site', 'many', 'delete', 'restore', 'move', 'merge'] as const);
      if (op === 'district') await t.database.query(`update enterprises set district_code = $2 where id = $1`, [id, rnd.pick([JINFENG, XINGQING, null])]);
      if (op === 'section') await t.database.query(`update enterprises set industry_section = $2 where id = $1`, [id, rnd.pick(['C', 'F', 'I', null])]);
      if (op === 'size') await t.database.query(`update enterprises set size = $2 where id = $1`, [id, rnd.pick(['micro', 'small', 'medium', null])]);
      if (op === 'status') await t.database.query(`update enterprises set status = $2 where id = $1`, [id, rnd.pick(['pending', 'active', 'closed'])]);
      if (op === 'kinds') await t.database.query(`update enterprises set kinds = $2 where id = $1`, [id, rnd.pick([[], ['high_tech'], ['high_tech', 'innovative'], ['innovative']])]);
      if (op === 'site') {
        const s = rnd.pick([...(await sitePaths()), null]);
        await t.database.query(`update enterprises set site_org_id = $2, site_org_path = $3 where id = $1`, [id, s?.id ?? null, s?.path ?? null]);
      }
      // one statement over many rows, some of which do not change
      if (op === 'many') await t.database.query(`update enterprises set size = $2 where id = any($1::int[]) and id % 2 = $3`, [ours, rnd.pick(['small', 'medium']), step % 2]);
      if (op === 'delete' && ours.length > 4) {
        const [row] = await t.database.query<Record<string, unknown>>(`delete from enterprises where id = $1 and not exists (select 1 from enterprises m where m.merged_into_id = $1) returning row_to_json(enterprises.*) as r`, [id]);
        if (row) {
          deleted.push(row.r as Record<string, unknown>);
          ours.splice(ours.indexOf(id), 1);
        }
      }
      if (op === 'restore' && deleted.length) {
        const r = deleted.pop()!;
        await t.database.query(`insert into enterprises overriding system value select * from json_populate_record(null::enterprises, $1::json)`, [JSON.stringify(r)]);
        // its site may have moved meanwhile: the path copies follow (as enterprises.followOrgMove does)
        await t.database.query(`update enterprises e set site_org_path = o.path from orgs o where o.id = e.site_org_id and e.id = $1 and e.site_org_path <> o.path`, [r.id]);
        ours.push(r.id as number);
      }
      if (op === 'move') {
        const site = rnd.pick([siteA, siteB]);
        const res = await admin.patch(`/api/orgs/${site.id}`, { parentId: rnd.pick([jinfeng, xingqing]) });
        expect(res.statusCode, res.body).toBe(200);
      }
      if (op === 'merge') {
        const into = rnd.pick(ours);
        const res = await admin.post(`/api/enterprises/${id}/merge`, { intoId: into });
        if (res.statusCode === 200) ours.splice(ours.indexOf(id), 1);
      }
      if (step % 20 === 19) expect(await tallyDrift(), `step ${step}`).toEqual([]);
    }
    expect(await tallyDrift()).toEqual([]);

    // actors of every scope kind, at every level (the city, a district, a site; all; the organisation only; self; an enterprise)
    const base = await actorOf(t.database, users.city!);
    const at = (o: { id: number; path: string }, scope: Actor['scope'], orgKind = 'bureau'): Actor => ({ ...base, orgId: o.id, orgPath: o.path, orgKind, scope });
    const siteOf = async (id: number) => (await sitePaths()).find((s) => s.id === id)!;
    const district = bureaus.find((b) => b.id === jinfeng)!;
    const actors: Record<string, Actor> = {
      all: at(bureaus[0]!, 'all'),
      city: base,
      district: at(district, 'org_and_below'),
      siteA: at(await siteOf(siteA.id), 'org_and_below', 'site'),
      siteB: at(await siteOf(siteB.id), 'org_and_below', 'site'),
      org: at(await siteOf(siteA.id), 'org', 'site'),
      self: at(district, 'self'),
      enterprise: { ...base, orgId: (await t.database.query<{ org_id: number }>(`select org_id from enterprises where id = $1`, [ours[0]]))[0]!.org_id, orgKind: 'enterprise', scope: 'org_and_below' },
    };
    // the writes did reach every kind of change
    expect(await t.database.query(`select 1 from enterprises where id = any($1::int[]) and site_org_id is not null`, [ours])).not.toEqual([]);
    await compareAnswers(actors);
  });

  it('concurrent registrations and updates are all counted (the upserts queue per key, none is lost)', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => admin.post('/api/enterprises', { creditCode: creditCode(JINFENG), name: `统计并发${i}有限公司`, industryCode: 'C', size: 'small', kinds: ['high_tech'] })),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(await tallyDrift()).toEqual([]);
    // twelve writers at once, each moving its own enterprise across the same keys
    const ids = results.map((r) => json(r).id as number);
    await Promise.all(ids.map((id, i) => t.database.query(`update enterprises set size = $2, district_code = $3, kinds = $4 where id = $1`, [id, i % 2 ? 'medium' : 'micro', i % 3 ? XINGQING : JINFENG, i % 2 ? [] : ['innovative']])));
    expect(await tallyDrift()).toEqual([]);
  });
});
