/**
 * The services module's paths on the workflow engine (docs/workflows.md): a help request from the enterprise's request
 * to its rating, and a purchased-service contract's acceptance. The engine keeps the states, who took which step, the
 * time limit to accept (config/services/rules.json) and its reminders, and the notices; the module's job escalates an
 * unaccepted request to the district when the limit has run out (a system step, jobs.ts).
 */
import { defineWorkflow } from '../../platform/workflow/index.js';
import { RULES } from './rules.js';

const L = (zh: string, en: string) => ({ zh, en });

/**
 * Home: the enterprise's node (its district is the bureau above it, which reassigns); `alsoPaths`: the assignee (a site
 * or a provider), whose staff accept, decline and deliver within scope `org`.
 */
export const requestPath = defineWorkflow({
  kind: 'services.request',
  label: L('服务求助', 'Help request'),
  states: {
    none: { label: L('未提交', 'Not submitted') },
    assigned: { label: L('待受理', 'Awaiting acceptance') },
    escalated: { label: L('待区县分派', 'With the district to assign') },
    accepted: { label: L('服务中', 'Accepted') },
    delivered: { label: L('待企业确认', 'Delivered, to confirm') },
    confirmed: { label: L('已评价', 'Confirmed and rated') },
    cancelled: { label: L('已撤回', 'Withdrawn') },
  },
  initial: 'none',
  transitions: [
    { name: 'submit', from: 'none', to: ['assigned', 'escalated'], permission: 'services:request', startsRound: true, label: L('提交求助', 'Asked for help') },
    // a bureau turns a listening need of the enterprise into a request (转为求助)
    { name: 'open', from: 'none', to: ['assigned', 'escalated'], permission: 'services:assign', startsRound: true, label: L('诉求转为求助', 'Opened from a need') },
    // a member of the public asks without an account: no user takes the step (the public form, rate-limited)
    { name: 'publicSubmit', from: 'none', to: ['assigned', 'escalated'], permission: 'services:request', system: true, label: L('公众求助', 'Asked by a member of the public') },
    { name: 'accept', from: 'assigned', to: 'accepted', permission: 'services:deliver', label: L('受理', 'Accepted') },
    { name: 'decline', from: ['assigned', 'accepted'], to: 'escalated', permission: 'services:deliver', requires: { reason: true }, label: L('退回（说明理由）', 'Declined') },
    {
      name: 'escalate',
      from: 'assigned',
      to: 'escalated',
      permission: 'services:assign',
      system: true,
      label: L('超时未受理，转区县改派', 'Not accepted in time: escalated to the district'),
    },
    {
      name: 'reassign',
      from: 'escalated',
      to: 'assigned',
      permission: 'services:assign',
      requires: { reason: true },
      label: L('改派', 'Reassigned'),
      refuse: { scope: L('由企业所在区县或市局改派', 'The enterprise’s district or the city reassigns it') },
    },
    // the bureau may also redirect a request still waiting for acceptance; that is not work waiting for it (no to-do)
    {
      name: 'redirect',
      from: 'assigned',
      to: 'assigned',
      permission: 'services:assign',
      requires: { reason: true },
      work: false,
      label: L('改派', 'Reassigned'),
      refuse: { scope: L('由企业所在区县或市局改派', 'The enterprise’s district or the city reassigns it') },
    },
    { name: 'deliver', from: 'accepted', to: 'delivered', permission: 'services:deliver', label: L('服务办结', 'Delivered') },
    { name: 'confirm', from: 'delivered', to: 'confirmed', permission: 'services:request', requires: { fields: ['rating'] }, label: L('确认并评价', 'Confirmed and rated') },
    // a member of the public rates with the tracking code (no account: the public page takes the step, once)
    { name: 'publicConfirm', from: 'delivered', to: 'confirmed', permission: 'services:request', system: true, label: L('公众凭查询码评价', 'Rated by the member of the public (tracking code)') },
    { name: 'cancel', from: ['assigned', 'escalated'], to: 'cancelled', permission: 'services:request', work: false, label: L('撤回求助', 'Withdrawn') },
  ],
  limits: { assigned: { length: RULES.request.acceptWorkingDays, unit: 'working', label: L('受理求助', 'Accept the request') } },
  notify: {
    assigned: { event: 'task', to: [{ holders: 'services:deliver', at: 'also' }], title: L('新的服务求助待受理：{record}', 'New help request to accept: {record}') },
    // a public request's home is the district bureau itself: its officers hear of it there
    escalated: { event: 'task', to: [{ holders: 'services:assign', at: 'above' }, { holders: 'services:assign', at: 'home' }], title: L('服务求助待分派：{record}', 'Help request to assign: {record}') },
    accepted: { event: 'decision', to: [{ steps: ['submit', 'open'] }], title: L('您的求助已受理：{record}', 'Your request was accepted: {record}') },
    delivered: { event: 'task', to: [{ steps: ['submit'] }], title: L('服务已办结，请确认并评价：{record}', 'Service delivered: confirm and rate it: {record}') },
    confirmed: { event: 'decision', to: [{ holders: 'services:deliver', at: 'also' }], title: L('企业已确认并评价：{record}', 'The enterprise confirmed and rated: {record}') },
  },
  link: (id) => `/services/requests/${id}`,
  todos: {
    assigned: { key: 'services.accept', path: '/services/requests?state=assigned' },
    escalated: { key: 'services.assign', path: '/services/requests?state=escalated' },
    delivered: { key: 'services.confirm', path: '/services/requests?state=delivered' },
  },
});

/** A contract's acceptance (验收): the provider submits when the work is done; the purchaser accepts or returns it. */
export const contractPath = defineWorkflow({
  kind: 'services.contract',
  label: L('政府购买服务合同验收', 'Contract acceptance'),
  states: {
    active: { label: L('履约中', 'Under way') },
    review: { label: L('待验收', 'Awaiting acceptance') },
    returned: { label: L('验收退回', 'Returned') },
    accepted: { label: L('已验收', 'Accepted') },
  },
  initial: 'active',
  transitions: [
    { name: 'submit', from: ['active', 'returned'], to: 'review', permission: 'services:deliver', startsRound: true, label: L('提请验收', 'Submitted for acceptance') },
    { name: 'accept', from: 'review', to: 'accepted', permission: 'services:contracts', label: L('验收通过', 'Accepted') },
    { name: 'return', from: 'review', to: 'returned', permission: 'services:contracts', requires: { reason: true }, label: L('验收退回', 'Returned') },
  ],
  notify: {
    review: { event: 'task', to: [{ holders: 'services:contracts', at: 'also' }], title: L('政府购买服务合同待验收：{record}', 'Contract to accept: {record}') },
    returned: { event: 'decision', to: [{ steps: ['submit'] }], title: L('合同验收退回：{record}', 'Contract returned: {record}') },
    accepted: { event: 'decision', to: [{ steps: ['submit'] }], title: L('合同已验收：{record}', 'Contract accepted: {record}') },
  },
  // no home tile yet: the contracts list is not paged (a tile's count must equal the list it opens)
  link: () => '/services/contracts',
});
