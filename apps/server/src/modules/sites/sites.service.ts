/**
 * The sites module's face: routes and other modules import from here. The rules live in the section files beside it —
 * scope.ts (who sees and acts), read.ts, writes.ts, acceptance.ts, standards.ts, dashboard.ts, directory.ts.
 */
import { eq, sql } from 'drizzle-orm';
import { orgs, sites } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import { registerUniqueField } from '../../platform/errors.js';
import type { OrgRecordKept, OrgSubtreeMoved } from '../orgs/orgs.service.js';
import { msg } from './sites.messages.js';

export { siteScope } from './scope.js';
export { exportSites, findSiteInScope, getDetail, listSites, sendSiteFile, type SiteFilters } from './read.js';
export { addPhotos, addStaff, changeStatus, createSite, removePhoto, updateSite } from './writes.js';
export { approveAcceptance, reviewAcceptance, submitAcceptance, withdrawAcceptance } from './acceptance.js';
export { adoptShipped, createStandard, listStandards, shippedUpdates } from './standards.js';
export { dashboard, dashboardMap, listTargets, putTargets } from './dashboard.js';
export { searchHosts } from './host.js';
export { publicGet, publicList, publicMap, sendPublicPhoto } from './directory.js';

registerUniqueField('sites_plaque_uq', 'plaqueNo');
registerUniqueField('site_standards_version_uq', 'kind');

// the path copy follows the organisation when a subtree moves; a site's district is its organisation's
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  await ctx.db.execute(
    sql`update ${sites} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
  await ctx.db.execute(
    sql`update ${sites} as s set district_code = o.district_code from ${orgs} as o
         where o.id = s.org_id and s.org_path like ${`${likeEscape(newPrefix)}%`} and s.district_code is distinct from o.district_code`,
  );
};

/** An organisation node that is a site's is kept by the site registry: its name, district and contacts change there. */
export const keepsOrgRecord: OrgRecordKept = async (ctx, org) => {
  if (org.kind !== 'site') return null;
  const [record] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.orgId, org.id));
  return record ? msg.keptByRegistry : null;
};
