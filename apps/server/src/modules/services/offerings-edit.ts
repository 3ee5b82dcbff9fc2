/**
 * Editing a catalogue entry: its own organisation's staff change what it says or withdraw it (`active: false` — the
 * suggestion and new requests stop finding it; requests already assigned keep their assignee). Another organisation's
 * entry answers 404. An entry tied to a contract stays non-free.
 */
import { and, eq } from 'drizzle-orm';
import type { offeringUpdate } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, serviceOfferings } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { isDelivererUser } from './scope.js';
import { refreshCandidates } from './candidates.js';

export async function updateOffering(ctx: Ctx, id: number, input: z.output<typeof offeringUpdate>) {
  const actor = requireActor(ctx);
  const [before] = await ctx.db
    .select()
    .from(serviceOfferings)
    .where(and(eq(serviceOfferings.id, id), isDelivererUser(actor) ? eq(serviceOfferings.orgId, actor.orgId) : eq(serviceOfferings.id, -1)))
    .for('update');
  if (!before) throw notFound();
  if (input.free === true && before.contractId) throw fieldError('free', { zh: '合同项下的服务不能标为公益', en: 'a service under a contract cannot be marked free' });
  const [after] = await ctx.db
    .update(serviceOfferings)
    .set({ ...input, updatedAt: ctx.now })
    .where(eq(serviceOfferings.id, id))
    .returning();
  await refreshCandidates(ctx, [after!.orgId]);
  const [o] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, after!.orgId));
  ctx.audit = { targetType: 'service_offering', targetId: id, before: { title: before.title, active: before.active, free: before.free, responseDays: before.responseDays }, after: { ...input } };
  const a = after!;
  return {
    id: a.id,
    orgId: a.orgId,
    orgName: o?.name ?? '',
    orgKind: a.orgKind,
    districtCode: a.districtCode,
    serviceKind: a.serviceKind,
    title: a.title,
    description: a.description,
    free: a.free,
    contractId: a.contractId,
    audience: a.audience,
    responseDays: a.responseDays,
    active: a.active,
  };
}
