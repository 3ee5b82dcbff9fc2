/** Who sees a cultivation entry and who may change it. */
import { eq, like, or, type SQL } from 'drizzle-orm';
import { CULTIVATION_STAGE_LABELS, type CultivationStage } from '@shangmi/shared';
import { cultivationEntries, enterprises } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import type { Actor } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import type { Home } from '../../platform/workflow/index.js';
import { enterpriseScope } from '../enterprises/enterprises.service.js';

export type EntryRow = typeof cultivationEntries.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;
export type Msg = { zh: string; en: string };

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';

/**
 * The entries an actor may see: those of the enterprises they may see (enterpriseScope: own enterprise for enterprise
 * users; district, serving site…) and, for staff, those coached by a site within their scope.
 */
export function entryScope(actor: Actor): SQL | undefined {
  const ofEnterprise = enterpriseScope(actor);
  if (isEnterpriseUser(actor) || ofEnterprise === undefined) return ofEnterprise;
  switch (actor.scope) {
    case 'org_and_below':
      return or(ofEnterprise, like(cultivationEntries.siteOrgPath, `${likeEscape(actor.orgPath)}%`));
    case 'org':
      return or(ofEnterprise, eq(cultivationEntries.siteOrgId, actor.orgId));
    default:
      return ofEnterprise;
  }
}

/** entryScope for rows in hand (a write must leave the entry visible to its writer). */
export function visibleTo(actor: Actor, e: Pick<EnterpriseRow, 'orgId' | 'orgPath' | 'siteOrgId' | 'siteOrgPath'>, site: { id: number | null; path: string | null }) {
  if (isEnterpriseUser(actor)) return e.orgId === actor.orgId;
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return [e.orgPath, e.siteOrgPath, site.path].some((p) => !!p && p.startsWith(actor.orgPath));
    case 'org':
      return e.orgId === actor.orgId || e.siteOrgId === actor.orgId || site.id === actor.orgId;
    case 'self':
      return e.orgId === actor.orgId;
  }
}

export function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) throw forbidden({ zh: '企业用户不能维护培育清单', en: 'Enterprise users cannot change the cultivation list' });
}

export const stageName = (s: CultivationStage) => CULTIVATION_STAGE_LABELS[s];

/**
 * Where an entry lives for the workflow engine: its enterprise's organisation (the bureaus above it review and approve)
 * and the sites it is seen under (the coaching site, the enterprise's serving site), so the requester's side — a site's
 * staff included — may act and sees its to-dos.
 */
export function homeOf(e: Pick<EntryRow, 'siteOrgPath'>, ent: Pick<EnterpriseRow, 'orgId' | 'orgPath' | 'siteOrgPath' | 'regionCode' | 'name'>): Home {
  return { orgId: ent.orgId, orgPath: ent.orgPath, alsoPaths: [e.siteOrgPath, ent.siteOrgPath], regionCode: ent.regionCode, label: ent.name };
}
