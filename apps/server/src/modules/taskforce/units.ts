/**
 * Member units (成员单位) of the task force and their contacts: organisations of the tree (the bureaus, the partner
 * agencies, departments), once per region, with their role (牵头/成员), duty and contacts. Kept by the office; read by
 * every holder of taskforce:read in the region (a unit finds whom to call).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Unit, unitCreate, unitUpdate } from '@shangmi/shared';
import { UNIT_ORG_KINDS } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, taskforceTasks, taskforceUnits } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound, registerUniqueField } from '../../platform/errors.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { assertOffice } from './scope.js';
import { M } from './taskforce.messages.js';

registerUniqueField('taskforce_units_org_uq', 'orgId');

const regionOf = (ctx: Ctx) => requireActor(ctx).regionCode ?? '';

export async function listUnits(ctx: Ctx): Promise<{ items: Unit[] }> {
  const today = todayIn(ctx.now);
  // organisation names and the open/overdue counts of each unit's tasks, read in the same statement
  const rows = await ctx.db
    .select({
      u: taskforceUnits,
      orgName: orgs.name,
      orgKind: orgs.kind,
      open: sql<number>`(select count(*)::int from ${taskforceTasks} t where t.assignee_org_id = ${taskforceUnits.unitOrgId} and t.state <> 'done')`,
      overdue: sql<number>`(select count(*)::int from ${taskforceTasks} t where t.assignee_org_id = ${taskforceUnits.unitOrgId} and t.state in ('assigned', 'reported') and t.due_on < ${today})`,
    })
    .from(taskforceUnits)
    .innerJoin(orgs, eq(orgs.id, taskforceUnits.unitOrgId))
    .where(eq(taskforceUnits.regionCode, regionOf(ctx)))
    .orderBy(asc(taskforceUnits.role), asc(taskforceUnits.id));
  return {
    items: rows.map((r) => ({
      id: r.u.id,
      orgId: r.u.unitOrgId,
      orgName: r.orgName,
      orgKind: r.orgKind,
      role: r.u.role,
      duty: r.u.duty,
      contacts: r.u.contacts,
      active: r.u.active,
      openTasks: r.open,
      overdueTasks: r.overdue,
    })),
  };
}

async function getUnit(ctx: Ctx, id: number): Promise<Unit> {
  const u = (await listUnits(ctx)).items.find((x) => x.id === id);
  if (!u) throw notFound();
  return u;
}

export async function createUnit(ctx: Ctx, input: z.output<typeof unitCreate>): Promise<Unit> {
  const actor = requireActor(ctx);
  assertOffice(actor);
  const org = await findOrgInScope(ctx, input.orgId, 'orgId');
  if (!(UNIT_ORG_KINDS as readonly string[]).includes(org.kind)) throw fieldError('orgId', M.unitKind);
  const [row] = await ctx.db
    .insert(taskforceUnits)
    .values({ regionCode: regionOf(ctx), unitOrgId: org.id, role: input.role, duty: input.duty ?? null, contacts: input.contacts, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'taskforce_unit', targetId: row!.id, after: { orgId: org.id, role: input.role, contacts: input.contacts.length } };
  return getUnit(ctx, row!.id);
}

export async function updateUnit(ctx: Ctx, id: number, input: z.output<typeof unitUpdate>): Promise<Unit> {
  assertOffice(requireActor(ctx));
  const [before] = await ctx.db
    .select()
    .from(taskforceUnits)
    .where(and(eq(taskforceUnits.id, id), eq(taskforceUnits.regionCode, regionOf(ctx))))
    .for('update');
  if (!before) throw notFound();
  const set = {
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.duty !== undefined ? { duty: input.duty } : {}),
    ...(input.contacts !== undefined ? { contacts: input.contacts } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  await ctx.db.update(taskforceUnits).set({ ...set, updatedAt: ctx.now }).where(eq(taskforceUnits.id, id));
  ctx.audit = { targetType: 'taskforce_unit', targetId: id, before: { role: before.role, active: before.active }, after: set };
  return getUnit(ctx, id);
}

/** The active member units among some organisations (a meeting's attendees, a task's assignee). */
export async function memberOrgIds(ctx: Ctx, orgIds: number[]): Promise<Set<number>> {
  if (!orgIds.length) return new Set();
  const rows = await ctx.db
    .select({ id: taskforceUnits.unitOrgId })
    .from(taskforceUnits)
    .where(and(eq(taskforceUnits.regionCode, regionOf(ctx)), eq(taskforceUnits.active, true), inArray(taskforceUnits.unitOrgId, orgIds)));
  return new Set(rows.map((r) => r.id));
}
