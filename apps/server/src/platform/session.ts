import { widestScope, type DataScope } from '@shangmi/shared';
import { eq } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import { actorCache, type CachedSession } from './actor-cache.js';
import type { Actor, Deps } from './context.js';
import { randomToken, sha256Hex } from './crypto.js';

export const SESSION_COOKIE = 'shangmi_sid';
/** last_seen_at is written at most this often: idle timeout stays exact to a minute without a write per request */
const TOUCH_EVERY_MS = 60_000;

interface SessionRow {
  session_id: string;
  csrf_token: string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  user_id: number;
  username: string;
  display_name: string;
  status: string;
  must_change_password: boolean;
  totp_enabled: boolean;
  org_id: number;
  org_path: string;
  org_name: string;
  org_kind: string;
  region_code: string | null;
  roles: { code: string; zh: string; en: string; scope: DataScope; perms: string[]; totp: boolean }[] | string;
}

export type SessionLookup = { actor: Actor } | { error: 'SESSION_EXPIRED' | 'UNAUTHENTICATED' };

/**
 * The session's actor: from the node's cache (platform/actor-cache.ts) when it holds it, else one round trip (session,
 * user, organisation and roles). Idleness and expiry are decided on the database's row, never on a cached one.
 */
export async function loadActor(deps: Deps, token: string, now: Date): Promise<SessionLookup> {
  const id = sha256Hex(token);
  const cache = actorCache(deps.database);
  const hit = cache.get(id, now.getTime());
  if (hit && now.getTime() - hit.lastSeenAt <= deps.config.idleTimeoutMs && hit.expiresAt >= now.getTime()) {
    if (now.getTime() - hit.lastSeenAt > TOUCH_EVERY_MS) {
      await deps.database.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
      cache.touched(id, now.getTime());
    }
    return { actor: hit.actor };
  }
  const mark = cache.mark();
  const rows = await deps.database.query<SessionRow>(
    `select s.id as session_id, s.csrf_token, s.last_seen_at, s.expires_at,
            u.id as user_id, u.username, u.display_name, u.status, u.must_change_password, u.totp_enabled,
            o.id as org_id, o.path as org_path, o.name as org_name, o.kind as org_kind, o.region_code,
            coalesce(json_agg(json_build_object('code', r.code, 'zh', r.name_zh, 'en', r.name_en, 'scope', r.data_scope,
                     'perms', r.permissions, 'totp', r.totp_required)) filter (where r.id is not null), '[]') as roles
       from sessions s
       join users u on u.id = s.user_id
       join orgs o on o.id = u.org_id
       left join user_roles ur on ur.user_id = u.id
       left join roles r on r.id = ur.role_id
      where s.id = $1
      group by s.id, u.id, o.id`,
    [id],
    // every request runs this: prepared, its five-table plan is made once per connection instead of every time
    { name: 'shangmi_load_actor' },
  );
  const row = rows[0];
  if (!row) return { error: 'UNAUTHENTICATED' };
  const lastSeen = new Date(row.last_seen_at).getTime();
  const idle = now.getTime() - lastSeen > deps.config.idleTimeoutMs;
  if (idle || new Date(row.expires_at).getTime() < now.getTime() || row.status !== 'active') {
    await deps.database.db.delete(sessions).where(eq(sessions.id, id));
    return { error: row.status !== 'active' ? 'UNAUTHENTICATED' : 'SESSION_EXPIRED' };
  }
  let seen = lastSeen;
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    await deps.database.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    seen = now.getTime();
  }
  const actor = actorOf(row, id);
  const cached: CachedSession = { actor, lastSeenAt: seen, expiresAt: new Date(row.expires_at).getTime() };
  cache.set(id, cached, mark, now.getTime());
  return { actor };
}

function actorOf(row: SessionRow, id: string): Actor {
  const roles = typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles;
  const permissions = new Set<string>();
  for (const r of roles) for (const p of r.perms ?? []) permissions.add(p);
  return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      orgId: row.org_id,
      orgPath: row.org_path,
      orgName: row.org_name,
      orgKind: row.org_kind,
      regionCode: row.region_code,
      roleCodes: roles.map((r: { code: string }) => r.code),
      roleNames: roles.map((r: { code: string; zh: string; en: string }) => ({ code: r.code, zh: r.zh, en: r.en })),
      permissions,
      scope: widestScope(roles.map((r: { scope: DataScope }) => r.scope)),
      sessionId: id,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
      totpEnabled: row.totp_enabled,
      totpRequired: roles.some((r: { totp: boolean }) => r.totp),
  };
}

export async function createSession(
  deps: Deps,
  userId: number,
  meta: { ip: string | null; userAgent: string | null; now: Date },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  await deps.database.db.insert(sessions).values({
    id: sha256Hex(token),
    userId,
    csrfToken,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    createdAt: meta.now,
    lastSeenAt: meta.now,
    expiresAt: new Date(meta.now.getTime() + deps.config.absoluteTimeoutMs),
  });
  return { token, csrfToken };
}
