/** Registration and accounts: public self-registration, its confirmation or rejection, staff-invited administrators. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Enterprise, type EnterpriseBulkRejected, type EnterpriseRegistration } from '@shangmi/shared';
import { enterprises } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError } from '../../platform/errors.js';
import type { AuthWhyDisabled } from '../auth/auth.service.js';
import { deleteOrgNode } from '../orgs/orgs.service.js';
import { checkDistrict } from '../regions/regions.service.js';
import { roleIdByCode } from '../roles/roles.service.js';
import { deleteOrgUsers, enableOrgUsers, insertUser, isUsernameTaken } from '../users/users.service.js';
import { findEnterpriseInScope, getEnterprise } from './read.js';
import { type Row, assertStaff, enterpriseScope } from './scope.js';
import { auditView, checkCreditCode, defaultDistrict, holderOf, insertEnterprise, resolveRegion } from './validation.js';
import { msg } from './enterprises.messages.js';

/** A self-registered enterprise's administrator is disabled until the registration is confirmed: the sign-in says so. */
export const pendingRegistration: AuthWhyDisabled = async (ctx, user) => {
  const [pending] = await ctx.db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.orgId, user.orgId), eq(enterprises.status, 'pending')));
  return pending ? { message: msg.registrationPending, reason: 'registration_pending' } : null;
};

async function findPending(ctx: Ctx, id: number): Promise<Row> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const e = await findEnterpriseInScope(ctx, id, undefined, { lock: true });
  if (e.status !== 'pending') throw conflict(msg.notPending);
  return e;
}

/** A pending self-registration becomes active, and so do its accounts (which signed up with their own password). */
export async function confirmEnterprise(ctx: Ctx, id: number): Promise<Enterprise> {
  const e = await findPending(ctx, id);
  await ctx.db.update(enterprises).set({ status: 'active', updatedAt: ctx.now }).where(eq(enterprises.id, id));
  const enabledUserIds = await enableOrgUsers(ctx, e.orgId);
  ctx.audit = { targetType: 'enterprise', targetId: id, before: { status: e.status }, after: { status: 'active', enabledUserIds } };
  return getEnterprise(ctx, id);
}

/**
 * A rejected registration is removed — record, organisation and accounts — so the credit code and user name are free
 * again (an impostor's registration must not block the real enterprise). The audit row keeps what was registered and why
 * it was rejected.
 */
export async function rejectEnterprise(ctx: Ctx, id: number, reason: string): Promise<void> {
  const e = await findPending(ctx, id);
  const before = await removeRegistration(ctx, e);
  ctx.audit = { targetType: 'enterprise', targetId: id, before, after: { rejected: true, reason } };
}

/** Deletes a pending registration's accounts, record and node; answers what the audit row keeps of it. */
async function removeRegistration(ctx: Ctx, e: Row) {
  const removedUsers = await deleteOrgUsers(ctx, e.orgId);
  await ctx.db.delete(enterprises).where(eq(enterprises.id, e.id));
  await deleteOrgNode(ctx, e.orgId);
  return { ...auditView(e), users: removedUsers.map((u) => u.username) };
}

/**
 * 批量驳回: pending registrations rejected at once with one reason — a wave of bogus sign-ups costs the district one
 * action. Rows are locked first (a colleague confirming one of them meanwhile waits, then it is skipped as no longer
 * pending); records outside the caller's scope are skipped as not found, never named. One audit row lists them all.
 */
export async function rejectEnterprises(ctx: Ctx, ids: number[], reason: string): Promise<EnterpriseBulkRejected> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const wanted = [...new Set(ids)];
  const rows = await ctx.db
    .select()
    .from(enterprises)
    .where(andAll(inArray(enterprises.id, wanted), enterpriseScope(actor)))
    .orderBy(asc(enterprises.id))
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const rejected: number[] = [];
  const skipped: EnterpriseBulkRejected['skipped'] = [];
  const removed = [];
  for (const id of wanted) {
    const e = byId.get(id);
    if (!e) skipped.push({ id, reason: 'not_found' });
    else if (e.status !== 'pending') skipped.push({ id, reason: 'not_pending' });
    else {
      removed.push(await removeRegistration(ctx, e));
      rejected.push(id);
    }
  }
  ctx.audit = { targetType: 'enterprise', targetId: rejected.join(',').slice(0, 500), before: removed, after: { rejected: true, reason, ids: rejected, skipped } };
  return { rejected, skipped };
}

export interface AccountInput {
  username: string;
  displayName: string;
  password: string;
  phone?: string | null;
  email?: string | null;
}

/** Staff open an enterprise administrator account; the initial password must be changed at first sign-in. */
export async function inviteEnterpriseAdmin(ctx: Ctx, id: number, input: AccountInput) {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const e = await findEnterpriseInScope(ctx, id);
  if (e.status !== 'active') {
    throw conflict(msg.accountsForActiveOnly);
  }
  const u = await insertUser(ctx, {
    ...input,
    org: { id: e.orgId, path: e.orgPath },
    roleIds: [await roleIdByCode(ctx, 'enterprise_admin')],
    mustChangePassword: true,
    createdBy: actor.userId,
  });
  ctx.audit = {
    targetType: 'user',
    targetId: u.id,
    after: { username: u.username, displayName: u.displayName, enterpriseId: e.id, role: 'enterprise_admin', phone: u.phone, email: u.email },
  };
  return { id: u.id, username: u.username, displayName: u.displayName, orgId: u.orgId, status: u.status, mustChangePassword: u.mustChangePassword };
}

/**
 * Public self-registration: the enterprise (pending, under its district's bureau) and its first administrator (disabled
 * until the district or the serving site confirms). Says nothing about other records beyond a 409 on a taken credit code.
 */
export async function registerEnterprise(ctx: Ctx, input: EnterpriseRegistration) {
  if (!input.contactPhone && !input.contactEmail) {
    throw new AppError('VALIDATION', {
      fields: [
        { field: 'contactPhone', message: msg.phoneOrEmail },
        { field: 'contactEmail', message: msg.phoneOrEmail },
      ],
    });
  }
  const creditCode = checkCreditCode(input.creditCode);
  const region = await resolveRegion(ctx, null, { ...input, creditCode });
  const districtCode = checkDistrict(region, input.districtCode ?? (await defaultDistrict(ctx, null, region, creditCode)));
  // the administrator's user name is the credit code (no chosen name, so no answer about which names exist); taken
  // only when the code is registered here or holds an account elsewhere — both said as the same public fact
  if ((await isUsernameTaken(ctx, creditCode)) || (await holderOf(ctx, region.code, creditCode))) {
    throw fieldError(
      'creditCode',
      msg.registeredAskDistrict,
      'CONFLICT',
    );
  }
  const row = await insertEnterprise(ctx, {
    regionCode: region.code,
    creditCode,
    name: input.name,
    districtCode,
    kinds: [],
    contactName: input.contactName,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    status: 'pending',
    source: 'self',
    createdBy: null,
  });
  const u = await insertUser(ctx, {
    username: creditCode,
    displayName: input.contactName,
    org: { id: row.orgId, path: row.orgPath },
    phone: input.contactPhone ?? null,
    email: input.contactEmail ?? null,
    password: input.password,
    roleIds: [await roleIdByCode(ctx, 'enterprise_admin')],
    status: 'disabled',
    mustChangePassword: false,
    createdBy: null,
  });
  ctx.audit = { targetType: 'enterprise', targetId: row.id, after: { ...auditView(row), username: u.username } };
  return { id: row.id, name: row.name, status: row.status, username: u.username };
}
