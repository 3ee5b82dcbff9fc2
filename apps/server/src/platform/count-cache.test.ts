import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { dictItems, dictTypes } from '../db/schema/index.js';
import { cachedCount, cappedCount, COUNT_STALE_MS, COUNT_TTL_MS, forgetCounts, one } from './count-cache.js';
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
