/**
 * The stage request's path as declared on the workflow engine (path.ts takes its steps; read.ts and writes.ts read it).
 * States are the entry's `review`; step names are the history's actions.
 */
import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });

/**
 * States are the entry's `review`: none (no open request), district, city, returned. Step names are the history's
 * actions. Separation of duties (issue 13): the requester may not review (the district's steps are separated from
 * `requested`), and the approver is neither the requester nor the district reviewer.
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
      separateFrom: ['requested'],
      requires: name === 'district_returned' ? { reason: true } : undefined,
      label: name === 'district_passed' ? L('区县审核通过', 'Passed by the district') : L('区县审核退回', 'Returned by the district'),
      refuse: {
        scope: L('只有企业所在区县可以审核', 'Only the enterprise’s own district reviews its requests'),
        separation: L('审核人不能是该申请的申请人', 'The reviewer cannot be the requester of this request'),
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
