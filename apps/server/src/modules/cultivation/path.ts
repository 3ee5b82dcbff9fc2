/**
 * The stage request (阶段申请) on the workflow engine: the staff keeping the list ask for the next stage (with evidence) or
 * for withdrawal (with a reason); the enterprise's district reviews; the city approves, and only then the stage changes.
 * The engine keeps the path (state, who took which step, the history, the notices); the entry keeps its copy of the
 * open request (`review`, `request_stage` …) for the lists and the board.
 */
import { nextCultivationStage, type CultivationDecision, type CultivationRequest } from '@shangmi/shared';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { takeStep } from '../../platform/workflow/index.js';
import { claimFiles } from '../files/files.service.js';
import { getDetail } from './read.js';
import { homeOf, stageName, type EntryRow } from './scope.js';
import { stagePath } from './stage-path.js';
import { linkEvidence, lockForChange, touch, type Locked } from './writes.js';

export { stagePath };

const clearedRequest = {
  review: 'none' as const,
  requestStage: null,
  requestComment: null,
  requestedBy: null,
  requestedAt: null,
  districtReviewedBy: null,
  districtReviewedAt: null,
};

const requestView = (e: EntryRow) => ({ stage: e.stage, review: e.review, requestStage: e.requestStage, returnReason: e.returnReason });

/** One step on the entry's path, the stages it concerns kept with it (the history shows them). */
function step(ctx: Ctx, locked: Locked, name: string, input: { to?: 'district' | 'city'; comment?: string | null; fileIds?: number[]; fromStage?: string; toStage?: string | null }) {
  const { entry, enterprise } = locked;
  return takeStep(ctx, stagePath, entry.id, name, {
    home: homeOf(entry, enterprise),
    to: input.to,
    comment: input.comment ?? null,
    fileIds: input.fileIds,
    data: { fromStage: input.fromStage ?? entry.stage, toStage: input.toStage === undefined ? entry.requestStage : input.toStage },
  });
}

/**
 * Asks for the next stage (with evidence) or for withdrawal (with a reason). It goes to the enterprise's district
 * bureau, or straight to the city bureau when the enterprise has no district.
 */
export async function requestStage(ctx: Ctx, id: number, input: CultivationRequest) {
  const locked = await lockForChange(ctx, id);
  const { entry, enterprise } = locked;
  if (input.toStage !== 'withdrawn' && entry.review !== 'district' && entry.review !== 'city') {
    const next = nextCultivationStage(entry.stage);
    if (!next) throw fieldError('toStage', { zh: '已是最终阶段（认定），不能再申请', en: 'the entry is at the last stage (accepted)' }, 'CONFLICT');
    if (input.toStage !== next) {
      const n = stageName(next);
      throw fieldError('toStage', { zh: `只能申请进入下一阶段（${n.zh}）`, en: `can only be the next stage (${n.en})` });
    }
    if (!input.fileIds.length) {
      throw fieldError('fileIds', { zh: `申请进入“${stageName(next).zh}”阶段须上传佐证材料`, en: `are required to ask for the ${stageName(next).en} stage` });
    }
  }
  const review = enterprise.districtCode ? ('district' as const) : ('city' as const);
  const proof = await claimFiles(ctx, input.fileIds, 'fileIds');
  await step(ctx, locked, 'requested', { to: review, comment: input.comment, fileIds: proof.map((f) => f.id), toStage: input.toStage });
  const actor = requireActor(ctx);
  const after = await touch(ctx, id, {
    ...clearedRequest,
    review,
    requestStage: input.toStage,
    requestComment: input.comment,
    requestedBy: actor.userId,
    requestedAt: ctx.now,
    returnReason: null,
    returnedAt: null,
  });
  await linkEvidence(ctx, id, proof, input.toStage, null);
  ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(entry), after: { ...requestView(after), fileIds: proof.map((f) => f.id) } };
  return getDetail(ctx, id);
}

/** The requester takes their open request back (before the city has decided). */
export async function cancelRequest(ctx: Ctx, id: number, comment: string | null) {
  const locked = await lockForChange(ctx, id);
  await step(ctx, locked, 'cancelled', { comment });
  const after = await touch(ctx, id, clearedRequest);
  ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(locked.entry), after: requestView(after) };
  return getDetail(ctx, id);
}

async function returnRequest(ctx: Ctx, locked: Locked, d: CultivationDecision, level: 'district' | 'city') {
  const { entry } = locked;
  await step(ctx, locked, level === 'district' ? 'district_returned' : 'city_returned', { comment: d.comment });
  const after = await touch(ctx, entry.id, { review: 'returned', returnReason: d.comment!, returnedAt: ctx.now });
  ctx.audit = { action: 'cultivation.return', targetType: 'cultivation', targetId: entry.id, before: requestView(entry), after: { ...requestView(after), level } };
}

/** The district bureau passes the request on to the city, or returns it with a reason. */
export async function districtReview(ctx: Ctx, id: number, d: CultivationDecision) {
  const locked = await lockForChange(ctx, id);
  if (d.decision === 'return') {
    await returnRequest(ctx, locked, d, 'district');
  } else {
    await step(ctx, locked, 'district_passed', { comment: d.comment });
    const after = await touch(ctx, id, { review: 'city', districtReviewedBy: requireActor(ctx).userId, districtReviewedAt: ctx.now });
    ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(locked.entry), after: requestView(after) };
  }
  return getDetail(ctx, id);
}

/**
 * The city bureau approves (the stage changes) or returns the request. The approver is someone other than the requester
 * and the district reviewer, so every stage passes two pairs of eyes besides the one asking.
 */
export async function cityApproval(ctx: Ctx, id: number, d: CultivationDecision) {
  const locked = await lockForChange(ctx, id);
  const { entry } = locked;
  if (d.decision === 'return') {
    await returnRequest(ctx, locked, d, 'city');
  } else {
    const { step: taken } = await step(ctx, locked, 'city_passed', { comment: d.comment });
    const to = (taken.data as { toStage: EntryRow['stage'] }).toStage;
    const after = await touch(ctx, id, { ...clearedRequest, stage: to, stageChangedAt: ctx.now, returnReason: null, returnedAt: null });
    ctx.audit = { action: 'cultivation.approve', targetType: 'cultivation', targetId: id, before: requestView(entry), after: requestView(after) };
  }
  return getDetail(ctx, id);
}
