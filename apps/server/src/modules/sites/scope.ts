/**
 * Who sees a site and who acts on it (data scope, the bureaus above a site), and the region, district and park checks
 * the sections share.
 */
import { eq, like, type SQL } from 'drizzle-orm';
import { SITE_KIND_LABELS, SITE_STATUS_LABELS, type Region, type SiteKind, type SiteStatus } from '@shangmi/shared';
import { siteAcceptances, sites, siteStandards } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { listRegions } from '../regions/regions.service.js';

export type Row = typeof sites.$inferSelect;
export type Msg = { zh: string; en: string };
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
  fieldError(field, { zh: '超出您的管理范围（请选择本辖区）', en: 'is outside your area (choose one within it)' }, 'FORBIDDEN');

export const kindName = (k: SiteKind) => SITE_KIND_LABELS[k];
export const statusName = (s: SiteStatus) => SITE_STATUS_LABELS[s];

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function regionOf(ctx: Ctx, actor: Actor, code: string | undefined): Promise<Region> {
  const regions = await listRegions(ctx);
  const wanted = code ?? actor.regionCode ?? (regions.length === 1 ? regions[0].code : undefined);
  const region = regions.find((r) => r.code === wanted);
  if (!region) throw fieldError('regionCode', code ? { zh: '不存在', en: 'does not exist' } : { zh: '请选择所属地区', en: 'is required (choose a region)' });
  return region;
}

export function checkDistrict(region: Region, districtCode: string | null): string | null {
  if (districtCode && !region.districts.some((d) => d.code === districtCode)) {
    throw fieldError('districtCode', { zh: '不属于本地区', en: 'is not a district of this region' });
  }
  return districtCode;
}

export function checkPark(region: Region, parkId: number | null): number | null {
  if (parkId && !region.parks.some((p) => p.id === parkId)) throw fieldError('parkId', { zh: '不是本地区的园区', en: 'is not a park of this region' });
  return parkId;
}

/** The image types a site's photos may have (the public directory serves nothing else). */
export const IMAGE = /^image\/(png|jpe?g|gif|webp)$/;
