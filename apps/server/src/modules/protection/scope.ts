import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { secretEvents, secrets } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { M } from './protection.messages.js';

export type SecretRow = typeof secrets.$inferSelect;

/**
 * The protection file is its enterprise's alone: an account of that enterprise holding the permission reaches it, and
 * nobody else — whatever their roles or data scope (a platform administrator holds every permission and still sees no
 * register). Outsiders read only what a grant opens to them (grants.ts). This is tenancy, not data scope.
 */
export function isFileKeeper(actor: Actor): boolean {
  return actor.orgKind === 'enterprise';
}

/** The condition "the row belongs to the caller's enterprise" on a table's org column; false for anyone else. */
export function ownRows(ctx: Ctx, orgColumn: AnyPgColumn): SQL {
  const actor = requireActor(ctx);
  return isFileKeeper(actor) ? eq(orgColumn, actor.orgId) : sql`false`;
}

/**
 * The enterprise whose file the caller keeps: anyone else is refused — with 403 when they try to start a file
 * (a new secret, person, notice or grant), and with 404 when they name a part of one (`'record'`): to an account outside
 * the enterprise its records do not exist, as for any record outside one's scope (a platform administrator holds every
 * permission and still reaches none).
 */
export function keeperOrg(ctx: Ctx, addressing: 'new' | 'record' = 'new'): { actor: Actor; orgId: number; orgPath: string } {
  const actor = requireActor(ctx);
  if (!isFileKeeper(actor)) throw addressing === 'record' ? notFound() : new AppError('FORBIDDEN', { message: M.onlyEnterprise });
  return { actor, orgId: actor.orgId, orgPath: actor.orgPath };
}

/** One of the caller's secrets (404 otherwise: whether it exists elsewhere is not said), locked for a write when asked. */
export async function findSecret(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<SecretRow> {
  const q = ctx.db.select().from(secrets).where(and(eq(secrets.id, id), ownRows(ctx, secrets.orgId)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** Events for the secrets' history (and the litigation pack's): one row per secret. */
export async function addEvent(ctx: Ctx, secretIds: number | number[], action: string, data: Record<string, unknown> = {}): Promise<void> {
  const ids = Array.isArray(secretIds) ? [...new Set(secretIds)] : [secretIds];
  if (!ids.length) return;
  const actor = ctx.actor;
  await ctx.db.insert(secretEvents).values(ids.map((secretId) => ({ secretId, at: ctx.now, userId: actor?.userId ?? null, userName: actor?.displayName ?? null, action, data })));
}
