import { and, count, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import { loginFailures, userKnownIps, users } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { QueueFull } from '../../platform/hash-queue.js';
import { notifySecurityEvent } from './security-events.js';

/**
 * Guessing passwords, and what stops it without locking the owner out (docs/security.md § Sign-in):
 * - per name and address, a back-off: after `freeFailures` failures each further one blocks that name from that address
 *   for a doubling time (5 s, 10 s … 15 min), answered 429 with Retry-After before any password is checked;
 * - per name, a lock: failures from `lockDistinctIps` addresses within an hour lock the account for 15 minutes (the
 *   owner is told, `notifySecurityEvent`), except at the addresses the user signed in from before (`user_known_ips`);
 * - per address, a plain limit of attempts per minute in memory (platform/http.ts, bucket `login`) and a fair place in
 *   the hashing queue (platform/hash-queue.ts).
 * The back-off and the lock live in the database, so every app node applies the same; the per-address limit and the
 * queue are each node's own. Names are keyed as typed (lower case), existing or not, so the answers say nothing about
 * which names exist.
 */

export const nameKeyOf = (username: string) => username.normalize('NFKC').trim().toLowerCase().slice(0, 100);

/** The client address as one key: an IPv4 address seen through IPv6 (::ffff:a.b.c.d) is the IPv4 address. */
export const addressKeyOf = (ip: string | null) => (ip ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').slice(0, 100);

function backedOff(seconds: number): AppError {
  return new AppError('RATE_LIMITED', {
    message: {
      zh: `登录失败次数过多，请 ${seconds} 秒后再试`,
      en: `Too many failed sign-ins; try again in ${seconds} seconds`,
    },
    details: { retryAfterSeconds: seconds },
  });
}

/** Places a user signed in from before. */
async function isKnownAddress(ctx: Ctx, userId: number, ip: string): Promise<boolean> {
  const [row] = await ctx.db.select({ ip: userKnownIps.ip }).from(userKnownIps).where(and(eq(userKnownIps.userId, userId), eq(userKnownIps.ip, ip)));
  return !!row;
}

/** Addresses with a failure for this name within the lock window. */
async function failingAddresses(ctx: Ctx, nameKey: string): Promise<number> {
  const since = new Date(ctx.now.getTime() - ctx.deps.config.loginGuard.lockWindowMs);
  const [row] = await ctx.db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.nameKey, nameKey), gte(loginFailures.lastAt, since)));
  return Number(row?.n ?? 0);
}

/**
 * Before any password is checked: 429 while this name is backed off from this address, 423 while the account is
 * locked and this is not one of its known addresses. A name nobody has is locked by the same count, so the answer
 * does not tell the two apart. Says whether the address is one the user signed in from before.
 */
export async function checkBeforePassword(ctx: Ctx, nameKey: string, ip: string, user: { id: number; lockedUntil: Date | null } | null): Promise<{ known: boolean }> {
  const [f] = await ctx.db
    .select({ blockedUntil: loginFailures.blockedUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.nameKey, nameKey), eq(loginFailures.ip, ip)));
  if (f?.blockedUntil && f.blockedUntil.getTime() > ctx.now.getTime()) {
    throw backedOff(Math.max(1, Math.ceil((f.blockedUntil.getTime() - ctx.now.getTime()) / 1000)));
  }
  const known = !!user && (await isKnownAddress(ctx, user.id, ip));
  const locked = user
    ? !!user.lockedUntil && user.lockedUntil.getTime() > ctx.now.getTime()
    : (await failingAddresses(ctx, nameKey)) >= ctx.deps.config.loginGuard.lockDistinctIps;
  if (locked && !known) throw new AppError('ACCOUNT_LOCKED');
  return { known };
}

/**
 * Waits for a place in the hashing queue, keyed by the client address; a sign-in from a known address of the account
 * takes the reserved lane. A full queue is a 429, answered at once.
 */
export async function inHashQueue<T>(ctx: Ctx, ip: string, task: () => Promise<T>, known = false): Promise<T> {
  try {
    return await ctx.deps.passwordQueue.run(ip, task, { priority: known });
  } catch (e) {
    if (e instanceof QueueFull) {
      throw new AppError('RATE_LIMITED', {
        message: { zh: '登录请求过多，请稍后再试', en: 'Too many sign-in attempts at once; try again in a moment' },
        details: { retryAfterSeconds: 1 },
      });
    }
    throw e;
  }
}

/**
 * A failed sign-in (wrong password or code): counts it for the name and address, sets the back-off, and locks the
 * account when the failures come from many addresses — telling the owner once per lock. One transaction: the upsert
 * locks the counter row, the lock is a conditional update, so concurrent failures on several nodes count exactly.
 */
export async function recordFailure(ctx: Ctx, nameKey: string, ip: string, user: { id: number } | null): Promise<void> {
  const g = ctx.deps.config.loginGuard;
  const now = ctx.now;
  await ctx.db.transaction(async (tx) => {
    const t: Ctx = { ...ctx, db: tx };
    const stale = new Date(now.getTime() - g.failureWindowMs);
    const [row] = await tx
      .insert(loginFailures)
      .values({ nameKey, ip, failures: 1, firstAt: now, lastAt: now })
      .onConflictDoUpdate({
        target: [loginFailures.nameKey, loginFailures.ip],
        set: {
          failures: sql`case when ${loginFailures.lastAt} < ${stale.toISOString()}::timestamptz then 1 else ${loginFailures.failures} + 1 end`,
          firstAt: sql`case when ${loginFailures.lastAt} < ${stale.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${loginFailures.firstAt} end`,
          lastAt: now,
        },
      })
      .returning({ failures: loginFailures.failures });
    const over = row.failures - g.freeFailures;
    if (over > 0) {
      const ms = Math.min(g.backoffMaxMs, g.backoffBaseMs * 2 ** Math.min(over - 1, 30));
      await tx
        .update(loginFailures)
        .set({ blockedUntil: new Date(now.getTime() + ms) })
        .where(and(eq(loginFailures.nameKey, nameKey), eq(loginFailures.ip, ip)));
    }
    if (user) {
      const addresses = await failingAddresses(t, nameKey);
      if (addresses >= g.lockDistinctIps) {
        const lockedUntil = new Date(now.getTime() + g.lockMs);
        const [locked] = await tx
          .update(users)
          .set({ lockedUntil })
          .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lt(users.lockedUntil, now))))
          .returning({ id: users.id });
        if (locked) await notifySecurityEvent(t, user.id, 'account_locked', { addresses, lockedUntil: lockedUntil.toISOString(), lastAddress: ip });
      }
    }
    // forget old counters a few at a time: under attack the table stays the size of the last day's attempts
    const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
    await tx.execute(
      sql`delete from login_failures where (name_key, ip) in (select name_key, ip from login_failures where last_at < ${dayAgo.toISOString()}::timestamptz limit 50)`,
    );
  });
}

/** A successful sign-in: this address's failures for the name are forgotten and it becomes one of the user's known places. */
export async function recordSuccess(ctx: Ctx, nameKey: string, ip: string, userId: number): Promise<void> {
  const keep = ctx.deps.config.loginGuard.knownIps;
  await ctx.db.delete(loginFailures).where(and(eq(loginFailures.nameKey, nameKey), eq(loginFailures.ip, ip)));
  await ctx.db
    .insert(userKnownIps)
    .values({ userId, ip, firstAt: ctx.now, lastAt: ctx.now })
    .onConflictDoUpdate({ target: [userKnownIps.userId, userKnownIps.ip], set: { lastAt: ctx.now } });
  await ctx.db.execute(
    sql`delete from user_known_ips where user_id = ${userId} and ip not in (select ip from user_known_ips where user_id = ${userId} order by last_at desc limit ${keep})`,
  );
}

/** An administrator unlocked the account (or reset its password): its failure counts start again. */
export async function clearLoginFailures(ctx: Ctx, username: string): Promise<void> {
  await ctx.db.delete(loginFailures).where(eq(loginFailures.nameKey, nameKeyOf(username)));
}
