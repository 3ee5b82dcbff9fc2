/** Writing a site: create, update (moving its organisation with it), status changes, staff accounts, photos. */
import { and, eq, isNull } from 'drizzle-orm';
import {
  SITE_PARENT_KINDS,
  SITE_SELF_FIELDS,
  SITE_STATUS_MOVES,
  statusMovePermission,
  type SiteCreate,
  type SiteDetail,
  type SiteEventAction,
  type SiteKind,
  type SiteStatus,
  type SiteUpdate,
} from '@shangmi/shared';
import { orgs, siteEvents, siteFiles, sites } from '../../db/schema/index.js';
import { andAll, can, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { assertOnlyFields, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { isDictValue } from '../dicts/dicts.service.js';
import { claimFiles } from '../files/files.service.js';
import { findOrgInScope, insertOrgNode, moveOrgSubtree, requireBureau, setOrgFields } from '../orgs/orgs.service.js';
import { checkDistrict, checkPark } from '../regions/regions.service.js';
import { roleIdByCode } from '../roles/roles.service.js';
import { insertUser } from '../users/users.service.js';
import { resolveHost } from './host.js';
import { findSiteInScope, getDetail } from './read.js';
import { IMAGE, type Row, coversAsBureau, isSiteUser, outsideScope, regionOf, siteMayMove, siteScope, visibleTo } from './scope.js';
import { msg } from './sites.messages.js';

async function lockSite(ctx: Ctx, id: number): Promise<Row> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select().from(sites).where(andAll(eq(sites.id, id), siteScope(actor))).for('update');
  if (!row) throw notFound();
  return row;
}

export async function lockLive(ctx: Ctx, id: number): Promise<Row> {
  const row = await lockSite(ctx, id);
  if (row.status === 'revoked') throw conflict(msg.revokedReadOnly);
  return row;
}

export async function addEvent(
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

export async function touch(ctx: Ctx, id: number, set: Partial<typeof sites.$inferInsert> = {}): Promise<Row> {
  const [row] = await ctx.db
    .update(sites)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(sites.id, id))
    .returning();
  return row;
}

async function checkHostKind(ctx: Ctx, v: string | null | undefined): Promise<string | null> {
  if (v && !(await isDictValue(ctx, 'site_host_kind', v))) throw fieldError('hostKind', common.invalidValue);
  return v ?? null;
}

async function checkServices(ctx: Ctx, services: string[]): Promise<string[]> {
  const unique = [...new Set(services)];
  const bad: string[] = [];
  for (const s of unique) if (!(await isDictValue(ctx, 'site_service', s))) bad.push(s);
  if (bad.length) throw fieldError('services', common.invalidValues(bad));
  return unique;
}

/** The parent site: in scope, of the same region, of a kind this kind may hang under. */
async function checkParent(ctx: Ctx, regionCode: string, kind: SiteKind, parentSiteId: number | null, selfId?: number): Promise<Row | null> {
  if (!parentSiteId) return null;
  const p = await findSiteInScope(ctx, parentSiteId, 'parentSiteId');
  const allowed = SITE_PARENT_KINDS[kind];
  if (p.regionCode !== regionCode || !allowed.includes(p.kind)) {
    throw fieldError('parentSiteId', allowed.length ? msg.parentKinds(kind, allowed) : msg.noParent(kind));
  }
  if (selfId && (p.id === selfId || p.orgPath.includes(`/${(await findSiteInScope(ctx, selfId)).orgId}/`))) {
    throw fieldError('parentSiteId', msg.parentBelowItself);
  }
  if (p.status === 'revoked') throw fieldError('parentSiteId', msg.parentRevoked);
  return p;
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
  'hostOrgId',
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

export async function createSite(ctx: Ctx, input: SiteCreate): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  if (isSiteUser(actor)) throw forbidden(msg.siteCannotCreate);
  const region = await regionOf(ctx, actor, input.regionCode);
  const parentSite = await checkParent(ctx, region.code, input.kind, input.parentSiteId ?? null);
  let districtCode: string | null;
  if (parentSite) {
    // a station or point serves its parent's district: the same bureau reviews the whole "一基地一站多点"
    if (input.districtCode !== undefined && input.districtCode !== parentSite.districtCode) {
      throw fieldError('districtCode', msg.parentDistrict);
    }
    districtCode = parentSite.districtCode;
  } else if (input.districtCode !== undefined) {
    districtCode = checkDistrict(region, input.districtCode);
  } else {
    const own = await findOrgInScope(ctx, actor.orgId);
    districtCode = own.regionCode === region.code ? own.districtCode : null;
  }
  if (input.kind === 'centre' && !districtCode) throw fieldError('districtCode', msg.centreDistrict);
  if (input.kind === 'centre' && input.level === 'city') throw fieldError('level', msg.centreLevel);
  const parentOrg = parentSite ? await findOrgInScope(ctx, parentSite.orgId, 'parentSiteId') : await requireBureau(ctx, region.code, districtCode);
  if (!visibleTo(actor, `${parentOrg.path}0/`, -1)) throw outsideScope(parentSite ? 'parentSiteId' : 'districtCode');
  const host = (await resolveHost(ctx, region.code, input)) ?? { hostOrgId: null, hostName: null, enterprise: false };
  const values = {
    regionCode: region.code,
    districtCode,
    parkId: checkPark(region, input.parkId ?? null),
    kind: input.kind,
    level: input.level ?? (input.kind === 'base' ? ('city' as const) : ('district' as const)),
    name: input.name,
    parentSiteId: parentSite?.id ?? null,
    hostOrgId: host.hostOrgId,
    hostName: host.hostName,
    hostKind: (await checkHostKind(ctx, input.hostKind)) ?? (host.enterprise ? 'enterprise' : null),
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
  if ((values.lng === null) !== (values.lat === null)) throw fieldError(values.lng === null ? 'lng' : 'lat', msg.lngLatTogether);
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
  if (isSiteUser(actor)) assertOnlyFields(input, SITE_SELF_FIELDS, msg.keptByBureau);
  const region = await regionOf(ctx, actor, before.regionCode);
  const set: Partial<typeof sites.$inferInsert> = {};
  const host = await resolveHost(ctx, before.regionCode, input);
  if (host && host.hostOrgId !== before.hostOrgId) set.hostOrgId = host.hostOrgId;
  if (host && host.hostName !== before.hostName) set.hostName = host.hostName;
  for (const k of ['name', 'level', 'address', 'lng', 'lat', 'contactName', 'contactPhone', 'contactEmail', 'hours', 'intro'] as const) {
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
  if ((lngAfter === null) !== (latAfter === null)) throw fieldError(lngAfter === null ? 'lng' : 'lat', msg.lngLatTogether);

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
    if (input.districtCode !== undefined) throw fieldError('districtCode', msg.parentDistrict);
  }
  const finalDistrict = parentAfter ? parentAfter.districtCode : districtAfter;
  if (before.kind === 'centre' && !finalDistrict) throw fieldError('districtCode', msg.centreDistrict);
  if (before.kind === 'centre' && input.level === 'city') throw fieldError('level', msg.centreLevel);
  if (parentSite !== undefined || finalDistrict !== before.districtCode) {
    newParentOrg = parentAfter ? await findOrgInScope(ctx, parentAfter.orgId, 'parentSiteId') : await requireBureau(ctx, before.regionCode, finalDistrict);
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
    const onlyByAcceptance = input.to === 'applying' || input.to === 'accredited';
    throw fieldError('to', onlyByAcceptance ? msg.statusOnlyByAcceptance(input.to) : msg.statusMove(before.status, input.to), 'CONFLICT');
  }
  const perm = statusMovePermission(before.status, input.to, !!before.accreditedAt);
  if (isSiteUser(actor) && !siteMayMove(before.status, input.to)) {
    throw forbidden(msg.siteMovesOnlyToOperating);
  }
  if (!can(actor, perm) || (perm !== 'sites:update' && !coversAsBureau(actor, before))) {
    throw forbidden(
      perm === 'sites:approve'
        ? msg.cityRevokesAccredited
        : msg.bureauSuspends,
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
  if (isSiteUser(actor)) throw forbidden(msg.siteCannotOpenAccounts);
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

export async function addPhotos(ctx: Ctx, id: number, fileIds: number[]): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  await lockLive(ctx, id);
  const rows = await claimFiles(ctx, fileIds, 'fileIds');
  const bad = rows.filter((f) => !IMAGE.test(f.mime));
  if (bad.length) throw fieldError('fileIds', msg.notImages(bad.map((f) => f.name)));
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
