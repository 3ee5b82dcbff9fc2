import { eq } from 'drizzle-orm';
import { securityEvents } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { notify } from '../../platform/inbox.js';

/** What a user is told about their own account's security. */
export type SecurityEventKind = 'account_locked';

/** The owner's words for each event, for whichever channel delivers it (inbox, e-mail). */
export function securityEventText(kind: SecurityEventKind, data: Record<string, unknown>): { title: { zh: string; en: string }; body: { zh: string; en: string } } {
  switch (kind) {
    case 'account_locked': {
      const n = Number(data.addresses ?? 0);
      const until = String(data.lockedUntil ?? '');
      return {
        title: { zh: '您的账号已被临时锁定', en: 'Your account has been locked for now' },
        body: {
          zh: `一小时内有来自 ${n} 个不同地址的错误密码尝试，账号已锁定至 ${until}。在您常用的地点仍可正常登录；如非本人操作，请修改密码并开启双因素登录。`,
          en: `Wrong passwords were tried from ${n} different addresses within an hour, so the account is locked until ${until}. You can still sign in from your usual places; if this was not you, change your password and turn on two-factor login.`,
        },
      };
    }
  }
}

/**
 * The one place where a user is told of a security event on their account: the event is recorded and the owner gets a
 * `security` notice in the inbox (and by e-mail/SMS as they chose; both on by default), in the caller's transaction;
 * `notified_at` says when the notice was written. Also logged as a warning for the operators.
 */
export async function notifySecurityEvent(ctx: Ctx, userId: number, kind: SecurityEventKind, data: Record<string, unknown>): Promise<void> {
  const [row] = await ctx.db.insert(securityEvents).values({ userId, at: ctx.now, kind, data }).returning({ id: securityEvents.id });
  ctx.deps.log.warn({ securityEvent: kind, userId, ...data }, `security event for user ${userId}: ${kind}`);
  const text = securityEventText(kind, data);
  const written = await notify(ctx.db, ctx.deps.config, [userId], { event: 'security', ...text, link: '/profile', dedupeKey: `security-event:${row.id}` }, ctx.now);
  if (written.notices) await ctx.db.update(securityEvents).set({ notifiedAt: ctx.now }).where(eq(securityEvents.id, row.id));
}
