import { z } from 'zod';
import { DATA_SCOPES, permissionSchema } from './access.js';

export const dataScope = z.enum(DATA_SCOPES);

export const role = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  builtin: z.boolean(),
  dataScope,
  permissions: z.array(z.string()),
  totpRequired: z.boolean(),
  userCount: z.number().int(),
  createdAt: z.string(),
});
export type Role = z.infer<typeof role>;

const roleFields = {
  code: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[a-z][a-z0-9_]*$/),
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  dataScope,
  permissions: z.array(permissionSchema).max(200),
  /** users holding this role must sign in with two factors */
  totpRequired: z.boolean(),
};
export const roleCreate = z.strictObject({ ...roleFields, totpRequired: roleFields.totpRequired.default(false) });
/** A patch: only the fields sent change. */
export const roleUpdate = z.strictObject(roleFields).omit({ code: true }).partial();

// -- the routes' request and response shapes
/** A permission of the catalogue with its labels. */
export const permissionEntry = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const permissionCatalog = z.array(permissionEntry);
export const roleList = z.object({ items: z.array(role) });
