/**
 * The enterprises module's face: routes, the bulk import and other modules import from here. The rules live in the
 * section files beside it — scope.ts, read.ts, validation.ts, writes.ts, accounts.ts.
 */
import { eq, sql } from 'drizzle-orm';
import { enterprises, orgs } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import { registerUniqueField } from '../../platform/errors.js';
import type { OrgRecordKept, OrgSubtreeMoved } from '../orgs/orgs.service.js';
import { msg } from './enterprises.messages.js';

export { enterpriseScope, visibleTo, type Placement } from './scope.js';
export { enterpriseByCode, enterpriseOfOrg, exportEnterprises, findEnterpriseInScope, getEnterprise, listEnterprises, pendingEnterpriseCount, registryDistrict, RANKED_MATCHES, type EnterpriseFilters } from './read.js';
export { enterpriseStats } from './stats.js';
export { orgFieldsOf, searchText, searchVector } from './validation.js';
export { createEnterprise, mergeEnterprise, updateEnterprise, type EnterprisesMerged } from './writes.js';
export { confirmEnterprise, inviteEnterpriseAdmin, pendingRegistration, registerEnterprise, rejectEnterprise, rejectEnterprises, type AccountInput } from './accounts.js';

// a concurrent create that slipped past the duplicate check still names the field
registerUniqueField('enterprises_region_credit_code_uq', 'creditCode');

// the path copies follow their organisations when a subtree moves (by the orgs API or by a district change here);
// an enterprise's district is its organisation's
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  const below = `${likeEscape(oldPrefix)}%`;
  const cut = oldPrefix.length + 1;
  await ctx.db.execute(sql`update ${enterprises} set org_path = ${newPrefix} || substr(org_path, ${cut}) where org_path like ${below}`);
  await ctx.db.execute(
    sql`update ${enterprises} set site_org_path = ${newPrefix} || substr(site_org_path, ${cut}) where site_org_path like ${below}`,
  );
  await ctx.db.execute(
    sql`update ${enterprises} as e set district_code = o.district_code from ${orgs} as o
         where o.id = e.org_id and e.org_path like ${`${likeEscape(newPrefix)}%`} and e.district_code is distinct from o.district_code`,
  );
};

/** An organisation node that is an enterprise's is kept by the registry: its name, code, district and contacts change here. */
export const keepsOrgRecord: OrgRecordKept = async (ctx, org) => {
  if (org.kind !== 'enterprise') return null;
  const [record] = await ctx.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.orgId, org.id));
  return record ? msg.keptByRegistry : null;
};
