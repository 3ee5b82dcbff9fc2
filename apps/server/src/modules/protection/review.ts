import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });

/**
 * The periodic review of a secret on the platform's workflow engine (docs/workflows.md): each active secret stands
 * `scheduled` with its next review date as the state's limit (the secret's own cycle, so the step gives the date), and
 * the engine's reminder scan tells the enterprise's keepers 3 working days before, on the day and when overdue. Taking
 * the review schedules the next one; retiring or disclosing the secret closes the path.
 */
export const reviewPath = defineWorkflow({
  kind: 'protection.review',
  label: L('商业秘密定期复核', 'Periodic review of a trade secret'),
  states: {
    none: { label: L('未安排复核', 'No review scheduled') },
    scheduled: { label: L('待定期复核', 'Review scheduled') },
    closed: { label: L('不再复核', 'No longer reviewed') },
  },
  initial: 'none',
  transitions: [
    { name: 'scheduled', from: ['none', 'closed'], to: 'scheduled', permission: 'protection:manage', work: false, label: L('安排定期复核', 'Schedule the review') },
    { name: 'reviewed', from: 'scheduled', to: 'scheduled', permission: 'protection:manage', label: L('完成复核', 'Reviewed') },
    { name: 'rescheduled', from: 'scheduled', to: 'scheduled', permission: 'protection:manage', work: false, label: L('调整复核周期', 'Change the review cycle') },
    { name: 'closed', from: ['none', 'scheduled'], to: 'closed', permission: 'protection:manage', work: false, label: L('停止复核', 'Stop reviewing') },
  ],
  limits: { scheduled: { unit: 'calendar', label: L('商业秘密定期复核', 'Trade-secret review') } },
  notify: {
    scheduled: { event: 'deadline', onEntry: false, to: [{ holders: 'protection:manage', at: 'home' }], title: L('商业秘密定期复核：{record}', 'Trade-secret review: {record}') },
  },
  link: (id) => `/protection/secrets/${id}`,
});
