/** What the seed-scale generators share: the benchmark accounts, the seeded random numbers, id reservation. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/sql.js';

export const BENCH_PASSWORD = 'Bench#Shangmi-2024';
export const BENCH_ACCOUNTS = { district: 'bench_district', city: 'bench_city' } as const;
/** the district whose bureau the district benchmark account belongs to */
export const BENCH_DISTRICT_CODE = '640106';

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

export function pickWeighted<T>(rnd: () => number, items: T[], weight: (t: T) => number, total?: number): T {
  const sum = total ?? items.reduce((s, t) => s + weight(t), 0);
  let x = rnd() * sum;
  for (const it of items) {
    x -= weight(it);
    if (x < 0) return it;
  }
  return items[items.length - 1];
}

/** Reserves `n` consecutive ids of a table's identity sequence; returns the first. */
export async function reserveIds(tx: Db, table: string, n: number): Promise<number> {
  const r = await tx.execute(sql.raw(`select nextval(pg_get_serial_sequence('${table}', 'id'))::int as first`));
  const first = Number((r as unknown as { rows: { first: number }[] }).rows[0].first);
  if (n > 1) await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), ${first + n - 1})`));
  return first;
}

/**
 * Drops a table's secondary indexes (not those behind constraints) and returns what builds them again from the same
 * definitions (read from pg_indexes), logging each one's time: after a bulk insert, building a GIN index once is several
 * times faster than growing it row by row, and the result is the same index.
 */
export async function dropSecondaryIndexes(tx: Db, table: string, log: (line: string) => void): Promise<() => Promise<void>> {
  const indexes = rowsOf<{ name: string; def: string }>(
    await tx.execute(sql`
      select i.indexname as name, i.indexdef as def from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = ${table}
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = ${table}::regclass)`),
  );
  for (const i of indexes) await tx.execute(sql.raw(`drop index "${i.name.replace(/"/g, '""')}"`));
  return async () => {
    for (const i of indexes) {
      const t = performance.now();
      await tx.execute(sql.raw(i.def));
      log(`  index ${i.name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  };
}

/** Standard normal by Box–Muller, from the seeded generator. */
export function gaussian(rnd: () => number): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A benchmark account seed-scale creates, with its password, as printed for the operator. */
export interface BenchAccount {
  username: string;
  password: string;
  role: string;
  org: string;
}
