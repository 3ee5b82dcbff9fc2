import { and, eq, ne, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { ADMIN_ROLE_CODES, passwordProblems, type Me } from '@shangmi/shared';
import { loginlog, orgs, sessions, users } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { createSession } from '../../platform/session.js';

/**
 * Why a disabled account is disabled, when a module knows (the right password was given, so the reason may be told):
 * a message for the user and a reason code for the client. Null: not this module's account.
 */
export type AuthWhyDisabled = (ctx: Ctx, user: { id: number; orgId: number }) => Promise<{ message: { zh: string; en: string }; reason: string } | null>;
declare module '../../platform/hooks.js' {
  interface HookMap {
    'auth.whyDisabled': AuthWhyDisabled;
  }
}

const TOTP_ISSUER = '商秘通 Shangmi';

export function meOf(actor: Actor, locale: Ctx['locale'], idleTimeoutMs: number): Me {
  const isAdmin = actor.roleCodes.some((c) => ADMIN_ROLE_CODES.includes(c));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    orgId: actor.orgId,
    orgName: actor.orgName,
    orgKind: actor.orgKind,
    regionCode: actor.regionCode,
    roles: actor.roleNames.map((r) => ({ code: r.code, name: locale === 'en-US' ? r.en : r.zh })),
    permissions: [...actor.permissions].sort(),
    dataScope: actor.scope,
    mustChangePassword: actor.mustChangePassword,
    totpEnabled: actor.totpEnabled,
    mustEnrollTotp: actor.totpRequired && !actor.totpEnabled,
    adminTotpAdvice: isAdmin && !actor.totpRequired,
    idleTimeoutMinutes: Math.round(idleTimeoutMs / 60000),
  };
}

export function assertStrongPassword(password: string, username: string, field = 'newPassword') {
  const problems = passwordProblems(password, username);
  if (problems.length) {
    throw new AppError('WEAK_PASSWORD', {
      fields: [
        {
          field,
          message: {
            zh: '至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类，且不含用户名',
            en: 'at least 8 characters from 3 of: upper case, lower case, digits, symbols; must not contain the user name',
          },
        },
      ],
    });
  }
}

function totpFor(secretBase32: string, username: string) {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** The time step a code matches, allowing one step of clock drift either way; null when it matches none. */
export function matchTotp(secretBase32: string, username: string, code: string, now: Date): number | null {
  const totp = totpFor(secretBase32, username);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / 30) + delta;
}

async function logAttempt(
  ctx: Ctx,
  entry: { userId: number | null; username: string; orgName: string | null; orgPath: string | null; result: string },
) {
  await ctx.db.insert(loginlog).values({
    at: ctx.now,
    userId: entry.userId,
    username: entry.username.slice(0, 100),
    orgName: entry.orgName,
    orgPath: entry.orgPath,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    result: entry.result,
  });
}

export async function login(
  ctx: Ctx,
  input: { username: string; password: string; totpCode?: string },
): Promise<{ token: string; csrfToken: string; userId: number }> {
  const { config } = ctx.deps;
  const [found] = await ctx.db
    .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(sql`lower(${users.username}) = lower(${input.username})`)
    .limit(1);
  if (!found) {
    await verifyPassword(input.password, await dummyPasswordHash());
    await logAttempt(ctx, { userId: null, username: input.username, orgName: null, orgPath: null, result: 'unknown_user' });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const u = found.user;
  const who = { userId: u.id, username: u.username, orgName: found.orgName, orgPath: found.orgPath };
  if (u.lockedUntil && u.lockedUntil.getTime() > ctx.now.getTime()) {
    await logAttempt(ctx, { ...who, result: 'locked' });
    throw new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: u.lockedUntil.toISOString() } });
  }
  const fail = async (result: 'bad_password' | 'bad_totp') => {
    // an atomic increment: concurrent guesses cannot slip under the threshold
    const [{ failures }] = await ctx.db
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, u.id))
      .returning({ failures: users.failedLogins });
    const lock = failures >= config.lockoutThreshold;
    if (lock) {
      await ctx.db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: new Date(ctx.now.getTime() + config.lockoutMs) })
        .where(eq(users.id, u.id));
    }
    await logAttempt(ctx, { ...who, result });
    if (lock) throw new AppError('ACCOUNT_LOCKED');
    throw new AppError(result === 'bad_totp' ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS', {
      details: { remainingAttempts: config.lockoutThreshold - failures },
    });
  };
  if (!(await verifyPassword(input.password, u.passwordHash))) return fail('bad_password');
  if (u.status !== 'active') {
    await logAttempt(ctx, { ...who, result: 'disabled' });
    // the right password of an account another module keeps disabled for a reason (a registration waiting for its
    // confirmation): say so, not just "disabled"
    for (const whyDisabled of ctx.deps.hooks.all('auth.whyDisabled')) {
      const why = await whyDisabled(ctx, { id: u.id, orgId: u.orgId });
      if (why) throw new AppError('ACCOUNT_DISABLED', { message: why.message, details: { reason: why.reason } });
    }
    throw new AppError('ACCOUNT_DISABLED');
  }
  let totpStep: number | null = null;
  if (u.totpEnabled && u.totpSecret) {
    if (!input.totpCode) {
      await logAttempt(ctx, { ...who, result: 'totp_required' });
      throw new AppError('TOTP_REQUIRED');
    }
    const secret = ctx.deps.sealer.open(u.totpSecret, `users.totp_secret:${u.id}`);
    totpStep = matchTotp(secret, u.username, input.totpCode, ctx.now);
    if (totpStep === null || (u.totpLastStep !== null && totpStep <= u.totpLastStep)) return fail('bad_totp');
  }
  await ctx.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: ctx.now, ...(totpStep !== null ? { totpLastStep: totpStep } : {}) })
    .where(eq(users.id, u.id));
  await logAttempt(ctx, { ...who, result: 'success' });
  const s = await createSession(ctx.deps, u.id, { ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now });
  return { ...s, userId: u.id };
}

export async function logout(ctx: Ctx, actor: Actor) {
  await ctx.db.delete(sessions).where(eq(sessions.id, actor.sessionId));
  const [o] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, actor.orgId));
  await logAttempt(ctx, { userId: actor.userId, username: actor.username, orgName: actor.orgName, orgPath: o?.path ?? null, result: 'logout' });
  ctx.audit = { targetType: 'user', targetId: actor.userId };
}

export async function changePassword(ctx: Ctx, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword(input.currentPassword, u.passwordHash))) {
    throw fieldError('currentPassword', { zh: '不正确', en: 'is wrong' });
  }
  assertStrongPassword(input.newPassword, u.username);
  if (await verifyPassword(input.newPassword, u.passwordHash)) {
    throw fieldError('newPassword', { zh: '不能与当前密码相同', en: 'must differ from the current password' });
  }
  await ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: ctx.now, updatedAt: ctx.now })
    .where(eq(users.id, u.id));
  // other sessions of this user end: a changed password must lock out whoever knew the old one
  await ctx.db.delete(sessions).where(and(eq(sessions.userId, u.id), ne(sessions.id, actor.sessionId)));
  ctx.audit = { targetType: 'user', targetId: u.id, after: { mustChangePassword: false } };
}

export async function totpSetup(ctx: Ctx, actor: Actor) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (u.totpEnabled) throw new AppError('CONFLICT', { message: { zh: '双因素登录已启用', en: 'Two-factor login is already on' } });
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await ctx.db
    .update(users)
    .set({ totpSecret: ctx.deps.sealer.seal(secret, `users.totp_secret:${u.id}`) })
    .where(eq(users.id, u.id));
  const url = totpFor(secret, u.username).toString();
  ctx.audit = { targetType: 'user', targetId: u.id, after: { totpPending: true } };
  return { secret, otpauthUrl: url };
}

export async function totpEnable(ctx: Ctx, actor: Actor, code: string) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (u.totpEnabled) throw new AppError('CONFLICT', { message: { zh: '双因素登录已启用', en: 'Two-factor login is already on' } });
  if (!u.totpSecret) throw new AppError('BAD_REQUEST', { message: { zh: '请先生成密钥', en: 'Start the set-up first' } });
  const secret = ctx.deps.sealer.open(u.totpSecret, `users.totp_secret:${u.id}`);
  const step = matchTotp(secret, u.username, code, ctx.now);
  // 400, not 401: the user is signed in, only the code is wrong
  if (step === null) throw fieldError('code', { zh: '验证码错误，请核对手机时间后重试', en: 'is wrong; check the phone clock and retry' });
  await ctx.db.update(users).set({ totpEnabled: true, totpLastStep: step, updatedAt: ctx.now }).where(eq(users.id, u.id));
  ctx.audit = { targetType: 'user', targetId: u.id, after: { totpEnabled: true } };
}

export async function totpDisable(ctx: Ctx, actor: Actor, password: string) {
  if (actor.totpRequired) {
    throw new AppError('FORBIDDEN', {
      message: { zh: '您的角色要求双因素登录，不能停用', en: 'Your role requires two-factor login; it cannot be turned off' },
    });
  }
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword(password, u.passwordHash))) throw fieldError('password', { zh: '不正确', en: 'is wrong' });
  await ctx.db.update(users).set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: ctx.now }).where(eq(users.id, u.id));
  ctx.audit = { targetType: 'user', targetId: u.id, after: { totpEnabled: false } };
}
