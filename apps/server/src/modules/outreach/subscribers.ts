/**
 * Subscriptions of the public without an account (公众订阅): an e-mail address — or a mobile number, where the outbox
 * has an SMS channel — and topics (the article categories and new versions of the model texts). Double opt-in: a
 * request only stores the wanted topics as pending and sends a confirmation link; the link makes them count. Every
 * message carries a stop link. Messages go through the platform's outbox (platform/inbox.ts `queueMessage`), in the
 * publishing transaction, one per subscriber under a dedupe key (record, subscriber): told once, however often the
 * record is announced. Addresses and tokens are sealed; the outbox opens an address only to send.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { PUBLIC_TOPIC_LABELS, type PublicSubscribe, type PublicTopic } from '@shangmi/shared';
import { outreachPublicSubscribers as s } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { fieldError } from '../../platform/errors.js';
import { queueMessage } from '../../platform/inbox.js';
import { M } from './outreach.messages.js';

type Msg = { zh: string; en: string };
const aadOf = (addressHash: string) => `outreach-subscriber:${addressHash}`;
const normalise = (channel: 'email' | 'sms', address: string) => (channel === 'email' ? address.trim().toLowerCase() : address.trim());
const linkOf = (ctx: Ctx, what: 'confirm' | 'stop', token: string) => `${ctx.deps.config.publicUrl.replace(/\/$/, '')}/subscribe/${what}?token=${token}`;
const topicNames = (topics: readonly string[], lang: 'zh' | 'en') => topics.map((t) => PUBLIC_TOPIC_LABELS[t as PublicTopic]?.[lang] ?? t).join(lang === 'zh' ? '、' : ', ');

/**
 * A request to subscribe (or to change one's topics): stored as pending, confirmed only by the link sent to the
 * address. The answer is the same whether the address was known or not (nothing is revealed about who subscribed).
 */
export async function subscribePublic(ctx: Ctx, regionCode: string, input: PublicSubscribe): Promise<{ ok: true }> {
  if (input.channel === 'sms' && ctx.deps.config.sms.driver === 'off') throw fieldError('channel', M.subscriptionChannelOff);
  const address = normalise(input.channel, input.address);
  const addressHash = sha256Hex(`${regionCode}:${input.channel}:${address}`);
  const topics = [...new Set(input.topics)];
  const token = randomToken(24);
  const fresh = {
    regionCode,
    channel: input.channel,
    addressSealed: ctx.deps.sealer.seal(address, aadOf(addressHash)),
    addressHash,
    tokenSealed: ctx.deps.sealer.seal(token, aadOf(addressHash)),
    tokenHash: sha256Hex(token),
    pendingTopics: topics,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  // a known address keeps its token (older stop links keep working) and its confirmed topics until the new link is used
  const [row] = await ctx.db
    .insert(s)
    .values(fresh)
    .onConflictDoUpdate({ target: [s.regionCode, s.addressHash], set: { pendingTopics: topics, updatedAt: ctx.now } })
    .returning();
  const sub = row!;
  const mine = ctx.deps.sealer.open(sub.tokenSealed, aadOf(addressHash));
  const zh = topicNames(topics, 'zh');
  const en = topicNames(topics, 'en');
  const body =
    input.channel === 'sms'
      ? `【商秘通】确认订阅（${zh}）：${linkOf(ctx, 'confirm', mine)} 退订：${linkOf(ctx, 'stop', mine)}`
      : [
          `您（或他人以您的地址）申请订阅商秘通的：${zh}。`,
          `确认订阅请打开：${linkOf(ctx, 'confirm', mine)}`,
          `如非本人操作，请忽略本邮件；不再接收：${linkOf(ctx, 'stop', mine)}`,
          '',
          `You (or someone with your address) asked to subscribe to: ${en}.`,
          `Confirm: ${linkOf(ctx, 'confirm', mine)}`,
          `Not you? Ignore this message. Stop: ${linkOf(ctx, 'stop', mine)}`,
        ].join('\n');
  const dedupeKey = `outreach-sub-confirm:${sub.id}:${ctx.now.getTime()}`;
  await queueMessage(ctx.db, { channel: sub.channel, sealedRecipient: ctx.deps.sealer.seal(address, dedupeKey), subject: '【商秘通】请确认订阅 Confirm your subscription', body, dedupeKey }, ctx.now);
  ctx.audit = { action: 'outreach.public-subscribe', targetType: 'outreach_subscriber', targetId: sub.id, after: { channel: sub.channel, pendingTopics: topics } };
  return { ok: true };
}

async function byToken(ctx: Ctx, token: string) {
  const [row] = await ctx.db.select().from(s).where(eq(s.tokenHash, sha256Hex(token))).for('update');
  if (!row) throw fieldError('token', M.subscriptionUnknown, 'NOT_FOUND');
  return row;
}

/** The confirmation link: the pending topics become the subscription (again: a no-op answering the same). */
export async function confirmPublic(ctx: Ctx, token: string) {
  const row = await byToken(ctx, token);
  let topics = row.topics;
  if (row.pendingTopics) {
    const [after] = await ctx.db
      .update(s)
      .set({ topics: row.pendingTopics, pendingTopics: null, confirmedAt: row.confirmedAt ?? ctx.now, stoppedAt: null, updatedAt: ctx.now })
      .where(eq(s.id, row.id))
      .returning();
    topics = after!.topics;
  }
  ctx.audit = { action: 'outreach.public-confirm', targetType: 'outreach_subscriber', targetId: row.id, after: { topics } };
  return { state: row.stoppedAt && !row.pendingTopics ? ('stopped' as const) : ('confirmed' as const), topics: topics as PublicTopic[] };
}

/** The stop link of every message: no topics any more, pending ones dropped. */
export async function stopPublic(ctx: Ctx, token: string) {
  const row = await byToken(ctx, token);
  await ctx.db.update(s).set({ topics: [], pendingTopics: null, stoppedAt: ctx.now, updatedAt: ctx.now }).where(eq(s.id, row.id));
  ctx.audit = { action: 'outreach.public-stop', targetType: 'outreach_subscriber', targetId: row.id, before: { topics: row.topics } };
  return { state: 'stopped' as const, topics: [] };
}

/**
 * Queues one message per confirmed subscriber of the topic (in the region, or every region when `regionCode` is null),
 * in the caller's transaction. The dedupe key (record, subscriber) makes a second announcement of the same record a
 * no-op for everyone already told. Returns how many were queued (or already were).
 */
export async function pushToPublic(ctx: Ctx, p: { regionCode: string | null; topic: PublicTopic; title: Msg; link: string; key: string }): Promise<number> {
  const subs = await ctx.db
    .select()
    .from(s)
    .where(and(p.regionCode ? eq(s.regionCode, p.regionCode) : undefined, isNotNull(s.confirmedAt), isNull(s.stoppedAt), sql`${p.topic} = any(${s.topics})`));
  const url = `${ctx.deps.config.publicUrl.replace(/\/$/, '')}${p.link}`;
  const label = PUBLIC_TOPIC_LABELS[p.topic];
  for (const sub of subs) {
    const aad = aadOf(sub.addressHash);
    const address = ctx.deps.sealer.open(sub.addressSealed, aad);
    const stop = linkOf(ctx, 'stop', ctx.deps.sealer.open(sub.tokenSealed, aad));
    const body =
      sub.channel === 'sms'
        ? `【商秘通·${label.zh}】${p.title.zh} ${url} 退订：${stop}`
        : [`【${label.zh}】${p.title.zh}`, `阅读：${url}`, `退订：${stop}`, '', `[${label.en}] ${p.title.en}`, `Read: ${url}`, `Unsubscribe: ${stop}`].join('\n');
    const dedupeKey = `outreach-push:${p.key}:${sub.id}`;
    await queueMessage(ctx.db, { channel: sub.channel, sealedRecipient: ctx.deps.sealer.seal(address, dedupeKey), subject: `【商秘通·${label.zh}】${p.title.zh}`, body, dedupeKey }, ctx.now);
  }
  return subs.length;
}
