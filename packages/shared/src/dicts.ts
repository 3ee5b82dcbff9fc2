import { z } from 'zod';
import { id } from './common.js';

export const dictItem = z.object({
  id: z.number().int(),
  typeCode: z.string(),
  value: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  parentValue: z.string().nullable(),
  sort: z.number().int(),
  enabled: z.boolean(),
  /** seeded by the platform: can be edited and disabled, not deleted */
  system: z.boolean(),
});
export type DictItem = z.infer<typeof dictItem>;

export const dictType = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  system: z.boolean(),
  items: z.array(dictItem),
});
export type DictType = z.infer<typeof dictType>;

export const dictsResponse = z.object({ version: z.string(), types: z.array(dictType) });

const dictItemFields = {
  value: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[A-Za-z0-9_.-]+$/),
  labelZh: z.string().trim().min(1).max(100),
  labelEn: z.string().trim().min(1).max(200),
  parentValue: z.string().trim().max(50).optional().nullable(),
  sort: z.number().int().min(0).max(100000),
  enabled: z.boolean(),
};
export const dictItemCreate = z.strictObject({ ...dictItemFields, sort: dictItemFields.sort.default(0), enabled: dictItemFields.enabled.default(true) });
/** A patch: only the fields sent change. */
export const dictItemUpdate = z.strictObject(dictItemFields).omit({ value: true }).partial();

export const dictTypeCreate = z.strictObject({
  code: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[a-z][a-z0-9_]*$/),
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
});

// -- the routes' request and response shapes
/** A dictionary by its type code, and one item of it. */
export const dictTypeParams = z.object({ code: z.string().max(50) });
export const dictItemParams = z.object({ code: z.string().max(50), id });
