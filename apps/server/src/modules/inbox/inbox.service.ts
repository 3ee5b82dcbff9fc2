import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  addCalendarDays,
  INBOX_TOTAL_CAP,
  NOTIFY_DEFAULTS,
  NOTIFY_EVENTS,
  UNREAD_CAP,
  type InboxListQuery,
  type InboxUnread,
  type Notification,
  type NotifyEvent,
  type NotifyPrefs,
  type NotifyPrefsPut,
  type Page,
} from '@shangmi/shared';
import { notificationPrefs, notifications, users } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';

type Row = typeof notifications.$inferSelect;

/** Midnight in Asia/Shanghai of a date, as an instant. */
const shanghaiMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`);

function toNotification(r: Row, en: boolean): Notification {
  return {
    id: Number(r.id),
    event: r.event as NotifyEvent,
    title: en ? r.titleEn : r.titleZh,
    body: (en ? r.bodyEn : r.bodyZh) ?? null,
    link: r.link,
    recordKind: r.recordKind,
    recordId: r.recordId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/**
 * The signed-in user's notices, newest first. Every condition starts with the user's own id, so no one reads another's
 * (and the (user, created) indexes serve each filter). The total is counted up to INBOX_TOTAL_CAP (`capped`).
 */
export async function listInbox(ctx: Ctx, q: InboxListQuery): Promise<Page<Notification>> {
  const actor = requireActor(ctx);
  const conds: (SQL | undefined)[] = [eq(notifications.userId, actor.userId)];
  if (q.event) conds.push(eq(notifications.event, q.event));
  if (q.read === 'unread') conds.push(isNull(notifications.readAt));
  if (q.read === 'read') conds.push(isNotNull(notifications.readAt));
  if (q.from) conds.push(gte(notifications.createdAt, shanghaiMidnight(q.from)));
  if (q.to) conds.push(lt(notifications.createdAt, shanghaiMidnight(addCalendarDays(q.to, 1))));
  const where = and(...conds);
  const order = q.order === 'asc' ? [notifications.createdAt, notifications.id] : [desc(notifications.createdAt), desc(notifications.id)];
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ctx.db.select({ one: sql`1` }).from(notifications).where(where).limit(INBOX_TOTAL_CAP + 1).as('capped')),
  ]);
  const total = Number(n);
  return {
    items: rows.map((r) => toNotification(r, ctx.locale === 'en-US')),
    total: Math.min(total, INBOX_TOTAL_CAP),
    capped: total > INBOX_TOTAL_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The header's badge: counted from the unread index, up to UNREAD_CAP. */
export async function unreadCount(ctx: Ctx): Promise<InboxUnread> {
  const actor = requireActor(ctx);
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(
      ctx.db
        .select({ one: sql`1` })
        .from(notifications)
        .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
        .limit(UNREAD_CAP + 1)
        .as('unread'),
    );
  return { unread: Math.min(Number(n), UNREAD_CAP), capped: Number(n) > UNREAD_CAP };
}

/** Marks the user's own notices read; ids of other users' notices are simply not theirs (nothing is revealed). */
export async function markRead(ctx: Ctx, ids: number[]): Promise<{ marked: number }> {
  const actor = requireActor(ctx);
  const done = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.userId, actor.userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  ctx.audit = { targetType: 'notification', after: { ids: done.map((d) => Number(d.id)) } };
  return { marked: done.length };
}

export async function markAllRead(ctx: Ctx): Promise<{ marked: number }> {
  const actor = requireActor(ctx);
  const done = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  ctx.audit = { targetType: 'notification', after: { marked: done.length } };
  return { marked: done.length };
}

export async function getPrefs(ctx: Ctx): Promise<NotifyPrefs> {
  const actor = requireActor(ctx);
  const [me] = await ctx.db.select({ email: users.email, phone: users.phone }).from(users).where(eq(users.id, actor.userId));
  const rows = await ctx.db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, actor.userId));
  const chosen = new Map(rows.map((r) => [r.event, r]));
  const { config } = ctx.deps;
  return {
    channels: {
      email: { configured: config.smtp !== null, address: !!me?.email },
      sms: { configured: config.sms.driver !== 'off', address: !!me?.phone },
    },
    items: NOTIFY_EVENTS.map((event) => {
      const r = chosen.get(event);
      return { event, email: r?.email ?? NOTIFY_DEFAULTS[event].email, sms: r?.sms ?? NOTIFY_DEFAULTS[event].sms };
    }),
  };
}

export async function putPrefs(ctx: Ctx, input: NotifyPrefsPut): Promise<NotifyPrefs> {
  const actor = requireActor(ctx);
  const before = await getPrefs(ctx);
  for (const item of input.items) {
    await ctx.db
      .insert(notificationPrefs)
      .values({ userId: actor.userId, event: item.event, email: item.email, sms: item.sms })
      .onConflictDoUpdate({ target: [notificationPrefs.userId, notificationPrefs.event], set: { email: item.email, sms: item.sms } });
  }
  const after = await getPrefs(ctx);
  ctx.audit = { targetType: 'user', targetId: actor.userId, before: before.items, after: after.items };
  return after;
}
