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
import { defineWorkflow, takeStep } from '../../platform/workflow/index.js';
import { claimFiles } from '../files/files.service.js';
import { getDetail } from './read.js';
import { homeOf, stageName, type EntryRow } from './scope.js';
import { linkEvidence, lockForChange, touch, type Locked } from './writes.js';

const L = (zh: string, en: string) => ({ zh, en });

/**
 * States are the entry's `review`: none (no open request), district, city, returned. Step names are the history's
 * actions. Separation of duties as before the engine: the approver is neither the requester nor the district reviewer
 * (adding `separateFrom: ['requested']` to the district's steps would also keep the requester from reviewing).
 */
export const stagePath = defineWorkflow({
  kind: 'cultivation.stage',
  label: L('培育阶段申请', 'Cultivation stage request'),
  states: {
    none: { label: L('无待审申请', 'No open request') },
    district: { label: L('待区县审核', 'Awaiting district review') },
    city: { label: L('待市局审批', 'Awaiting city approval') },
    returned: { label: L('已退回', 'Returned') },
  },
  initial: 'none',
  transitions: [
    {
      name: 'requested',
      from: ['none', 'returned'],
      to: ['district', 'city'],
      permission: 'cultivation:manage',
      startsRound: true,
      label: L('提交阶段申请', 'Stage requested'),
      refuse: { state: L('已有待审核的阶段申请，请等待审核或先撤回', 'A stage request is already waiting for review; wait for it or cancel it first') },
    },
    {
      name: 'cancelled',
      from: ['district', 'city'],
      to: 'none',
      permission: 'cultivation:manage',
      onlyBy: 'requested',
      label: L('撤回申请', 'Request cancelled'),
      refuse: { onlyBy: L('只有申请人可以撤回申请', 'Only the requester can cancel a request'), state: L('没有待审核的阶段申请', 'There is no open stage request') },
    },
    ...(['district_passed', 'district_returned'] as const).map((name) => ({
      name,
      from: 'district' as const,
      to: name === 'district_passed' ? ('city' as const) : ('returned' as const),
      permission: 'cultivation:review' as const,
      by: 'bureau' as const,
      requires: name === 'district_returned' ? { reason: true } : undefined,
      label: name === 'district_passed' ? L('区县审核通过', 'Passed by the district') : L('区县审核退回', 'Returned by the district'),
      refuse: {
        scope: L('只有企业所在区县可以审核', 'Only the enterprise’s own district reviews its requests'),
        state: L('没有待区县审核的申请', 'There is no request waiting for district review'),
        reason: L('退回时须填写退回原因', 'is required when returning (give the reason)'),
      },
    })),
    ...(['city_passed', 'city_returned'] as const).map((name) => ({
      name,
      from: 'city' as const,
      to: name === 'city_passed' ? ('none' as const) : ('returned' as const),
      permission: 'cultivation:approve' as const,
      by: 'bureau' as const,
      separateFrom: ['requested', 'district_passed'],
      requires: name === 'city_returned' ? { reason: true } : undefined,
      label: name === 'city_passed' ? L('市局审批通过', 'Approved by the city') : L('市局审批退回', 'Returned by the city'),
      refuse: {
        scope: L('只有企业所在城市的市局可以审批', 'Only the enterprise’s own city bureau approves its requests'),
        separation: L('审批人不能是该申请的申请人或区县审核人', 'The approver cannot be the requester or the district reviewer of this request'),
        state: L('没有待市局审批的申请', 'There is no request waiting for city approval'),
        reason: L('退回时须填写退回原因', 'is required when returning (give the reason)'),
      },
    })),
  ],
  notify: {
    district: { event: 'task', to: [{ holders: 'cultivation:review', at: 'above' }], title: L('培育阶段申请待区县审核：{record}', 'Cultivation stage request to review: {record}') },
    city: { event: 'task', to: [{ holders: 'cultivation:approve', at: 'above' }], title: L('培育阶段申请待市局审批：{record}', 'Cultivation stage request to approve: {record}') },
    returned: { event: 'decision', to: [{ steps: ['requested'] }], title: L('培育阶段申请被退回：{record}', 'Cultivation stage request returned: {record}') },
    none: { event: 'decision', to: [{ steps: ['requested'] }], title: L('培育阶段申请已通过：{record}', 'Cultivation stage request approved: {record}') },
  },
  link: (id) => `/cultivation/${id}`,
  todos: {
    district: { key: 'cultivation.district', path: '/cultivation?review=district' },
    city: { key: 'cultivation.city', path: '/cultivation?review=city' },
    returned: { key: 'cultivation.returned', path: '/cultivation?review=returned' },
  },
});

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
