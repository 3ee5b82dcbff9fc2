/**
 * Who sees a site and who acts on it (data scope, the bureaus above a site), and the region, district and park checks
 * the sections share.
 */
import { eq, like, type SQL } from 'drizzle-orm';
import { SITE_STATUS_LABELS, type Region, type SiteStatus } from '@shangmi/shared';
import { siteAcceptances, sites, siteStandards } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { listRegions } from '../regions/regions.service.js';

export type Row = typeof sites.$inferSelect;
export type StandardRow = typeof siteStandards.$inferSelect;
export type AcceptanceRow = typeof siteAcceptances.$inferSelect;
export interface AcceptanceItemRow {
  code: string;
  selfScore: number;
  note: string | null;
  fileIds: number[];
  districtScore: number | null;
  districtComment: string | null;
}

export const isSiteUser = (actor: Actor) => actor.orgKind === 'site';

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

export function visibleTo(actor: Actor, orgPath: string, orgId: number): boolean {
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
export function coversAsBureau(actor: Actor, s: Pick<Row, 'orgPath' | 'orgId'>): boolean {
  if (isSiteUser(actor) || actor.orgKind === 'enterprise') return false;
  if (actor.scope === 'all') return true;
  return actor.scope === 'org_and_below' && s.orgPath.startsWith(actor.orgPath) && s.orgId !== actor.orgId;
}

/** The one status change a site makes itself: opening for service once accredited. */
export const siteMayMove = (from: SiteStatus, to: SiteStatus) => from === 'accredited' && to === 'operating';

export const outsideScope = (field: string) =>
  fieldError(field, common.outsideArea, 'FORBIDDEN');

export const statusName = (s: SiteStatus) => SITE_STATUS_LABELS[s];

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What a site says about itself, the same to its staff and in the public directory (each adds its own fields). */
export const profileOf = (s: Row, parkName: string | null) => ({
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
});

export async function regionOf(ctx: Ctx, actor: Actor, code: string | undefined): Promise<Region> {
  const regions = await listRegions(ctx);
  const wanted = code ?? actor.regionCode ?? (regions.length === 1 ? regions[0].code : undefined);
  const region = regions.find((r) => r.code === wanted);
  if (!region) throw fieldError('regionCode', code ? common.notExist : common.chooseRegion);
  return region;
}


/** The image types a site's photos may have (the public directory serves nothing else). */
export const IMAGE = /^image\/(png|jpe?g|gif|webp)$/;
