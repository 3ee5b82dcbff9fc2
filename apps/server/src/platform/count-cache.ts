import type { FastifyReply, FastifyRequest } from 'fastify';
import { count, sql, type SQL, type Subquery } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../db/client.js';

/**
 * Totals of paged lists, kept for a few seconds per exact statement (text and parameters: the actor's scope and the
 * filters are in the key, so no total crosses scopes). Counting visits every matching row — the costly half of a
 * page; paging through a list, or many users of one scope, reuse it. Concurrent misses share one count. Any committed
 * change made through this node (req.mutate) forgets them all at once; a change made through another node shows
 * within COUNT_TTL_MS.
 */
export const COUNT_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { total: Promise<number>; at: number }>();

export function forgetCounts(): void {
  cache.clear();
  values.clear();
}

const values = new Map<string, { value: Promise<unknown>; at: number }>();

/**
 * A computed read (a dashboard) kept for COUNT_TTL_MS under a key that must hold everything it depends on (the actor's
 * scope and organisation, the query). Forgotten with the counts on every local commit; concurrent misses share one
 * computation; a failure is not kept. Past its lifetime the kept value is still answered while one recomputation runs
 * (up to COUNT_STALE_MS, as cachedCount): under load, readers never queue behind the dashboard's statement.
 */
export function cachedValue<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = values.get(key);
  if (hit && now - hit.at < COUNT_TTL_MS) return hit.value as Promise<T>;
  if (hit && now - hit.at < COUNT_STALE_MS) {
    const stale = hit.value;
    // marked fresh meanwhile, so one reader recomputes; the new value replaces it once computed (unless forgotten)
    values.set(key, { value: stale, at: now });
    compute().then(
      (v) => values.get(key)?.value === stale && values.set(key, { value: Promise.resolve(v), at: Date.now() }),
      () => values.get(key)?.value === stale && values.delete(key),
    );
    return stale as Promise<T>;
  }
  if (values.size >= MAX_ENTRIES) values.clear();
  const value = compute();
  values.set(key, { value, at: now });
  value.catch(() => {
    if (values.get(key)?.value === value) values.delete(key);
  });
  return value;
}

/**
 * A computed read kept as its JSON text: encoded with the route's response schema once (as Fastify's zod serializer
 * would) and sent as is to every request of the same key, so a large answer (a region's map points, a dashboard) is
 * neither re-validated nor re-serialised per request. Same lifetime and forgetting as cachedValue.
 */
export function cachedJson<T>(key: string, schema: z.ZodType<T>, compute: () => Promise<T>): Promise<Buffer> {
  // kept encoded (UTF-8), so a large answer is not converted again for every response either
  return cachedValue(`json|${key}`, async () => Buffer.from(JSON.stringify(z.encode(schema, await compute()))));
}

/** What a scoped answer depends on besides its query: the actor's scope and organisation (and, for "self", the user). */
export function actorCacheKey(req: FastifyRequest): string {
  const a = req.actor!;
  return `${a.scope}|${a.orgId}|${a.orgPath}|${a.orgKind}|${a.scope === 'self' ? a.userId : ''}`;
}

/** Sends cachedJson's bytes as the JSON answer (Fastify sends a Buffer untouched). */
export async function sendCachedJson<T>(reply: FastifyReply, key: string, schema: z.ZodType<T>, compute: () => Promise<T>) {
  const body = await cachedJson(key, schema, compute);
  return reply.type('application/json; charset=utf-8').send(body);
}

type CountQuery = { toSQL(): { sql: string; params: unknown[] } } & PromiseLike<{ total: number }[]>;

/**
 * An exact count, kept COUNT_TTL_MS per statement and parameters. Past its lifetime the kept total is still answered
 * while one new count runs (stale-while-revalidate, up to COUNT_STALE_MS): readers never queue behind a recount. A local
 * commit forgets every total (forgetCounts), so the next reader on this node waits for an exact one.
 */
export function cachedCount(query: CountQuery): Promise<number> {
  const { sql: text, params } = query.toSQL();
  const key = `${text}\u0000${JSON.stringify(params)}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < COUNT_TTL_MS) return hit.total;
  const recount = () => {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const total = Promise.resolve(query).then((rows) => rows[0].total);
    cache.set(key, { total, at: now });
    total.catch(() => {
      if (cache.get(key)?.total === total) cache.delete(key);
    });
    return total;
  };
  if (hit && now - hit.at < COUNT_STALE_MS) {
    const stale = hit.total;
    // the recount replaces the entry once it has answered; until then readers keep the old total
    const fresh = Promise.resolve(query).then((rows) => rows[0].total);
    cache.set(key, { total: stale, at: now });
    fresh.then(
      (n) => cache.get(key)?.total === stale && cache.set(key, { total: Promise.resolve(n), at: Date.now() }),
      () => cache.get(key)?.total === stale && cache.delete(key),
    );
    return stale;
  }
  return recount();
}

/** How long past COUNT_TTL_MS a total may still be answered while it is recounted. */
export const COUNT_STALE_MS = 60_000;

/** Where a capped count stops by default: a page says "10,000+" rather than visit a whole city's rows. */
export const COUNT_CAP = 10_000;

export interface CappedTotal {
  /** exact when `capped` is false; otherwise `cap` (there are more) */
  total: number;
  capped: boolean;
}

/**
 * A total that costs at most `cap` + 1 rows whatever the scope's size: `select count(*) from (<matching rows> limit
 * cap+1)`. `rows(limit)` is the list's own filtered, scoped select (any column), limited as asked. Cached like
 * cachedCount (same key rules: the statement's text and parameters). The pattern for every total on a hot path (a
 * home page's counts, a list's first page at city scope): exact for a district's working set, bounded for the city.
 */
export async function cappedCount(db: Db, rows: (limit: number) => { as(alias: string): Subquery }, cap = COUNT_CAP): Promise<CappedTotal> {
  const sub = rows(cap + 1).as('capped_rows');
  const n = await cachedCount(db.select({ total: count() }).from(sub));
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

/**
 * A list page's total and its `capped` flag (Page's fields: the web table then says "more than 10,000"): cappedCount
 * over the list's own table and conditions. Every paged list's total goes through here (or cappedCount itself for a
 * join, or a maintained count): never an unbounded exact count.
 */
export async function pageTotal(db: Db, from: PgTable, where: SQL | undefined, cap = COUNT_CAP): Promise<{ total: number; capped?: true }> {
  return asPageTotal(await cappedCount(db, (limit) => db.select({ one }).from(from).where(where).limit(limit), cap));
}

/** cappedCount's answer as a Page's fields (`capped` only when true). */
export const asPageTotal = (c: CappedTotal): { total: number; capped?: true } => (c.capped ? { total: c.total, capped: true } : { total: c.total });

/** A time for a cache key: `now` cut to the minute (an "overdue" count asked every request still shares its total). */
export function minuteOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** sql`1` for the select list of cappedCount's rows */
export const one = sql<number>`1`;
