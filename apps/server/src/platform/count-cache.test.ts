import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { dictItems, dictTypes } from '../db/schema/index.js';
import { cachedCount, cachedValue, cappedCount, COUNT_STALE_MS, COUNT_TTL_MS, forgetCounts, one, pageTotal } from './count-cache.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
const typeCode = 'count_cache_test';
beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.insert(dictTypes).values({ code: typeCode, nameZh: '计数', nameEn: 'Counts' });
  await t.database.db.insert(dictItems).values(Array.from({ length: 12 }, (_, i) => ({ typeCode, value: `v${i}`, labelZh: `值${i}`, labelEn: `V${i}`, sort: i })));
});
afterAll(async () => {
  vi.useRealTimers();
  await t?.close();
});

const rows = (limit: number) => t.database.db.select({ one }).from(dictItems).where(eq(dictItems.typeCode, typeCode)).limit(limit);

describe('cappedCount', () => {
  it('is exact up to the cap and says "more" beyond it, without counting past cap + 1', async () => {
    forgetCounts();
    expect(await cappedCount(t.database.db, rows)).toEqual({ total: 12, capped: false });
    expect(await cappedCount(t.database.db, rows, 12)).toEqual({ total: 12, capped: false });
    expect(await cappedCount(t.database.db, rows, 5)).toEqual({ total: 5, capped: true });
  });

  it('gives a list page its total and `capped` only when the count stopped at the cap (pageTotal)', async () => {
    forgetCounts();
    const where = eq(dictItems.typeCode, typeCode);
    const n = (await t.database.db.select({ total: count() }).from(dictItems).where(where))[0]!.total;
    expect(await pageTotal(t.database.db, dictItems, where)).toEqual({ total: n });
    expect(await pageTotal(t.database.db, dictItems, where, n)).toEqual({ total: n });
    expect(await pageTotal(t.database.db, dictItems, where, n - 1)).toEqual({ total: n - 1, capped: true });
  });
});

describe('cachedCount', () => {
  it('answers the kept total past its lifetime while it recounts, then the new one; a local commit forgets at once', async () => {
    forgetCounts();
    vi.useFakeTimers({ toFake: ['Date'] });
    const q = () => t.database.db.select({ total: count() }).from(dictItems).where(eq(dictItems.typeCode, typeCode));
    expect(await cachedCount(q())).toBe(12);
    await t.database.db.insert(dictItems).values({ typeCode, value: 'v12', labelZh: '值12', labelEn: 'V12', sort: 12 });
    expect(await cachedCount(q())).toBe(12); // within its lifetime
    vi.setSystemTime(Date.now() + COUNT_TTL_MS + 1);
    expect(await cachedCount(q())).toBe(12); // stale, answered at once; the recount runs
    await vi.waitFor(async () => expect(await cachedCount(q())).toBe(13));
    vi.setSystemTime(Date.now() + COUNT_TTL_MS + COUNT_STALE_MS + 1);
    await t.database.db.insert(dictItems).values({ typeCode, value: 'v13', labelZh: '值13', labelEn: 'V13', sort: 13 });
    expect(await cachedCount(q())).toBe(14); // too old to answer: counted again before answering
    await t.database.db.delete(dictItems).where(eq(dictItems.labelEn, 'V13'));
    forgetCounts();
    expect(await cachedCount(q())).toBe(13);
    vi.useRealTimers();
  });
});

describe('cachedValue', () => {
  it('answers the kept value past its lifetime while one recomputation runs, then the new one; too old: waits', async () => {
    forgetCounts();
    vi.useFakeTimers({ toFake: ['Date'] });
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cachedValue('cv-test', compute)).toBe(1);
    expect(await cachedValue('cv-test', compute)).toBe(1); // within its lifetime
    vi.setSystemTime(Date.now() + COUNT_TTL_MS + 1);
    expect(await Promise.all([cachedValue('cv-test', compute), cachedValue('cv-test', compute)])).toEqual([1, 1]); // stale at once
    await vi.waitFor(async () => expect(await cachedValue('cv-test', compute)).toBe(2));
    expect(runs).toBe(2); // the two stale readers started one recomputation
    vi.setSystemTime(Date.now() + COUNT_TTL_MS + COUNT_STALE_MS + 1);
    expect(await cachedValue('cv-test', compute)).toBe(3); // too old to answer: computed before answering
    forgetCounts();
    expect(await cachedValue('cv-test', compute)).toBe(4);
    vi.useRealTimers();
  });
});
