import { z } from 'zod';

/** Row ids are PostgreSQL integers: anything past 2^31−1 is no id at all (and must not reach the database). */
export const MAX_ID = 2147483647;
export const idValue = z.number().int().positive().max(MAX_ID);
export const id = z.coerce.number().int().positive().max(MAX_ID);

/** Path parameters of a route on one record (`/:id`), and on one file of a record (`/:id/…/:fileId`). */
export const idParams = z.object({ id });
export const fileParams = z.object({ id, fileId: id });

/** Query of every paginated list. Deep pages are allowed but capped so a crawler cannot ask for page 10^9. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** true when `total` is a cap, not the count: there are more matches (narrow the search) */
    capped: z.boolean().optional(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  capped?: boolean;
}

/** The page parameters of a list's export (no page: the export takes the whole filtered list, up to its cap). */
export const exportOrder = { order: pageQuery.shape.order };

export const okResponse = z.object({ ok: z.literal(true) });

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

/** Trimmed non-empty text with a length cap; every free-text field goes through this. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).optional().nullable();

/** Asia/Shanghai is the platform's clock for every date a person reads. */
export const TIME_ZONE = 'Asia/Shanghai';

/** yyyy-MM-dd HH:mm:ss in Asia/Shanghai, whatever the machine's zone. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}
