/**
 * The credit module's paths on the workflow engine (docs/workflows.md): a record's publication, a serious-list entry,
 * and an enterprise's application for repair or early removal. The engine keeps the states, who took which step, the
 * history, the time limits and their reminders, and the notices; each record keeps its copy of the state for lists.
 * What ends by itself (a publication's term, a listing's three years) is a date, not a step: the daily job records it.
 * The limits are read from config/credit at start-up (docs/credit.md § Rules).
 */
import { defineWorkflow } from '../../platform/workflow/index.js';
import { FILE_RULES } from './rules.js';

const L = (zh: string, en: string) => ({ zh, en });
const R = FILE_RULES.rules;

/**
 * draft → review → reviewed → published (→ withdrawing → withdrawn). The officer who entered it submits; someone else in
 * scope reviews (confirming the facts hold no secret, 令126 Art. 21) or returns it; a publisher publishes. A changed or
 * revoked decision is recorded (the 3-working-day withdrawal limit starts, 令45 Art. 11) and the publisher withdraws it
 * with the reason the credit systems show.
 */
export const publicationPath = defineWorkflow({
  kind: 'credit.publication',
  label: L('行政处罚信息公示', 'Penalty publication'),
  states: {
    draft: { label: L('草稿', 'Draft') },
    review: { label: L('待审核', 'Awaiting review') },
    returned: { label: L('已退回', 'Returned') },
    reviewed: { label: L('已审核待公示', 'Reviewed, to publish') },
    published: { label: L('已公示', 'Published') },
    withdrawing: { label: L('待撤回', 'To withdraw') },
    withdrawn: { label: L('已撤回', 'Withdrawn') },
  },
  initial: 'draft',
  transitions: [
    { name: 'submit', from: ['draft', 'returned'], to: 'review', permission: 'credit:manage', startsRound: true, label: L('提交审核', 'Submitted for review') },
    {
      name: 'return',
      from: 'review',
      to: 'returned',
      permission: 'credit:review',
      requires: { reason: true },
      separateFrom: ['submit'],
      label: L('审核退回', 'Returned'),
      refuse: { separation: L('审核人不能是提交人', 'The reviewer cannot be the one who submitted it') },
    },
    {
      name: 'review',
      from: 'review',
      to: 'reviewed',
      permission: 'credit:review',
      requires: { fields: ['factsConfirmed'] },
      separateFrom: ['submit'],
      label: L('审核通过', 'Reviewed'),
      refuse: {
        separation: L('审核人不能是提交人', 'The reviewer cannot be the one who submitted it'),
        state: L('该信息不在待审核状态', 'The record is not awaiting review'),
      },
    },
    {
      name: 'publish',
      from: 'reviewed',
      to: 'published',
      permission: 'credit:publish',
      label: L('公示', 'Published'),
      refuse: { state: L('须经审核后才能公示', 'A record is published only after its review') },
    },
    { name: 'revoke', from: 'published', to: 'withdrawing', permission: 'credit:manage', requires: { reason: true }, label: L('登记决定变更或撤销', 'Revocation recorded') },
    { name: 'withdraw', from: 'withdrawing', to: 'withdrawn', permission: 'credit:publish', requires: { reason: true }, label: L('撤回公示', 'Withdrawn') },
  ],
  limits: { withdrawing: { length: R.publication.withdrawWorkingDays, unit: 'working', label: L('撤回公示信息', 'Withdraw the publication') } },
  notify: {
    review: { event: 'task', to: [{ holders: 'credit:review', at: 'home' }], title: L('行政处罚信息待审核：{record}', 'Penalty record to review: {record}') },
    returned: { event: 'decision', to: [{ steps: ['submit'] }], title: L('行政处罚信息被退回：{record}', 'Penalty record returned: {record}') },
    reviewed: { event: 'task', to: [{ holders: 'credit:publish', at: 'home' }], title: L('行政处罚信息待公示：{record}', 'Penalty record to publish: {record}') },
    published: { event: 'decision', to: [{ steps: ['submit'] }], title: L('行政处罚信息已公示：{record}', 'Penalty record published: {record}') },
    withdrawing: { event: 'task', to: [{ holders: 'credit:publish', at: 'home' }], title: L('处罚决定已变更或撤销，须在三个工作日内撤回公示：{record}', 'Decision changed or revoked: withdraw within three working days: {record}') },
  },
  link: (id) => `/credit/records/${id}`,
  todos: {
    review: { key: 'credit.review', path: '/credit/records?state=review' },
    reviewed: { key: 'credit.publish', path: '/credit/records?state=reviewed' },
    withdrawing: { key: 'credit.withdraw', path: '/credit/records?state=withdrawing' },
  },
});

/**
 * proposed → noticed (the statement/hearing period) → deciding → decided → listed; or not_listed. Early removal is the
 * removal application's path; its approval takes `remove` here.
 */
export const seriousPath = defineWorkflow({
  kind: 'credit.serious',
  label: L('严重违法失信名单', 'Serious-violation list'),
  states: {
    none: { label: L('未提请', 'Not proposed') },
    proposed: { label: L('拟列入', 'Proposed') },
    noticed: { label: L('已告知（陈述申辩期）', 'Notice given') },
    deciding: { label: L('待作出列入决定', 'Awaiting decision') },
    decided: { label: L('已决定列入', 'Decided') },
    listed: { label: L('列入名单公示中', 'On the list') },
    not_listed: { label: L('不予列入', 'Not listed') },
    removed: { label: L('已移出', 'Removed') },
  },
  initial: 'none',
  transitions: [
    { name: 'propose', from: 'none', to: 'proposed', permission: 'credit:manage', startsRound: true, requires: { reason: true }, label: L('提请列入', 'Proposed') },
    { name: 'notify', from: 'proposed', to: 'noticed', permission: 'credit:manage', label: L('告知拟列入（陈述、申辩、听证权利）', 'Notice of intent given') },
    { name: 'heard', from: 'noticed', to: 'deciding', permission: 'credit:manage', requires: { fields: ['statement'] }, label: L('登记陈述申辩或听证情况', 'Statement or hearing recorded') },
    {
      name: 'decide',
      from: 'deciding',
      to: 'decided',
      permission: 'credit:decide',
      separateFrom: ['propose'],
      label: L('作出列入决定', 'Listing decided'),
      refuse: { separation: L('列入决定须由提请人以外的人作出', 'Someone other than the proposer decides') },
    },
    { name: 'not_list', from: ['proposed', 'noticed', 'deciding'], to: 'not_listed', permission: 'credit:decide', requires: { reason: true }, label: L('不予列入', 'Not listed') },
    { name: 'publish', from: 'decided', to: 'listed', permission: 'credit:publish', label: L('公示列入名单', 'Listing published') },
    { name: 'remove', from: 'listed', to: 'removed', permission: 'credit:decide', requires: { reason: true }, label: L('提前移出', 'Removed early') },
  ],
  limits: { noticed: { length: R.serious.statementWorkingDays, unit: 'working', label: L('陈述申辩期', 'Statement period') } },
  notify: {
    noticed: { event: 'deadline', to: [{ steps: ['notify'] }], title: L('拟列入严重违法失信名单的陈述申辩期：{record}', 'Statement period before listing: {record}') },
    deciding: { event: 'task', to: [{ holders: 'credit:decide', at: 'above' }, { holders: 'credit:decide', at: 'home' }], title: L('严重违法失信名单待决定：{record}', 'Listing to decide: {record}') },
    decided: { event: 'task', to: [{ holders: 'credit:publish', at: 'home' }], title: L('严重违法失信名单待公示：{record}', 'Listing to publish: {record}') },
    not_listed: { event: 'decision', to: [{ steps: ['propose'] }], title: L('决定不予列入：{record}', 'Not listed: {record}') },
  },
  link: (id) => `/credit/serious/${id}`,
  todos: {
    deciding: { key: 'credit.serious.decide', path: '/credit/serious?state=deciding' },
    decided: { key: 'credit.serious.publish', path: '/credit/serious?state=decided' },
  },
});

function applicationPath(kind: 'credit.repair' | 'credit.removal', label: { zh: string; en: string }, review: number, decide: number, what: string) {
  return defineWorkflow({
    kind,
    label,
    states: {
      none: { label: L('未申请', 'Not applied') },
      district: { label: L('待区县审核', 'Awaiting district review') },
      city: { label: L('待市局决定', 'Awaiting the city’s decision') },
      returned: { label: L('已退回补正', 'Returned for more material') },
      approved: { label: L('准予', 'Approved') },
      rejected: { label: L('不予准许', 'Refused') },
    },
    initial: 'none',
    transitions: [
      { name: 'apply', from: ['none', 'returned'], to: 'district', permission: 'credit:apply', startsRound: true, requires: { files: 1 }, label: L('提交申请', 'Applied') },
      {
        name: 'district_pass',
        from: 'district',
        to: 'city',
        permission: 'credit:review',
        by: 'bureau',
        label: L('区县审核通过', 'Passed by the district'),
        refuse: { scope: L('由企业所在区县或作出决定的部门审核', 'The enterprise’s district reviews it') },
      },
      { name: 'district_return', from: 'district', to: 'returned', permission: 'credit:review', by: 'bureau', requires: { reason: true }, label: L('退回补正', 'Returned') },
      {
        name: 'approve',
        from: 'city',
        to: 'approved',
        permission: 'credit:decide',
        by: 'bureau',
        separateFrom: ['district_pass'],
        label: L('决定准予', 'Approved'),
        refuse: { separation: L('决定人不能是区县审核人', 'The decider cannot be the district reviewer') },
      },
      { name: 'reject', from: 'city', to: 'rejected', permission: 'credit:decide', by: 'bureau', requires: { reason: true }, label: L('决定不予准许', 'Refused') },
    ],
    limits: {
      district: { length: review, unit: 'working', label: L(`${what}：审核（受理）`, 'Review (acceptance)') },
      city: { length: decide, unit: 'working', label: L(`${what}：作出决定`, 'Decision') },
    },
    notify: {
      district: { event: 'task', to: [{ holders: 'credit:review', at: 'above' }], title: L(`${label.zh}待审核：{record}`, `${label.en} to review: {record}`) },
      city: { event: 'task', to: [{ holders: 'credit:decide', at: 'above' }], title: L(`${label.zh}待决定：{record}`, `${label.en} to decide: {record}`) },
      returned: { event: 'decision', to: [{ steps: ['apply'] }], title: L(`${label.zh}被退回补正：{record}`, `${label.en} returned: {record}`) },
      approved: { event: 'decision', to: [{ steps: ['apply'] }], title: L(`${label.zh}已准予：{record}`, `${label.en} approved: {record}`) },
      rejected: { event: 'decision', to: [{ steps: ['apply'] }], title: L(`${label.zh}未获准许：{record}`, `${label.en} refused: {record}`) },
    },
    link: (id) => `/credit/repairs/${id}`,
    todos: {
      // the list filtered to this path's kind, so the count agrees with the list it opens
      district: { key: `${kind}.district`, path: `/credit/repairs?state=district&kind=${kind === 'credit.repair' ? 'record' : 'serious'}` },
      city: { key: `${kind}.city`, path: `/credit/repairs?state=city&kind=${kind === 'credit.repair' ? 'record' : 'serious'}` },
    },
  });
}

/** Credit repair of a penalty's publication (信用修复, 提前停止公示). */
export const repairPath = applicationPath('credit.repair', L('信用修复申请', 'Credit repair application'), R.repair.reviewWorkingDays, R.repair.decideWorkingDays, '信用修复');
/** Early removal from the list (令44: accept within 2 working days, decide within 15). */
export const removalPath = applicationPath('credit.removal', L('提前移出名单申请', 'Early removal application'), R.serious.acceptWorkingDays, R.serious.decideWorkingDays, '提前移出');
