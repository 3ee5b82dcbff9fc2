import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor, Ctx } from './context.js';
import { AppError } from './errors.js';

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

export function can(actor: Actor, permission: string): boolean {
  return actor.permissions.has(permission);
}

/** Escapes LIKE's wildcards so user text (and paths) match literally. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** `%text%` for a contains-search on user input. */
export const containsPattern = (s: string) => `%${likeEscape(s)}%`;
/** Paths are `/id/id/`; escaped anyway so a path can never widen the match. */
const likePrefix = (path: string) => `${likeEscape(path)}%`;

export interface ScopeColumns {
  /** materialized org path of the row's owning organisation */
  orgPath: AnyPgColumn | SQL;
  /** organisation id of the row, for the `org` scope */
  orgId?: AnyPgColumn | SQL;
  /** the user who owns the row (the actor for logs, the user themself for users), for the `self` scope */
  owner?: AnyPgColumn | SQL;
}

/**
 * The data-scope condition for rows owned by an organisation, as a bound query condition.
 * `undefined` means no restriction (scope `all`).
 */
export function scopeCondition(actor: Actor, cols: ScopeColumns): SQL | undefined {
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return like(cols.orgPath as AnyPgColumn, likePrefix(actor.orgPath));
    case 'org':
      return cols.orgId ? eq(cols.orgId as AnyPgColumn, actor.orgId) : eq(cols.orgPath as AnyPgColumn, actor.orgPath);
    case 'self':
      return cols.owner ? eq(cols.owner as AnyPgColumn, actor.userId) : sql`false`;
  }
}

/** Whether an organisation (by its path) lies within what the actor may manage. */
export function orgInScope(actor: Actor, orgPath: string): boolean {
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return orgPath.startsWith(actor.orgPath);
    case 'org':
      return orgPath === actor.orgPath;
    case 'self':
      return false;
  }
}

export const andAll = (...conds: (SQL | undefined)[]) => {
  const list = conds.filter((c): c is SQL => c !== undefined);
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : and(...list);
};
