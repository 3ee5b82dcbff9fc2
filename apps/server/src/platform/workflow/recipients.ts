import { sql, type SQL } from 'drizzle-orm';
import type { workflowInstances } from '../../db/schema/index.js';
import type { Recipient } from './define.js';

type InstanceRow = typeof workflowInstances.$inferSelect;

/**
 * The users a notice goes to, as one query of user ids (the inbox writes it with INSERT … SELECT). Holders are counted
 * per user over all their roles: the permission from any role, the scope from the widest (as the session computes it).
 */
function holders(inst: Pick<InstanceRow, 'id' | 'orgId' | 'orgPath'>, permission: string, at: 'above' | 'home' | 'also'): SQL {
  if (at === 'also') {
    // the record's other organisations (Home.alsoPaths: the site or provider a request is assigned to, the enterprise whose
    // need was answered), read as written: the update of this step is visible to this statement in the same transaction
    return sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
      where u.status = 'active' and u.org_id <> ${inst.orgId}
        and u.org_path = any(select unnest(paths) from workflow_instances where id = ${inst.id})
      group by u.id having bool_or(${permission} = any(r.permissions))`;
  }
  if (at === 'home') {
    return sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
      where u.status = 'active' and u.org_id = ${inst.orgId}
      group by u.id having bool_or(${permission} = any(r.permissions))`;
  }
  // the nearest level above the home with such users: a district's review goes to the district, not to the city above it
  return sql`select id from (
      select u.id, length(u.org_path) as depth, max(length(u.org_path)) over () as nearest
        from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
       where u.status = 'active' and starts_with(${inst.orgPath}, u.org_path) and u.org_id <> ${inst.orgId}
       group by u.id, u.org_path
      having bool_or(${permission} = any(r.permissions)) and bool_or(r.data_scope in ('all', 'org_and_below'))
    ) as h where depth = nearest`;
}

export function recipientsOf(inst: InstanceRow, to: readonly Recipient[], exceptUserId: number | null): SQL {
  const parts = to.map((r) => {
    if ('steps' in r) {
      const ids = r.steps.map((s) => inst.round?.[s]).filter((v): v is number => typeof v === 'number');
      return ids.length ? sql`select unnest(${`{${ids.join(',')}}`}::int[])` : sql`select null::int where false`;
    }
    return holders(inst, r.holders, r.at);
  });
  const all = sql.join(parts, sql` union `);
  return exceptUserId === null ? all : sql`select x.id from (${all}) as x(id) where x.id <> ${exceptUserId}`;
}
