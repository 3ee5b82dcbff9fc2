import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inboxListQuery, inboxMarked, inboxMarkRead, inboxUnread, notificationPage, notifyPrefs, notifyPrefsPut } from '@shangmi/shared';
import * as svc from './inbox.service.js';

/** 消息中心: every route is `self` — a user reads and marks only their own notices. */
export function inboxRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inbox'];

  r.get(
    '/api/inbox',
    { schema: { operationId: 'inbox.list', tags, summary: '我的消息 My notices (filters: kind, read/unread, dates)', querystring: inboxListQuery, response: { 200: notificationPage } }, config: { access: 'self' } },
    (req) => svc.listInbox(req.ctx(), req.query),
  );
  r.get(
    '/api/inbox/unread',
    { schema: { operationId: 'inbox.unread', tags, summary: '未读消息数 Unread count (capped)', response: { 200: inboxUnread } }, config: { access: 'self' } },
    (req) => svc.unreadCount(req.ctx()),
  );
  r.post(
    '/api/inbox/read',
    { schema: { operationId: 'inbox.markRead', tags, summary: '标为已读 Mark notices read', body: inboxMarkRead, response: { 200: inboxMarked } }, config: { access: 'self', action: 'inbox.read' } },
    (req) => req.mutate((ctx) => svc.markRead(ctx, req.body.ids)),
  );
  r.post(
    '/api/inbox/read-all',
    { schema: { operationId: 'inbox.markAllRead', tags, summary: '全部标为已读 Mark all read', response: { 200: inboxMarked } }, config: { access: 'self', action: 'inbox.read-all' } },
    (req) => req.mutate((ctx) => svc.markAllRead(ctx)),
  );
  r.get(
    '/api/inbox/prefs',
    { schema: { operationId: 'inbox.prefs', tags, summary: '通知方式 My channels per kind of notice', response: { 200: notifyPrefs } }, config: { access: 'self' } },
    (req) => svc.getPrefs(req.ctx()),
  );
  r.put(
    '/api/inbox/prefs',
    { schema: { operationId: 'inbox.setPrefs', tags, summary: '修改通知方式 Choose channels per kind of notice', body: notifyPrefsPut, response: { 200: notifyPrefs } }, config: { access: 'self', action: 'inbox.prefs' } },
    (req) => req.mutate((ctx) => svc.putPrefs(ctx, req.body)),
  );
}
