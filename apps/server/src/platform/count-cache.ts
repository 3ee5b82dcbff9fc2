import type { FastifyReply } from 'fastify';
import { z } from 'zod';

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
 * computation; a failure is not kept.
 */
export function cachedValue<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = values.get(key);
  if (hit && now - hit.at < COUNT_TTL_MS) return hit.value as Promise<T>;
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

/** Sends cachedJson's bytes as the JSON answer (Fastify sends a Buffer untouched). */
export async function sendCachedJson<T>(reply: FastifyReply, key: string, schema: z.ZodType<T>, compute: () => Promise<T>) {
  const body = await cachedJson(key, schema, compute);
  return reply.type('application/json; charset=utf-8').send(body);
}

type CountQuery = { toSQL(): { sql: string; params: unknown[] } } & PromiseLike<{ total: number }[]>;

export function cachedCount(query: CountQuery): Promise<number> {
  const { sql, params } = query.toSQL();
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < COUNT_TTL_MS) return hit.total;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const total = Promise.resolve(query).then((rows) => rows[0].total);
  cache.set(key, { total, at: now });
  total.catch(() => {
    if (cache.get(key)?.total === total) cache.delete(key);
  });
  return total;
}
