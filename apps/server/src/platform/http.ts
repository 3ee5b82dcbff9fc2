import { PassThrough } from 'node:stream';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES, pick, type ErrorCode, type Locale, type RouteAccess } from '@shangmi/shared';
import { actorColumns, appendOplog, oplogLinker } from './audit.js';
import type { Actor, Ctx, Deps } from './context.js';
import { actorCache } from './actor-cache.js';
import { forgetCounts } from './count-cache.js';
import { AppError, describeIssue, fromDatabaseError, type FieldError } from './errors.js';
import { FixedWindowLimiter, Tarpit } from './rate-limit.js';
import { loadActor, SESSION_COOKIE } from './session.js';
import type { RateBucket } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** required on every /api route: a permission, `self` or `public` */
    access?: RouteAccess;
    /** operation-log action name for state-changing routes; defaults to METHOD + route */
    action?: string;
    /** still reachable while the user must change the password or enrol TOTP */
    allowForced?: boolean;
    /** false for routes that keep their own log (login) */
    audit?: boolean;
    /** a per-client-IP limit bucket (config.rateLimits) checked before anything else */
    rateLimit?: RateBucket;
    /** the form's own labels of this route's fields, where the platform-wide one (FIELD_LABELS) is not what the form shows */
    labels?: Record<string, { zh: string; en: string }>;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    audited: boolean;
    startedAt: number;
    ctx(): Ctx;
    /** runs a state change in one transaction together with its operation-log row */
    mutate<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T>;
    /** writes the operation-log row of a failed state change (in its own transaction) */
    auditFailure(code: string | null): Promise<void>;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function localeOf(req: FastifyRequest): Locale {
  const explicit = req.headers['x-shangmi-locale'];
  if (explicit === 'en-US' || explicit === 'zh-CN') return explicit;
  const accept = req.headers['accept-language'];
  if (typeof accept === 'string' && /^en\b/i.test(accept.trim())) return 'en-US';
  return 'zh-CN';
}

function errorBody(req: FastifyRequest, code: ErrorCode, message: string, fields?: FieldError[], details?: Record<string, unknown>) {
  return { error: { code, message, requestId: req.id, ...(fields?.length ? { fields } : {}), ...(details ? { details } : {}) } };
}

function actionOf(req: FastifyRequest): string {
  return req.routeOptions.config?.action ?? `${req.method} ${req.routeOptions.url ?? req.url}`;
}

export function registerHttpPlatform(app: FastifyInstance, deps: Deps): void {
  // A route without a declared access level is a bug caught at start-up, not in production. So is a documented route
  // without its operationId (`<module>.<verb>`: the name clients and docs/openapi.json know it by), or a name taken twice.
  const operationIds = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = (route.config as { access?: string } | undefined)?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    const schema = route.schema as { hide?: boolean; operationId?: string } | undefined;
    if (schema?.hide || route.method === 'HEAD') return; // HEAD: fastify's shadow of a GET
    const where = `${String(route.method)} ${route.url}`;
    if (!schema?.operationId || !/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(schema.operationId)) {
      throw new Error(`route ${where} declares no operationId of the form module.verb (schema.operationId)`);
    }
    const taken = operationIds.get(schema.operationId);
    if (taken) throw new Error(`operationId ${schema.operationId} of ${where} is taken by ${taken}`);
    operationIds.set(schema.operationId, where);
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('audited', false);
  app.decorateRequest('startedAt', 0);
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    return {
      db: deps.database.db,
      actor: this.actor,
      now: new Date(),
      locale: this.locale,
      deps,
      audit: {},
      ip: this.ip ?? null,
      userAgent: (this.headers['user-agent'] as string | undefined) ?? null,
    };
  });
  app.decorateRequest('mutate', async function <T>(this: FastifyRequest, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    const base = this.ctx();
    let actorsChanged: string | null = null;
    const result = await deps.database.db.transaction(async (tx) => {
      const ctx: Ctx = { ...base, db: tx };
      const value = await fn(ctx);
      if (this.routeOptions.config?.audit !== false) {
        actorsChanged = await appendOplog(tx, {
          ...oplogBase(this, ctx.audit.action),
          targetType: ctx.audit.targetType ?? null,
          targetId: ctx.audit.targetId === undefined || ctx.audit.targetId === null ? null : String(ctx.audit.targetId),
          before: ctx.audit.before ?? null,
          after: ctx.audit.after ?? null,
          result: 'success',
          errorCode: null,
          durationMs: Math.round(performance.now() - this.startedAt),
        });
      }
      return value;
    });
    this.audited = true;
    forgetCounts(); // committed: list totals may have changed
    // who the change made someone else (roles, password, sign-out…): this node forgets before it answers; other nodes
    // hear it from the database's NOTIFY
    actors.forget(actorsChanged);
    if (this.routeOptions.config?.audit !== false) await linked(this);
    return result;
  });

  app.decorateRequest('auditFailure', async function (this: FastifyRequest, code: string | null): Promise<void> {
    if (!this.actor) return;
    await deps.database.db.transaction(async (tx) => {
      await appendOplog(tx, {
        ...oplogBase(this),
        targetType: null,
        targetId: null,
        before: null,
        after: null,
        result: 'failure',
        errorCode: code,
        durationMs: Math.round(performance.now() - this.startedAt),
      });
    });
    this.audited = true;
    await linked(this);
  });

  /**
   * The committed audit row is in the chain before the answer leaves (one linking pass shared by every request that
   * committed meanwhile). A failed pass does not fail the committed change: the row stays pending and the next pass
   * (any request's, or the timer's) links it.
   */
  async function linked(req: FastifyRequest): Promise<void> {
    await linker.link().catch((e: unknown) => req.log.error({ err: e }, 'audit rows not linked yet (the next pass retries)'));
  }
  const linker = oplogLinker(deps.database);
  const actors = actorCache(deps.database);
  // rows left pending by a failed pass or by a node that stopped between commit and link
  const relink = setInterval(() => void linker.link().catch((e: unknown) => app.log.error({ err: e }, 'audit linker failed')), 5_000);
  relink.unref();
  app.addHook('onClose', async () => {
    clearInterval(relink);
    await linker.idle();
  });

  function oplogBase(req: FastifyRequest, action?: string) {
    return {
      at: new Date(),
      ...actorColumns(req.actor),
      action: action ?? actionOf(req),
      method: req.method,
      path: req.url.split('?')[0].slice(0, 500),
      ip: req.ip ?? null,
      requestId: req.id,
    };
  }

  const rules = deps.config.rateLimits;
  const limiters = new Map<RateBucket, FixedWindowLimiter>(
    rules ? (Object.entries(rules) as [RateBucket, { limit: number; windowMs: number }][]).map(([k, rule]) => [k, new FixedWindowLimiter(rule)]) : [],
  );
  const sweep = setInterval(() => limiters.forEach((l) => l.sweep()), 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  app.addHook('onRequest', async (req, reply) => {
    req.startedAt = performance.now();
    req.locale = localeOf(req);
    const config = req.routeOptions.config;
    if (!req.url.startsWith('/api/')) return;
    const limiter = config?.rateLimit ? limiters.get(config.rateLimit) : undefined;
    if (limiter) {
      // req.ip: the socket's address, or X-Forwarded-For's client when SHANGMI_TRUST_PROXY is set
      const verdict = limiter.take(req.ip ?? '');
      if (!verdict.ok) {
        reply.header('retry-after', String(verdict.retryAfterSec));
        const s = verdict.retryAfterSec;
        throw new AppError('RATE_LIMITED', {
          message: { zh: `提交过于频繁，请 ${s} 秒后再试`, en: `Too many requests from your address; try again in ${s} seconds` },
          details: { retryAfterSeconds: s },
        });
      }
    }
    const access = config?.access;
    if (!access) return; // 404s and docs
    const token = req.cookies?.[SESSION_COOKIE];
    let sessionError: 'SESSION_EXPIRED' | 'UNAUTHENTICATED' = 'UNAUTHENTICATED';
    if (token) {
      const found = await loadActor(deps, token, new Date());
      if ('actor' in found) req.actor = found.actor;
      else sessionError = found.error;
    }
    if (access === 'public') return;
    const actor = req.actor;
    if (!actor) throw new AppError(sessionError);
    if (MUTATING.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== actor.csrfToken) throw new AppError('CSRF');
    }
    if (!config.allowForced) {
      if (actor.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
      if (actor.totpRequired && !actor.totpEnabled) throw new AppError('TOTP_ENROLL_REQUIRED');
    }
    if (access !== 'self' && !actor.permissions.has(access)) throw new AppError('FORBIDDEN');
  });

  // Failed state changes are logged too (in their own transaction: the failed one changed nothing).
  app.addHook('onSend', async (req, reply, payload) => {
    if (!MUTATING.has(req.method) || req.audited || !req.routeOptions.config?.access) return payload;
    if (req.routeOptions.config.audit === false) return payload;
    if (reply.statusCode < 400) {
      req.log.error({ route: req.routeOptions.url }, 'state-changing route answered without req.mutate(): not audited');
      return payload;
    }
    if (!req.actor) return payload; // anonymous failures stay in the access log, not in the chain
    let code: string | null = null;
    try {
      code = JSON.parse(String(payload)).error?.code ?? null;
    } catch {
      code = null;
    }
    await req.auditFailure(code);
    return payload;
  });

  const tarpit = new Tarpit(deps.config.rateLimitDelayMs);
  app.setErrorHandler(async (thrown: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const locale = req.locale ?? localeOf(req);
    const err = fromDatabaseError(thrown) ?? thrown;
    if (err instanceof AppError) {
      if (err.code === 'RATE_LIMITED') {
        // a limit says when to come back (the login back-off, a full hashing queue …), and answers a moment late
        const retry = err.details?.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        await tarpit.hold(typeof retry === 'number' ? retry : undefined);
      }
      return reply.status(err.status).send(errorBody(req, err.code, err.messageFor(locale), err.fieldsFor(locale, req.routeOptions?.config?.labels), err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const context = (err as { validationContext?: string }).validationContext;
      const fields = err.validation.map((issue) => describeIssue(issue as never, context, locale, req.routeOptions?.config?.labels));
      return reply.status(400).send(errorBody(req, 'VALIDATION', fields.map((f) => f.message).join('；'), fields));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return reply.status(500).send(errorBody(req, 'INTERNAL', pick(ERROR_MESSAGES.INTERNAL, locale)));
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody(req, 'PAYLOAD_TOO_LARGE', pick(ERROR_MESSAGES.PAYLOAD_TOO_LARGE, locale)));
    }
    if (status === 415 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(errorBody(req, 'UNSUPPORTED_MEDIA_TYPE', pick(ERROR_MESSAGES.UNSUPPORTED_MEDIA_TYPE, locale)));
    }
    if (status >= 400 && status < 500) {
      // malformed JSON, empty body with a JSON content type, bad URL encoding …
      const detail = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(e.message ?? '') ? { reason: 'malformed JSON' } : undefined;
      return reply
        .status(400)
        .send(errorBody(req, 'BAD_REQUEST', pick(ERROR_MESSAGES.BAD_REQUEST, locale), undefined, detail ?? { reason: e.message }));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(req, 'INTERNAL', pick(ERROR_MESSAGES.INTERNAL, locale)));
  });
}

export function sendNotFound(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody(req, 'NOT_FOUND', pick(ERROR_MESSAGES.NOT_FOUND, req.locale ?? localeOf(req))));
}

export interface Progress {
  /** what is being done: reading the file, checking rows, writing rows */
  phase: string;
  done: number;
  total?: number;
}

/**
 * Answers a long state change as a stream of NDJSON lines, so the browser can draw a live progress bar on either
 * database (an embedded PGlite answers no other query while the work's transaction runs, so polling cannot work):
 * `{"type":"progress","phase","done","total"}` … then `{"type":"done","result"}` or `{"type":"error","error"}`.
 * The work audits itself: its req.mutate() on success, a failure row otherwise.
 */
export function sendProgress<T>(req: FastifyRequest, reply: FastifyReply, run: (progress: (p: Progress) => void) => Promise<T>) {
  const out = new PassThrough();
  let last = 0;
  const write = (line: unknown) => {
    if (!out.writableEnded) out.write(`${JSON.stringify(line)}\n`);
  };
  const progress = (p: Progress) => {
    const now = performance.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    write({ type: 'progress', ...p });
  };
  const locale = req.locale;
  void run(progress).then(
    (result) => out.end(`${JSON.stringify({ type: 'done', result })}\n`),
    async (thrown: unknown) => {
      const err = fromDatabaseError(thrown) ?? thrown;
      let body;
      if (err instanceof AppError) body = errorBody(req, err.code, err.messageFor(locale), err.fieldsFor(locale), err.details);
      else {
        req.log.error({ err }, 'unhandled error in a streamed job');
        body = errorBody(req, 'INTERNAL', pick(ERROR_MESSAGES.INTERNAL, locale));
      }
      await req.auditFailure(body.error.code).catch((e: unknown) => req.log.error({ err: e }, 'failure audit failed'));
      out.end(`${JSON.stringify({ type: 'error', ...body })}\n`);
    },
  );
  // the outcome is in the stream; onSend must not treat the 200 as an unaudited change
  req.audited = true;
  return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(out);
}
