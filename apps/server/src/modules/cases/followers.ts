import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { CASE_EVENT_LABELS, CASE_STATUS_LABELS, type CaseStatus } from '@shangmi/shared';
import { caseSubscriptions, cases } from '../../db/schema/index.js';
import { sha256Hex } from '../../platform/crypto.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { queueMessage } from '../../platform/inbox.js';

/**
 * A public filer may follow a complaint by e-mail from the tracking page: each step the page shows (accepted, filed,
 * decided, closed …) sends them a message. The address is sealed like the reporter's identity and opened only by the
 * outbox sender; each message carries a one-click stop link (its token's SHA-256 is all the table keeps of it).
 */

const aadOf = (caseId: number, tokenHash: string) => `case-subscription:${caseId}:${tokenHash}`;

export async function followCase(ctx: Ctx, code: string, email: string): Promise<{ ok: true }> {
  const rows = await ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.trackingCode, code));
  if (!rows.length) throw notFound();
  const address = email.trim().toLowerCase();
  for (const r of rows) {
    const token = crypto.randomBytes(24).toString('base64url');
    const tokenHash = sha256Hex(token);
    const emailHash = sha256Hex(`${r.id}:${address}`);
    // the same address again: its subscription comes back to life (a new token; the old link stops nothing any more)
    await ctx.db
      .insert(caseSubscriptions)
      .values({ caseId: r.id, emailSealed: ctx.deps.sealer.seal(address, aadOf(r.id, tokenHash)), emailHash, tokenHash, createdAt: ctx.now })
      .onConflictDoUpdate({
        target: [caseSubscriptions.caseId, caseSubscriptions.emailHash],
        set: { emailSealed: ctx.deps.sealer.seal(address, aadOf(r.id, tokenHash)), tokenHash, stoppedAt: null, createdAt: ctx.now },
      });
  }
  ctx.audit = { action: 'cases.subscribe', targetType: 'case', targetId: rows.map((r) => r.id).join(',') };
  return { ok: true };
}

/** The one-click stop: the token from the message's link. An unknown or used token answers the same (nothing is revealed). */
export async function unfollowCase(ctx: Ctx, token: string): Promise<{ ok: true }> {
  const stopped = await ctx.db
    .update(caseSubscriptions)
    .set({ stoppedAt: ctx.now })
    .where(and(eq(caseSubscriptions.tokenHash, sha256Hex(token)), isNull(caseSubscriptions.stoppedAt)))
    .returning({ caseId: caseSubscriptions.caseId });
  ctx.audit = { action: 'cases.unsubscribe', targetType: 'case', targetId: stopped[0]?.caseId ?? null };
  return { ok: true };
}

/**
 * Queues a message to each follower of the case about a step the tracking page shows, in the step's transaction.
 * The stop link needs the token, which is not kept: each message gets a fresh token for its subscription, so the
 * newest message's link stops it (an older link then stops nothing — the message says the newest one counts).
 */
export async function tellFollowers(ctx: Ctx, caseId: number, action: string, toStatus: string | null, eventId: number): Promise<void> {
  const subs = await ctx.db
    .select({ sub: caseSubscriptions, trackingCode: cases.trackingCode, title: cases.title })
    .from(caseSubscriptions)
    .innerJoin(cases, eq(cases.id, caseSubscriptions.caseId))
    .where(and(eq(caseSubscriptions.caseId, caseId), isNull(caseSubscriptions.stoppedAt)));
  if (!subs.length) return;
  const step = CASE_EVENT_LABELS[action] ?? { zh: action, en: action };
  const status = toStatus ? CASE_STATUS_LABELS[toStatus as CaseStatus] : null;
  const base = ctx.deps.config.publicUrl;
  for (const { sub, trackingCode } of subs) {
    const address = ctx.deps.sealer.open(sub.emailSealed, aadOf(caseId, sub.tokenHash));
    const token = crypto.randomBytes(24).toString('base64url');
    const tokenHash = sha256Hex(token);
    await ctx.db
      .update(caseSubscriptions)
      .set({ tokenHash, emailSealed: ctx.deps.sealer.seal(address, aadOf(caseId, tokenHash)) })
      .where(eq(caseSubscriptions.id, sub.id));
    const dedupeKey = `case-follow:${sub.id}:${eventId}`;
    const body = [
      `您关注的投诉举报（查询码 ${trackingCode}）有新进展：${step.zh}${status ? `，当前状态：${status.zh}` : ''}。`,
      `查看进度：${base}/track?code=${trackingCode}`,
      `不再接收此类邮件：${base}/track/unsubscribe?token=${token}（以最近一封邮件中的链接为准）`,
      '',
      `Your complaint or report (tracking code ${trackingCode}) moved on: ${step.en}${status ? `; now: ${status.en}` : ''}.`,
      `Status: ${base}/track?code=${trackingCode}`,
      `Stop these e-mails: ${base}/track/unsubscribe?token=${token} (the link in the newest e-mail counts)`,
    ].join('\n');
    await queueMessage(
      ctx.db,
      { channel: 'email', sealedRecipient: ctx.deps.sealer.seal(address, dedupeKey), subject: `【商秘通】案件进度：${step.zh}`, body, dedupeKey },
      ctx.now,
    );
  }
}

