/**
 * The pull API for a credit platform: `GET /api/credit/feed?after=<seq>` with `Authorization: Bearer <token>` answers the
 * changes after its last position, in order (new and changed records with their published fields; withdrawn, expired
 * and repaired ones with what identifies them and why). A token belongs to a region and its creator's scope; only its
 * SHA-256 is stored; each pull that returns something is in the export ledger.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, like } from 'drizzle-orm';
import type { CreditFeed } from '@shangmi/shared';
import { creditChanges, creditExports, creditRecords, creditTokens } from '../../db/schema/index.js';
import { likeEscape, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { M } from './credit.messages.js';
import { doublePublicityRow } from './exports.js';

const hashToken = (t: string) => crypto.createHash('sha256').update(t).digest('hex');
const TOKEN_PREFIX = 'smct_';

const tokenView = (t: typeof creditTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  regionCode: t.regionCode,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function listTokens(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select()
    .from(creditTokens)
    .where(actor.scope === 'all' ? undefined : like(creditTokens.orgPath, `${likeEscape(actor.orgPath)}%`))
    .orderBy(desc(creditTokens.id));
  return rows.map(tokenView);
}

/** A new token, shown once. Its scope is its creator's organisation (and below), or everything for an all-scope creator. */
export async function createToken(ctx: Ctx, name: string) {
  const actor = requireActor(ctx);
  const org = await findOrgInScope(ctx, actor.orgId);
  const token = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url');
  const [row] = await ctx.db
    .insert(creditTokens)
    .values({ name, regionCode: org.regionCode ?? actor.regionCode ?? '', orgId: org.id, orgPath: org.path, scopeAll: actor.scope === 'all', tokenHash: hashToken(token), createdBy: actor.userId })
    .returning();
  ctx.audit = { action: 'credit.token-create', targetType: 'credit_token', targetId: row.id, after: { name } };
  return { ...tokenView(row), token };
}

export async function revokeToken(ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .update(creditTokens)
    .set({ revokedAt: ctx.now })
    .where(and(eq(creditTokens.id, id), isNull(creditTokens.revokedAt), actor.scope === 'all' ? undefined : like(creditTokens.orgPath, `${likeEscape(actor.orgPath)}%`)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND');
  ctx.audit = { action: 'credit.token-revoke', targetType: 'credit_token', targetId: id };
  return listTokens(ctx);
}

/** The token of an `Authorization: Bearer` header, or 401 (the same answer for a missing, unknown or revoked one). */
async function tokenOf(ctx: Ctx, header: string | undefined) {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m || !m[1]!.startsWith(TOKEN_PREFIX)) throw new AppError('UNAUTHENTICATED', { message: M.tokenInvalid });
  const [row] = await ctx.db
    .select()
    .from(creditTokens)
    .where(and(eq(creditTokens.tokenHash, hashToken(m[1]!)), isNull(creditTokens.revokedAt)));
  if (!row) throw new AppError('UNAUTHENTICATED', { message: M.tokenInvalid });
  return row;
}

/** One page of the feed for the token's scope; the pull is recorded (last use; the ledger when it carried anything). */
export async function pullFeed(ctx: Ctx, authorization: string | undefined, q: { after: number; limit: number }): Promise<CreditFeed> {
  const token = await tokenOf(ctx, authorization);
  const scope = token.scopeAll ? undefined : like(creditChanges.orgPath, `${likeEscape(token.orgPath)}%`);
  const changes = await ctx.db
    .select()
    .from(creditChanges)
    .where(and(gt(creditChanges.seq, q.after), scope))
    .orderBy(asc(creditChanges.seq))
    .limit(q.limit + 1);
  const more = changes.length > q.limit;
  const page = changes.slice(0, q.limit);
  const ids = [...new Set(page.map((c) => c.recordId))];
  const records = ids.length ? await ctx.db.select().from(creditRecords).where(inArray(creditRecords.id, ids)) : [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const next = page.length ? page[page.length - 1]!.seq : q.after;
  await ctx.db.update(creditTokens).set({ lastUsedAt: ctx.now }).where(eq(creditTokens.id, token.id));
  if (page.length) {
    await ctx.db.insert(creditExports).values({
      target: `api:${token.name}`.slice(0, 100),
      format: 'json',
      mode: 'incremental',
      scopeKey: token.scopeAll ? '*' : token.orgPath,
      orgPath: token.orgPath,
      fromSeq: q.after,
      toSeq: next,
      rows: page.length,
      tokenId: token.id,
      byName: `接口令牌 ${token.name}`,
      at: ctx.now,
    });
  }
  ctx.audit = { action: 'credit.feed', targetType: 'credit_token', targetId: token.id, after: { after: q.after, next, items: page.length } };
  return {
    items: page.map((c) => {
      const r = byId.get(c.recordId)!;
      const live = c.change === 'new' || c.change === 'changed';
      return { seq: c.seq, change: c.change, at: c.at.toISOString(), recordId: c.recordId, decisionNo: r.decisionNo, creditCode: r.creditCode, reason: c.reason, record: live ? doublePublicityRow(r) : null };
    }),
    next,
    more,
  };
}

