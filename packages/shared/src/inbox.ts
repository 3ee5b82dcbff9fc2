import { z } from 'zod';
import { id, pageOf, pageQuery } from './common.js';

/**
 * The inbox (消息中心). Every notice has one kind of event; a user chooses per kind which channels beyond the inbox
 * (always on) they want. The defaults are what a user gets before choosing.
 */
export const NOTIFY_EVENTS = ['task', 'decision', 'deadline', 'reply', 'campaign', 'security'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export const NOTIFY_EVENT_LABELS: Record<NotifyEvent, { zh: string; en: string }> = {
  task: { zh: '待办任务', en: 'Tasks waiting for me' },
  decision: { zh: '审核结果', en: 'Decisions on my requests' },
  deadline: { zh: '时限提醒', en: 'Time limits running out' },
  reply: { zh: '回复', en: 'Replies' },
  campaign: { zh: '活动催办', en: 'Campaign reminders' },
  security: { zh: '安全提醒', en: 'Security alerts' },
};
export const NOTIFY_DEFAULTS: Record<NotifyEvent, { email: boolean; sms: boolean }> = {
  task: { email: true, sms: false },
  decision: { email: true, sms: false },
  deadline: { email: true, sms: false },
  reply: { email: true, sms: false },
  campaign: { email: true, sms: false },
  // an account locked, the proof log halted: worth a text message by default
  security: { email: true, sms: true },
};
export const NOTIFY_CHANNELS = ['email', 'sms'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** A notice as its reader sees it: title and body in the reader's language. */
export const notification = z.object({
  id: z.number().int(),
  event: z.enum(NOTIFY_EVENTS),
  title: z.string(),
  body: z.string().nullable(),
  /** the web page that opens the record */
  link: z.string().nullable(),
  recordKind: z.string().nullable(),
  recordId: z.number().int().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationPage = pageOf(notification);
export type Notification = z.infer<typeof notification>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const inboxListQuery = z.strictObject({
  ...pageQuery.shape,
  event: z.enum(NOTIFY_EVENTS).optional(),
  read: z.enum(['read', 'unread']).optional(),
  /** created on or after / on or before (dates in Asia/Shanghai) */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type InboxListQuery = z.infer<typeof inboxListQuery>;

/** The header's badge: the unread count up to a cap (`capped`: at least that many). */
export const inboxUnread = z.object({ unread: z.number().int(), capped: z.boolean() });
export type InboxUnread = z.infer<typeof inboxUnread>;
export const UNREAD_CAP = 99;
/**
 * A list's total is counted up to this many (`capped` beyond): the count reads that many index entries on every page, so
 * a user with 100,000 notices gets "1,000+" and narrows by kind, state or date instead.
 */
export const INBOX_TOTAL_CAP = 1000;

export const inboxMarkRead = z.strictObject({ ids: z.array(id).min(1).max(200) });
export type InboxMarkRead = z.infer<typeof inboxMarkRead>;
export const inboxMarked = z.object({ marked: z.number().int() });

export const notifyPref = z.object({ event: z.enum(NOTIFY_EVENTS), email: z.boolean(), sms: z.boolean() });
export type NotifyPref = z.infer<typeof notifyPref>;
export const notifyPrefs = z.object({
  /** channels this deployment can send through, and whether the user has the address for each */
  channels: z.object({
    email: z.object({ configured: z.boolean(), address: z.boolean() }),
    sms: z.object({ configured: z.boolean(), address: z.boolean() }),
  }),
  items: z.array(notifyPref),
});
export type NotifyPrefs = z.infer<typeof notifyPrefs>;
export const notifyPrefsPut = z.strictObject({ items: z.array(notifyPref).min(1).max(NOTIFY_EVENTS.length) });
export type NotifyPrefsPut = z.infer<typeof notifyPrefsPut>;
