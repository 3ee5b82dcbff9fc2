import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { changePassword, loginRequest, loginResponse, okResponse, sessionResponse, totpCode, totpDisable, totpSetupResponse } from '@shangmi/shared';
import { requireActor } from '../../platform/access.js';
import { forgetInitialPassword } from '../../seed.js';
import type { Deps } from '../../platform/context.js';
import { loadActor, SESSION_COOKIE } from '../../platform/session.js';
import * as auth from './auth.service.js';

export function authRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  const secureCookie = (req: FastifyRequest) =>
    deps.config.cookieSecure === 'true' || (deps.config.cookieSecure === 'auto' && req.protocol === 'https');

  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(req),
      path: '/',
      maxAge: Math.floor(deps.config.absoluteTimeoutMs / 1000),
    });

  r.post(
    '/api/auth/login',
    {
      schema: { operationId: 'auth.login', tags, summary: '登录 Sign in', body: loginRequest, response: { 200: loginResponse } },
      config: { access: 'public', audit: false, rateLimit: 'login' },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const s = await auth.login(ctx, req.body);
      setCookie(req, reply, s.token);
      const found = await loadActor(deps, s.token, new Date());
      if (!('actor' in found)) throw new Error('a new session could not be read back');
      return { csrfToken: s.csrfToken, user: auth.meOf(found.actor, req.locale, deps.config.idleTimeoutMs) };
    },
  );

  r.get(
    '/api/auth/session',
    {
      schema: { operationId: 'auth.session', tags, summary: '当前会话 Current session', response: { 200: sessionResponse } },
      config: { access: 'self', allowForced: true },
    },
    async (req) => {
      const actor = requireActor(req.ctx());
      return { csrfToken: actor.csrfToken, user: auth.meOf(actor, req.locale, deps.config.idleTimeoutMs) };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { operationId: 'auth.logout', tags, summary: '退出 Sign out', response: { 200: okResponse } }, config: { access: 'self', allowForced: true, action: 'auth.logout' } },
    async (req, reply) => {
      await req.mutate((ctx) => auth.logout(ctx, requireActor(ctx)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/password',
    {
      schema: { operationId: 'auth.changePassword', tags, summary: '修改密码 Change password', body: changePassword, response: { 200: okResponse } },
      config: { access: 'self', allowForced: true, action: 'auth.change-password' },
    },
    async (req) => {
      await req.mutate((ctx) => auth.changePassword(ctx, requireActor(ctx), req.body));
      // committed: the generated initial password written at the first start is of no use any more
      const ctx = req.ctx();
      forgetInitialPassword(ctx.deps.config.dataDir, requireActor(ctx).username);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/totp/setup',
    {
      schema: { operationId: 'auth.totpSetup', tags, summary: '生成双因素密钥 Start TOTP set-up', response: { 200: totpSetupResponse } },
      config: { access: 'self', allowForced: true, action: 'auth.totp-setup' },
    },
    async (req) => {
      const s = await req.mutate((ctx) => auth.totpSetup(ctx, requireActor(ctx)));
      const qrSvg = await QRCode.toString(s.otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { ...s, qrSvg };
    },
  );

  r.post(
    '/api/auth/totp/enable',
    {
      schema: { operationId: 'auth.totpEnable', tags, summary: '启用双因素 Enable TOTP', body: totpCode, response: { 200: okResponse } },
      config: { access: 'self', allowForced: true, action: 'auth.totp-enable' },
    },
    async (req) => {
      await req.mutate((ctx) => auth.totpEnable(ctx, requireActor(ctx), req.body.code));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/totp/disable',
    {
      schema: { operationId: 'auth.totpDisable', tags, summary: '停用双因素 Disable TOTP', body: totpDisable, response: { 200: okResponse } },
      config: { access: 'self', action: 'auth.totp-disable' },
    },
    async (req) => {
      await req.mutate((ctx) => auth.totpDisable(ctx, requireActor(ctx), req.body.password));
      return { ok: true as const };
    },
  );
}
