/**
 * The readiness overview's kept totals (totals.ts) on both databases: after many writes — on PostgreSQL concurrent ones,
 * on the same secrets and on different ones — the kept row equals a recount of the register, and the overview's
 * figures equal the ones an aggregate over the register gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SECRET_LEVELS } from '@shangmi/shared';
import { protectionReadinessTotals, secrets } from '../../db/schema/index.js';
import { createTestApp, DB_KIND, json, type Client, type TestApp } from '../../../test/harness.js';
import { fileEnterprise, secretBody, type FileEnterprise } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
let ent: FileEnterprise;

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0 });
  admin = await t.admin();
  ent = await fileEnterprise(t, admin, 'tot', '宁夏合计校验科技有限公司', 'TT7E0');
});
afterAll(async () => t?.close());

/** The totals as a recount of the register rows computes them, here in the test (not the service's SQL). */
async function recount(orgId: number) {
  const rows = (await t.database.db.select().from(secrets).where(eq(secrets.orgId, orgId))).filter((r) => r.status === 'active');
  const width = Math.max(0, ...rows.map((r) => r.readinessItems.length));
  const items = (f: (c: number) => number) => Array.from({ length: width }, (_, i) => rows.reduce((n, r) => n + ((r.readinessItems[i] ?? -1) >= 0 ? f(r.readinessItems[i]!) : 0), 0));
  return {
    levelCount: SECRET_LEVELS.map((l) => rows.filter((r) => r.level === l).length),
    levelSum: SECRET_LEVELS.map((l) => rows.filter((r) => r.level === l).reduce((n, r) => n + r.readiness, 0)),
    histogram: Array.from({ length: 101 }, (_, s) => rows.filter((r) => r.readiness === s).length),
    itemExpected: items(() => 1),
    itemCovered: items((c) => (c >= 100 ? 1 : 0)),
    itemSum: items((c) => c),
  };
}

async function kept(orgId: number) {
  const [r] = await t.database.db.select().from(protectionReadinessTotals).where(eq(protectionReadinessTotals.orgId, orgId));
  expect(r, 'a totals row').toBeDefined();
  // positions no secret has any more read as 0
  const pad = (a: number[], n: number) => [...a, ...new Array<number>(Math.max(0, n - a.length)).fill(0)];
  const want = await recount(orgId);
  const w = want.itemExpected.length;
  return {
    want,
    got: {
      levelCount: r!.levelCount,
      levelSum: r!.levelSum,
      histogram: r!.histogram,
      itemExpected: pad(r!.itemExpected, w),
      itemCovered: pad(r!.itemCovered, w),
      itemSum: pad(r!.itemSum, w),
    },
  };
}

const ok = (res: Parameters<typeof json>[0]) => {
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};

describe('the readiness totals', () => {
  it('equal a recount after every kind of write, concurrent on PostgreSQL', async () => {
    const c = ent.admin;
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(ok(await c.post('/api/protection/secrets', secretBody(`合计秘密${i}`, { level: SECRET_LEVELS[i % 3] }))).id);
    const people: number[] = [];
    for (let i = 0; i < 3; i++) people.push(ok(await c.post('/api/protection/people', { name: `合计员工${i}`, kind: i === 2 ? 'supplier' : 'employee' })).id);
    ok(await c.post(`/api/protection/secrets/${ids[0]}/knowers`, { add: people }));
    let { want, got } = await kept(ent.orgId);
    expect(got).toEqual(want);
    expect(want.levelCount.reduce((a, b) => a + b, 0)).toBe(8);

    const reqs = ['carriers.marking', 'personnel.nda', 'it.access_levels', 'carriers.storage', 'training.notice', 'identify.register'];
    // three rounds of writes sent at once: the same secret from several requests, levels, statuses, people, new secrets
    for (let round = 0; round < 3; round++) {
      const writes = [
        ...ids.map((id, i) => c.post(`/api/protection/secrets/${id}/measures`, { requirementId: reqs[(i + round) % 6], takenOn: '2025-03-01' })),
        // ids[1] takes reqs 1–3 above over the rounds, and 4, 5, 0 here at the same time
        c.post(`/api/protection/secrets/${ids[1]}/measures`, { requirementId: reqs[(round + 4) % 6], takenOn: '2025-03-02' }),
        c.patch(`/api/protection/secrets/${ids[2]}`, { level: SECRET_LEVELS[round % 3] }),
        c.patch(`/api/protection/secrets/${ids[3]}`, { level: SECRET_LEVELS[(round + 1) % 3] }),
        c.post(`/api/protection/secrets/${ids[4 + (round % 2)]}/status`, { status: 'retired', note: `第${round}轮` }),
        c.post(`/api/protection/secrets/${ids[6]}/knowers`, { add: [people[round]!] }),
        c.post(`/api/protection/secrets/${ids[(round + 1) % 8]}/knowers`, { add: [people[(round + 1) % 3]!] }),
        c.patch(`/api/protection/people/${people[round]}`, { agreementSignedOn: `2025-0${round + 1}-01` }),
        c.post('/api/protection/secrets', secretBody(`合计新增${round}`, { level: SECRET_LEVELS[round] })),
      ];
      const answers = DB_KIND === 'pg' ? await Promise.all(writes) : await writes.reduce<Promise<unknown[]>>(async (acc, w) => [...(await acc), await w], Promise.resolve([]));
      for (const a of answers as Parameters<typeof json>[0][]) ok(a);
      ({ want, got } = await kept(ent.orgId));
      expect(got, `round ${round}`).toEqual(want);
      // a retired secret comes back for the next round
      ok(await c.post(`/api/protection/secrets/${ids[4 + (round % 2)]}/status`, { status: 'active' }));
    }
    ({ want, got } = await kept(ent.orgId));
    expect(got).toEqual(want);
    expect(want.itemExpected.some((n) => n > 0)).toBe(true);
    expect(want.levelSum.some((n) => n > 0)).toBe(true);
  });

  it('are what the overview reports, as an aggregate over the register would', async () => {
    const o = ok(await ent.admin.get('/api/protection/readiness'));
    const rows = (await t.database.db.select().from(secrets).where(eq(secrets.orgId, ent.orgId))).filter((r) => r.status === 'active');
    expect(o.total).toBe(rows.length);
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
    expect(o.average).toBe(avg(rows.map((r) => r.readiness)));
    expect(o.byLevel).toEqual(SECRET_LEVELS.map((level) => ({ level, count: rows.filter((r) => r.level === level).length, average: avg(rows.filter((r) => r.level === level).map((r) => r.readiness)) })));
    const band = (s: number) => (s >= 80 ? 0 : s >= 60 ? 1 : s >= 30 ? 2 : 3);
    expect(o.bands).toEqual([0, 1, 2, 3].map((b) => rows.filter((r) => band(r.readiness) === b).length));
    for (const [i, item] of o.items.entries()) {
      const cov = rows.map((r) => r.readinessItems[i] ?? -1).filter((x) => x >= 0);
      expect(item).toEqual({ item: i + 1, expected: cov.length, covered: cov.filter((x) => x >= 100).length, average: cov.length ? Math.round(cov.reduce((a, b) => a + b, 0) / cov.length) : null });
    }
    expect(o.weakest[0].readiness).toBe(Math.min(...rows.map((r) => r.readiness)));
  });

  it('belong to the enterprise: another enterprise’s overview counts none of them', async () => {
    const other = await fileEnterprise(t, admin, 'tot2', '宁夏另一合计科技有限公司', 'TU7E0');
    const o = ok(await other.admin.get('/api/protection/readiness'));
    expect(o).toMatchObject({ total: 0, average: null, bands: [0, 0, 0, 0], weakest: [], reviewDue: 0 });
  });
});
