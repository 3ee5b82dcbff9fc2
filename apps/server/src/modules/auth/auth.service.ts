import { and, eq, ne, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { ADMIN_ROLE_CODES, PASSWORD_PROBLEM_MESSAGES, passwordProblems, type Me, type PasswordContext } from '@shangmi/shared';
import { loginlog, orgs, sessions, users } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { createSession } from '../../platform/session.js';
import { addressKeyOf, checkBeforePassword, inHashQueue, nameKeyOf, recordFailure, recordSuccess } from './login-guard.js';

// what the users module (unlock, password reset) and the CLI's reset clear: the sign-in back-off of a name
export { clearLoginFailures, nameKeyOf } from './login-guard.js';

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

/** The policy's check (packages/shared/src/password.ts), refused with the rules the password breaks. */
export function assertStrongPassword(password: string, context: PasswordContext, field = 'newPassword') {
  const problems = passwordProblems(password, context);
  if (problems.length) {
    const rules = problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]);
    throw new AppError('WEAK_PASSWORD', {
      fields: [
        {
          field,
          message: {
            zh: `须满足：${rules.map((r) => r.zh).join('；')}`,
            en: `must meet the policy: ${rules.map((r) => r.en.charAt(0).toLowerCase() + r.en.slice(1)).join('; ')}`,
          },
        },
      ],
    });
  }
}

/** What a user's password must not contain: their user name and their organisation's names and credit code. */
export async function passwordContextOf(ctx: Ctx, username: string, orgId: number): Promise<PasswordContext> {
  const [o] = await ctx.db.select({ name: orgs.name, shortName: orgs.shortName, creditCode: orgs.creditCode }).from(orgs).where(eq(orgs.id, orgId));
  return { username, orgName: o?.name, orgShortName: o?.shortName, creditCode: o?.creditCode };
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
  const nameKey = nameKeyOf(input.username);
  const ip = addressKeyOf(ctx.ip);
  const [found] = await ctx.db
    .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(sql`lower(${users.username}) = lower(${input.username})`)
    .limit(1);
  const who = found
    ? { userId: found.user.id, username: found.user.username, orgName: found.orgName, orgPath: found.orgPath }
    : { userId: null, username: input.username, orgName: null, orgPath: null };
  // refused before any hashing: the back-off of this name from this address, the lock of the account
  let known = false;
  try {
    ({ known } = await checkBeforePassword(ctx, nameKey, ip, found ? found.user : null));
  } catch (e) {
    await logAttempt(ctx, { ...who, result: e instanceof AppError && e.code === 'ACCOUNT_LOCKED' ? 'locked' : 'throttled' });
    throw e;
  }
  // an unknown name costs the same time as a wrong password (the dummy hash), and is counted the same way
  const stored = found ? found.user.passwordHash : await dummyPasswordHash();
  let passwordOk: boolean;
  try {
    passwordOk = await inHashQueue(ctx, ip, () => verifyPassword(input.password, stored), known);
  } catch (e) {
    await logAttempt(ctx, { ...who, result: 'throttled' });
    throw e;
  }
  if (!found) {
    await recordFailure(ctx, nameKey, ip, null);
    await logAttempt(ctx, { ...who, result: 'unknown_user' });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const u = found.user;
  const fail = async (result: 'bad_password' | 'bad_totp') => {
    await recordFailure(ctx, nameKey, ip, u);
    await logAttempt(ctx, { ...who, result });
    throw new AppError(result === 'bad_totp' ? 'TOTP_INVALID' : 'INVALID_CREDENTIALS');
  };
  if (!passwordOk) return fail('bad_password');
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
    .set({ lastLoginAt: ctx.now, ...(totpStep !== null ? { totpLastStep: totpStep } : {}) })
    .where(eq(users.id, u.id));
  await recordSuccess(ctx, nameKey, ip, u.id);
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
  assertStrongPassword(input.newPassword, await passwordContextOf(ctx, u.username, u.orgId));
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
  // as after a password change: a session opened with the password alone (perhaps by whoever prompted this) ends
  const ended = await ctx.db
    .delete(sessions)
    .where(and(eq(sessions.userId, u.id), ne(sessions.id, actor.sessionId)))
    .returning({ id: sessions.id });
  ctx.audit = { targetType: 'user', targetId: u.id, after: { totpEnabled: true, endedSessions: ended.length } };
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
