/**
 * A task's path on the workflow engine (docs/workflows.md; docs/taskforce.md): the 专班 office assigns it to a member
 * unit or a district bureau with a due date (the limit: the engine reminds 3 working days before, on the day and when
 * overdue — the overdue flag in the inbox); the assignee reports progress (each report with its attachments is a step,
 * the office hears of it) and submits completion; the office accepts it (done) or returns it with a reason. The office
 * urges (催办) an open task: a step back into `assigned` whose notice tells the assignee again.
 * The office's steps are `record` steps held by `taskforce:manage` (the office may itself be the assignee's parent or,
 * for a task of the city bureau, the same organisation); whoever submitted the completion may not accept it.
 */
import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });
const OPEN = ['assigned', 'reported'] as const;

export const taskPath = defineWorkflow({
  kind: 'taskforce.task',
  label: L('专班交办任务', 'Task-force task'),
  states: {
    assigned: { label: L('办理中', 'In hand') },
    reported: { label: L('已报进展', 'Progress reported') },
    submitted: { label: L('待验收', 'Awaiting acceptance') },
    done: { label: L('已办结', 'Done') },
  },
  initial: 'assigned',
  transitions: [
    // the first step of a task: the engine's instance starts in `assigned` and the assignment is recorded as this step
    { name: 'assign', from: 'assigned', to: 'assigned', permission: 'taskforce:manage', startsRound: true, label: L('交办', 'Assigned') },
    { name: 'report', from: OPEN, to: 'reported', permission: 'taskforce:report', requires: { reason: true }, label: L('报送进展', 'Progress reported') },
    { name: 'complete', from: OPEN, to: 'submitted', permission: 'taskforce:report', requires: { reason: true }, label: L('提交办结', 'Completion submitted') },
    { name: 'accept', from: 'submitted', to: 'done', permission: 'taskforce:manage', separateFrom: ['complete'], label: L('验收办结', 'Accepted') },
    { name: 'return', from: 'submitted', to: 'assigned', permission: 'taskforce:manage', requires: { reason: true }, label: L('退回重办', 'Returned') },
    { name: 'urge', from: OPEN, to: 'assigned', permission: 'taskforce:manage', work: false, label: L('催办', 'Urged') },
  ],
  // the due date is the office's, kept through every step (the module passes it): a limit without a length
  limits: {
    assigned: { unit: 'calendar', label: L('交办任务办理期限', 'Task due date') },
    reported: { unit: 'calendar', label: L('交办任务办理期限', 'Task due date') },
  },
  notify: {
    assigned: { event: 'task', to: [{ holders: 'taskforce:report', at: 'home' }], title: L('专班交办任务待办理：{record}', 'Task-force task to do: {record}') },
    reported: { event: 'reply', to: [{ holders: 'taskforce:manage', at: 'also' }, { holders: 'taskforce:report', at: 'home' }], title: L('交办任务报送进展：{record}', 'Progress on a task: {record}') },
    submitted: { event: 'task', to: [{ holders: 'taskforce:manage', at: 'also' }], title: L('交办任务待验收：{record}', 'Task to accept: {record}') },
    done: { event: 'decision', to: [{ holders: 'taskforce:report', at: 'home' }], title: L('交办任务已验收办结：{record}', 'Task accepted: {record}') },
  },
  link: (id) => `/taskforce/tasks/${id}`,
});
