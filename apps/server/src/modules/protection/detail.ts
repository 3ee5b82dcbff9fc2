/** A secret's page: the entry, its live readiness, measures, proofs, the people who know it, notices and history. */
import { desc, eq } from 'drizzle-orm';
import type { SecretDetail } from '@shangmi/shared';
import { secretEvents } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { historyLine, instanceOf, newestFirst, stepsOf } from '../../platform/workflow/index.js';
import { listMeasures, listSecretProofs } from './measures.js';
import { listNoticesOf } from './notices.js';
import { listKnowers } from './people.js';
import { computeReadiness } from './readiness.js';
import { getSecret } from './register.js';
import { reviewPath } from './review.js';
import { findSecret } from './scope.js';

export async function secretHistory(ctx: Ctx, secretId: number) {
  const [events, steps] = await Promise.all([
    ctx.db.select().from(secretEvents).where(eq(secretEvents.secretId, secretId)).orderBy(desc(secretEvents.at), desc(secretEvents.id)).limit(500),
    stepsOf(ctx, reviewPath, [secretId]),
  ]);
  const lines = [
    ...events.map((e) => ({ id: e.id, at: e.at.toISOString(), userName: e.userName, action: e.action, data: e.data as Record<string, unknown> })),
    ...steps.map((s) => {
      const h = historyLine<Record<string, unknown>>(s);
      return { id: h.id, at: h.at, userName: h.userName, action: `review.${h.action}`, data: { comment: h.comment, dueOn: s.toState === 'scheduled' ? null : undefined } };
    }),
  ];
  return lines.sort(newestFirst);
}

export async function secretDetail(ctx: Ctx, id: number): Promise<SecretDetail> {
  const row = await findSecret(ctx, id);
  const [secret, readiness, measures, proofs, knowers, notices, history, inst] = await Promise.all([
    getSecret(ctx, id),
    computeReadiness(ctx, [row]).then((m) => m.get(id)!),
    listMeasures(ctx, [id], row.orgId),
    listSecretProofs(ctx, [id]),
    listKnowers(ctx, id),
    listNoticesOf(ctx, { secretId: id }, 200),
    secretHistory(ctx, id),
    instanceOf(ctx, reviewPath, id),
  ]);
  return {
    secret,
    readiness: { score: readiness.score, items: readiness.items, expected: readiness.expected, gaps: readiness.gaps, withoutEvidence: readiness.withoutEvidence, unknown: readiness.unknown, people: readiness.people },
    measures: measures.map(({ secretId: _s, ...m }) => m),
    proofs: proofs.map(({ secretId: _s, ...p }) => p),
    knowers,
    notices: notices.map((n) => ({ id: n.id, personName: n.personName, status: n.status, sentAt: n.sentAt, acknowledgedAt: n.acknowledgedAt })),
    history,
    review: { state: inst?.state ?? 'none', dueOn: inst?.dueOn ?? null },
  };
}
