/** Small pieces for the set-based statements of bulk writers (the enterprise import, the benchmark seeder). */

/** `{"a","b"}`: a PostgreSQL text[] literal, to bind as text and cast (`$1::text[]`) inside `unnest`. */
export const textArrayLiteral = (values: string[]): string => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** The rows of `db.execute(...)`: node-postgres answers `{ rows }`, PGlite's drizzle driver an array or `{ rows }`. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []));

/** `{1,2,3}`: a PostgreSQL integer[] literal of whole numbers, to bind as text and cast (`$1::int[]`). */
export const intArrayLiteral = (values: number[]): string => {
  if (!values.every(Number.isSafeInteger)) throw new Error('not whole numbers');
  return `{${values.join(',')}}`;
};
