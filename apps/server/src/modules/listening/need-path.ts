/**
 * A need's path on the workflow engine (docs/workflows.md): the bureau that recorded it assigns it to a department,
 * district, site or provider with a due date (the state's limit: the engine reminds 3 working days before, on the day
 * and when overdue); the assignee replies; the enterprise confirms (closed) or reopens it with a reason (assigned again,
 * with a new due date). A bureau may close a replied need the enterprise leaves unconfirmed, giving the reason.
 */
import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });

/** A reopened need's new time limit, in working days from the reopening. */
export const REOPEN_WORKING_DAYS = 10;

export const needPath = defineWorkflow({
  kind: 'listening.need',
  label: L('企业诉求', 'Enterprise need'),
  states: {
    open: { label: L('待交办', 'To assign') },
    assigned: { label: L('办理中', 'In hand') },
    replied: { label: L('已答复待确认', 'Replied, to confirm') },
    closed: { label: L('已办结', 'Closed') },
  },
  initial: 'open',
  transitions: [
    { name: 'assign', from: ['open', 'assigned'], to: 'assigned', permission: 'listening:manage', startsRound: true, label: L('交办', 'Assigned') },
    { name: 'reply', from: 'assigned', to: 'replied', permission: 'listening:handle', requires: { fields: ['reply'] }, label: L('答复企业', 'Replied') },
    { name: 'confirm', from: 'replied', to: 'closed', permission: 'listening:answer', label: L('企业确认办结', 'Confirmed by the enterprise') },
    { name: 'reopen', from: 'replied', to: 'assigned', permission: 'listening:answer', requires: { reason: true }, label: L('企业重新打开', 'Reopened by the enterprise') },
    { name: 'close', from: 'replied', to: 'closed', permission: 'listening:manage', requires: { reason: true }, label: L('未经企业确认办结', 'Closed without confirmation') },
  ],
  // the due date is the assigner's (or, reopened, REOPEN_WORKING_DAYS on): a limit without a length
  limits: { assigned: { unit: 'calendar', label: L('诉求办理期限', 'Need due date') } },
  notify: {
    assigned: { event: 'task', to: [{ holders: 'listening:handle', at: 'home' }], title: L('企业诉求待办理：{record}', 'Enterprise need to handle: {record}') },
    replied: { event: 'reply', to: [{ holders: 'listening:answer', at: 'also' }, { steps: ['assign'] }], title: L('企业诉求已答复，请确认：{record}', 'Need replied, please confirm: {record}') },
    closed: { event: 'decision', to: [{ steps: ['assign', 'reply'] }], title: L('企业诉求已办结：{record}', 'Need closed: {record}') },
  },
  link: (id) => `/listening/needs/${id}`,
  todos: { assigned: { key: 'listening.needs', path: '/listening/needs?state=assigned' } },
});
