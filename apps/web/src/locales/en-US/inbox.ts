import type zh from '../zh-CN/inbox';

const en: typeof zh = {
  inbox: {
    title: 'Inbox',
    menu: 'Inbox',
    badge: 'Notices',
    unreadTitle: '{n} unread',
    event: 'Kind',
    read: 'State',
    unread: 'Unread',
    readDone: 'Read',
    dateRange: 'Time',
    message: 'Notice',
    time: 'Time',
    open: 'Open',
    markRead: 'Mark read',
    markSelected: 'Mark selected read',
    markAll: 'Mark all read',
    markedAll: '{n} notices marked read',
    empty: 'No notices',
    capped: 'Many notices: only the latest {n} are counted; filter by time',
    events: { task: 'Tasks waiting for me', decision: 'Decisions on my requests', deadline: 'Time limits running out', reply: 'Replies', campaign: 'Campaign reminders', security: 'Security alerts' },
    prefs: {
      title: 'Notifications',
      intro: 'Notices always reach your inbox; choose per kind whether they are also sent by e-mail or SMS.',
      inbox: 'Inbox',
      email: 'E-mail',
      sms: 'SMS',
      save: 'Save notifications',
      saved: 'Notifications saved',
      noEmail: 'No e-mail address on your account: e-mails cannot reach you (ask an administrator to add it)',
      noPhone: 'No mobile number on your account: SMS cannot reach you',
      emailOff: 'This deployment sends no e-mail',
      smsOff: 'This deployment sends no SMS',
    },
  },
};
export default en;
