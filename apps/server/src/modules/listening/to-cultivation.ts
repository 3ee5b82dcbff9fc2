/**
 * A need becomes a cultivation coaching item (辅导事项): the item is added to the plan of the enterprise's current
 * cultivation entry through the cultivation module's face, and the need links that entry (`cultivation`, its id) — in
 * one transaction. The caller needs the cultivation module's own permission; an enterprise not on the list is refused.
 */
import type { z } from 'zod';
import type { NeedDetail, needToCultivation as needToCultivationBody } from '@shangmi/shared';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, forbidden } from '../../platform/errors.js';
import { addPlanItem, enterpriseTimeline } from '../cultivation/cultivation.service.js';
import { M } from './listening.messages.js';
import { linkNeed } from './needs.js';
import { assertStaff, findNeed } from './scope.js';

export async function needToCultivation(ctx: Ctx, id: number, input: z.infer<typeof needToCultivationBody>): Promise<NeedDetail> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  if (!actor.permissions.has('cultivation:manage')) throw forbidden(M.cultivationManage);
  const n = await findNeed(ctx, id, true);
  if (n.state === 'closed') throw fieldError('kind', M.openOnly, 'CONFLICT');
  if (n.linkKind) throw fieldError('kind', M.linkExists, 'CONFLICT');
  const entry = (await enterpriseTimeline(ctx, n.enterpriseId)).find((e) => e.stage !== 'withdrawn');
  if (!entry) throw fieldError('title', M.notCultivated, 'CONFLICT');
  await addPlanItem(ctx, entry.id, { title: input.title, dueDate: input.dueDate ?? null, note: input.note ?? `来自企业诉求 #${id}` });
  const linked = await linkNeed(ctx, id, { kind: 'cultivation', id: entry.id });
  ctx.audit = { targetType: 'listening_need', targetId: id, after: { linkKind: 'cultivation', linkId: entry.id, coaching: input.title } };
  return linked;
}
