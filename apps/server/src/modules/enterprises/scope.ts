/** Who sees an enterprise (tenancy for enterprise users, data scope over its node or its serving site for the rest). */
import { eq, or, type SQL } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { scopeCondition } from '../../platform/access.js';
import type { Actor } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { msg } from './enterprises.messages.js';

export type Row = typeof enterprises.$inferSelect;

export const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';

/**
 * The enterprises an actor may see, as a bound condition. Enterprise users (whose organisation is an enterprise) see
 * their own enterprise only, whatever their roles. Others by data scope: `all`; `org_and_below` — the enterprise's
 * organisation or its serving site below the actor's; `org` — the actor's own enterprise, or those the actor's
 * organisation serves; `self` — the actor's own enterprise.
 */
export function enterpriseScope(actor: Actor): SQL | undefined {
  if (isEnterpriseUser(actor)) return eq(enterprises.orgId, actor.orgId);
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return or(scopeCondition(actor, { orgPath: enterprises.orgPath }), scopeCondition(actor, { orgPath: enterprises.siteOrgPath }));
    case 'org':
      return or(eq(enterprises.orgId, actor.orgId), eq(enterprises.siteOrgId, actor.orgId));
    case 'self':
      return eq(enterprises.orgId, actor.orgId);
  }
}

export type Placement = Pick<Row, 'orgId' | 'orgPath' | 'siteOrgId' | 'siteOrgPath'>;

/** enterpriseScope for a row in hand (or about to be written). */
export function visibleTo(actor: Actor, e: Placement): boolean {
  if (isEnterpriseUser(actor)) return e.orgId === actor.orgId;
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return e.orgPath.startsWith(actor.orgPath) || !!e.siteOrgPath?.startsWith(actor.orgPath);
    case 'org':
      return e.orgId === actor.orgId || e.siteOrgId === actor.orgId;
    case 'self':
      return e.orgId === actor.orgId;
  }
}

export const outsideScope = (field: string) =>
  fieldError(field, common.outsideArea, 'FORBIDDEN');

export function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) {
    throw new AppError('FORBIDDEN', { message: msg.enterpriseUserCannot });
  }
}
