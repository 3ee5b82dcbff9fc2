import { z } from 'zod';
import { optionalText } from './common.js';

export const oplogEntry = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  method: z.string(),
  path: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  result: z.enum(['success', 'failure']),
  errorCode: z.string().nullable(),
  durationMs: z.number().int(),
  requestId: z.string().nullable(),
});
export type OplogEntry = z.infer<typeof oplogEntry>;

export const oplogQuery = z.object({
  q: optionalText(100),
  action: optionalText(100),
  result: z.enum(['success', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const loginlogEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string(),
  orgName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  result: z.string(),
});
export type LoginlogEntry = z.infer<typeof loginlogEntry>;

export const LOGIN_RESULTS = [
  'success',
  'bad_password',
  'unknown_user',
  'locked',
  'disabled',
  'totp_required',
  'bad_totp',
  'logout',
] as const;

export const loginlogQuery = z.object({
  q: optionalText(100),
  result: z.enum(LOGIN_RESULTS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
