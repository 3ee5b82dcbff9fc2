import type { InboxUnread, Notification, NotifyPrefs, NotifyPrefsPut, Page, inboxListQuery } from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export const inboxApi = {
  list: (query: ListQuery<typeof inboxListQuery>, signal?: AbortSignal) => api.get<Page<Notification>>('/api/inbox', query, signal),
  unread: (signal?: AbortSignal) => api.get<InboxUnread>('/api/inbox/unread', undefined, signal),
  markRead: (ids: number[]) => api.post<{ marked: number }>('/api/inbox/read', { ids }),
  markAllRead: () => api.post<{ marked: number }>('/api/inbox/read-all', {}),
  prefs: (signal?: AbortSignal) => api.get<NotifyPrefs>('/api/inbox/prefs', undefined, signal),
  savePrefs: (body: NotifyPrefsPut) => api.put<NotifyPrefs>('/api/inbox/prefs', body),
};
