import type { z } from 'zod';

/**
 * Filters carried by the address (`?status=pending&districtCode=640106`, links from the home page's to-dos, the board,
 * the dashboard): each value parsed by its field of the list route's shared query schema; a value the route would
 * refuse is left out rather than sent.
 */
export function filtersFromParams<S extends z.ZodObject, K extends keyof z.output<S> & string>(schema: S, params: URLSearchParams, keys: readonly K[]): Pick<Partial<z.output<S>>, K> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const raw = params.get(key);
    const field = schema.shape[key] as z.ZodType | undefined;
    if (raw === null || raw === '' || !field) continue;
    const parsed = field.safeParse(raw);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as Pick<Partial<z.output<S>>, K>;
}
