import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { orgs, roles, sessions, userRoles, users } from '../db/schema/index.js';
import { actorColumns, appendOplog } from '../platform/audit.js';
import type { Actor, Ctx, Deps } from '../platform/context.js';
import { createSession, loadActor } from '../platform/session.js';

const DAY = 86_400_000;

/**
 * How the demo writes through the modules' own services, as a request would: the acting user's real permissions and
 * data scope (loaded the way a session loads them), one transaction per step with its operation-log row (method `CLI`,
 * path `shangmi demo`, so the log says where the row came from), and a clock the step runs at — sample histories
 * spread over past weeks. The log row's own time is when the demo ran; the services' records carry the step's time.
 */
export class DemoWorld {
  readonly database: Database;
  /** when the demo runs; every step's time is relative to it */
  readonly now = new Date();
  private readonly actors = new Map<string, Actor>();

  /** `deps`: a built app's (buildApp), so the modules' hook handlers take part in each step as in a request */
  constructor(
    readonly deps: Deps,
    private readonly passwordHash: string,
  ) {
    this.database = deps.database;
  }

  /** `days` days before now (fractions allowed), at the given Asia/Shanghai hour of that day. */
  daysAgo(days: number, hour = 10): Date {
    const t = new Date(this.now.getTime() - Math.floor(days) * DAY);
    const day = new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const at = new Date(`${day}T${String(Math.floor(hour)).padStart(2, '0')}:${String(Math.round((hour % 1) * 60)).padStart(2, '0')}:00+08:00`);
    return at.getTime() > this.now.getTime() ? new Date(this.now.getTime() - 60_000) : at;
  }

  /** A sample account (the tour password), made the way the test harness and seed-scale make them. */
  async createUser(u: { username: string; displayName: string; orgId: number; role: string; phone?: string }): Promise<number> {
    const db = this.database.db;
    const [o] = await db.select().from(orgs).where(eq(orgs.id, u.orgId));
    const [row] = await db
      .insert(users)
      .values({ username: u.username, displayName: u.displayName, orgId: o.id, orgPath: o.path, phone: u.phone ?? null, passwordHash: this.passwordHash, mustChangePassword: false, passwordChangedAt: this.now })
      .returning({ id: users.id });
    const [r] = await db.select().from(roles).where(inArray(roles.code, [u.role]));
    if (!r) throw new Error(`built-in role ${u.role} is missing`);
    await db.insert(userRoles).values({ userId: row.id, roleId: r.id });
    return row.id;
  }

  /** The user as a request would see them (permissions, scope, organisation): through a session opened and closed at once. */
  async actor(username: string): Promise<Actor> {
    const known = this.actors.get(username);
    if (known) return known;
    const [u] = await this.database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (!u) throw new Error(`no user ${username}`);
    const s = await createSession(this.deps, u.id, { ip: null, userAgent: 'shangmi demo', now: this.now });
    const r = await loadActor(this.deps, s.token, this.now);
    await this.database.db.delete(sessions).where(eq(sessions.userId, u.id));
    if (!('actor' in r)) throw new Error(`cannot act as ${username}: ${r.error}`);
    this.actors.set(username, r.actor);
    return r.actor;
  }

  /** One step as `username` at time `at`: the service call and its audit row in one transaction, like req.mutate. */
  async act<T>(username: string | null, action: string, at: Date, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    // null: a member of the public (the public intake form), as an anonymous request
    const actor = username === null ? null : await this.actor(username);
    const started = performance.now();
    return this.database.db.transaction(async (tx) => {
      const ctx: Ctx = { db: tx, actor, now: at, locale: 'zh-CN', deps: this.deps, audit: {}, ip: null, userAgent: 'shangmi demo' };
      const value = await fn(ctx);
      await appendOplog(tx, {
        at: new Date(),
        ...actorColumns(actor),
        action: ctx.audit.action ?? action,
        method: 'CLI',
        path: 'shangmi demo',
        targetType: ctx.audit.targetType ?? null,
        targetId: ctx.audit.targetId === undefined || ctx.audit.targetId === null ? null : String(ctx.audit.targetId),
        before: ctx.audit.before ?? null,
        after: ctx.audit.after ?? null,
        ip: null,
        result: 'success',
        errorCode: null,
        durationMs: Math.round(performance.now() - started),
        requestId: null,
      });
      return value;
    });
  }

  /** A read as `username` (no audit row), e.g. to find what a step needs. */
  async read<T>(username: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    const actor = await this.actor(username);
    return fn({ db: this.database.db, actor, now: this.now, locale: 'zh-CN', deps: this.deps, audit: {}, ip: null, userAgent: 'shangmi demo' });
  }
}
