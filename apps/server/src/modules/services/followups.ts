/**
 * Requests that come from, or lead to, other modules' records — each through the owning module's face, in the caller's
 * one transaction (req.mutate), so a refusal anywhere leaves nothing behind:
 * - 转为求助: a bureau turns a listening need into a help request for the need's enterprise; the need records the link
 *   (listening's `linkNeed`), the request remembers the need.
 * - From a delivered request, the follow-up the issue names: an on-site health check (assessments), a rights-holder
 *   report (cases), a cultivation entry (cultivation). The owning module's rules decide who may (a health check by the
 *   enterprise's site with its consent, a report by the enterprise itself, a cultivation entry by staff in scope); the
 *   request keeps `{ kind, id }` of what it started, once per kind.
 */
import { eq, sql } from 'drizzle-orm';
import type { HelpRequestDetail, requestFollowUp, requestFromNeed as fromNeedSchema } from '@shangmi/shared';
import type { z } from 'zod';
import { helpRequests } from '../../db/schema/index.js';
import { can, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, forbidden } from '../../platform/errors.js';
import { createAssessment } from '../assessments/assessments.service.js';
import { rightholderReport } from '../cases/cases.service.js';
import { createEntry } from '../cultivation/cultivation.service.js';
import { findEnterpriseInScope } from '../enterprises/enterprises.service.js';
import { getNeed, linkNeed } from '../listening/listening.service.js';
import { getRequest, insertRequest } from './requests.js';
import { findRequest } from './scope.js';
import { msg } from './services.messages.js';

export async function requestFromNeed(ctx: Ctx, input: z.output<typeof fromNeedSchema>): Promise<HelpRequestDetail> {
  const need = await getNeed(ctx, input.needId); // in the caller's scope, else 404
  if (need.state === 'closed') throw fieldError('needId', msg.needClosed, 'CONFLICT');
  if (need.linkKind) throw fieldError('needId', msg.needLinked, 'CONFLICT');
  const ent = await findEnterpriseInScope(ctx, need.enterpriseId, 'needId');
  const id = await insertRequest(
    ctx,
    { ...ent, enterpriseId: ent.id },
    {
      serviceKind: input.serviceKind,
      title: input.title ?? need.title.slice(0, 60),
      need: input.need ?? (need.detail ?? need.title).slice(0, 1000),
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      assigneeOrgId: input.assigneeOrgId ?? null,
    },
    { step: 'open', needId: need.id },
  );
  await linkNeed(ctx, need.id, { kind: 'service_request', id });
  const detail = await getRequest(ctx, id);
  ctx.audit = { targetType: 'help_request', targetId: detail.id, after: { needId: need.id, serviceKind: detail.serviceKind, assigneeOrgId: detail.assigneeOrgId, state: detail.state } };
  return detail;
}

/** The permission the owning module's own route asks for the same record. */
const FOLLOW_UP_PERMISSION = { health_check: 'assessments:answer', report: 'cases:report', cultivation: 'cultivation:manage' } as const;

export async function startFollowUp(ctx: Ctx, id: number, input: z.output<typeof requestFollowUp>): Promise<HelpRequestDetail> {
  const actor = requireActor(ctx);
  if (!can(actor, FOLLOW_UP_PERMISSION[input.kind])) throw forbidden();
  const r = await findRequest(ctx, id, { lock: true });
  if (r.state !== 'delivered' && r.state !== 'confirmed') throw fieldError('kind', msg.notDeliveredYet, 'CONFLICT');
  if (r.followUps.some((f) => f.kind === input.kind)) throw fieldError('kind', msg.followUpExists, 'CONFLICT');
  // a member of the public's request has no enterprise to follow up with
  if (r.enterpriseId === null) throw fieldError('kind', msg.noEnterprise, 'CONFLICT');
  const enterpriseId = r.enterpriseId;
  let startedId: number;
  switch (input.kind) {
    case 'health_check':
      startedId = (await createAssessment(ctx, { kind: 'onsite', enterpriseId, consentBy: input.consentBy, consentDate: input.consentDate, consentNote: input.consentNote ?? null })).id;
      break;
    case 'report':
      startedId = (await rightholderReport(ctx, input.report)).cases[0]!.id;
      break;
    case 'cultivation':
      startedId = (await createEntry(ctx, { ...input.entry, enterpriseId })).id;
      break;
  }
  const entry = { kind: input.kind, id: startedId, at: ctx.now.toISOString(), by: actor.userId };
  // appended in SQL under the row lock taken above
  await ctx.db
    .update(helpRequests)
    .set({ followUps: sql`${helpRequests.followUps} || ${JSON.stringify([entry])}::jsonb`, updatedAt: ctx.now })
    .where(eq(helpRequests.id, id));
  ctx.audit = { targetType: 'help_request', targetId: id, after: { followUp: input.kind, startedId } };
  return getRequest(ctx, id);
}
