import { securityEvents } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';

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
 * The one place where a user is told of a security event on their account. It records the event (in the caller's
 * transaction) and logs it. Delivery: the inbox / e-mail of the workflow module is to be called from here (with
 * `securityEventText`); until then the row (`notified_at` null) and the warning in the log are the notice.
 */
export async function notifySecurityEvent(ctx: Ctx, userId: number, kind: SecurityEventKind, data: Record<string, unknown>): Promise<void> {
  await ctx.db.insert(securityEvents).values({ userId, at: ctx.now, kind, data });
  ctx.deps.log.warn({ securityEvent: kind, userId, ...data }, `security event for user ${userId}: ${kind}`);
}
