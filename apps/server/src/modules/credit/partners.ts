/**
 * Joint punishment (联合惩戒): the partner departments of a region (organisations of kind `department`: 财政、发改 …) and
 * the measures each applies, from the catalogue; every listed entry is shared with them as it is published (and the
 * current list with a department when it joins); their accounts see the current list and acknowledge it.
 */
import { and, asc, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { CreditShare, Page, PageQuery } from '@shangmi/shared';
import { creditPartners, creditSerious, creditShares, orgs, users } from '../../db/schema/index.js';
import { likeEscape, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { asPageTotal, cappedCount, one } from '../../platform/count-cache.js';
import { fieldError } from '../../platform/errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { M } from './credit.messages.js';
import { currentRules } from './rules.js';
import type { SeriousRow } from './scope.js';

/** The partners the actor manages (its organisation and below), with how many active accounts each has. */
export async function listPartners(ctx: Ctx) {
  const actor = requireActor(ctx);
  // read-only joins on the organisation tree and the users (names and account counts: one statement)
  const rows = await ctx.db
    .select({
      orgId: creditPartners.orgId,
      orgName: orgs.name,
      regionCode: creditPartners.regionCode,
      measureKeys: creditPartners.measureKeys,
      users: sql<number>`(select count(*)::int from ${users} u where u.org_id = ${creditPartners.orgId} and u.status = 'active')`,
    })
    .from(creditPartners)
    .innerJoin(orgs, eq(orgs.id, creditPartners.orgId))
    .where(actor.scope === 'all' ? undefined : like(orgs.path, `${likeEscape(actor.orgPath)}%`))
    .orderBy(asc(orgs.name));
  return rows.map((r) => ({ ...r, users: Number(r.users) }));
}

/** Departments in scope not yet partners (the picker). */
export async function partnerCandidates(ctx: Ctx) {
  const actor = requireActor(ctx);
  return ctx.db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .leftJoin(creditPartners, eq(creditPartners.orgId, orgs.id))
    .where(and(eq(orgs.kind, 'department'), isNull(creditPartners.orgId), actor.scope === 'all' ? undefined : like(orgs.path, `${likeEscape(actor.orgPath)}%`)))
    .orderBy(asc(orgs.name))
    .limit(500);
}

/** Makes a department a partner (or changes its measures); the region's current list is shared with it at once. */
export async function setPartner(ctx: Ctx, input: { orgId: number; measureKeys: string[] }) {
  const actor = requireActor(ctx);
  const org = await findOrgInScope(ctx, input.orgId, 'orgId');
  if (org.kind !== 'department' || !org.regionCode) throw fieldError('orgId', M.partnerNotDepartment);
  const { measures } = await currentRules(ctx);
  const keys = new Set(measures.measures.map((m) => m.key));
  for (const k of input.measureKeys) if (!keys.has(k)) throw fieldError('measureKeys', M.unknownMeasure(k));
  const measureKeys = [...new Set(input.measureKeys)];
  await ctx.db
    .insert(creditPartners)
    .values({ orgId: org.id, regionCode: org.regionCode, measureKeys, createdBy: actor.userId })
    .onConflictDoUpdate({ target: creditPartners.orgId, set: { measureKeys, updatedAt: ctx.now } });
  await ctx.db.execute(sql`
    insert into ${creditShares} (serious_id, org_id, shared_at)
    select s.id, ${org.id}, now() from ${creditSerious} s where s.public and s.region_code = ${org.regionCode}
    on conflict do nothing`);
  ctx.audit = { action: 'credit.partner-set', targetType: 'org', targetId: org.id, after: { measureKeys } };
  return listPartners(ctx);
}

export async function removePartner(ctx: Ctx, orgId: number) {
  await findOrgInScope(ctx, orgId, 'orgId');
  await ctx.db.delete(creditPartners).where(eq(creditPartners.orgId, orgId));
  ctx.audit = { action: 'credit.partner-remove', targetType: 'org', targetId: orgId };
  return listPartners(ctx);
}

/** A newly listed entry goes to every partner department of its region. */
export async function shareEntry(ctx: Ctx, s: SeriousRow) {
  await ctx.db.execute(sql`
    insert into ${creditShares} (serious_id, org_id, shared_at)
    select ${s.id}, p.org_id, now() from ${creditPartners} p where p.region_code = ${s.regionCode}
    on conflict do nothing`);
}

/** What the partner's account sees: the entries on the list now, shared with its department, and the measures it applies. */
export async function sharedWithMe(ctx: Ctx, q: { acknowledged?: 'yes' | 'no' } & PageQuery): Promise<Page<CreditShare>> {
  const actor = requireActor(ctx);
  const [partner] = await ctx.db.select().from(creditPartners).where(eq(creditPartners.orgId, actor.orgId));
  if (!partner) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { measures } = await currentRules(ctx);
  const mine = measures.measures.filter((m) => partner.measureKeys.includes(m.key) && m.appliesTo.includes('serious'));
  const where = and(
    eq(creditShares.orgId, actor.orgId),
    eq(creditSerious.public, true),
    q.acknowledged === 'yes' ? sql`${creditShares.acknowledgedAt} is not null` : q.acknowledged === 'no' ? isNull(creditShares.acknowledgedAt) : undefined,
  );
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ s: creditSerious, share: creditShares })
      .from(creditShares)
      .innerJoin(creditSerious, eq(creditSerious.id, creditShares.seriousId))
      .where(where)
      .orderBy(desc(creditSerious.listedOn), desc(creditSerious.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cappedCount(ctx.db, (limit) => ctx.db.select({ one }).from(creditShares).innerJoin(creditSerious, eq(creditSerious.id, creditShares.seriousId)).where(where).limit(limit)),
  ]);
  return {
    items: rows.map(({ s, share }) => ({
      seriousId: s.id,
      partyName: s.partyName,
      creditCode: s.creditCode,
      reason: s.reason,
      listedOn: s.listedOn ?? '',
      endsOn: s.endsOn ?? '',
      measures: mine.map((m) => ({ key: m.key, zh: m.label.zh, en: m.label.en, basis: m.basis })),
      sharedAt: share.sharedAt.toISOString(),
      acknowledgedAt: share.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: share.acknowledgedName,
    })),
    ...asPageTotal(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The department acknowledges entries shared with it (once; a second acknowledgement changes nothing). */
export async function acknowledgeShares(ctx: Ctx, seriousIds: number[]) {
  const actor = requireActor(ctx);
  const done = await ctx.db
    .update(creditShares)
    .set({ acknowledgedAt: ctx.now, acknowledgedBy: actor.userId, acknowledgedName: actor.displayName })
    .where(and(eq(creditShares.orgId, actor.orgId), inArray(creditShares.seriousId, seriousIds), isNull(creditShares.acknowledgedAt)))
    .returning({ id: creditShares.seriousId });
  ctx.audit = { action: 'credit.share-acknowledge', targetType: 'credit_serious', targetId: done.map((d) => d.id).join(',') || null, after: { count: done.length } };
  return { acknowledged: done.length };
}
