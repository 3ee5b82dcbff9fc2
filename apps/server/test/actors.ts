import { eq } from 'drizzle-orm';
import { widestScope, type DataScope } from '@shangmi/shared';
import type { Database } from '../src/db/client.js';
import { orgs, roles, userRoles, users } from '../src/db/schema/index.js';
import type { Actor, Ctx, Deps } from '../src/platform/context.js';
import type { TestApp } from './harness.js';

/** The actor a session of this user would carry (permissions of all roles, the widest scope), without signing in. */
export async function actorOf(database: Database, userId: number): Promise<Actor> {
  const [row] = await database.db.select({ u: users, o: orgs }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.id, userId));
  const rs = await database.db.select({ r: roles }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId)).where(eq(userRoles.userId, userId));
  return {
    userId,
    username: row.u.username,
    displayName: row.u.displayName,
    orgId: row.o.id,
    orgPath: row.o.path,
    orgName: row.o.name,
    orgKind: row.o.kind,
    regionCode: row.o.regionCode,
    roleCodes: rs.map((x) => x.r.code),
    roleNames: [],
    permissions: new Set(rs.flatMap((x) => x.r.permissions)),
    scope: widestScope(rs.map((x) => x.r.dataScope as DataScope)),
    sessionId: 'test',
    csrfToken: 'test',
    mustChangePassword: false,
    totpEnabled: false,
    totpRequired: false,
  };
}

/** What the app hands its services (its jobs, hooks and queues among them), for calling a service or a job directly in a test. */
export function depsOf(t: TestApp): Deps {
  return t.app.deps;
}

/** A service context for an actor (or a job: null), on the app's database or a transaction. */
export function ctxOf(t: TestApp, actor: Actor | null, db = t.database.db, now = new Date()): Ctx {
  return { db, actor, now, locale: 'zh-CN', deps: depsOf(t), audit: {}, ip: null, userAgent: null };
}
