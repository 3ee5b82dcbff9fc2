import type { FastifyReply } from 'fastify';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, arrayContains, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  SITE_KINDS,
  SITE_KIND_LABELS,
  SITE_PARENT_KINDS,
  SITE_PUBLIC_STATUSES,
  SITE_SELF_FIELDS,
  SITE_STATUS_LABELS,
  SITE_STATUS_MOVES,
  TARGET_KINDS,
  plaqueNumber,
  standardProblems,
  statusMovePermission,
  targetKindOf,
  yearOf,
  type AcceptanceApprove,
  type AcceptanceReview,
  type AcceptanceSubmit,
  type AcceptanceWithdraw,
  type Page,
  type PageQuery,
  type PublicSite,
  type PublicSiteQuery,
  type Region,
  type Site,
  type SiteAcceptance,
  type SiteAllowed,
  type SiteCreate,
  type SiteDashboard,
  type SiteDetail,
  type SiteEvent,
  type SiteEventAction,
  type SiteKind,
  type SiteListQuery,
  type SiteMapPoint,
  type SiteMapQuery,
  type SiteStandard,
  type SiteStatus,
  type SiteTarget,
  type SiteUpdate,
  type ShippedStandard,
  type StandardAdopt,
  type StandardCreate,
  type StandardFile,
  type StandardItem,
  type TargetKind,
  type TargetsPut,
} from '@shangmi/shared';
import { files, orgs, parks, siteAcceptances, siteEvents, siteFiles, sites, siteStandards, siteTargets, users } from '../../db/schema/index.js';
import { andAll, can, containsPattern, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, conflict, fieldError, forbidden, notFound, registerUniqueField } from '../../platform/errors.js';
import { isDictValue } from '../dicts/dicts.service.js';
import { claimFiles, sendStoredFile, type FileRow } from '../files/files.service.js';
import { findBureau, findOrgInScope, insertOrgNode, moveOrgSubtree, onOrgSubtreeMoved, setOrgFields } from '../orgs/orgs.service.js';
import { listRegions } from '../regions/regions.service.js';
import { roleIdByCode } from '../roles/roles.service.js';
import { latestStandards, loadStandardFiles, shippedStandardRow } from '../../seed.js';
import { insertUser } from '../users/users.service.js';

type Row = typeof sites.$inferSelect;
type Msg = { zh: string; en: string };
type StandardRow = typeof siteStandards.$inferSelect;
type AcceptanceRow = typeof siteAcceptances.$inferSelect;
interface AcceptanceItemRow {
  code: string;
  selfScore: number;
  note: string | null;
  fileIds: number[];
  districtScore: number | null;
  districtComment: string | null;
}

registerUniqueField('sites_plaque_uq', 'plaqueNo');
registerUniqueField('site_standards_version_uq', 'kind');

// the path copy follows the organisation when a subtree moves; a site's district is its organisation's
onOrgSubtreeMoved(async (ctx, { oldPrefix, newPrefix }) => {
  await ctx.db.execute(
    sql`update ${sites} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
  await ctx.db.execute(
    sql`update ${sites} as s set district_code = o.district_code from ${orgs} as o
         where o.id = s.org_id and s.org_path like ${`${likeEscape(newPrefix)}%`} and s.district_code is distinct from o.district_code`,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Scope and rights

const isSiteUser = (actor: Actor) => actor.orgKind === 'site';

/** The sites an actor may see: by data scope over the site's organisation (site staff: their own site). */
export function siteScope(actor: Actor): SQL | undefined {
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return like(sites.orgPath, `${likeEscape(actor.orgPath)}%`);
    case 'org':
    case 'self':
      return eq(sites.orgId, actor.orgId);
  }
}

function visibleTo(actor: Actor, orgPath: string, orgId: number): boolean {
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return orgPath.startsWith(actor.orgPath);
    default:
      return orgId === actor.orgId;
  }
}

/** Reviews, suspensions and approvals belong to the bureaus above the site, not to the site's own staff. */
function coversAsBureau(actor: Actor, s: Pick<Row, 'orgPath' | 'orgId'>): boolean {
  if (isSiteUser(actor) || actor.orgKind === 'enterprise') return false;
  if (actor.scope === 'all') return true;
  return actor.scope === 'org_and_below' && s.orgPath.startsWith(actor.orgPath) && s.orgId !== actor.orgId;
}

/** The one status change a site makes itself: opening for service once accredited. */
const siteMayMove = (from: SiteStatus, to: SiteStatus) => from === 'accredited' && to === 'operating';

const outsideScope = (field: string) =>
  fieldError(field, { zh: '超出您的管理范围（请选择本辖区）', en: 'is outside your area (choose one within it)' }, 'FORBIDDEN');

const kindName = (k: SiteKind) => SITE_KIND_LABELS[k];
const statusName = (s: SiteStatus) => SITE_STATUS_LABELS[s];

// ---------------------------------------------------------------------------------------------------------------
// Reading

const parent = alias(sites, 'parent_site');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function selectSites(ctx: Ctx) {
  return ctx.db
    .select({
      site: sites,
      parkName: parks.name,
      parentSiteName: parent.name,
      // written out: a correlated count over the outer row
      childCount: sql<number>`(select count(*)::int from sites c where c.parent_site_id = sites.id)`,
    })
    .from(sites)
    .leftJoin(parks, eq(parks.id, sites.parkId))
    .leftJoin(parent, eq(parent.id, sites.parentSiteId));
}
type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectSites>['execute']>>[number];

function toSite(r: SelectedRow): Site {
  const s = r.site;
  return {
    id: s.id,
    orgId: s.orgId,
    regionCode: s.regionCode,
    districtCode: s.districtCode,
    parkId: s.parkId,
    parkName: r.parkName,
    kind: s.kind,
    level: s.level,
    name: s.name,
    parentSiteId: s.parentSiteId,
    parentSiteName: r.parentSiteName,
    hostName: s.hostName,
    hostKind: s.hostKind,
    address: s.address,
    lng: s.lng,
    lat: s.lat,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    contactEmail: s.contactEmail,
    hours: s.hours,
    services: s.services,
    intro: s.intro,
    status: s.status,
    statusChangedAt: s.statusChangedAt.toISOString(),
    accreditedAt: iso(s.accreditedAt),
    plaqueNo: s.plaqueNo,
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
    cachedCount(ctx.db.select({ total: count() }).from(sites).where(where)),
  ]);
  return { items: rows.map(toSite), total, page: q.page, pageSize: q.pageSize };
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
    if (field) throw fieldError(field, { zh: '不存在或不在您的管理范围内', en: 'does not exist or is outside your scope' });
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

function toStandard(r: StandardRow & { createdByName?: string | null }): SiteStandard {
  const items = r.items as StandardItem[];
  return {
    id: r.id,
    regionCode: r.regionCode,
    kind: r.kind,
    version: r.version,
    fileVersion: r.fileVersion,
    title: r.title,
    basis: r.basis,
    passScore: r.passScore,
    totalScore: items.reduce((a, it) => a + it.weight, 0),
    items: items.map((it) => ({ ...it, description: it.description ?? null, required: !!it.required })),
    source: r.source,
    createdByName: r.createdByName ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The current (highest) version of a kind's standard in a region. */
async function currentStandard(ctx: Ctx, regionCode: string, kind: SiteKind): Promise<StandardRow | null> {
  const [row] = await ctx.db
    .select()
    .from(siteStandards)
    .where(and(eq(siteStandards.regionCode, regionCode), eq(siteStandards.kind, kind)))
    .orderBy(desc(siteStandards.version))
    .limit(1);
  return row ?? null;
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

function allowedFor(actor: Actor, s: Row, acceptance: AcceptanceRow | null): SiteAllowed {
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
  return {
    edit,
    editProfileOnly: edit && isSiteUser(actor),
    statusTo,
    addStaff: can(actor, 'sites:create') && !isSiteUser(actor) && live,
    submit: can(actor, 'sites:submit') && s.status === 'building' && acceptance?.state !== 'district' && acceptance?.state !== 'city',
    withdraw: can(actor, 'sites:submit') && (acceptance?.state === 'district' || acceptance?.state === 'city'),
    review: can(actor, 'sites:review') && acceptance?.state === 'district' && coversAsBureau(actor, s),
    approve:
      can(actor, 'sites:approve') &&
      acceptance?.state === 'city' &&
      coversAsBureau(actor, s) &&
      acceptance.submittedBy !== actor.userId &&
      acceptance.districtBy !== actor.userId,
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const row = await findSite(ctx, id);
  const s = row.site;
  // one after the other: after a write this runs on the transaction's single connection
  const events = await ctx.db.select().from(siteEvents).where(eq(siteEvents.siteId, id)).orderBy(desc(siteEvents.at), desc(siteEvents.id));
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
  const [open] = s.acceptanceId ? await ctx.db.select().from(siteAcceptances).where(eq(siteAcceptances.id, s.acceptanceId)) : [];
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
    events: events.map(toEvent),
    files: fileRows,
    staff,
    children,
    acceptances,
    standard: standard ? toStandard(standard) : null,
    allowed: allowedFor(actor, s, open ?? null),
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

// ---------------------------------------------------------------------------------------------------------------
// Writing: helpers

async function lockSite(ctx: Ctx, id: number): Promise<Row> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select().from(sites).where(andAll(eq(sites.id, id), siteScope(actor))).for('update');
  if (!row) throw notFound();
  return row;
}

async function lockLive(ctx: Ctx, id: number): Promise<Row> {
  const row = await lockSite(ctx, id);
  if (row.status === 'revoked') throw conflict({ zh: '该站点已撤销，记录只读', en: 'This site has been revoked; its record is read-only' });
  return row;
}

async function addEvent(
  ctx: Ctx,
  siteId: number,
  ev: { action: SiteEventAction; fromStatus?: SiteStatus | null; toStatus?: SiteStatus | null; comment?: string | null; fileIds?: number[]; data?: unknown },
) {
  const actor = requireActor(ctx);
  await ctx.db.insert(siteEvents).values({
    siteId,
    at: ctx.now,
    userId: actor.userId,
    userName: actor.displayName,
    orgId: actor.orgId,
    orgName: actor.orgName,
    action: ev.action,
    fromStatus: ev.fromStatus ?? null,
    toStatus: ev.toStatus ?? null,
    comment: ev.comment ?? null,
    fileIds: ev.fileIds ?? [],
    data: ev.data ?? null,
  });
}

async function touch(ctx: Ctx, id: number, set: Partial<typeof sites.$inferInsert> = {}): Promise<Row> {
  const [row] = await ctx.db
    .update(sites)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(sites.id, id))
    .returning();
  return row;
}

const INVALID_VALUE: Msg = { zh: '不是有效的取值', en: 'is not an allowed value' };

async function checkHostKind(ctx: Ctx, v: string | null | undefined): Promise<string | null> {
  if (v && !(await isDictValue(ctx, 'site_host_kind', v))) throw fieldError('hostKind', INVALID_VALUE);
  return v ?? null;
}

async function checkServices(ctx: Ctx, services: string[]): Promise<string[]> {
  const unique = [...new Set(services)];
  const bad: string[] = [];
  for (const s of unique) if (!(await isDictValue(ctx, 'site_service', s))) bad.push(s);
  if (bad.length) throw fieldError('services', { zh: `包含无效的取值：${bad.join('、')}`, en: `contains values that are not allowed: ${bad.join(', ')}` });
  return unique;
}

async function regionOf(ctx: Ctx, actor: Actor, code: string | undefined): Promise<Region> {
  const regions = await listRegions(ctx);
  const wanted = code ?? actor.regionCode ?? (regions.length === 1 ? regions[0].code : undefined);
  const region = regions.find((r) => r.code === wanted);
  if (!region) throw fieldError('regionCode', code ? { zh: '不存在', en: 'does not exist' } : { zh: '请选择所属地区', en: 'is required (choose a region)' });
  return region;
}

function checkDistrict(region: Region, districtCode: string | null): string | null {
  if (districtCode && !region.districts.some((d) => d.code === districtCode)) {
    throw fieldError('districtCode', { zh: '不属于本地区', en: 'is not a district of this region' });
  }
  return districtCode;
}

function checkPark(region: Region, parkId: number | null): number | null {
  if (parkId && !region.parks.some((p) => p.id === parkId)) throw fieldError('parkId', { zh: '不是本地区的园区', en: 'is not a park of this region' });
  return parkId;
}

/** The parent site: in scope, of the same region, of a kind this kind may hang under. */
async function checkParent(ctx: Ctx, regionCode: string, kind: SiteKind, parentSiteId: number | null, selfId?: number): Promise<Row | null> {
  if (!parentSiteId) return null;
  const p = await findSiteInScope(ctx, parentSiteId, 'parentSiteId');
  const allowed = SITE_PARENT_KINDS[kind];
  if (p.regionCode !== regionCode || !allowed.includes(p.kind)) {
    const names = allowed.map((k) => kindName(k));
    throw fieldError(
      'parentSiteId',
      allowed.length
        ? { zh: `${kindName(kind).zh}只能设在${names.map((n) => n.zh).join('或')}之下`, en: `a ${kindName(kind).en.toLowerCase()} can only hang under a ${names.map((n) => n.en.toLowerCase()).join(' or ')}` }
        : { zh: '基地不设上级站点', en: 'a base has no parent site' },
    );
  }
  if (selfId && (p.id === selfId || p.orgPath.includes(`/${(await findSiteInScope(ctx, selfId)).orgId}/`))) {
    throw fieldError('parentSiteId', { zh: '不能设在自身或其下级之下', en: 'cannot be itself or below itself' });
  }
  if (p.status === 'revoked') throw fieldError('parentSiteId', { zh: '已撤销的站点不能再设下级', en: 'is revoked' });
  return p;
}

async function bureauOf(ctx: Ctx, regionCode: string, districtCode: string | null) {
  const bureau = await findBureau(ctx, regionCode, districtCode);
  if (!bureau) throw new AppError('CONFLICT', { message: { zh: '该地区尚未配置市场监管局机构', en: 'This region has no market regulation bureau configured' } });
  return bureau;
}

const orgFieldsOf = (s: Pick<Row, 'name' | 'districtCode' | 'contactName' | 'contactPhone' | 'address'>) => ({
  name: s.name,
  districtCode: s.districtCode,
  contactName: s.contactName,
  contactPhone: s.contactPhone,
  address: s.address,
});

const AUDIT_FIELDS = [
  'name',
  'kind',
  'level',
  'regionCode',
  'districtCode',
  'parkId',
  'parentSiteId',
  'hostName',
  'hostKind',
  'address',
  'lng',
  'lat',
  'contactName',
  'contactPhone',
  'contactEmail',
  'hours',
  'services',
  'intro',
  'status',
  'plaqueNo',
] as const;
const auditView = (s: Row) => Object.fromEntries(AUDIT_FIELDS.map((k) => [k, s[k]]));

// ---------------------------------------------------------------------------------------------------------------
// Create, update, status, staff, photos

export async function createSite(ctx: Ctx, input: SiteCreate): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  if (isSiteUser(actor)) throw forbidden({ zh: '站点用户不能新建站点', en: 'Site users cannot create sites' });
  const region = await regionOf(ctx, actor, input.regionCode);
  const parentSite = await checkParent(ctx, region.code, input.kind, input.parentSiteId ?? null);
  let districtCode: string | null;
  if (parentSite) {
    // a station or point serves its parent's district: the same bureau reviews the whole "一基地一站多点"
    if (input.districtCode !== undefined && input.districtCode !== parentSite.districtCode) {
      throw fieldError('districtCode', { zh: '须与上级站点所在区县一致', en: 'must be the parent site’s district' });
    }
    districtCode = parentSite.districtCode;
  } else if (input.districtCode !== undefined) {
    districtCode = checkDistrict(region, input.districtCode);
  } else {
    const own = await findOrgInScope(ctx, actor.orgId);
    districtCode = own.regionCode === region.code ? own.districtCode : null;
  }
  const parentOrg = parentSite ? await findOrgInScope(ctx, parentSite.orgId, 'parentSiteId') : await bureauOf(ctx, region.code, districtCode);
  if (!visibleTo(actor, `${parentOrg.path}0/`, -1)) throw outsideScope(parentSite ? 'parentSiteId' : 'districtCode');
  const values = {
    regionCode: region.code,
    districtCode,
    parkId: checkPark(region, input.parkId ?? null),
    kind: input.kind,
    level: input.level ?? (input.kind === 'base' ? ('city' as const) : ('district' as const)),
    name: input.name,
    parentSiteId: parentSite?.id ?? null,
    hostName: input.hostName ?? null,
    hostKind: await checkHostKind(ctx, input.hostKind),
    address: input.address ?? null,
    lng: input.lng ?? null,
    lat: input.lat ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    hours: input.hours ?? null,
    services: await checkServices(ctx, input.services),
    intro: input.intro ?? null,
    status: input.status,
  };
  if ((values.lng === null) !== (values.lat === null)) throw fieldError(values.lng === null ? 'lng' : 'lat', { zh: '经度和纬度须同时填写', en: 'longitude and latitude go together' });
  const org = await insertOrgNode(ctx, parentOrg, { kind: 'site', ...orgFieldsOf(values) });
  const [row] = await ctx.db
    .insert(sites)
    .values({ ...values, orgId: org.id, orgPath: org.path, statusChangedAt: ctx.now, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  await addEvent(ctx, row.id, { action: 'created', toStatus: row.status });
  ctx.audit = { targetType: 'site', targetId: row.id, after: auditView(row) };
  return getDetail(ctx, row.id);
}

export async function updateSite(ctx: Ctx, id: number, input: SiteUpdate): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const before = await lockLive(ctx, id);
  const sent = (Object.keys(input) as (keyof SiteUpdate)[]).filter((k) => input[k] !== undefined);
  if (isSiteUser(actor)) {
    const kept = sent.filter((k) => !(SITE_SELF_FIELDS as readonly string[]).includes(k));
    if (kept.length) {
      throw new AppError('FORBIDDEN', {
        fields: kept.map((field) => ({ field, message: { zh: '由主管部门维护，站点不能修改', en: 'is kept by the bureau; the site cannot change it' } })),
      });
    }
  }
  const region = await regionOf(ctx, actor, before.regionCode);
  const set: Partial<typeof sites.$inferInsert> = {};
  for (const k of ['name', 'level', 'hostName', 'address', 'lng', 'lat', 'contactName', 'contactPhone', 'contactEmail', 'hours', 'intro'] as const) {
    if (input[k] !== undefined && input[k] !== before[k]) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.hostKind !== undefined && input.hostKind !== before.hostKind) set.hostKind = await checkHostKind(ctx, input.hostKind);
  if (input.services !== undefined) {
    const services = await checkServices(ctx, input.services);
    if (services.join() !== before.services.join()) set.services = services;
  }
  if (input.parkId !== undefined && input.parkId !== before.parkId) set.parkId = checkPark(region, input.parkId);
  const lngAfter = set.lng !== undefined ? set.lng : before.lng;
  const latAfter = set.lat !== undefined ? set.lat : before.lat;
  if ((lngAfter === null) !== (latAfter === null)) throw fieldError(lngAfter === null ? 'lng' : 'lat', { zh: '经度和纬度须同时填写', en: 'longitude and latitude go together' });

  // placement: a new parent site, or (without one) a new district, moves the organisation and its subtree
  let newParentOrg: typeof orgs.$inferSelect | undefined;
  let parentSite: Row | null | undefined;
  if (input.parentSiteId !== undefined && input.parentSiteId !== before.parentSiteId) {
    parentSite = await checkParent(ctx, before.regionCode, before.kind, input.parentSiteId, id);
    set.parentSiteId = parentSite?.id ?? null;
  }
  const parentAfter = parentSite !== undefined ? parentSite : before.parentSiteId ? await findSiteInScope(ctx, before.parentSiteId) : null;
  const districtAfter = input.districtCode !== undefined ? checkDistrict(region, input.districtCode) : before.districtCode;
  if (parentAfter && districtAfter !== parentAfter.districtCode) {
    if (input.districtCode !== undefined) throw fieldError('districtCode', { zh: '须与上级站点所在区县一致', en: 'must be the parent site’s district' });
  }
  const finalDistrict = parentAfter ? parentAfter.districtCode : districtAfter;
  if (parentSite !== undefined || finalDistrict !== before.districtCode) {
    newParentOrg = parentAfter ? await findOrgInScope(ctx, parentAfter.orgId, 'parentSiteId') : await bureauOf(ctx, before.regionCode, finalDistrict);
    if (!visibleTo(actor, `${newParentOrg.path}${before.orgId}/`, before.orgId)) throw outsideScope(parentSite !== undefined ? 'parentSiteId' : 'districtCode');
    if (finalDistrict !== before.districtCode) set.districtCode = finalDistrict;
  }

  const changed = Object.keys(set);
  if (changed.length) {
    const merged = { ...before, ...set };
    // the node as it was: the move carries its subtree's district along from the old one
    const org = newParentOrg ? await findOrgInScope(ctx, before.orgId) : null;
    await setOrgFields(ctx, before.orgId, orgFieldsOf(merged));
    await touch(ctx, id, set);
    if (org && newParentOrg && org.parentId !== newParentOrg.id) await moveOrgSubtree(ctx, org, newParentOrg);
    const [after] = await ctx.db.select().from(sites).where(eq(sites.id, id));
    const data = Object.fromEntries(changed.map((k) => [k, { before: before[k as keyof Row], after: after[k as keyof Row] }]));
    await addEvent(ctx, id, { action: newParentOrg ? 'moved' : 'updated', data, comment: newParentOrg ? `${parentAfter?.name ?? ''}` || null : null });
    ctx.audit = { targetType: 'site', targetId: id, before: auditView(before), after: auditView(after) };
  } else {
    ctx.audit = { targetType: 'site', targetId: id };
  }
  return getDetail(ctx, id);
}

/** A manual status change, with its reason; who may make it depends on the change (statusMovePermission). */
export async function changeStatus(ctx: Ctx, id: number, input: { to: SiteStatus; reason: string }): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const before = await lockSite(ctx, id);
  const moves = SITE_STATUS_MOVES[before.status];
  if (!moves.includes(input.to)) {
    const from = statusName(before.status);
    const to = statusName(input.to);
    throw fieldError(
      'to',
      input.to === 'applying' || input.to === 'accredited'
        ? { zh: `“${to.zh}”只能通过验收申请和市局认定取得`, en: `“${to.en}” comes only from an acceptance and the city’s approval` }
        : { zh: `不能从“${from.zh}”变更为“${to.zh}”`, en: `cannot change from “${from.en}” to “${to.en}”` },
      'CONFLICT',
    );
  }
  const perm = statusMovePermission(before.status, input.to, !!before.accreditedAt);
  if (isSiteUser(actor) && !siteMayMove(before.status, input.to)) {
    throw forbidden({ zh: '站点只能在认定后将自身状态改为“运行中”，其余状态由主管部门变更', en: 'A site may only set itself operating once accredited; the bureau makes the other changes' });
  }
  if (!can(actor, perm) || (perm !== 'sites:update' && !coversAsBureau(actor, before))) {
    throw forbidden(
      perm === 'sites:approve'
        ? { zh: '撤销已认定的站点须由市局决定', en: 'Only the city bureau revokes an accredited site' }
        : { zh: '暂停、恢复或撤销站点须由主管区县决定', en: 'Only the supervising bureau suspends, resumes or revokes a site' },
    );
  }
  const after = await touch(ctx, id, { status: input.to, statusChangedAt: ctx.now, ...(input.to === 'revoked' ? { revokedAt: ctx.now } : {}) });
  await addEvent(ctx, id, { action: 'status_changed', fromStatus: before.status, toStatus: input.to, comment: input.reason });
  ctx.audit = { targetType: 'site', targetId: id, before: { status: before.status }, after: { status: after.status, reason: input.reason } };
  return getDetail(ctx, id);
}

export async function addStaff(
  ctx: Ctx,
  id: number,
  input: { username: string; displayName: string; password: string; phone?: string | null; email?: string | null },
): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  if (isSiteUser(actor)) throw forbidden({ zh: '站点用户不能开通账号', en: 'Site users cannot open accounts' });
  const s = await lockLive(ctx, id);
  const u = await insertUser(ctx, {
    ...input,
    org: { id: s.orgId, path: s.orgPath },
    roleIds: [await roleIdByCode(ctx, 'site_staff')],
    mustChangePassword: true,
    createdBy: actor.userId,
  });
  await addEvent(ctx, id, { action: 'staff_added', comment: `${u.displayName}（${u.username}）`, data: { userId: u.id } });
  ctx.audit = { targetType: 'user', targetId: u.id, after: { username: u.username, displayName: u.displayName, siteId: id, role: 'site_staff', phone: u.phone, email: u.email } };
  return getDetail(ctx, id);
}

const IMAGE = /^image\/(png|jpe?g|gif|webp)$/;

export async function addPhotos(ctx: Ctx, id: number, fileIds: number[]): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  await lockLive(ctx, id);
  const rows = await claimFiles(ctx, fileIds, 'fileIds');
  const bad = rows.filter((f) => !IMAGE.test(f.mime));
  if (bad.length) throw fieldError('fileIds', { zh: `不是图片：${bad.map((f) => f.name).join('、')}`, en: `are not images: ${bad.map((f) => f.name).join(', ')}` });
  await ctx.db
    .insert(siteFiles)
    .values(rows.map((f) => ({ siteId: id, fileId: f.id, purpose: 'photo' as const, addedBy: actor.userId, addedAt: ctx.now })))
    .onConflictDoUpdate({ target: [siteFiles.siteId, siteFiles.fileId], set: { removedAt: null } });
  await touch(ctx, id);
  await addEvent(ctx, id, { action: 'photos_added', fileIds: rows.map((f) => f.id) });
  ctx.audit = { targetType: 'site', targetId: id, after: { photos: rows.map((f) => ({ id: f.id, name: f.name, sha256: f.sha256 })) } };
  return getDetail(ctx, id);
}

export async function removePhoto(ctx: Ctx, id: number, fileId: number): Promise<SiteDetail> {
  await lockLive(ctx, id);
  const [link] = await ctx.db
    .select()
    .from(siteFiles)
    .where(and(eq(siteFiles.siteId, id), eq(siteFiles.fileId, fileId), eq(siteFiles.purpose, 'photo'), isNull(siteFiles.removedAt)));
  if (!link) throw notFound();
  await ctx.db.update(siteFiles).set({ removedAt: ctx.now }).where(and(eq(siteFiles.siteId, id), eq(siteFiles.fileId, fileId)));
  await touch(ctx, id);
  await addEvent(ctx, id, { action: 'photo_removed', fileIds: [fileId] });
  ctx.audit = { targetType: 'site', targetId: id, before: { photo: fileId } };
  return getDetail(ctx, id);
}

// ---------------------------------------------------------------------------------------------------------------
// Acceptance: self-evaluation → district review → city approval

async function openAcceptance(ctx: Ctx, s: Row): Promise<AcceptanceRow | null> {
  if (!s.acceptanceId) return null;
  const [a] = await ctx.db.select().from(siteAcceptances).where(eq(siteAcceptances.id, s.acceptanceId));
  return a ?? null;
}

function reason(comment: string | null | undefined): string {
  if (!comment) throw fieldError('comment', { zh: '退回时须填写退回原因', en: 'is required when returning (give the reason)' });
  return comment;
}

export async function submitAcceptance(ctx: Ctx, id: number, input: AcceptanceSubmit): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  const open = await openAcceptance(ctx, s);
  if (open && (open.state === 'district' || open.state === 'city')) {
    throw conflict({ zh: '已有待审核的验收申请', en: 'An acceptance is already waiting for review' });
  }
  if (s.status !== 'building') {
    const st = statusName(s.status);
    throw conflict({ zh: `只有“建设中”的站点可以申请验收（当前：${st.zh}）`, en: `Only a site under construction can apply for acceptance (now: ${st.en})` });
  }
  const standard = await currentStandard(ctx, s.regionCode, s.kind);
  if (!standard) throw conflict({ zh: '尚未发布该类站点的建设标准', en: 'No construction standard has been published for this kind of site' });
  const stdItems = standard.items as StandardItem[];
  const byCode = new Map(stdItems.map((it) => [it.code, it]));
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    const std = byCode.get(it.code);
    if (!std || seen.has(it.code)) throw fieldError(`items.${i}.code`, std ? { zh: '重复', en: 'is repeated' } : { zh: '不是建设标准中的条目', en: 'is not an item of the standard' });
    seen.add(it.code);
    if (it.score > std.weight) throw fieldError(`items.${i}.score`, { zh: `不能超过该项分值 ${std.weight}`, en: `cannot exceed the item's weight (${std.weight})` });
    if (std.required && !it.fileIds.length) {
      throw fieldError(`items.${i}.fileIds`, { zh: `“${std.title.slice(0, 20)}”为必备项，须上传佐证材料`, en: `are required for the must-have item ${std.code}` });
    }
  });
  const missing = stdItems.filter((it) => !seen.has(it.code)).map((it) => it.code);
  if (missing.length) throw fieldError('items', { zh: `缺少自评项：${missing.join('、')}`, en: `miss the items ${missing.join(', ')}` });
  const allFiles = await claimFiles(ctx, input.items.flatMap((it) => it.fileIds), 'fileIds');
  if (!allFiles.length) throw fieldError('fileIds', { zh: '申请验收须上传佐证材料', en: 'are required to apply for acceptance' });
  const items: AcceptanceItemRow[] = stdItems.map((std) => {
    const it = input.items.find((x) => x.code === std.code)!;
    return { code: std.code, selfScore: it.score, note: it.note ?? null, fileIds: [...new Set(it.fileIds)], districtScore: null, districtComment: null };
  });
  const state = s.districtCode ? ('district' as const) : ('city' as const);
  const [a] = await ctx.db
    .insert(siteAcceptances)
    .values({
      siteId: id,
      standardId: standard.id,
      state,
      statement: input.statement,
      items,
      selfTotal: items.reduce((sum, it) => sum + it.selfScore, 0),
      submittedBy: actor.userId,
      submittedAt: ctx.now,
    })
    .returning();
  const codeOf = new Map<number, string>();
  for (const it of items) for (const f of it.fileIds) if (!codeOf.has(f)) codeOf.set(f, it.code);
  await ctx.db
    .insert(siteFiles)
    .values(allFiles.map((f: FileRow) => ({ siteId: id, fileId: f.id, purpose: 'evidence' as const, acceptanceId: a.id, itemCode: codeOf.get(f.id) ?? null, addedBy: actor.userId, addedAt: ctx.now })))
    .onConflictDoNothing();
  await touch(ctx, id, { status: 'applying', statusChangedAt: ctx.now, acceptanceId: a.id, acceptance: state, submittedAt: ctx.now });
  await addEvent(ctx, id, {
    action: 'submitted',
    fromStatus: s.status,
    toStatus: 'applying',
    comment: input.statement,
    fileIds: allFiles.map((f) => f.id),
    data: { acceptanceId: a.id, standardVersion: standard.version, selfTotal: a.selfTotal },
  });
  ctx.audit = { targetType: 'site', targetId: id, before: { status: s.status }, after: { status: 'applying', acceptanceId: a.id, selfTotal: a.selfTotal, files: allFiles.map((f) => f.id) } };
  return getDetail(ctx, id);
}

/** A returned acceptance sends the site back to 建设中, to build and apply again. */
async function returnAcceptance(ctx: Ctx, s: Row, a: AcceptanceRow, why: string, level: 'district' | 'city', set: Partial<AcceptanceRow> = {}) {
  await ctx.db
    .update(siteAcceptances)
    .set({ ...set, state: 'returned', returnReason: why, returnedAt: ctx.now })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, s.id, { status: 'building', statusChangedAt: ctx.now, acceptance: 'returned' });
  await addEvent(ctx, s.id, { action: level === 'district' ? 'district_returned' : 'city_returned', fromStatus: s.status, toStatus: 'building', comment: why, data: { acceptanceId: a.id } });
  ctx.audit = { action: 'sites.return', targetType: 'site', targetId: s.id, before: { status: s.status, acceptance: a.state }, after: { status: 'building', acceptance: 'returned', level, reason: why } };
}

/**
 * 撤回: the applicant (the site's staff, who hold sites:submit) takes back an acceptance that awaits a decision
 * — to correct the self-evaluation or the evidence — giving the reason; the site returns to 建设中 and may apply again.
 */
export async function withdrawAcceptance(ctx: Ctx, id: number, input: AcceptanceWithdraw): Promise<SiteDetail> {
  const s = await lockLive(ctx, id);
  const a = await openAcceptance(ctx, s);
  if (!a || (a.state !== 'district' && a.state !== 'city')) {
    throw conflict({ zh: '没有待审核的验收申请可以撤回', en: 'There is no acceptance under review to withdraw' });
  }
  await ctx.db.update(siteAcceptances).set({ state: 'withdrawn', returnReason: input.reason, returnedAt: ctx.now }).where(eq(siteAcceptances.id, a.id));
  await touch(ctx, id, { status: 'building', statusChangedAt: ctx.now, acceptance: 'withdrawn' });
  await addEvent(ctx, id, { action: 'withdrawn', fromStatus: s.status, toStatus: 'building', comment: input.reason, data: { acceptanceId: a.id } });
  ctx.audit = { targetType: 'site', targetId: id, before: { status: s.status, acceptance: a.state }, after: { status: 'building', acceptance: 'withdrawn', reason: input.reason } };
  return getDetail(ctx, id);
}

export async function reviewAcceptance(ctx: Ctx, id: number, input: AcceptanceReview): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  const a = await openAcceptance(ctx, s);
  if (!a || a.state !== 'district') throw conflict({ zh: '没有待区县审核的验收申请', en: 'There is no acceptance waiting for district review' });
  if (!coversAsBureau(actor, s)) throw forbidden({ zh: '只有站点所在区县可以审核', en: 'Only the site’s own district reviews its acceptance' });
  const [standard] = await ctx.db.select().from(siteStandards).where(eq(siteStandards.id, a.standardId));
  const stdItems = standard.items as StandardItem[];
  const scores = new Map<string, { score: number; comment: string | null }>();
  input.items.forEach((it, i) => {
    const std = stdItems.find((x) => x.code === it.code);
    if (!std) throw fieldError(`items.${i}.code`, { zh: '不是建设标准中的条目', en: 'is not an item of the standard' });
    if (it.score > std.weight) throw fieldError(`items.${i}.score`, { zh: `不能超过该项分值 ${std.weight}`, en: `cannot exceed the item's weight (${std.weight})` });
    scores.set(it.code, { score: it.score, comment: it.comment ?? null });
  });
  const items = (a.items as AcceptanceItemRow[]).map((it) => {
    const given = scores.get(it.code);
    return given ? { ...it, districtScore: given.score, districtComment: given.comment } : it;
  });
  const scored = items.every((it) => it.districtScore !== null);
  const districtTotal = scored ? items.reduce((sum, it) => sum + (it.districtScore ?? 0), 0) : null;
  const review = { items, districtTotal, districtBy: actor.userId, districtAt: ctx.now, districtComment: input.comment ?? null };
  if (input.decision === 'return') {
    await returnAcceptance(ctx, s, a, reason(input.comment), 'district', review);
    return getDetail(ctx, id);
  }
  if (!scored) {
    const missing = items.filter((it) => it.districtScore === null).map((it) => it.code);
    throw fieldError('items', { zh: `请为每一项评分（缺少：${missing.join('、')}）`, en: `score every item (missing: ${missing.join(', ')})` });
  }
  const zeroRequired = stdItems.filter((std) => std.required && items.find((it) => it.code === std.code)?.districtScore === 0).map((std) => std.code);
  if (zeroRequired.length) {
    throw fieldError('items', { zh: `必备项 ${zeroRequired.join('、')} 得分为 0，不能通过，请退回`, en: `must-have items ${zeroRequired.join(', ')} scored 0: return it instead` });
  }
  if (districtTotal! < standard.passScore) {
    throw fieldError('items', { zh: `评分合计 ${districtTotal} 低于合格分 ${standard.passScore}，不能通过，请退回`, en: `total ${districtTotal} is below the pass score ${standard.passScore}: return it instead` });
  }
  await ctx.db
    .update(siteAcceptances)
    .set({ ...review, state: 'city' })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, id, { acceptance: 'city' });
  await addEvent(ctx, id, { action: 'district_passed', comment: input.comment ?? null, data: { acceptanceId: a.id, districtTotal } });
  ctx.audit = { targetType: 'site', targetId: id, before: { acceptance: 'district' }, after: { acceptance: 'city', districtTotal } };
  return getDetail(ctx, id);
}

/** The next plaque number of a region, kind and year; serialised per region so two approvals never draw the same. */
async function nextPlaque(ctx: Ctx, s: Row): Promise<string> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-plaque:${s.regionCode}`}))`);
  const year = yearOf(ctx.now);
  const prefix = plaqueNumber(s.regionCode, s.kind, year, 0).slice(0, -3);
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`coalesce(max(substr(${sites.plaqueNo}, ${prefix.length + 1})::int), 0)` })
    .from(sites)
    .where(like(sites.plaqueNo, `${likeEscape(prefix)}%`));
  return plaqueNumber(s.regionCode, s.kind, year, Number(n) + 1);
}

export async function approveAcceptance(ctx: Ctx, id: number, input: AcceptanceApprove): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  const a = await openAcceptance(ctx, s);
  if (!a || a.state !== 'city') throw conflict({ zh: '没有待市局审批的验收申请', en: 'There is no acceptance waiting for city approval' });
  if (!coversAsBureau(actor, s)) throw forbidden({ zh: '只有站点所在城市的市局可以认定', en: 'Only the site’s own city bureau accredits it' });
  if (actor.userId === a.submittedBy || actor.userId === a.districtBy) {
    throw forbidden({ zh: '审批人不能是该申请的申请人或区县审核人', en: 'The approver cannot be the submitter or the district reviewer' });
  }
  const decision = { cityBy: actor.userId, cityAt: ctx.now, cityComment: input.comment ?? null };
  if (input.decision === 'return') {
    await returnAcceptance(ctx, s, a, reason(input.comment), 'city', decision);
    return getDetail(ctx, id);
  }
  let plaqueNo = input.plaqueNo ?? null;
  if (plaqueNo) {
    const [taken] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.plaqueNo, plaqueNo));
    if (taken) throw fieldError('plaqueNo', { zh: '已被使用', en: 'is already taken' }, 'CONFLICT');
  } else {
    plaqueNo = await nextPlaque(ctx, s);
  }
  await ctx.db
    .update(siteAcceptances)
    .set({ ...decision, state: 'approved', plaqueNo })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, id, { status: 'accredited', statusChangedAt: ctx.now, accreditedAt: ctx.now, plaqueNo, acceptance: 'approved', revokedAt: null });
  await addEvent(ctx, id, { action: 'city_approved', fromStatus: s.status, toStatus: 'accredited', comment: input.comment ?? null, data: { acceptanceId: a.id, plaqueNo } });
  ctx.audit = { action: 'sites.approve', targetType: 'site', targetId: id, before: { status: s.status }, after: { status: 'accredited', plaqueNo } };
  return getDetail(ctx, id);
}

// ---------------------------------------------------------------------------------------------------------------
// Construction standards

const standardAuthor = alias(users, 'standard_author');

export async function listStandards(ctx: Ctx, q: { regionCode?: string; kind?: SiteKind; all?: 'true' | 'false' }): Promise<SiteStandard[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select({ s: siteStandards, createdByName: standardAuthor.displayName })
    .from(siteStandards)
    .leftJoin(standardAuthor, eq(standardAuthor.id, siteStandards.createdBy))
    .where(andAll(eq(siteStandards.regionCode, region.code), q.kind ? eq(siteStandards.kind, q.kind) : undefined))
    .orderBy(asc(siteStandards.kind), desc(siteStandards.version));
  const out = rows.map((r) => toStandard({ ...r.s, createdByName: r.createdByName }));
  if (q.all === 'true') return out;
  return out.filter((s, i) => out.findIndex((x) => x.kind === s.kind) === i);
}

/** The newest shipped standard of each kind: the files change only with a release, so they are read once per process. */
let shippedCache: StandardFile[] | undefined;
const shippedStandards = () => (shippedCache ??= latestStandards(loadStandardFiles()));

/** Shipped standards newer than what the region took (its city had edited the kind since): offered to adopt. */
export async function shippedUpdates(ctx: Ctx, q: { regionCode?: string }): Promise<ShippedStandard[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select({ kind: siteStandards.kind, taken: sql<number | null>`max(${siteStandards.fileVersion})` })
    .from(siteStandards)
    .where(eq(siteStandards.regionCode, region.code))
    .groupBy(siteStandards.kind);
  const taken = new Map(rows.map((r) => [r.kind, Number(r.taken ?? 0)]));
  return shippedStandards()
    .filter((st) => st.version > (taken.get(st.kind) ?? 0))
    .sort((a, b) => SITE_KINDS.indexOf(a.kind) - SITE_KINDS.indexOf(b.kind))
    .map((st) => ({
      kind: st.kind,
      fileVersion: st.version,
      title: st.title,
      passScore: st.passScore,
      itemCount: st.items.length,
      totalScore: st.items.reduce((a, it) => a + it.weight, 0),
    }));
}

/** The city administrator adopts the newer shipped standard of a kind as the region's next version. */
export async function adoptShipped(ctx: Ctx, input: StandardAdopt): Promise<SiteStandard> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-standard:${region.code}:${input.kind}`}))`);
  const offered = (await shippedUpdates(ctx, { regionCode: region.code })).find((s) => s.kind === input.kind);
  const st = offered && shippedStandards().find((f) => f.kind === input.kind);
  if (!st) throw conflict({ zh: '没有可采用的系统新版建设标准', en: 'There is no newer shipped standard of this kind to adopt' });
  const current = await currentStandard(ctx, region.code, input.kind);
  const [row] = await ctx.db
    .insert(siteStandards)
    .values({ ...shippedStandardRow(st, region.code, (current?.version ?? 0) + 1), createdBy: actor.userId, createdAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'site_standard', targetId: row.id, before: current ? { version: current.version } : null, after: { version: row.version, fileVersion: st.version } };
  return toStandard(row);
}

export async function createStandard(ctx: Ctx, input: StandardCreate): Promise<SiteStandard> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  const problems = standardProblems(input);
  if (problems.length) throw new AppError('VALIDATION', { fields: problems.map((p) => ({ field: p.field, message: { zh: p.zh, en: p.en } })) });
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-standard:${region.code}:${input.kind}`}))`);
  const current = await currentStandard(ctx, region.code, input.kind);
  const [row] = await ctx.db
    .insert(siteStandards)
    .values({
      regionCode: region.code,
      kind: input.kind,
      version: (current?.version ?? 0) + 1,
      title: input.title,
      basis: input.basis ?? null,
      passScore: input.passScore,
      items: input.items,
      source: 'edit',
      createdBy: actor.userId,
      createdAt: ctx.now,
    })
    .returning();
  ctx.audit = { targetType: 'site_standard', targetId: row.id, before: current ? { version: current.version } : null, after: { kind: row.kind, version: row.version, passScore: row.passScore, items: input.items.length } };
  return toStandard({ ...row, createdByName: actor.displayName });
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and the dashboard

export async function listTargets(ctx: Ctx, q: { regionCode?: string }): Promise<SiteTarget[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select()
    .from(siteTargets)
    .where(eq(siteTargets.regionCode, region.code))
    .orderBy(asc(siteTargets.year), asc(siteTargets.kind), sql`${siteTargets.districtCode} asc nulls first`);
  return rows.map((r) => ({ year: r.year, kind: r.kind, districtCode: r.districtCode, cumulative: r.cumulative, newPerYear: r.newPerYear }));
}

/** Replaces a year's goals and district quotas (the city's decision; a quota larger than the goal is allowed: it is a plan). */
export async function putTargets(ctx: Ctx, year: number, input: TargetsPut): Promise<SiteTarget[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  const seen = new Set<string>();
  input.goals.forEach((g, i) => {
    if (seen.has(g.kind)) throw fieldError(`goals.${i}.kind`, { zh: '重复', en: 'is repeated' });
    seen.add(g.kind);
  });
  input.quotas.forEach((g, i) => {
    checkDistrict(region, g.districtCode);
    const k = `${g.districtCode}:${g.kind}`;
    if (seen.has(k)) throw fieldError(`quotas.${i}.districtCode`, { zh: '重复', en: 'is repeated' });
    seen.add(k);
  });
  // a year's targets are replaced as a whole: two saves at once take turns (else both delete, then both insert)
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-targets:${region.code}`}))`);
  const before = await listTargets(ctx, { regionCode: region.code });
  await ctx.db.delete(siteTargets).where(and(eq(siteTargets.regionCode, region.code), eq(siteTargets.year, year)));
  const rows = [...input.goals.map((g) => ({ ...g, districtCode: null })), ...input.quotas];
  if (rows.length) {
    await ctx.db.insert(siteTargets).values(rows.map((g) => ({ ...g, regionCode: region.code, year, updatedBy: actor.userId, updatedAt: ctx.now })));
  }
  ctx.audit = { targetType: 'site_targets', targetId: `${region.code}:${year}`, before: before.filter((t) => t.year === year), after: rows };
  return listTargets(ctx, { regionCode: region.code });
}

interface Counted {
  targetKind: TargetKind;
  districtCode: string | null;
  accreditedYear: number;
  revokedYear: number | null;
  n: number;
}

function progressOf(counted: Counted[], year: number, kind: TargetKind, goal?: { cumulative: number; newPerYear: number }) {
  // counted toward a year: accredited by 31 December, and not revoked by then
  const live = counted.filter((c) => c.targetKind === kind && c.accreditedYear <= year && (c.revokedYear === null || c.revokedYear > year));
  return {
    kind,
    goalCumulative: goal?.cumulative ?? null,
    goalNew: goal?.newPerYear ?? null,
    builtCumulative: live.reduce((a, c) => a + c.n, 0),
    builtNew: live.filter((c) => c.accreditedYear === year).reduce((a, c) => a + c.n, 0),
  };
}

/** The dashboard's region and district (a district officer's is their district's) and its conditions. */
async function dashboardScope(ctx: Ctx, actor: Actor, q: { regionCode?: string; districtCode?: string }) {
  const region = await regionOf(ctx, actor, q.regionCode);
  let districtCode = q.districtCode ?? null;
  if (!districtCode && actor.scope !== 'all') {
    const own = await findOrgInScope(ctx, actor.orgId);
    if (own.regionCode === region.code && own.districtCode && own.kind === 'district_bureau') districtCode = own.districtCode;
  }
  if (districtCode) checkDistrict(region, districtCode);
  const base = andAll(siteScope(actor), eq(sites.regionCode, region.code));
  const where = andAll(base, districtCode ? eq(sites.districtCode, districtCode) : undefined);
  return { region, districtCode, base, where };
}

export async function dashboard(ctx: Ctx, q: { regionCode?: string; districtCode?: string }): Promise<SiteDashboard> {
  const actor = requireActor(ctx);
  const { region, districtCode, base, where } = await dashboardScope(ctx, actor, q);
  const tz = sql.raw(`'Asia/Shanghai'`);
  const counted = (
    await ctx.db
      .select({
        kind: sites.kind,
        level: sites.level,
        districtCode: sites.districtCode,
        accreditedYear: sql<number>`extract(year from ${sites.accreditedAt} at time zone ${tz})::int`,
        revokedYear: sql<number | null>`extract(year from ${sites.revokedAt} at time zone ${tz})::int`,
        n: count(),
      })
      .from(sites)
      .where(andAll(base, isNotNull(sites.accreditedAt)))
      .groupBy(sql`1, 2, 3, 4, 5`)
  )
    .map((r) => ({ ...r, targetKind: targetKindOf(r.kind, r.level), accreditedYear: Number(r.accreditedYear), revokedYear: r.revokedYear === null ? null : Number(r.revokedYear), n: Number(r.n) }))
    .filter((r): r is Counted & typeof r => r.targetKind !== null);
  const inDistrict = districtCode ? counted.filter((c) => c.districtCode === districtCode) : counted;

  const targets = await listTargets(ctx, { regionCode: region.code });
  const thisYear = yearOf(ctx.now);
  const years = [...new Set([...targets.map((t) => t.year), thisYear])].sort((a, b) => a - b);
  const goalOf = (year: number, kind: TargetKind, d: string | null) => targets.find((t) => t.year === year && t.kind === kind && t.districtCode === d);

  const districts = districtCode ? region.districts.filter((d) => d.code === districtCode) : region.districts;
  const pipeline = await ctx.db
    .select({ kind: sites.kind, status: sites.status, count: count() })
    .from(sites)
    .where(where)
    .groupBy(sites.kind, sites.status)
    .orderBy(asc(sites.kind), asc(sites.status));
  const waiting = await ctx.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, districtCode: sites.districtCode, acceptance: sites.acceptance, submittedAt: sites.submittedAt })
    .from(sites)
    .where(andAll(where, inArray(sites.acceptance, ['district', 'city'])))
    .orderBy(asc(sites.submittedAt), asc(sites.id))
    .limit(10);
  return {
    regionCode: region.code,
    districtCode,
    years: years.map((year) => ({ year, items: TARGET_KINDS.map((k) => progressOf(inDistrict, year, k, goalOf(year, k, districtCode))) })),
    byDistrict: years.flatMap((year) =>
      districts.map((d) => ({ year, districtCode: d.code, items: TARGET_KINDS.map((k) => progressOf(counted.filter((c) => c.districtCode === d.code), year, k, goalOf(year, k, d.code))) })),
    ),
    pipeline: pipeline.map((p) => ({ ...p, count: Number(p.count) })),
    waiting: waiting.map((w) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      districtCode: w.districtCode,
      acceptance: w.acceptance!,
      submittedAt: w.submittedAt!.toISOString(),
      days: Math.max(0, Math.floor((ctx.now.getTime() - w.submittedAt!.getTime()) / 86_400_000)),
    })),
  };
}

/**
 * The dashboard's map points: the scope's sites as they are (revoked ones left out), or with a year the sites that count
 * toward it — accredited by 31 December of that year (Asia/Shanghai) and not revoked by then, the rule of the progress.
 */
export async function dashboardMap(ctx: Ctx, q: SiteMapQuery): Promise<SiteMapPoint[]> {
  const actor = requireActor(ctx);
  const { where } = await dashboardScope(ctx, actor, q);
  if (q.year === undefined) return mapPoints(ctx, andAll(where, sql`${sites.status} <> 'revoked'`), 5000);
  const end = new Date(`${q.year + 1}-01-01T00:00:00+08:00`);
  return mapPoints(ctx, andAll(where, lt(sites.accreditedAt, end), or(isNull(sites.revokedAt), gte(sites.revokedAt, end))), 5000);
}

async function mapPoints(ctx: Ctx, where: SQL | undefined, limit: number): Promise<SiteMapPoint[]> {
  const rows = await ctx.db
    .select({ id: sites.id, name: sites.name, kind: sites.kind, status: sites.status, lng: sites.lng, lat: sites.lat })
    .from(sites)
    .where(andAll(where, isNotNull(sites.lng), isNotNull(sites.lat)))
    .orderBy(asc(sites.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, lng: r.lng!, lat: r.lat! }));
}

// ---------------------------------------------------------------------------------------------------------------
// The public directory: accepted sites' public fields, without signing in

const publicWhere = (q: Omit<PublicSiteQuery, 'q'> & { q?: string }) =>
  andAll(
    inArray(sites.status, [...SITE_PUBLIC_STATUSES]),
    q.regionCode ? eq(sites.regionCode, q.regionCode) : undefined,
    q.kind ? eq(sites.kind, q.kind) : undefined,
    q.districtCode ? eq(sites.districtCode, q.districtCode) : undefined,
    q.parkId ? eq(sites.parkId, q.parkId) : undefined,
    q.service ? arrayContains(sites.services, [q.service]) : undefined,
    q.q ? or(ilike(sites.name, containsPattern(q.q)), ilike(sites.hostName, containsPattern(q.q)), ilike(sites.address, containsPattern(q.q))) : undefined,
  );

async function toPublic(ctx: Ctx, rows: { site: Row; parkName: string | null }[]): Promise<PublicSite[]> {
  const ids = rows.map((r) => r.site.id);
  const photos = ids.length
    ? await ctx.db
        .select({ siteId: siteFiles.siteId, fileId: siteFiles.fileId })
        .from(siteFiles)
        .where(and(inArray(siteFiles.siteId, ids), eq(siteFiles.purpose, 'photo'), isNull(siteFiles.removedAt)))
        .orderBy(asc(siteFiles.addedAt), asc(siteFiles.fileId))
    : [];
  return rows.map(({ site: s, parkName }) => ({
    id: s.id,
    regionCode: s.regionCode,
    name: s.name,
    kind: s.kind,
    level: s.level,
    districtCode: s.districtCode,
    parkId: s.parkId,
    parkName,
    hostName: s.hostName,
    hostKind: s.hostKind,
    address: s.address,
    lng: s.lng,
    lat: s.lat,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    contactEmail: s.contactEmail,
    hours: s.hours,
    services: s.services,
    intro: s.intro,
    status: s.status,
    plaqueNo: s.plaqueNo,
    accreditedAt: iso(s.accreditedAt),
    photoIds: photos.filter((p) => p.siteId === s.id).map((p) => p.fileId),
  }));
}

export async function publicList(ctx: Ctx, q: PublicSiteQuery & { page: number; pageSize: number }): Promise<Page<PublicSite>> {
  const where = publicWhere(q);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ site: sites, parkName: parks.name })
      .from(sites)
      .leftJoin(parks, eq(parks.id, sites.parkId))
      .where(where)
      .orderBy(sql`${sites.districtCode} asc nulls first`, asc(sites.kind), asc(sites.name), asc(sites.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: count() }).from(sites).where(where)),
  ]);
  return { items: await toPublic(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function publicGet(ctx: Ctx, id: number): Promise<PublicSite> {
  const rows = await ctx.db
    .select({ site: sites, parkName: parks.name })
    .from(sites)
    .leftJoin(parks, eq(parks.id, sites.parkId))
    .where(andAll(eq(sites.id, id), publicWhere({})));
  if (!rows.length) throw notFound();
  return (await toPublic(ctx, rows))[0];
}

export async function publicMap(ctx: Ctx, q: PublicSiteQuery): Promise<SiteMapPoint[]> {
  return mapPoints(ctx, publicWhere(q), 5000);
}

/** A photo of a site the directory shows (evidence is never public). */
export async function sendPublicPhoto(ctx: Ctx, reply: FastifyReply, siteId: number, fileId: number) {
  const [row] = await ctx.db
    .select({ file: files })
    .from(siteFiles)
    .innerJoin(files, eq(files.id, siteFiles.fileId))
    .innerJoin(sites, eq(sites.id, siteFiles.siteId))
    .where(
      and(
        eq(siteFiles.siteId, siteId),
        eq(siteFiles.fileId, fileId),
        eq(siteFiles.purpose, 'photo'),
        isNull(siteFiles.removedAt),
        inArray(sites.status, [...SITE_PUBLIC_STATUSES]),
      ),
    );
  if (!row || !IMAGE.test(row.file.mime)) throw notFound();
  return sendStoredFile(ctx, reply, row.file);
}
