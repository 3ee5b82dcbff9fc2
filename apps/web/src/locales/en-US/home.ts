import type zh from '../zh-CN/home';

const en: typeof zh = {
  home: {
    welcome: 'Welcome, {name}',
    org: 'Organisation',
    roles: 'Roles',
    dataScope: 'Data scope',
    lastHint: 'Use the menu on the left to open a function.',
    adminTotpAdvice:
      'GB/T 22239-2019 (MLPS level 3) expects administrators to sign in with two or more combined authentication techniques; please enable two-factor login.',
    goEnable: 'Enable it in My account',
    quickLinks: 'Shortcuts',
    todos: 'To do',
    todosNone: 'Nothing waiting',
    todo: {
      cases: {
        queue: 'Complaints and cases in my queue',
        overdue: 'Time limits overdue',
      },
      enterprises: {
        pending: 'Enterprise registrations to confirm',
      },
      cultivation: {
        district: 'Cultivation stages awaiting district review',
        city: 'Cultivation stages awaiting city approval',
        returned: 'Cultivation requests returned',
      },
      sites: {
        district: 'Site acceptances awaiting district review',
        city: 'Site acceptances awaiting accreditation',
        returned: 'Site acceptances returned',
      },
      assessments: {
        tasks: 'Health-check tasks to complete',
        drafts: 'Health checks not yet submitted',
      },
      credit: {
        review: 'Penalty records to review',
        publish: 'Penalty records to publish',
        withdraw: 'Publications to withdraw',
        serious: { decide: 'Serious-list entries to decide', publish: 'Serious-list entries to publish' },
        repair: { district: 'Repair applications to review', city: 'Repair applications to decide' },
        removal: { district: 'Early-removal applications to accept', city: 'Early-removal applications to decide' },
      },
      listening: { needs: 'Enterprise needs to handle' },
      outreach: { review: 'Articles to review' },
      services: {
        accept: 'Help requests to accept',
        assign: 'Help requests to assign',
        confirm: 'Delivered services to confirm and rate',
      },
    },
  },
};
export default en;
