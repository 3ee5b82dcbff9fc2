/**
 * Subscriptions (订阅): a signed-in user (an enterprise's people, staff) chooses topics — new articles and guidance,
 * events (optionally of one district), trainings — and hears of each through the inbox and, as they chose per kind of
 * notice, e-mail and SMS (platform/inbox.ts). One set-based write per publication whatever the number of subscribers;
 * each notice carries a dedupe key (topic, record), so a subscriber is told once even if it is announced twice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { SubscriptionsSet } from '@shangmi/shared';
import { outreachSubscriptions } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/inbox.js';
import { M } from './outreach.messages.js';

type Msg = { zh: string; en: string };

export async function mySubscriptions(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await ctx.db.select().from(outreachSubscriptions).where(eq(outreachSubscriptions.userId, actor.userId));
  return { topics: rows.map((r) => ({ topic: r.topic, districtCode: r.districtCode })) };
}

/** Replaces the actor's subscriptions with the given set (one topic once). */
export async function setSubscriptions(ctx: Ctx, input: SubscriptionsSet) {
  const actor = requireActor(ctx);
  if (!actor.regionCode) throw new AppError('CONFLICT', { message: M.bureauRegion });
  const topics = new Map(input.topics.map((t) => [t.topic, t.districtCode ?? null]));
  await ctx.db.delete(outreachSubscriptions).where(eq(outreachSubscriptions.userId, actor.userId));
  if (topics.size) {
    await ctx.db.insert(outreachSubscriptions).values([...topics].map(([topic, districtCode]) => ({ userId: actor.userId, regionCode: actor.regionCode!, topic, districtCode, createdAt: ctx.now })));
  }
  ctx.audit = { action: 'outreach.subscribe', targetType: 'user', targetId: actor.userId, after: { topics: [...topics.keys()] } };
  return mySubscriptions(ctx);
}

/** Tells the subscribers of a topic in a region (and the district, for those who chose one) of a new record, once. */
export async function notifySubscribers(
  ctx: Ctx,
  n: { topic: 'articles' | 'events' | 'trainings'; regionCode: string; districtCode?: string | null; title: Msg; body?: Msg; link: string; record: { kind: string; id: number } },
) {
  const s = outreachSubscriptions;
  const district = n.districtCode ? sql`(${s.districtCode} is null or ${s.districtCode} = ${n.districtCode})` : sql`true`;
  const who = sql`select ${s.userId} from ${s} where ${and(eq(s.regionCode, n.regionCode), eq(s.topic, n.topic))} and ${district}`;
  return notify(ctx.db, ctx.deps.config, who, { event: 'campaign', title: n.title, body: n.body ?? null, link: n.link, record: n.record, dedupeKey: `outreach.${n.record.kind}.${n.record.id}` }, ctx.now);
}
