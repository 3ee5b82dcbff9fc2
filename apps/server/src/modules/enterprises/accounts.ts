/** Registration and accounts: public self-registration, its confirmation or rejection, staff-invited administrators. */
import { eq } from 'drizzle-orm';
import { type Enterprise, type EnterpriseRegistration } from '@shangmi/shared';
import { enterprises } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError } from '../../platform/errors.js';
import { deleteOrgNode } from '../orgs/orgs.service.js';
import { roleIdByCode } from '../roles/roles.service.js';
import { deleteOrgUsers, enableOrgUsers, insertUser } from '../users/users.service.js';
import { findEnterpriseInScope, getEnterprise } from './read.js';
import { type Row, assertStaff } from './scope.js';
import { auditView, checkCreditCode, checkDistrict, defaultDistrict, holderOf, insertEnterprise, resolveRegion } from './validation.js';

async function findPending(ctx: Ctx, id: number): Promise<Row> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const e = await findEnterpriseInScope(ctx, id, undefined, { lock: true });
  if (e.status !== 'pending') throw conflict({ zh: '该企业不是待确认的注册', en: 'This is not a pending registration' });
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
  const removedUsers = await deleteOrgUsers(ctx, e.orgId);
  await ctx.db.delete(enterprises).where(eq(enterprises.id, id));
  await deleteOrgNode(ctx, e.orgId);
  ctx.audit = { targetType: 'enterprise', targetId: id, before: { ...auditView(e), users: removedUsers.map((u) => u.username) }, after: { rejected: true, reason } };
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
    throw conflict({ zh: '只能为状态正常的企业开通账号（待确认的注册请先确认）', en: 'Accounts are opened for active enterprises only (confirm a pending registration first)' });
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
        { field: 'contactPhone', message: { zh: '手机号与电子邮箱至少填写一项', en: 'give a mobile number or an e-mail address' } },
        { field: 'contactEmail', message: { zh: '手机号与电子邮箱至少填写一项', en: 'give a mobile number or an e-mail address' } },
      ],
    });
  }
  const creditCode = checkCreditCode(input.creditCode);
  const region = await resolveRegion(ctx, null, { ...input, creditCode });
  const districtCode = checkDistrict(region, input.districtCode ?? (await defaultDistrict(ctx, null, region, creditCode)));
  if (await holderOf(ctx, region.code, creditCode)) {
    throw fieldError(
      'creditCode',
      { zh: '已登记，如需开通账号请联系所在区县市场监督管理局', en: 'is already registered; ask your district market regulation bureau for an account' },
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
    username: input.username,
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
  return { id: row.id, name: row.name, status: row.status };
}
