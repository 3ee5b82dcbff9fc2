import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { DATA_SCOPES, type DataScope, type Page, type User, type UserCreate, type UserUpdate, userListQuery, pageQuery } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, roles, sessions, userRoles, users } from '../../db/schema/index.js';
import { andAll, containsPattern, likeEscape, requireActor, scopeCondition } from '../../platform/access.js';
import { pageTotal } from '../../platform/count-cache.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { hashPassword } from '../../platform/crypto.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { assertStrongPassword, clearLoginFailures, passwordContextOf } from '../auth/auth.service.js';
import { findOrgInScope, type OrgReferences, type OrgSubtreeMoved } from '../orgs/orgs.service.js';

export type UserListQuery = z.infer<typeof userListQuery> & z.infer<typeof pageQuery>;

const userScope = (actor: Actor) => scopeCondition(actor, { orgPath: users.orgPath, orgId: users.orgId, owner: users.id });

async function filters(ctx: Ctx, q: Omit<UserListQuery, 'page' | 'pageSize' | 'order' | 'sort'>): Promise<SQL | undefined> {
  const actor = requireActor(ctx);
  const conds: (SQL | undefined)[] = [userScope(actor)];
  if (q.q) {
    const pat = containsPattern(q.q);
    conds.push(or(ilike(users.username, pat), ilike(users.displayName, pat), ilike(users.phone, pat)));
  }
  if (q.orgId) {
    const [o] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
    if (!o) conds.push(sql`false`);
    else if (q.subtree === 'true') conds.push(sql`${users.orgPath} like ${`${likeEscape(o.path)}%`}`);
    else conds.push(eq(users.orgId, q.orgId));
  }
  if (q.roleId) {
    conds.push(sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleId} = ${q.roleId})`);
  }
  if (q.status) conds.push(eq(users.status, q.status));
  return andAll(...conds);
}

const sortColumns = { id: users.id, username: users.username, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt };

type RoleRef = { userId: number; id: number; code: string; nameZh: string; nameEn: string };

/** Each user's roles as JSON, by a correlated subquery: a page and its roles in one statement. */
const rolesOfUser = sql<Omit<RoleRef, 'userId'>[]>`(select coalesce(json_agg(json_build_object('id', r.id, 'code', r.code, 'nameZh', r.name_zh, 'nameEn', r.name_en) order by r.id), '[]'::json)
  from ${userRoles} ur join ${roles} r on r.id = ur.role_id where ur.user_id = ${users.id})`;

async function hydrate(ctx: Ctx, rows: { user: typeof users.$inferSelect; orgName: string; roles?: Omit<RoleRef, 'userId'>[] }[]): Promise<User[]> {
  const ids = rows.map((r) => r.user.id);
  const roleRows: RoleRef[] = rows.every((r) => Array.isArray(r.roles))
    ? rows.flatMap((r) => r.roles!.map((x) => ({ ...x, userId: r.user.id })))
    : ids.length
      ? await ctx.db
          .select({ userId: userRoles.userId, id: roles.id, code: roles.code, nameZh: roles.nameZh, nameEn: roles.nameEn })
          .from(userRoles)
          .innerJoin(roles, eq(roles.id, userRoles.roleId))
          .where(inArray(userRoles.userId, ids))
          .orderBy(asc(roles.id))
      : [];
  const en = ctx.locale === 'en-US';
  return rows.map(({ user: u, orgName }) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgName,
    phone: u.phone,
    email: u.email,
    status: u.status,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > ctx.now.getTime(),
    totpEnabled: u.totpEnabled,
    mustChangePassword: u.mustChangePassword,
    roles: roleRows.filter((r) => r.userId === u.id).map((r) => ({ id: r.id, code: r.code, name: en ? r.nameEn : r.nameZh })),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  }));
}

export async function listUsers(ctx: Ctx, q: UserListQuery): Promise<Page<User>> {
  const where = await filters(ctx, q);
  const sortCol = sortColumns[q.sort];
  const orderBy = q.order === 'asc' ? [asc(sortCol), asc(users.id)] : [desc(sortCol), desc(users.id)];
  // deferred join: the page's ids first (skipping the OFFSET rows reads users only), then 20 rows joined, with roles
  const pageIds = ctx.db.select({ id: users.id }).from(users).where(where).orderBy(...orderBy).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ user: users, orgName: orgs.name, roles: rolesOfUser })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(inArray(users.id, pageIds))
      .orderBy(...orderBy),
    pageTotal(ctx.db, users, where),
  ]);
  return { items: await hydrate(ctx, rows), ...total, page: q.page, pageSize: q.pageSize };
}

export async function exportUsers(ctx: Ctx, q: Omit<UserListQuery, 'page' | 'pageSize'>, limit: number): Promise<User[]> {
  const where = await filters(ctx, q);
  const rows = await ctx.db
    .select({ user: users, orgName: orgs.name })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(where)
    .orderBy(asc(users.id))
    .limit(limit);
  return hydrate(ctx, rows);
}

/** One user, only when within the actor's scope (404 otherwise: existence outside the scope is not revealed). */
async function findUserRow(ctx: Ctx, id: number, opts: { lock?: boolean } = {}) {
  const actor = requireActor(ctx);
  const q = ctx.db
    .select({ user: users, orgName: orgs.name })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(andAll(eq(users.id, id), userScope(actor)));
  const [row] = opts.lock ? await q.for('update', { of: users }) : await q;
  if (!row) throw notFound();
  return row;
}

export async function getUser(ctx: Ctx, id: number): Promise<User> {
  return (await hydrate(ctx, [await findUserRow(ctx, id)]))[0];
}

const scopeRank = (s: DataScope) => DATA_SCOPES.indexOf(s);

const exceeds = (actor: Actor, r: typeof roles.$inferSelect) =>
  r.permissions.some((p) => !actor.permissions.has(p)) || scopeRank(r.dataScope) < scopeRank(actor.scope);

/** The roles the actor may grant (the user form offers only these), by name. */
export async function assignableRoles(ctx: Ctx): Promise<{ id: number; code: string; nameZh: string; nameEn: string }[]> {
  const actor = requireActor(ctx);
  const all = await ctx.db.select().from(roles).orderBy(asc(roles.id));
  // an enterprise's own administrator staffs the enterprise: its roles only, not an agency's or a provider's
  const fits = (r: typeof roles.$inferSelect) => actor.orgKind !== 'enterprise' || r.code.startsWith('enterprise_');
  return all.filter((r) => !exceeds(actor, r) && fits(r)).map((r) => ({ id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn }));
}

/** No one hands out more than they hold: every permission of the role, and a scope no wider than their own. */
async function assertAssignableRoles(ctx: Ctx, actor: Actor, roleIds: number[]) {
  const found = await ctx.db.select().from(roles).where(inArray(roles.id, roleIds));
  if (found.length !== new Set(roleIds).size) throw fieldError('roleIds', { zh: '包含不存在的角色', en: 'contains an unknown role' });
  for (const r of found) {
    if (exceeds(actor, r)) {
      throw new AppError('FORBIDDEN', {
        message: {
          zh: `不能授予超出自身权限的角色：${r.nameZh}`,
          en: `You cannot grant a role with more rights than your own: ${r.nameEn}`,
        },
      });
    }
  }
}

/**
 * No one manages an account stronger than their own (RuoYi's checkUserAllowed): resetting its password or disabling it
 * would be a way to take over its rights.
 */
async function assertNotStronger(ctx: Ctx, actor: Actor, userId: number) {
  if (userId === actor.userId) return;
  const held = await ctx.db
    .select({ role: roles })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId));
  const stronger = held.find(({ role }) => exceeds(actor, role));
  if (stronger) {
    throw new AppError('FORBIDDEN', {
      message: {
        zh: `不能管理权限高于自己的用户（其角色：${stronger.role.nameZh}）`,
        en: `You cannot manage a user with more rights than your own (their role: ${stronger.role.nameEn})`,
      },
    });
  }
}

const auditView = (u: typeof users.$inferSelect, roleIds?: number[]) => ({
  username: u.username,
  displayName: u.displayName,
  orgId: u.orgId,
  phone: u.phone,
  email: u.email,
  status: u.status,
  ...(roleIds ? { roleIds } : {}),
});

export interface NewUser {
  username: string;
  displayName: string;
  org: { id: number; path: string };
  phone?: string | null;
  email?: string | null;
  password: string;
  roleIds: number[];
  status?: 'active' | 'disabled';
  /** false only when the user chose the password themself (self-registration) */
  mustChangePassword: boolean;
  createdBy: number | null;
}

/** Whether a user name is in use, whatever its case. */
export async function isUsernameTaken(ctx: Ctx, username: string): Promise<boolean> {
  const [dup] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return !!dup;
}

/**
 * Inserts a user with their roles: password policy, user name free (case-insensitive). No access check: createUser checks
 * the actor's scope and what they may grant; other modules that open accounts (enterprise registration) check theirs.
 */
export async function insertUser(ctx: Ctx, input: NewUser): Promise<typeof users.$inferSelect> {
  assertStrongPassword(input.password, await passwordContextOf(ctx, input.username, input.org.id), 'password');
  if (await isUsernameTaken(ctx, input.username)) throw fieldError('username', { zh: '已被使用', en: 'is already taken' }, 'CONFLICT');
  const [u] = await ctx.db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      orgId: input.org.id,
      orgPath: input.org.path,
      phone: input.phone ?? null,
      email: input.email ?? null,
      status: input.status ?? 'active',
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword,
      createdBy: input.createdBy,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await ctx.db.insert(userRoles).values([...new Set(input.roleIds)].map((roleId) => ({ userId: u.id, roleId })));
  return u;
}

export async function createUser(ctx: Ctx, input: UserCreate): Promise<User> {
  const actor = requireActor(ctx);
  const org = await findOrgInScope(ctx, input.orgId, 'orgId');
  await assertAssignableRoles(ctx, actor, input.roleIds);
  const u = await insertUser(ctx, { ...input, org, mustChangePassword: true, createdBy: actor.userId });
  ctx.audit = { targetType: 'user', targetId: u.id, after: auditView(u, input.roleIds) };
  return getUser(ctx, u.id);
}

/** Every user of one organisation moves to another (an enterprise merged into another); they sign in again. */
export async function moveOrgUsers(ctx: Ctx, fromOrgId: number, to: { id: number; path: string }): Promise<number[]> {
  const moved = await ctx.db
    .update(users)
    .set({ orgId: to.id, orgPath: to.path, updatedAt: ctx.now })
    .where(eq(users.orgId, fromOrgId))
    .returning({ id: users.id });
  const ids = moved.map((m) => m.id);
  if (ids.length) await ctx.db.delete(sessions).where(inArray(sessions.userId, ids));
  return ids;
}

/** Enables the disabled users of an organisation (an enterprise's registration was confirmed); returns their ids. */
export async function enableOrgUsers(ctx: Ctx, orgId: number): Promise<number[]> {
  const rows = await ctx.db
    .update(users)
    .set({ status: 'active', updatedAt: ctx.now })
    .where(and(eq(users.orgId, orgId), eq(users.status, 'disabled')))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

/** Deletes every user of an organisation (a rejected registration); roles and sessions go with them. */
export async function deleteOrgUsers(ctx: Ctx, orgId: number): Promise<{ id: number; username: string }[]> {
  return ctx.db.delete(users).where(eq(users.orgId, orgId)).returning({ id: users.id, username: users.username });
}

/** Users keep a copy of their organisation's path (scoped lists): it follows when a subtree moves (users.module.ts). */
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  await ctx.db.execute(
    sql`update ${users} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
};

/** An organisation that still has users cannot be deleted (users.module.ts adds this to the orgs' delete check). */
export const orgMembers: OrgReferences = async (ctx, orgId) => {
  const [{ members }] = await ctx.db.select({ members: count() }).from(users).where(eq(users.orgId, orgId));
  return { key: 'members', count: members, noun: { zh: '个用户', en: 'users' } };
};

export async function updateUser(ctx: Ctx, id: number, input: UserUpdate): Promise<User> {
  const actor = requireActor(ctx);
  // locked: the roles are replaced (delete + insert) and the audit row's before must be what this change replaced
  const { user: before } = await findUserRow(ctx, id, { lock: true });
  await assertNotStronger(ctx, actor, id);
  const beforeRoles = (await ctx.db.select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, id))).map((r) => r.roleId);
  const set: Partial<typeof users.$inferInsert> = { updatedAt: ctx.now };
  if (input.displayName !== undefined) set.displayName = input.displayName;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.email !== undefined) set.email = input.email;
  if (input.status !== undefined) {
    if (id === actor.userId && input.status === 'disabled') {
      throw fieldError('status', { zh: '不能停用自己的账号', en: 'you cannot disable your own account' });
    }
    set.status = input.status;
  }
  if (input.orgId !== undefined && input.orgId !== before.orgId) {
    const org = await findOrgInScope(ctx, input.orgId, 'orgId');
    set.orgId = org.id;
    set.orgPath = org.path;
  }
  if (input.roleIds) {
    if (id === actor.userId) throw fieldError('roleIds', { zh: '不能修改自己的角色', en: 'you cannot change your own roles' });
    await assertAssignableRoles(ctx, actor, input.roleIds);
    // roles being taken away must also be within what the actor could grant
    const removed = beforeRoles.filter((r) => !input.roleIds!.includes(r));
    if (removed.length) await assertAssignableRoles(ctx, actor, removed);
    await ctx.db.delete(userRoles).where(eq(userRoles.userId, id));
    await ctx.db.insert(userRoles).values([...new Set(input.roleIds)].map((roleId) => ({ userId: id, roleId })));
  }
  const [after] = await ctx.db.update(users).set(set).where(eq(users.id, id)).returning();
  if (input.status === 'disabled' || input.roleIds || set.orgId) {
    // a disabled, re-roled or moved user signs in again with what they now are
    await ctx.db.delete(sessions).where(eq(sessions.userId, id));
  }
  ctx.audit = { targetType: 'user', targetId: id, before: auditView(before, beforeRoles), after: auditView(after, input.roleIds ?? beforeRoles) };
  return getUser(ctx, id);
}

export async function unlockUser(ctx: Ctx, id: number) {
  const { user } = await findUserRow(ctx, id);
  await assertNotStronger(ctx, requireActor(ctx), id);
  await ctx.db.update(users).set({ lockedUntil: null, updatedAt: ctx.now }).where(eq(users.id, id));
  await clearLoginFailures(ctx, user.username);
  ctx.audit = { targetType: 'user', targetId: id, before: { lockedUntil: user.lockedUntil }, after: { lockedUntil: null } };
}

export async function resetUserTotp(ctx: Ctx, id: number) {
  const { user } = await findUserRow(ctx, id);
  await assertNotStronger(ctx, requireActor(ctx), id);
  if (!user.totpEnabled && !user.totpSecret) throw conflict({ zh: '该用户未启用双因素登录', en: 'This user has no authenticator' });
  await ctx.db.update(users).set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: ctx.now }).where(eq(users.id, id));
  await ctx.db.delete(sessions).where(eq(sessions.userId, id));
  ctx.audit = { targetType: 'user', targetId: id, before: { totpEnabled: user.totpEnabled }, after: { totpEnabled: false } };
}

export async function resetUserPassword(ctx: Ctx, id: number, password: string) {
  const actor = requireActor(ctx);
  const { user } = await findUserRow(ctx, id);
  if (id === actor.userId) throw new AppError('FORBIDDEN', { message: { zh: '请在个人中心修改自己的密码', en: 'Change your own password in your profile' } });
  await assertNotStronger(ctx, actor, id);
  assertStrongPassword(password, await passwordContextOf(ctx, user.username, user.orgId), 'password');
  await ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(password), mustChangePassword: true, lockedUntil: null, updatedAt: ctx.now })
    .where(eq(users.id, id));
  await clearLoginFailures(ctx, user.username);
  await ctx.db.delete(sessions).where(eq(sessions.userId, id));
  ctx.audit = { targetType: 'user', targetId: id, after: { mustChangePassword: true } };
}

