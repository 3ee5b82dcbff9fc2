import { z } from 'zod';
import { exportOrder, id, idValue, optionalText, pageOf, pageQuery } from './common.js';

export const username = z
  .string()
  .trim()
  .min(3)
  .max(50)
  .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'usernameChars' });

export const userStatus = z.enum(['active', 'disabled']);

export const user = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: userStatus,
  locked: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  roles: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const userCreate = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(50),
  orgId: idValue,
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/)
    .optional()
    .nullable(),
  email: z.email().max(100).optional().nullable(),
  roleIds: z.array(idValue).min(1).max(20),
  password: z.string().min(1).max(128),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
  orgId: idValue.optional(),
  phone: userCreate.shape.phone,
  email: userCreate.shape.email,
  roleIds: z.array(idValue).min(1).max(20).optional(),
  status: userStatus.optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const userListQuery = z.object({
  q: optionalText(50),
  orgId: id.optional(),
  /** include the organisation's whole subtree (default) or only the organisation itself */
  subtree: z.enum(['true', 'false']).default('true'),
  roleId: id.optional(),
  status: userStatus.optional(),
  sort: z.enum(['id', 'username', 'createdAt', 'lastLoginAt']).default('id'),
});

export const resetPassword = z.strictObject({ password: z.string().min(1).max(128) });

// -- the routes' request and response shapes
export const userListPageQuery = userListQuery.extend(pageQuery.shape);
export const userExportQuery = userListQuery.extend(exportOrder);
export const userPage = pageOf(user);
/** A role the caller may grant (none wider than their own permissions and scope). */
export const assignableRole = z.object({ id: z.number().int(), code: z.string(), nameZh: z.string(), nameEn: z.string() });
export const assignableRoleList = z.array(assignableRole);
