import { asc, count, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { LoginlogEntry, OplogEntry, Page } from '@shangmi/shared';
import { loginlog, oplog } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor, scopeCondition } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';

export interface LogQuery {
  q?: string | null;
  action?: string | null;
  result?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
  order: 'asc' | 'desc';
}

function oplogWhere(ctx: Ctx, q: Omit<LogQuery, 'page' | 'pageSize' | 'order'>): SQL | undefined {
  const actor = requireActor(ctx);
  const conds: (SQL | undefined)[] = [scopeCondition(actor, { orgPath: oplog.orgPath, orgId: oplog.orgId, owner: oplog.userId })];
  if (q.q) {
    const pat = containsPattern(q.q);
    conds.push(or(ilike(oplog.username, pat), ilike(oplog.path, pat), ilike(oplog.targetId, pat), ilike(oplog.orgName, pat)));
  }
  if (q.action) conds.push(ilike(oplog.action, containsPattern(q.action)));
  if (q.result === 'success' || q.result === 'failure') conds.push(eq(oplog.result, q.result));
  if (q.from) conds.push(gte(oplog.at, new Date(q.from)));
  if (q.to) conds.push(lte(oplog.at, new Date(q.to)));
  return andAll(...conds);
}

function toOplog(r: typeof oplog.$inferSelect): OplogEntry {
  return {
    id: r.seq,
    seq: r.seq,
    at: r.at.toISOString(),
    userId: r.userId,
    username: r.username,
    orgId: r.orgId,
    orgName: r.orgName,
    action: r.action,
    method: r.method,
    path: r.path,
    targetType: r.targetType,
    targetId: r.targetId,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    result: r.result,
    errorCode: r.errorCode,
    durationMs: r.durationMs,
    requestId: r.requestId,
  };
}

export async function listOplog(ctx: Ctx, q: LogQuery): Promise<Page<OplogEntry>> {
  const where = oplogWhere(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(oplog)
      .where(where)
      .orderBy(q.order === 'asc' ? asc(oplog.seq) : desc(oplog.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(oplog).where(where),
  ]);
  return { items: rows.map(toOplog), total, page: q.page, pageSize: q.pageSize };
}

export async function exportOplog(ctx: Ctx, q: Omit<LogQuery, 'page' | 'pageSize'>, limit: number): Promise<OplogEntry[]> {
  const rows = await ctx.db.select().from(oplog).where(oplogWhere(ctx, q)).orderBy(desc(oplog.seq)).limit(limit);
  return rows.map(toOplog);
}

function loginlogWhere(ctx: Ctx, q: Omit<LogQuery, 'page' | 'pageSize' | 'order' | 'action'>): SQL | undefined {
  const actor = requireActor(ctx);
  const conds: (SQL | undefined)[] = [scopeCondition(actor, { orgPath: loginlog.orgPath, owner: loginlog.userId })];
  if (q.q) {
    const pat = containsPattern(q.q);
    conds.push(or(ilike(loginlog.username, pat), ilike(loginlog.ip, pat), ilike(loginlog.orgName, pat)));
  }
  if (q.result) conds.push(eq(loginlog.result, q.result));
  if (q.from) conds.push(gte(loginlog.at, new Date(q.from)));
  if (q.to) conds.push(lte(loginlog.at, new Date(q.to)));
  return andAll(...conds);
}

const toLoginlog = (r: typeof loginlog.$inferSelect): LoginlogEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  userId: r.userId,
  username: r.username,
  orgName: r.orgName,
  ip: r.ip,
  userAgent: r.userAgent,
  result: r.result,
});

export async function listLoginlog(ctx: Ctx, q: LogQuery): Promise<Page<LoginlogEntry>> {
  const where = loginlogWhere(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(loginlog)
      .where(where)
      .orderBy(q.order === 'asc' ? asc(loginlog.id) : desc(loginlog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(loginlog).where(where),
  ]);
  return { items: rows.map(toLoginlog), total, page: q.page, pageSize: q.pageSize };
}

export async function exportLoginlog(ctx: Ctx, q: Omit<LogQuery, 'page' | 'pageSize'>, limit: number): Promise<LoginlogEntry[]> {
  const rows = await ctx.db.select().from(loginlog).where(loginlogWhere(ctx, q)).orderBy(desc(loginlog.id)).limit(limit);
  return rows.map(toLoginlog);
}

