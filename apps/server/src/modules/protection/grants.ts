/**
 * Access grants: the enterprise opens chosen parts of its file (never the secrets, which are not here; never the value
 * fields, summaries or carrier locations) to a site, a provider or a bureau — or one officer of it — until a day it
 * chooses, and may revoke at any time. Every view is logged and shown to the enterprise (docs/protection.md § Grants).
 */
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { addCalendarDays, type Grant, type GrantCreate, type GrantedPart, type GrantStatus } from '@shangmi/shared';
import {
  accessGrants,
  grantViews,
  orgs,
  proofRecords,
  protectionDepartures,
  protectionNotices,
  protectionPeople,
  secretMeasures,
  secrets,
  users,
} from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { containsPattern, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/inbox.js';
import { M } from './protection.messages.js';
import { currentMeasures } from './readiness.js';
import { rules } from './rules.js';
import { keeperOrg, ownRows } from './scope.js';

type GrantRow = typeof accessGrants.$inferSelect;

/** Who may be given a grant: protection sites, service providers and market-regulation bureaus. */
export const GRANTEE_KINDS = ['site', 'provider', 'district_bureau', 'city_bureau'] as const;
const VIEWER_PERMISSION = 'protection:granted';
const ROWS_LIMIT = 5_000;

export function grantStatus(g: Pick<GrantRow, 'revokedAt' | 'validUntil'>, now: Date): GrantStatus {
  if (g.revokedAt) return 'revoked';
  return g.validUntil <= now ? 'expired' : 'active';
}

/** The end of a day in Asia/Shanghai: the next day's midnight there. */
const endOfDay = (day: string) => new Date(`${addCalendarDays(day, 1)}T00:00:00+08:00`);

/** Users of an organisation who may read granted files (the grant's default audience). */
const viewersOf = (orgId: number) => sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
  where u.status = 'active' and u.org_id = ${orgId} group by u.id having bool_or(${VIEWER_PERMISSION} = any(r.permissions))`;

// ------------------------------------------------------------------------------------------------------------ the enterprise's side

const granteeOrg = alias(orgs, 'grantee_org');

function selectGrants(ctx: Ctx) {
  return ctx.db
    .select({
      g: accessGrants,
      granteeOrgName: granteeOrg.name,
      granteeOrgKind: granteeOrg.kind,
      granteeUserName: sql<string | null>`(select display_name from users gu where gu.id = ${accessGrants.granteeUserId})`,
      revokedByName: sql<string | null>`(select display_name from users ru where ru.id = ${accessGrants.revokedBy})`,
      createdByName: users.displayName,
      views: sql<number>`(select count(*)::int from grant_views v where v.grant_id = ${accessGrants.id})`,
      lastViewedAt: sql<Date | null>`(select max(v.at) from grant_views v where v.grant_id = ${accessGrants.id})`,
    })
    .from(accessGrants)
    .innerJoin(granteeOrg, eq(granteeOrg.id, accessGrants.granteeOrgId))
    .leftJoin(users, eq(users.id, accessGrants.createdBy));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectGrants>['execute']>>[number];

function toGrant(r: Selected, now: Date): Grant {
  const g = r.g;
  return {
    id: g.id,
    granteeOrgId: g.granteeOrgId,
    granteeOrgName: r.granteeOrgName,
    granteeOrgKind: r.granteeOrgKind,
    granteeUserId: g.granteeUserId,
    granteeUserName: r.granteeUserName,
    parts: g.parts,
    purpose: g.purpose,
    validFrom: g.validFrom.toISOString(),
    validUntil: g.validUntil.toISOString(),
    status: grantStatus(g, now),
    revokedAt: g.revokedAt?.toISOString() ?? null,
    revokedByName: r.revokedByName,
    createdAt: g.createdAt.toISOString(),
    createdByName: r.createdByName,
    views: Number(r.views),
    lastViewedAt: r.lastViewedAt ? new Date(r.lastViewedAt).toISOString() : null,
  };
}

export async function listGrants(ctx: Ctx): Promise<Grant[]> {
  const rows = await selectGrants(ctx).where(ownRows(ctx, accessGrants.orgId)).orderBy(desc(accessGrants.id)).limit(500);
  return rows.map((r) => toGrant(r, ctx.now));
}

export async function getGrant(ctx: Ctx, id: number) {
  const [row] = await selectGrants(ctx).where(and(eq(accessGrants.id, id), ownRows(ctx, accessGrants.orgId)));
  if (!row) throw notFound();
  const views = await ctx.db.select().from(grantViews).where(eq(grantViews.grantId, id)).orderBy(desc(grantViews.at), desc(grantViews.id)).limit(1000);
  return { ...toGrant(row, ctx.now), viewLog: views.map((v) => ({ id: v.id, at: v.at.toISOString(), userName: v.userName, orgName: v.viewerOrgName, part: v.part, ip: v.ip })) };
}

/** Organisations of the enterprise's region a grant may go to, and their users who may read granted files. */
export async function granteeOptions(ctx: Ctx, q?: string | null) {
  const { actor } = keeperOrg(ctx, 'record');
  const conds: SQL[] = [eq(orgs.regionCode, actor.regionCode ?? ''), inArray(orgs.kind, [...GRANTEE_KINDS]), eq(orgs.status, 'active')];
  if (q) conds.push(sql`${orgs.name} ilike ${containsPattern(q)}`);
  const list = await ctx.db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind }).from(orgs).where(and(...conds)).orderBy(orgs.kind, orgs.name).limit(100);
  if (!list.length) return [];
  const people = rowsOf<{ id: number; display_name: string; org_id: number }>(
    await ctx.db.execute(sql`select u.id, u.display_name, u.org_id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
      where u.status = 'active' and u.org_id = any(${`{${list.map((o) => o.id).join(',')}}`}::int[])
      group by u.id having bool_or(${VIEWER_PERMISSION} = any(r.permissions)) order by u.display_name limit 1000`),
  );
  return list.map((o) => ({ orgId: o.id, orgName: o.name, kind: o.kind, users: people.filter((p) => Number(p.org_id) === o.id).map((p) => ({ id: Number(p.id), displayName: p.display_name })) }));
}

export async function createGrant(ctx: Ctx, input: GrantCreate): Promise<Grant> {
  const { actor, orgId } = keeperOrg(ctx);
  const r = rules().grants;
  const parts = [...new Set(input.parts)];
  if (parts.some((p) => !r.parts.some((x) => x.value === p))) throw fieldError('parts', M.grantPart);
  const today = todayIn(ctx.now);
  if (input.validUntil <= today || input.validUntil > addCalendarDays(today, r.maxDays)) throw fieldError('validUntil', M.grantUntil);
  const [grantee] = await ctx.db.select().from(orgs).where(eq(orgs.id, input.granteeOrgId));
  if (!grantee || !(GRANTEE_KINDS as readonly string[]).includes(grantee.kind) || grantee.status !== 'active') throw fieldError('granteeOrgId', M.granteeKind);
  if (!actor.regionCode || grantee.regionCode !== actor.regionCode) throw fieldError('granteeOrgId', M.granteeRegion);
  if (input.granteeUserId) {
    const ok = rowsOf<{ id: number }>(await ctx.db.execute(sql`select x.id from (${viewersOf(grantee.id)}) as x(id) where x.id = ${input.granteeUserId}`));
    if (!ok.length) throw fieldError('granteeUserId', M.granteeUser);
  }
  const [g] = await ctx.db
    .insert(accessGrants)
    .values({ orgId, granteeOrgId: grantee.id, granteeUserId: input.granteeUserId ?? null, parts, purpose: input.purpose, validFrom: ctx.now, validUntil: endOfDay(input.validUntil), createdBy: actor.userId, createdAt: ctx.now })
    .returning();
  await notify(
    ctx.db,
    ctx.deps.config,
    input.granteeUserId ? [input.granteeUserId] : viewersOf(grantee.id),
    {
      event: 'task',
      title: { zh: `${actor.orgName}向您开放了保护档案（至 ${input.validUntil}）`, en: `${actor.orgName} opened parts of its protection file to you (until ${input.validUntil})` },
      body: { zh: `用途：${input.purpose}。每次查看都会记录并告知企业。`, en: `Purpose: ${input.purpose}. Every view is logged and shown to the enterprise.` },
      link: '/protection/granted',
      record: { kind: 'protection.grant', id: g!.id },
    },
    ctx.now,
  );
  ctx.audit = { action: 'protection.grant', targetType: 'access_grant', targetId: g!.id, after: { granteeOrgId: grantee.id, granteeUserId: input.granteeUserId ?? null, parts, validUntil: input.validUntil } };
  return (await listGrants(ctx)).find((x) => x.id === g!.id)!;
}

export async function revokeGrant(ctx: Ctx, id: number): Promise<Grant> {
  const { actor } = keeperOrg(ctx, 'record');
  const [g] = await ctx.db.select().from(accessGrants).where(and(eq(accessGrants.id, id), ownRows(ctx, accessGrants.orgId))).for('update');
  if (!g) throw notFound();
  if (grantStatus(g, ctx.now) !== 'active') throw conflict(M.grantNotActive);
  await ctx.db.update(accessGrants).set({ revokedAt: ctx.now, revokedBy: actor.userId }).where(eq(accessGrants.id, id));
  ctx.audit = { action: 'protection.grant-revoke', targetType: 'access_grant', targetId: id };
  return (await listGrants(ctx)).find((x) => x.id === id)!;
}

// ------------------------------------------------------------------------------------------------------------ the grantee's side

/** Grants made to the caller: by name, or to their organisation without a name. */
function grantedToMe(ctx: Ctx): SQL {
  const actor = requireActor(ctx);
  return or(eq(accessGrants.granteeUserId, actor.userId), and(isNull(accessGrants.granteeUserId), eq(accessGrants.granteeOrgId, actor.orgId)))!;
}

function toGranted(g: GrantRow, enterpriseName: string, now: Date) {
  return { id: g.id, enterpriseName, parts: g.parts, purpose: g.purpose, validUntil: g.validUntil.toISOString(), status: grantStatus(g, now), grantedAt: g.createdAt.toISOString() };
}

export async function listGranted(ctx: Ctx) {
  const rows = await ctx.db
    .select({ g: accessGrants, enterpriseName: orgs.name })
    .from(accessGrants)
    .innerJoin(orgs, eq(orgs.id, accessGrants.orgId))
    .where(grantedToMe(ctx))
    .orderBy(desc(accessGrants.id))
    .limit(500);
  return rows.map((r) => toGranted(r.g, r.enterpriseName, ctx.now));
}

/**
 * One part of a file through a grant (in a write transaction: the view is logged with it). A grant that is not the
 * caller's answers 404; one that expired or was revoked 410; a part it does not open 403.
 */
export async function viewGranted(ctx: Ctx, id: number, part: string): Promise<GrantedPart> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ g: accessGrants, enterpriseName: orgs.name })
    .from(accessGrants)
    .innerJoin(orgs, eq(orgs.id, accessGrants.orgId))
    .where(and(eq(accessGrants.id, id), grantedToMe(ctx)));
  if (!row) throw notFound();
  const g = row.g;
  if (grantStatus(g, ctx.now) !== 'active') throw new AppError('GONE', { message: M.grantNotActive });
  if (!g.parts.includes(part)) throw forbidden(M.partNotGranted);
  await ctx.db.insert(grantViews).values({ grantId: g.id, orgId: g.orgId, userId: actor.userId, userName: actor.displayName, viewerOrgName: actor.orgName, part, ip: ctx.ip, at: ctx.now });
  ctx.audit = { action: 'protection.grant-view', targetType: 'access_grant', targetId: g.id, after: { part } };
  const out: GrantedPart = { grant: toGranted(g, row.enterpriseName, ctx.now), part };
  const org = g.orgId;
  if (part === 'register') {
    const rows = await ctx.db.select().from(secrets).where(eq(secrets.orgId, org)).orderBy(secrets.id).limit(ROWS_LIMIT);
    out.register = rows.map((s) => ({ id: s.id, code: s.code, name: s.name, category: s.category, subKind: s.subKind, level: s.level, status: s.status, carrierKinds: s.carrierKinds, readiness: s.readiness, createdOn: s.createdOn }));
  }
  if (part === 'measures') {
    const { framework } = await currentMeasures(ctx);
    const texts = new Map(framework.dimensions.flatMap((d) => d.requirements.map((r) => [r.id, r.text] as const)));
    const rows = await ctx.db
      .select({ m: secretMeasures, secretName: secrets.name, logIndex: proofRecords.logIndex })
      .from(secretMeasures)
      .innerJoin(secrets, eq(secrets.id, secretMeasures.secretId))
      .leftJoin(proofRecords, eq(proofRecords.id, secretMeasures.proofId))
      .where(eq(secretMeasures.orgId, org))
      .orderBy(secretMeasures.secretId, secretMeasures.takenOn)
      .limit(ROWS_LIMIT);
    out.measures = rows.map((r) => ({ secretId: r.m.secretId, secretName: r.secretName, requirementId: r.m.requirementId, text: texts.get(r.m.requirementId) ?? null, takenOn: r.m.takenOn, evidenceKind: r.m.evidenceKind, proofLogIndex: r.logIndex ?? null }));
  }
  if (part === 'people') {
    const rows = await ctx.db.select().from(protectionPeople).where(eq(protectionPeople.orgId, org)).orderBy(protectionPeople.id).limit(ROWS_LIMIT);
    out.people = rows.map((p) => ({ id: p.id, name: p.name, kind: p.kind, department: p.department, organisation: p.organisation, status: p.status, agreementSignedOn: p.agreementSignedOn, nonCompeteFrom: p.nonCompeteFrom, nonCompeteTo: p.nonCompeteTo, departedOn: p.departedOn }));
  }
  if (part === 'acknowledgements') {
    const rows = await ctx.db
      .select({ n: protectionNotices, personName: protectionPeople.name, logIndex: proofRecords.logIndex })
      .from(protectionNotices)
      .innerJoin(protectionPeople, eq(protectionPeople.id, protectionNotices.personId))
      .leftJoin(proofRecords, eq(proofRecords.id, protectionNotices.proofId))
      .where(eq(protectionNotices.orgId, org))
      .orderBy(desc(protectionNotices.id))
      .limit(ROWS_LIMIT);
    out.acknowledgements = rows.map((r) => ({ noticeId: r.n.id, personName: r.personName, secretNames: r.n.secretNames, sentAt: r.n.sentAt.toISOString(), acknowledgedAt: r.n.acknowledgedAt?.toISOString() ?? null, documentSha256: r.n.documentSha256, proofLogIndex: r.logIndex ?? null }));
  }
  if (part === 'departures') {
    const rows = await ctx.db
      .select({ d: protectionDepartures, personName: protectionPeople.name })
      .from(protectionDepartures)
      .innerJoin(protectionPeople, eq(protectionPeople.id, protectionDepartures.personId))
      .where(eq(protectionDepartures.orgId, org))
      .orderBy(desc(protectionDepartures.departedOn))
      .limit(ROWS_LIMIT);
    out.departures = rows.map((r) => ({ personName: r.personName, departedOn: r.d.departedOn, items: r.d.items as Record<string, string | null>, complete: r.d.completedOn !== null }));
  }
  return out;
}
