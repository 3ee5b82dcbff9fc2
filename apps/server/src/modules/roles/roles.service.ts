import { asc, count, eq, sql } from 'drizzle-orm';
import { DATA_SCOPES, type DataScope, type Role } from '@shangmi/shared';
import type { z } from 'zod';
import type { roleCreate, roleUpdate } from '@shangmi/shared';
import { roles, userRoles } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { msg } from './roles.messages.js';

// written out: drizzle leaves single-table select fields unqualified
const userCount = sql<number>`(select count(*)::int from user_roles ur where ur.role_id = roles.id)`;

function toRole(r: typeof roles.$inferSelect & { userCount: number }): Role {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    builtin: r.builtin,
    dataScope: r.dataScope,
    permissions: r.permissions,
    totpRequired: r.totpRequired,
    userCount: Number(r.userCount),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  const rows = await ctx.db
    .select({ role: roles, userCount })
    .from(roles)
    .orderBy(asc(roles.id));
  return rows.map((r) => toRole({ ...r.role, userCount: r.userCount }));
}

export async function getRole(ctx: Ctx, id: number): Promise<Role> {
  const [r] = await ctx.db.select({ role: roles, userCount }).from(roles).where(eq(roles.id, id));
  if (!r) throw notFound();
  return toRole({ ...r.role, userCount: r.userCount });
}

/** The id of a role by its code (built-in roles other modules hand out, e.g. enterprise_admin). */
export async function roleIdByCode(ctx: Ctx, code: string): Promise<number> {
  const [r] = await ctx.db.select({ id: roles.id }).from(roles).where(eq(roles.code, code));
  if (!r) throw new AppError('INTERNAL', { message: msg.builtInMissing(code) });
  return r.id;
}

/** Roles are shared by every organisation: a role grants at most its creator's own permissions and scope. */
function assertWithinActor(actor: Actor, permissions: string[] | undefined, dataScope: DataScope | undefined) {
  const excess = (permissions ?? []).filter((p) => !actor.permissions.has(p));
  if (excess.length) {
    throw fieldError('permissions', msg.permissionsNotHeld(excess));
  }
  if (dataScope && DATA_SCOPES.indexOf(dataScope) < DATA_SCOPES.indexOf(actor.scope)) {
    throw fieldError('dataScope', msg.scopeTooWide);
  }
}

export async function createRole(ctx: Ctx, input: z.infer<typeof roleCreate>): Promise<Role> {
  const actor = requireActor(ctx);
  assertWithinActor(actor, input.permissions, input.dataScope);
  const [dup] = await ctx.db.select({ id: roles.id }).from(roles).where(eq(roles.code, input.code));
  if (dup) throw fieldError('code', common.taken, 'CONFLICT');
  const [r] = await ctx.db
    .insert(roles)
    .values({ ...input, permissions: [...new Set(input.permissions)], builtin: false, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'role', targetId: r.id, after: input };
  return getRole(ctx, r.id);
}

export async function updateRole(ctx: Ctx, id: number, input: z.infer<typeof roleUpdate>): Promise<Role> {
  const actor = requireActor(ctx);
  const [before] = await ctx.db.select().from(roles).where(eq(roles.id, id)).for('update');
  if (!before) throw notFound();
  assertWithinActor(actor, [...before.permissions, ...(input.permissions ?? [])], input.dataScope ?? before.dataScope);
  if (before.code === 'platform_admin' && input.permissions && !input.permissions.includes('roles:update')) {
    throw fieldError('permissions', msg.adminKeepsRolesUpdate);
  }
  const set: Partial<typeof roles.$inferInsert> = { updatedAt: ctx.now };
  if (input.nameZh !== undefined) set.nameZh = input.nameZh;
  if (input.nameEn !== undefined) set.nameEn = input.nameEn;
  if (input.dataScope !== undefined) set.dataScope = input.dataScope;
  if (input.permissions !== undefined) set.permissions = [...new Set(input.permissions)];
  if (input.totpRequired !== undefined) set.totpRequired = input.totpRequired;
  const [after] = await ctx.db.update(roles).set(set).where(eq(roles.id, id)).returning();
  ctx.audit = {
    targetType: 'role',
    targetId: id,
    before: { nameZh: before.nameZh, dataScope: before.dataScope, permissions: before.permissions, totpRequired: before.totpRequired },
    after: { nameZh: after.nameZh, dataScope: after.dataScope, permissions: after.permissions, totpRequired: after.totpRequired },
  };
  return getRole(ctx, id);
}

export async function deleteRole(ctx: Ctx, id: number): Promise<void> {
  const [r] = await ctx.db.select().from(roles).where(eq(roles.id, id));
  if (!r) throw notFound();
  assertWithinActor(requireActor(ctx), r.permissions, r.dataScope);
  if (r.builtin) throw new AppError('CONFLICT', { message: msg.builtInNotDeleted });
  const [{ n }] = await ctx.db.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, id));
  if (n) throw conflict(msg.stillHeld(n), { users: n });
  await ctx.db.delete(roles).where(eq(roles.id, id));
  ctx.audit = { targetType: 'role', targetId: id, before: { code: r.code, nameZh: r.nameZh, permissions: r.permissions } };
}
