/**
 * 行业协会 and 商业秘密保护联盟 (issue 17 item 5; docs/listening.md § Associations). A bureau registers an association
 * (an organisation of kind `association` under the bureau, plus its registry row); the association's own account —
 * or the bureau — keeps its members and its versioned 自律规范/conventions. Its activities are meetings of this
 * module (`association_org_id`), so the needs found there join the tracker like any visit's.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Association, AssociationCreate, Candidate, AssociationDetail, AssociationMember, Norm, NormCreate } from '@shangmi/shared';
import type { z } from 'zod';
import type { associationListPageQuery, candidateQuery, memberAdd } from '@shangmi/shared';
import { enterprises, listeningAssociationMembers, listeningAssociationNorms, listeningAssociations, listeningMeetings, listeningNeeds, orgs } from '../../db/schema/index.js';
import { andAll, likeEscape, requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { enterpriseScope } from '../enterprises/enterprises.service.js';
import { insertOrgNode, setOrgFields } from '../orgs/orgs.service.js';
import { M } from './listening.messages.js';
import { assertStaff, associationScope, findAssociation, isAssociationUser, type AssociationRow } from './scope.js';

type ListQuery = z.infer<typeof associationListPageQuery>;
type NormRow = typeof listeningAssociationNorms.$inferSelect;

const BUREAUS = ['platform', 'city_bureau', 'district_bureau'];

async function toAssociations(ctx: Ctx, rows: AssociationRow[]): Promise<Association[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.orgId);
  const [names, members, norms, activities] = await Promise.all([
    ctx.db
      .select({ id: orgs.id, name: orgs.name, contactName: orgs.contactName, contactPhone: orgs.contactPhone, parent: sql<string>`(select p.name from orgs p where p.id = "orgs"."parent_id")` })
      .from(orgs)
      .where(inArray(orgs.id, ids)),
    countBy(ctx, listeningAssociationMembers, listeningAssociationMembers.associationOrgId, ids, isNull(listeningAssociationMembers.leftOn)),
    countBy(ctx, listeningAssociationNorms, listeningAssociationNorms.associationOrgId, ids, sql`${listeningAssociationNorms.version} = 1`),
    countBy(ctx, listeningMeetings, listeningMeetings.associationOrgId, ids, sql`${listeningMeetings.status} <> 'cancelled'`),
  ]);
  const org = new Map(names.map((n) => [n.id, n]));
  return rows.map((r) => ({
    id: r.orgId,
    name: org.get(r.orgId)?.name ?? '',
    kind: r.kind,
    trade: r.trade,
    intro: r.intro,
    foundedOn: r.foundedOn,
    contactName: org.get(r.orgId)?.contactName ?? null,
    contactPhone: org.get(r.orgId)?.contactPhone ?? null,
    parentName: org.get(r.orgId)?.parent ?? '',
    members: members.get(r.orgId) ?? 0,
    norms: norms.get(r.orgId) ?? 0,
    activities: activities.get(r.orgId) ?? 0,
  }));
}

/** Per association: how many rows of `table` (members, documents, activities) it has. */
async function countBy(ctx: Ctx, table: PgTable, col: PgColumn, ids: number[], extra: SQL | undefined) {
  const rows = await ctx.db
    .select({ id: col, n: sql<number>`count(*)::int` })
    .from(table)
    .where(and(inArray(col, ids), extra))
    .groupBy(col);
  return new Map(rows.map((r) => [Number(r.id), r.n]));
}

export async function listAssociations(ctx: Ctx, q: ListQuery) {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const where = andAll(
    associationScope(actor),
    q.kind ? eq(listeningAssociations.kind, q.kind) : undefined,
    q.q ? sql`${listeningAssociations.orgId} in (select id from orgs where ${ilike(orgs.name, `%${q.q}%`)})` : undefined,
  );
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(listeningAssociations)
      .where(where)
      .orderBy(dir(listeningAssociations.orgId))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(listeningAssociations).where(where)),
  ]);
  return { items: await toAssociations(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Registers an association or alliance under the actor's bureau (a new organisation node and its registry row). */
export async function createAssociation(ctx: Ctx, input: AssociationCreate): Promise<AssociationDetail> {
  const actor = requireActor(ctx);
  if (!BUREAUS.includes(actor.orgKind ?? '') || !actor.regionCode) throw forbidden(M.associationsBureauOnly);
  const node = await insertOrgNode(ctx, { id: actor.orgId, path: actor.orgPath, regionCode: actor.regionCode }, { kind: 'association', name: input.name, contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null });
  await ctx.db.insert(listeningAssociations).values({ orgId: node.id, orgPath: node.path, regionCode: actor.regionCode, kind: input.kind, trade: input.trade, intro: input.intro ?? null, foundedOn: input.foundedOn ?? null, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now });
  ctx.audit = { targetType: 'listening_association', targetId: node.id, after: input };
  return getAssociation(ctx, node.id);
}

export async function updateAssociation(ctx: Ctx, id: number, input: Partial<AssociationCreate>): Promise<AssociationDetail> {
  const a = await findAssociation(ctx, id, undefined, true);
  const { name, contactName, contactPhone, ...own } = input;
  if (name !== undefined || contactName !== undefined || contactPhone !== undefined) await setOrgFields(ctx, id, { ...(name !== undefined && { name }), ...(contactName !== undefined && { contactName }), ...(contactPhone !== undefined && { contactPhone }) });
  if (Object.keys(own).length) await ctx.db.update(listeningAssociations).set({ ...own, updatedAt: ctx.now }).where(eq(listeningAssociations.orgId, id));
  ctx.audit = { targetType: 'listening_association', targetId: id, before: { kind: a.kind, trade: a.trade }, after: input };
  return getAssociation(ctx, id);
}

export async function getAssociation(ctx: Ctx, id: number): Promise<AssociationDetail> {
  const a = await findAssociation(ctx, id);
  const [[base], memberList, normList, activities] = await Promise.all([toAssociations(ctx, [a]), members(ctx, id), latestNorms(ctx, id), activityList(ctx, id)]);
  return { ...base!, memberList, normList, activityList: activities };
}

async function members(ctx: Ctx, id: number): Promise<AssociationMember[]> {
  return ctx.db
    .select({ enterpriseId: listeningAssociationMembers.enterpriseId, name: enterprises.name, districtCode: enterprises.districtCode, joinedOn: listeningAssociationMembers.joinedOn, leftOn: listeningAssociationMembers.leftOn })
    .from(listeningAssociationMembers)
    .innerJoin(enterprises, eq(enterprises.id, listeningAssociationMembers.enterpriseId))
    .where(eq(listeningAssociationMembers.associationOrgId, id))
    .orderBy(sql`${listeningAssociationMembers.leftOn} nulls first`, asc(enterprises.name));
}

async function activityList(ctx: Ctx, id: number) {
  return ctx.db
    .select({
      id: listeningMeetings.id,
      kind: listeningMeetings.kind,
      status: listeningMeetings.status,
      plannedOn: listeningMeetings.plannedOn,
      heldOn: listeningMeetings.heldOn,
      purpose: listeningMeetings.purpose,
      needs: sql<number>`(select count(*)::int from ${listeningNeeds} n where n.source = "listening_meetings"."kind" and n.source_id = "listening_meetings"."id")`,
    })
    .from(listeningMeetings)
    .where(eq(listeningMeetings.associationOrgId, id))
    .orderBy(desc(listeningMeetings.plannedOn))
    .limit(100);
}

const toNorm = (n: NormRow): Norm => ({ id: n.id, code: n.code, version: n.version, kind: n.kind, title: n.title, body: n.body, effectiveOn: n.effectiveOn, note: n.note, createdAt: n.createdAt.toISOString() });

async function latestNorms(ctx: Ctx, id: number): Promise<Norm[]> {
  const rows = await ctx.db
    .selectDistinctOn([listeningAssociationNorms.code])
    .from(listeningAssociationNorms)
    .where(eq(listeningAssociationNorms.associationOrgId, id))
    .orderBy(listeningAssociationNorms.code, desc(listeningAssociationNorms.version));
  return rows.map(toNorm).sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn));
}

/**
 * The member picker: active enterprises of the association's region matching a name (part of it) or a credit code
 * (its start), 20 at most. An association sees only name, credit code and district of an enterprise it does not have
 * as a member (docs/listening.md § Associations); a bureau searching for an association it keeps, only its own
 * scope's enterprises (what `addMembers` accepts from it).
 */
export async function memberCandidates(ctx: Ctx, id: number, query: z.infer<typeof candidateQuery>): Promise<Candidate[]> {
  const actor = requireActor(ctx);
  const a = await findAssociation(ctx, id);
  const q = query.q ? likeEscape(query.q) : undefined;
  const rows = await ctx.db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      creditCode: enterprises.creditCode,
      districtCode: enterprises.districtCode,
      member: sql<boolean>`exists (select 1 from ${listeningAssociationMembers} m where m.association_org_id = ${id} and m.enterprise_id = ${enterprises.id} and m.left_on is null)`,
    })
    .from(enterprises)
    .where(
      andAll(
        eq(enterprises.regionCode, a.regionCode),
        eq(enterprises.status, 'active'),
        isAssociationUser(actor) ? undefined : enterpriseScope(actor),
        q ? or(ilike(enterprises.name, `%${q}%`), ilike(enterprises.creditCode, `${q}%`)) : undefined,
      ),
    )
    .orderBy(asc(enterprises.name), asc(enterprises.id))
    .limit(20);
  return rows.map((r) => ({ ...r, member: !!r.member }));
}

/**
 * Adds member enterprises: a bureau names enterprises within its scope; the association's own account any active
 * enterprise of its region (it recruits). Someone who left and joins again gets a new joining day.
 */
export async function addMembers(ctx: Ctx, id: number, input: z.infer<typeof memberAdd>): Promise<AssociationDetail> {
  const actor = requireActor(ctx);
  const a = await findAssociation(ctx, id, undefined, true);
  const unique = [...new Set(input.enterpriseIds)];
  const found = await ctx.db
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(andAll(inArray(enterprises.id, unique), eq(enterprises.regionCode, a.regionCode), eq(enterprises.status, 'active'), isAssociationUser(actor) ? undefined : enterpriseScope(actor)));
  if (found.length !== unique.length) throw fieldError('enterpriseIds', { zh: '包含不存在或不在您管理范围内的企业', en: 'contains an enterprise that does not exist or is outside your scope' });
  const joinedOn = input.joinedOn ?? todayIn(ctx.now);
  await ctx.db
    .insert(listeningAssociationMembers)
    .values(unique.map((enterpriseId) => ({ associationOrgId: id, enterpriseId, joinedOn })))
    .onConflictDoUpdate({ target: [listeningAssociationMembers.associationOrgId, listeningAssociationMembers.enterpriseId], set: { joinedOn, leftOn: null }, setWhere: sql`${listeningAssociationMembers.leftOn} is not null` });
  ctx.audit = { targetType: 'listening_association', targetId: id, after: { added: unique } };
  return getAssociation(ctx, id);
}

export async function removeMember(ctx: Ctx, id: number, enterpriseId: number): Promise<AssociationDetail> {
  await findAssociation(ctx, id, undefined, true);
  const left = await ctx.db
    .update(listeningAssociationMembers)
    .set({ leftOn: todayIn(ctx.now) })
    .where(and(eq(listeningAssociationMembers.associationOrgId, id), eq(listeningAssociationMembers.enterpriseId, enterpriseId), isNull(listeningAssociationMembers.leftOn)))
    .returning({ id: listeningAssociationMembers.enterpriseId });
  if (!left.length) throw fieldError('enterpriseId', M.notMember);
  ctx.audit = { targetType: 'listening_association', targetId: id, after: { left: enterpriseId } };
  return getAssociation(ctx, id);
}

/**
 * A new document, or (with `code`) a new version of one: the version number is the next one, taken while the
 * association's row is locked, so two editors at once get 2 and 3, never 2 twice.
 */
export async function addNorm(ctx: Ctx, id: number, input: NormCreate): Promise<Norm> {
  const actor = requireActor(ctx);
  await findAssociation(ctx, id, undefined, true);
  let code = input.code;
  let version = 1;
  if (code) {
    const [last] = await ctx.db
      .select({ v: sql<number | null>`max(${listeningAssociationNorms.version})` })
      .from(listeningAssociationNorms)
      .where(and(eq(listeningAssociationNorms.associationOrgId, id), eq(listeningAssociationNorms.code, code)));
    if (!last?.v) throw fieldError('code', M.normUnknown);
    version = Number(last.v) + 1;
  } else {
    code = `n${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  }
  const [row] = await ctx.db
    .insert(listeningAssociationNorms)
    .values({ associationOrgId: id, code, version, kind: input.kind, title: input.title, body: input.body, effectiveOn: input.effectiveOn, note: input.note ?? null, createdBy: actor.userId, createdAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'listening_association', targetId: id, after: { norm: code, version, title: input.title } };
  return toNorm(row!);
}

/** Every version of one document, newest first. */
export async function normVersions(ctx: Ctx, id: number, code: string): Promise<Norm[]> {
  await findAssociation(ctx, id);
  const rows = await ctx.db
    .select()
    .from(listeningAssociationNorms)
    .where(and(eq(listeningAssociationNorms.associationOrgId, id), eq(listeningAssociationNorms.code, code)))
    .orderBy(desc(listeningAssociationNorms.version));
  if (!rows.length) throw notFound();
  return rows.map(toNorm);
}
