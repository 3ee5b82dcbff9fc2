/**
 * Site acceptance (验收) on the workflow engine: the site's staff submit a self-evaluation with evidence; the district
 * scores it and passes or returns it; the city accredits it (a plaque number) or returns it; the staff may withdraw an
 * application under review. The engine keeps the path (state, who took which step, history, notices); the site keeps
 * its copy (`sites.acceptance`, the status) for lists and the dashboard, and `site_acceptances` keeps the scores.
 */
import { defineWorkflow } from '../../platform/workflow/index.js';
import type { Home } from '../../platform/workflow/index.js';
import type { Row } from './scope.js';

const L = (zh: string, en: string) => ({ zh, en });
const RETURN_REASON = L('退回时须填写退回原因', 'is required when returning (give the reason)');

/** States are the site's `acceptance` (none before the first application). */
export const acceptancePath = defineWorkflow({
  kind: 'sites.acceptance',
  label: L('站点验收申请', 'Site acceptance'),
  states: {
    none: { label: L('未申请', 'Not applied') },
    district: { label: L('待区县审核', 'Awaiting district review') },
    city: { label: L('待市局认定', 'Awaiting city accreditation') },
    returned: { label: L('已退回', 'Returned') },
    withdrawn: { label: L('已撤回', 'Withdrawn') },
    approved: { label: L('已认定', 'Accredited') },
  },
  initial: 'none',
  transitions: [
    {
      name: 'submitted',
      from: ['none', 'returned', 'withdrawn', 'approved'],
      to: ['district', 'city'],
      permission: 'sites:submit',
      startsRound: true,
      label: L('提交验收申请', 'Acceptance submitted'),
      refuse: { state: L('已有待审核的验收申请', 'An acceptance is already waiting for review') },
    },
    {
      name: 'withdrawn',
      from: ['district', 'city'],
      to: 'withdrawn',
      permission: 'sites:submit',
      requires: { reason: true },
      work: false,
      label: L('撤回验收申请', 'Acceptance withdrawn'),
      refuse: { state: L('没有待审核的验收申请可以撤回', 'There is no acceptance under review to withdraw') },
    },
    {
      name: 'district_passed',
      from: 'district',
      to: 'city',
      permission: 'sites:review',
      by: 'bureau',
      // the one who submitted may not review (issue 13's separation of duties)
      separateFrom: ['submitted'],
      label: L('区县审核通过', 'Passed by the district'),
      refuse: { scope: L('只有站点所在区县可以审核', 'Only the site’s own district reviews its acceptance'), separation: L('审核人不能是该验收的提交人', 'The reviewer cannot be the submitter of this acceptance'), state: L('没有待区县审核的验收申请', 'There is no acceptance waiting for district review') },
    },
    {
      name: 'district_returned',
      from: 'district',
      to: 'returned',
      permission: 'sites:review',
      by: 'bureau',
      // the one who submitted may not review (issue 13's separation of duties)
      separateFrom: ['submitted'],
      requires: { reason: true },
      label: L('区县审核退回', 'Returned by the district'),
      refuse: { scope: L('只有站点所在区县可以审核', 'Only the site’s own district reviews its acceptance'), separation: L('审核人不能是该验收的提交人', 'The reviewer cannot be the submitter of this acceptance'), state: L('没有待区县审核的验收申请', 'There is no acceptance waiting for district review'), reason: RETURN_REASON },
    },
    ...(['city_approved', 'city_returned'] as const).map((name) => ({
      name,
      from: 'city' as const,
      to: name === 'city_approved' ? ('approved' as const) : ('returned' as const),
      permission: 'sites:approve' as const,
      by: 'bureau' as const,
      separateFrom: ['submitted', 'district_passed'],
      requires: name === 'city_returned' ? { reason: true } : undefined,
      label: name === 'city_approved' ? L('市局认定', 'Accredited by the city') : L('市局审批退回', 'Returned by the city'),
      refuse: {
        scope: L('只有站点所在城市的市局可以认定', 'Only the site’s own city bureau accredits it'),
        separation: L('审批人不能是该申请的申请人或区县审核人', 'The approver cannot be the submitter or the district reviewer'),
        state: L('没有待市局审批的验收申请', 'There is no acceptance waiting for city approval'),
        reason: RETURN_REASON,
      },
    })),
  ],
  notify: {
    district: { event: 'task', to: [{ holders: 'sites:review', at: 'above' }], title: L('站点验收待区县审核：{record}', 'Site acceptance to review: {record}') },
    city: { event: 'task', to: [{ holders: 'sites:approve', at: 'above' }], title: L('站点验收待市局认定：{record}', 'Site acceptance to accredit: {record}') },
    returned: { event: 'decision', to: [{ steps: ['submitted'] }, { holders: 'sites:submit', at: 'home' }], title: L('站点验收申请被退回：{record}', 'Site acceptance returned: {record}') },
    approved: { event: 'decision', to: [{ steps: ['submitted'] }, { holders: 'sites:submit', at: 'home' }], title: L('站点已通过验收认定：{record}', 'Site accredited: {record}') },
  },
  link: (id) => `/sites/${id}`,
  todos: {
    district: { key: 'sites.district', path: '/sites?acceptance=district' },
    city: { key: 'sites.city', path: '/sites?acceptance=city' },
    returned: { key: 'sites.returned', path: '/sites?acceptance=returned' },
  },
});

/** A site for the engine: its own organisation is its home (the bureaus above review and accredit it). */
export const homeOf = (s: Pick<Row, 'orgId' | 'orgPath' | 'regionCode' | 'name'>): Home => ({ orgId: s.orgId, orgPath: s.orgPath, regionCode: s.regionCode, label: s.name });
