import { z } from 'zod';

/** `GET /api/health`: 200 when the database answers, 503 (same shape) when it does not. */
export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({ ok: z.boolean(), driver: z.string(), latencyMs: z.number().nullable() }),
});
export type HealthResponse = z.infer<typeof healthResponse>;
