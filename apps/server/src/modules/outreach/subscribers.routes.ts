import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okResponse, publicRegionQuery, publicSubscribe, publicSubscriptionState, publicSubscriptionToken } from '@shangmi/shared';
import { resolvePublicRegion } from '../regions/regions.service.js';
import * as svc from './outreach.service.js';

/** The public's subscriptions without an account (docs/outreach.md § Subscriptions of the public): no sign-in, rate-limited. */
export function subscriberRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach-public'];
  r.post(
    '/api/public/outreach/subscribe',
    {
      schema: { operationId: 'outreach.publicSubscribe', tags, summary: '订阅资讯（发送确认链接） Subscribe (a confirmation link is sent)', querystring: publicRegionQuery, body: publicSubscribe, response: { 200: okResponse } },
      config: { access: 'public', action: 'outreach.public-subscribe', rateLimit: 'material' },
    },
    (req) =>
      req.mutate(async (ctx) => {
        const region = await resolvePublicRegion(ctx, req.body.regionCode ?? req.query.regionCode, req.headers.host);
        return svc.subscribePublic(ctx, region, req.body);
      }),
  );
  r.post(
    '/api/public/outreach/subscribe/confirm',
    {
      schema: { operationId: 'outreach.publicConfirm', tags, summary: '确认订阅（邮件或短信中的链接） Confirm a subscription', body: publicSubscriptionToken, response: { 200: publicSubscriptionState } },
      config: { access: 'public', action: 'outreach.public-confirm', rateLimit: 'lookup' },
    },
    (req) => req.mutate((ctx) => svc.confirmPublic(ctx, req.body.token)),
  );
  r.post(
    '/api/public/outreach/subscribe/stop',
    {
      schema: { operationId: 'outreach.publicStop', tags, summary: '退订（每条消息中的链接） Unsubscribe', body: publicSubscriptionToken, response: { 200: publicSubscriptionState } },
      config: { access: 'public', action: 'outreach.public-stop', rateLimit: 'lookup' },
    },
    (req) => req.mutate((ctx) => svc.stopPublic(ctx, req.body.token)),
  );
}
