/** Reading sites within the caller's scope: lists, the export, one site's detail with what the caller may do next, its files. */
import type { FastifyReply } from 'fastify';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, arrayContains, asc, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  SITE_STATUS_MOVES,
  statusMovePermission,
  type Page,
  type PageQuery,
  type Site,
  type SiteAcceptance,
  type SiteAllowed,
  type SiteDetail,
  type SiteEvent,
  type SiteEventAction,
  type SiteListQuery,
  type SiteStatus,
} from '@shangmi/shared';
import { files, orgs, parks, siteAcceptances, siteEvents, siteFiles, sites, siteStandards, users } from '../../db/schema/index.js';
import { andAll, can, containsPattern, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { historyLine, instanceOf, mayTake, newestFirst, stepsOf, type InstanceRow, type StepRow } from '../../platform/workflow/index.js';
import { sendStoredFile } from '../files/files.service.js';
import { acceptancePath, homeOf } from './path.js';
import { type AcceptanceItemRow, type Row, coversAsBureau, isSiteUser, iso, profileOf, siteMayMove, siteScope } from './scope.js';
import { currentStandard, toStandard } from './standards.js';

const parent = alias(sites, 'parent_site');
const hostOrg = alias(orgs, 'host_org');

function selectSites(ctx: Ctx) {
  return ctx.db
    .select({
      site: sites,
      parkName: parks.name,
      parentSiteName: parent.name,
      hostOrgKind: hostOrg.kind,
      // written out: a correlated count over the outer row
      childCount: sql<number>`(select count(*)::int from sites c where c.parent_site_id = sites.id)`,
    })
    .from(sites)
    .leftJoin(parks, eq(parks.id, sites.parkId))
    .leftJoin(parent, eq(parent.id, sites.parentSiteId))
    .leftJoin(hostOrg, eq(hostOrg.id, sites.hostOrgId));
}
type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectSites>['execute']>>[number];

function toSite(r: SelectedRow): Site {
  const s = r.site;
  return {
    ...profileOf(s, r.parkName),
    orgId: s.orgId,
    parentSiteId: s.parentSiteId,
    parentSiteName: r.parentSiteName,
    hostOrgId: s.hostOrgId,
    hostOrgKind: r.hostOrgKind,
    statusChangedAt: s.statusChangedAt.toISOString(),
    acceptance: s.acceptance,
    submittedAt: iso(s.submittedAt),
    childCount: Number(r.childCount),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export type SiteFilters = Omit<SiteListQuery, 'sort'>;

function filterConditions(actor: Actor, q: SiteFilters): SQL | undefined {
  const conds: (SQL | undefined)[] = [siteScope(actor)];
  if (q.regionCode) conds.push(eq(sites.regionCode, q.regionCode));
  if (q.kind) conds.push(eq(sites.kind, q.kind));
  if (q.level) conds.push(eq(sites.level, q.level));
  if (q.status) conds.push(eq(sites.status, q.status));
  if (q.districtCode) conds.push(eq(sites.districtCode, q.districtCode));
  if (q.parkId) conds.push(eq(sites.parkId, q.parkId));
  if (q.hostKind) conds.push(eq(sites.hostKind, q.hostKind));
  if (q.hostOrgId) conds.push(eq(sites.hostOrgId, q.hostOrgId));
  if (q.host === 'linked') conds.push(isNotNull(sites.hostOrgId));
  if (q.host === 'unlinked') conds.push(and(isNull(sites.hostOrgId), isNotNull(sites.hostName)));
  if (q.service) conds.push(arrayContains(sites.services, [q.service]));
  if (q.parentSiteId) conds.push(eq(sites.parentSiteId, q.parentSiteId));
  if (q.acceptance) conds.push(eq(sites.acceptance, q.acceptance));
  if (q.q) {
    const pat = containsPattern(q.q);
    conds.push(or(ilike(sites.name, pat), ilike(sites.hostName, pat), ilike(sites.address, pat), ilike(sites.plaqueNo, pat)));
  }
  return andAll(...conds);
}

function orderOf(q: { sort?: SiteListQuery['sort']; order?: 'asc' | 'desc' }, fallback: SQL[]): SQL[] {
  if (!q.sort) return fallback;
  const dir = q.order === 'asc' ? asc : desc;
  const cols: Record<NonNullable<SiteListQuery['sort']>, AnyPgColumn> = {
    id: sites.id,
    name: sites.name,
    status: sites.status,
    statusChangedAt: sites.statusChangedAt,
    accreditedAt: sites.accreditedAt,
    createdAt: sites.createdAt,
  };
  return [dir(cols[q.sort]), dir(sites.id)];
}

export async function listSites(ctx: Ctx, q: SiteListQuery & PageQuery): Promise<Page<Site>> {
  const actor = requireActor(ctx);
  const where = filterConditions(actor, q);
  const [rows, total] = await Promise.all([
    selectSites(ctx)
      .where(where)
      .orderBy(...orderOf(q, [q.order === 'asc' ? asc(sites.id) : desc(sites.id)]))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, sites, where),
  ]);
  return { items: rows.map(toSite), ...total, page: q.page, pageSize: q.pageSize };
}

/** The export, by default in the order a register lists sites: district, kind, name. */
export async function exportSites(ctx: Ctx, q: SiteListQuery & Pick<PageQuery, 'order'>, limit: number): Promise<Site[]> {
  const actor = requireActor(ctx);
  const rows = await selectSites(ctx)
    .where(filterConditions(actor, q))
    .orderBy(...orderOf(q, [sql`${sites.districtCode} asc nulls first`, asc(sites.kind), asc(sites.name), asc(sites.id)]))
    .limit(limit);
  return rows.map(toSite);
}

async function findSite(ctx: Ctx, id: number): Promise<SelectedRow> {
  const actor = requireActor(ctx);
  const [row] = await selectSites(ctx).where(andAll(eq(sites.id, id), siteScope(actor)));
  if (!row) throw notFound();
  return row;
}

/** A site in the actor's scope. With `field`, a miss is a validation error on that field; else 404. */
export async function findSiteInScope(ctx: Ctx, id: number, field?: string): Promise<Row> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select().from(sites).where(andAll(eq(sites.id, id), siteScope(actor)));
  if (!row) {
    if (field) throw fieldError(field, common.notInScope);
    throw notFound();
  }
  return row;
}

function toEvent(r: typeof siteEvents.$inferSelect): SiteEvent {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userName: r.userName,
    orgName: r.orgName,
    action: r.action as SiteEventAction,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    comment: r.comment,
    fileIds: r.fileIds,
    changed: r.action === 'updated' && r.data && typeof r.data === 'object' ? Object.keys(r.data) : [],
  };
}

/** A step of the acceptance path as a history line, with the statuses it moved the site between. */
function stepEvent(r: StepRow): SiteEvent {
  const { data, ...line } = historyLine<{ fromStatus: SiteStatus | null; toStatus: SiteStatus | null }>(r);
  return { ...line, action: line.action as SiteEventAction, fromStatus: data.fromStatus ?? null, toStatus: data.toStatus ?? null };
}

const submitter = alias(users, 'submitter');
const districtUser = alias(users, 'district_user');
const cityUser = alias(users, 'city_user');

async function acceptancesOf(ctx: Ctx, siteId: number): Promise<SiteAcceptance[]> {
  const rows = await ctx.db
    .select({
      a: siteAcceptances,
      version: siteStandards.version,
      passScore: siteStandards.passScore,
      submittedByName: submitter.displayName,
      districtByName: districtUser.displayName,
      cityByName: cityUser.displayName,
    })
    .from(siteAcceptances)
    .innerJoin(siteStandards, eq(siteStandards.id, siteAcceptances.standardId))
    .leftJoin(submitter, eq(submitter.id, siteAcceptances.submittedBy))
    .leftJoin(districtUser, eq(districtUser.id, siteAcceptances.districtBy))
    .leftJoin(cityUser, eq(cityUser.id, siteAcceptances.cityBy))
    .where(eq(siteAcceptances.siteId, siteId))
    .orderBy(desc(siteAcceptances.id));
  return rows.map(({ a, version, passScore, submittedByName, districtByName, cityByName }) => ({
    id: a.id,
    standardId: a.standardId,
    standardVersion: version,
    state: a.state,
    statement: a.statement,
    items: a.items as AcceptanceItemRow[],
    selfTotal: a.selfTotal,
    districtTotal: a.districtTotal,
    passScore,
    submittedByName,
    submittedAt: a.submittedAt.toISOString(),
    districtByName,
    districtAt: iso(a.districtAt),
    districtComment: a.districtComment,
    cityByName,
    cityAt: iso(a.cityAt),
    cityComment: a.cityComment,
    returnReason: a.returnReason,
    returnedAt: iso(a.returnedAt),
    plaqueNo: a.plaqueNo,
  }));
}

const addedBy = alias(users, 'added_by');

async function filesOf(ctx: Ctx, siteId: number) {
  const rows = await ctx.db
    .select({ link: siteFiles, file: files, addedByName: addedBy.displayName })
    .from(siteFiles)
    .innerJoin(files, eq(files.id, siteFiles.fileId))
    .leftJoin(addedBy, eq(addedBy.id, siteFiles.addedBy))
    .where(and(eq(siteFiles.siteId, siteId), isNull(siteFiles.removedAt)))
    .orderBy(desc(siteFiles.addedAt), desc(siteFiles.fileId));
  return rows.map(({ link, file, addedByName }) => ({
    id: file.id,
    name: file.name,
    size: file.size,
    mime: file.mime,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
    purpose: link.purpose,
    acceptanceId: link.acceptanceId,
    itemCode: link.itemCode,
    addedByName,
    addedAt: link.addedAt.toISOString(),
  }));
}

function allowedFor(actor: Actor, s: Row, inst: InstanceRow | null): SiteAllowed {
  const live = s.status !== 'revoked';
  const edit = can(actor, 'sites:update') && live;
  // the route itself needs sites:update (a city officer holding only sites:approve asks the city administrator)
  const statusTo = live && can(actor, 'sites:update')
    ? SITE_STATUS_MOVES[s.status].filter((to) => {
        const perm = statusMovePermission(s.status, to, !!s.accreditedAt);
        if (!can(actor, perm) || (isSiteUser(actor) && !siteMayMove(s.status, to))) return false;
        return perm === 'sites:update' ? true : coversAsBureau(actor, s);
      })
    : [];
  // the acceptance's steps as the workflow engine would allow them now
  const may = (step: string) => live && mayTake(actor, acceptancePath, inst, step, homeOf(s));
  return {
    edit,
    editProfileOnly: edit && isSiteUser(actor),
    statusTo,
    addStaff: can(actor, 'sites:create') && !isSiteUser(actor) && live,
    submit: s.status === 'building' && may('submitted'),
    withdraw: may('withdrawn'),
    review: may('district_passed'),
    approve: may('city_approved'),
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const row = await findSite(ctx, id);
  const s = row.site;
  // one after the other: after a write this runs on the transaction's single connection
  const own = await ctx.db.select().from(siteEvents).where(eq(siteEvents.siteId, id)).orderBy(desc(siteEvents.at), desc(siteEvents.id));
  const steps = await stepsOf(ctx, acceptancePath, [id]);
  // the site's own events and its acceptance path's steps, newest first
  const events = [...own.map(toEvent), ...steps.map(stepEvent)].sort(newestFirst);
  const fileRows = await filesOf(ctx, id);
  const staff = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, status: users.status })
    .from(users)
    .where(eq(users.orgId, s.orgId))
    .orderBy(asc(users.id));
  const children = await ctx.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, status: sites.status })
    .from(sites)
    .where(eq(sites.parentSiteId, id))
    .orderBy(asc(sites.kind), asc(sites.id));
  const acceptances = await acceptancesOf(ctx, id);
  const inst = await instanceOf(ctx, acceptancePath, id);
  const standard = await currentStandard(ctx, s.regionCode, s.kind);
  const [city] = await ctx.db
    .select({ name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.kind, 'city_bureau'), eq(orgs.regionCode, s.regionCode)))
    .orderBy(asc(orgs.id))
    .limit(1);
  return {
    ...toSite(row),
    cityBureauName: city?.name ?? null,
    events,
    files: fileRows,
    staff,
    children,
    acceptances,
    standard: standard ? toStandard(standard) : null,
    allowed: allowedFor(actor, s, inst),
  };
}

/** A photo or evidence file of a site in scope, as a download. */
export async function sendSiteFile(ctx: Ctx, reply: FastifyReply, siteId: number, fileId: number) {
  await findSiteInScope(ctx, siteId);
  const [row] = await ctx.db
    .select({ file: files })
    .from(siteFiles)
    .innerJoin(files, eq(files.id, siteFiles.fileId))
    .where(and(eq(siteFiles.siteId, siteId), eq(siteFiles.fileId, fileId)));
  if (!row) throw notFound();
  return sendStoredFile(ctx, reply, row.file);
}
