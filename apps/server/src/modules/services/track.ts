/**
 * A member of the public follows and rates a help request asked without an account (issue 15 item 3), like /track for
 * complaints: the code handed out at the public form (15 random digits and a Luhn check digit, so a mistyped code is
 * refused before any lookup and guessing one is hopeless at the rate the lookup bucket allows). The page shows the state,
 * the assigned organisation, dated steps and the delivery's outcome — never an officer's name; once delivered the asker
 * rates it, once (the system step `publicConfirm`: no account takes it).
 */
import crypto from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { luhnCheckDigit, type PublicRequestStatus, type RequestState, type publicRequestRate } from '@shangmi/shared';
import type { z } from 'zod';
import { helpRequests, orgs } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, notFound } from '../../platform/errors.js';
import { historyLine, stepsOf, takeStep } from '../../platform/workflow/index.js';
import { requestPath } from './paths.js';
import { touchCandidates } from './candidates.js';
import { consultMsg } from './consultations.messages.js';

export function newRequestCode(): string {
  let body = '';
  while (body.length < 15) body += crypto.randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  body = body.slice(0, 15);
  return body + luhnCheckDigit(body);
}

async function byCode(ctx: Ctx, code: string, lock = false) {
  const q = ctx.db.select().from(helpRequests).where(and(eq(helpRequests.trackingCode, code), isNotNull(helpRequests.trackingCode)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

export async function publicRequestStatus(ctx: Ctx, code: string): Promise<PublicRequestStatus> {
  const r = await byCode(ctx, code);
  const names = await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, r.requesterOrgId));
  const [assignee] = r.assigneeOrgId ? await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, r.assigneeOrgId)) : [];
  const steps = (await stepsOf(ctx, requestPath, [r.id])).map(historyLine).sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
  const label = (name: string) => requestPath.transitions.find((t) => t.name === name)?.label;
  return {
    trackingCode: code,
    serviceKind: r.serviceKind,
    title: r.title,
    state: r.state as RequestState,
    bureauName: names[0]?.name ?? '',
    assigneeName: assignee?.name ?? null,
    createdAt: r.createdAt.toISOString(),
    deliveredOn: r.deliveredOn,
    outcome: r.state === 'delivered' || r.state === 'confirmed' ? r.outcome : null,
    rating: r.rating,
    mayRate: r.state === 'delivered' && r.rating === null,
    // dated steps by what happened, not by whom
    steps: steps.map((s) => ({ at: s.at, action: (ctx.locale.startsWith('en') ? label(s.action)?.en : label(s.action)?.zh) ?? s.action })),
  };
}

/** Rates a delivered request once: under the row's lock, so two tabs rating at once give one rating and one 409. */
export async function ratePublicRequest(ctx: Ctx, code: string, input: z.output<typeof publicRequestRate>): Promise<PublicRequestStatus> {
  const r = await byCode(ctx, code, true);
  if (r.rating !== null || r.state === 'confirmed') throw conflict(consultMsg.alreadyRated);
  if (r.state !== 'delivered') throw conflict(consultMsg.notDelivered);
  await takeStep(ctx, requestPath, r.id, 'publicConfirm', {
    home: { orgId: r.requesterOrgId, orgPath: r.requesterOrgPath, alsoPaths: [r.assigneeOrgPath], regionCode: r.regionCode, label: `${r.publicName ?? ''}：${r.title}` },
    comment: input.comment ?? null,
    data: { rating: input.rating },
  });
  await ctx.db
    .update(helpRequests)
    .set({ state: 'confirmed', rating: input.rating, ratingComment: input.comment ?? null, confirmedAt: ctx.now, updatedAt: ctx.now })
    .where(eq(helpRequests.id, r.id));
  await touchCandidates(ctx, [r.assigneeOrgId]);
  ctx.audit = { targetType: 'help_request', targetId: r.id, before: { state: r.state }, after: { state: 'confirmed', rating: input.rating, public: true } };
  return publicRequestStatus(ctx, code);
}

