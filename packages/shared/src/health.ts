import { z } from 'zod';

/** `GET /api/health`: 200 when the database answers, 503 (same shape) when it does not. */
export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({ ok: z.boolean(), driver: z.string(), latencyMs: z.number().nullable() }),
  /** the existence-proof log: `halted` (why) when it found its stored data changed and stopped signing */
  proofLog: z.object({ ok: z.boolean(), size: z.number(), halted: z.string().nullable(), haltedAt: z.string().nullable() }).nullable(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
