/** The people who know the secrets: staff and outside parties, their agreements, trainings, departures; who knows what. */
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  monthsBetween,
  type Departure,
  type DepartureUpsert,
  type Knower,
  type Page,
  type PageQuery,
  type Person,
  type PersonCreate,
  type PersonUpdate,
} from '@shangmi/shared';
import { protectionDepartures, protectionPeople, protectionTrainings, secretKnowers } from '../../db/schema/index.js';
import { containsPattern } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { M } from './protection.messages.js';
import { refreshReadiness, secretsKnownBy } from './readiness.js';
import { rules } from './rules.js';
import { addEvent, findSecret, keeperOrg, ownRows } from './scope.js';

type PersonRow = typeof protectionPeople.$inferSelect;
type DepartureRow = typeof protectionDepartures.$inferSelect;

const secretCount = sql<number>`(select count(*)::int from secret_knowers k where k.person_id = ${protectionPeople.id})`;

export function toPerson(p: PersonRow, count: number): Person {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    organisation: p.organisation,
    department: p.department,
    position: p.position,
    employeeNo: p.employeeNo,
    email: p.email,
    phone: p.phone,
    agreementSignedOn: p.agreementSignedOn,
    nonCompeteFrom: p.nonCompeteFrom,
    nonCompeteTo: p.nonCompeteTo,
    note: p.note,
    status: p.status,
    departedOn: p.departedOn,
    secretCount: Number(count),
    lastAcknowledgedAt: p.lastAcknowledgedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

export function toDeparture(d: DepartureRow): Departure {
  const items = d.items as Record<string, string | null>;
  return { id: d.id, personId: d.personId, departedOn: d.departedOn, items, complete: d.completedOn !== null, completedOn: d.completedOn, note: d.note, updatedAt: d.updatedAt.toISOString() };
}

export async function findPerson(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<PersonRow> {
  const q = ctx.db.select().from(protectionPeople).where(and(eq(protectionPeople.id, id), ownRows(ctx, protectionPeople.orgId)));
  const [p] = opts.lock ? await q.for('update') : await q;
  if (!p) throw notFound();
  return p;
}

/** The enterprise's people among `ids`; refuses on `field` when one is not. */
export async function ownPeople(ctx: Ctx, ids: number[], field: string): Promise<PersonRow[]> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await ctx.db.select().from(protectionPeople).where(and(inArray(protectionPeople.id, unique), ownRows(ctx, protectionPeople.orgId))) : [];
  if (rows.length !== unique.length) throw fieldError(field, M.personNotFound);
  return rows;
}

function checkPerson(ctx: Ctx, p: Partial<PersonCreate>, before?: PersonRow): void {
  const r = rules();
  if (p.kind !== undefined && !r.people.kinds.some((k) => k.value === p.kind)) throw fieldError('kind', M.unknownKind);
  const today = todayIn(ctx.now);
  if (p.agreementSignedOn && p.agreementSignedOn > today) throw fieldError('agreementSignedOn', M.futureDate);
  const from = p.nonCompeteFrom !== undefined ? p.nonCompeteFrom : (before?.nonCompeteFrom ?? null);
  const to = p.nonCompeteTo !== undefined ? p.nonCompeteTo : (before?.nonCompeteTo ?? null);
  if (from && to) {
    if (to < from) throw fieldError('nonCompeteTo', M.nonCompeteOrder);
    if (monthsBetween(from, to) > r.people.nonCompeteMaxMonths) throw fieldError('nonCompeteTo', M.nonCompeteTooLong);
  }
}

// ------------------------------------------------------------------------------------------------------------ people

export async function createPerson(ctx: Ctx, input: PersonCreate): Promise<Person> {
  const { actor, orgId } = keeperOrg(ctx);
  checkPerson(ctx, input);
  const [p] = await ctx.db
    .insert(protectionPeople)
    .values({ ...input, orgId, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  // names and contacts are personal data: the audit row keeps the kind only
  ctx.audit = { action: 'protection.person-create', targetType: 'protection_person', targetId: p!.id, after: { kind: p!.kind } };
  return toPerson(p!, 0);
}

export async function updatePerson(ctx: Ctx, id: number, input: PersonUpdate): Promise<Person> {
  keeperOrg(ctx, 'record');
  const before = await findPerson(ctx, id, { lock: true });
  checkPerson(ctx, input, before);
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<PersonRow>;
  await ctx.db.update(protectionPeople).set({ ...set, updatedAt: ctx.now }).where(eq(protectionPeople.id, id));
  if (input.agreementSignedOn !== undefined && input.agreementSignedOn !== before.agreementSignedOn) await refreshReadiness(ctx, await secretsKnownBy(ctx, [id]));
  if (input.kind !== undefined && input.kind !== before.kind) await refreshReadiness(ctx, await secretsKnownBy(ctx, [id]));
  ctx.audit = { action: 'protection.person-update', targetType: 'protection_person', targetId: id, after: { fields: Object.keys(set) } };
  return personOf(ctx, id);
}

function peopleConditions(ctx: Ctx, q: { q?: string | null; kind?: string; status?: 'active' | 'departed'; secretId?: number; noAgreement?: 'true' | 'false' }): SQL | undefined {
  const conds: (SQL | undefined)[] = [ownRows(ctx, protectionPeople.orgId)];
  if (q.q) conds.push(or(ilike(protectionPeople.name, containsPattern(q.q)), ilike(protectionPeople.department, containsPattern(q.q)), ilike(protectionPeople.employeeNo, containsPattern(q.q)), ilike(protectionPeople.organisation, containsPattern(q.q))));
  if (q.kind) conds.push(eq(protectionPeople.kind, q.kind));
  if (q.status) conds.push(eq(protectionPeople.status, q.status));
  if (q.secretId) conds.push(sql`exists (select 1 from secret_knowers k where k.person_id = ${protectionPeople.id} and k.secret_id = ${q.secretId})`);
  if (q.noAgreement === 'true') conds.push(isNull(protectionPeople.agreementSignedOn));
  return and(...conds);
}

export async function listPeople(ctx: Ctx, q: Parameters<typeof peopleConditions>[1] & PageQuery): Promise<Page<Person>> {
  const where = peopleConditions(ctx, q);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ p: protectionPeople, n: secretCount })
      .from(protectionPeople)
      .where(where)
      .orderBy(q.order === 'asc' ? asc(protectionPeople.id) : desc(protectionPeople.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, protectionPeople, where),
  ]);
  return { items: rows.map((r) => toPerson(r.p, r.n)), ...total, page: q.page, pageSize: q.pageSize };
}

export async function exportPeople(ctx: Ctx, q: Parameters<typeof peopleConditions>[1] & { order: 'asc' | 'desc' }, limit: number): Promise<Person[]> {
  const rows = await ctx.db
    .select({ p: protectionPeople, n: secretCount })
    .from(protectionPeople)
    .where(peopleConditions(ctx, q))
    .orderBy(q.order === 'asc' ? asc(protectionPeople.id) : desc(protectionPeople.id))
    .limit(limit);
  return rows.map((r) => toPerson(r.p, r.n));
}

/** One person with the number of secrets they know. */
export async function personOf(ctx: Ctx, id: number): Promise<Person> {
  const p = await findPerson(ctx, id);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(secretKnowers).where(eq(secretKnowers.personId, id));
  return toPerson(p, count?.n ?? 0);
}

// ------------------------------------------------------------------------------------------------------------ trainings

export async function addTraining(ctx: Ctx, personId: number, input: { title: string; on: string }) {
  const { actor, orgId } = keeperOrg(ctx, 'record');
  await findPerson(ctx, personId);
  if (input.on > todayIn(ctx.now)) throw fieldError('on', M.futureDate);
  const [t] = await ctx.db.insert(protectionTrainings).values({ orgId, personId, title: input.title, on: input.on, createdBy: actor.userId, createdAt: ctx.now }).returning();
  ctx.audit = { action: 'protection.training-add', targetType: 'protection_person', targetId: personId };
  return { id: t!.id, title: t!.title, on: t!.on };
}

export async function removeTraining(ctx: Ctx, personId: number, trainingId: number): Promise<{ ok: true }> {
  keeperOrg(ctx, 'record');
  await findPerson(ctx, personId);
  const [gone] = await ctx.db.delete(protectionTrainings).where(and(eq(protectionTrainings.id, trainingId), eq(protectionTrainings.personId, personId))).returning();
  if (!gone) throw notFound();
  ctx.audit = { action: 'protection.training-remove', targetType: 'protection_person', targetId: personId };
  return { ok: true };
}

// ------------------------------------------------------------------------------------------------------------ departures

/**
 * A person leaves: the checklist of 第六条第（六）项 with the day each item was done; complete (and dated) once every item
 * is. The person is marked departed; the secrets they knew have their readiness recomputed (item 6 now applies).
 */
export async function upsertDeparture(ctx: Ctx, personId: number, input: DepartureUpsert): Promise<Departure> {
  const { actor, orgId } = keeperOrg(ctx, 'record');
  await findPerson(ctx, personId, { lock: true });
  const today = todayIn(ctx.now);
  const known = rules().departure.items.map((i) => i.value);
  if (input.departedOn > today) throw fieldError('departedOn', M.futureDate);
  for (const [k, v] of Object.entries(input.items)) {
    if (!known.includes(k)) throw fieldError(`items.${k}`, M.unknownItem);
    if (v && v > today) throw fieldError(`items.${k}`, M.futureDate);
  }
  const items = Object.fromEntries(known.map((k) => [k, input.items[k] ?? null]));
  const done = Object.values(items).filter((v): v is string => !!v);
  const completedOn = done.length === known.length ? done.sort().at(-1)! : null;
  const [row] = await ctx.db
    .insert(protectionDepartures)
    .values({ orgId, personId, departedOn: input.departedOn, items, completedOn, note: input.note ?? null, updatedBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: protectionDepartures.personId, set: { departedOn: input.departedOn, items, completedOn, note: input.note ?? null, updatedBy: actor.userId, updatedAt: ctx.now } })
    .returning();
  await ctx.db.update(protectionPeople).set({ status: 'departed', departedOn: input.departedOn, updatedAt: ctx.now }).where(eq(protectionPeople.id, personId));
  const secretIds = await secretsKnownBy(ctx, [personId]);
  await addEvent(ctx, secretIds, 'departure', { personId, complete: completedOn !== null });
  await refreshReadiness(ctx, secretIds);
  ctx.audit = { action: 'protection.departure', targetType: 'protection_person', targetId: personId, after: { complete: completedOn !== null } };
  return toDeparture(row!);
}

// ------------------------------------------------------------------------------------------------------------ knowers

export async function listKnowers(ctx: Ctx, secretId: number): Promise<Knower[]> {
  const rows = await ctx.db
    .select({
      p: protectionPeople,
      since: secretKnowers.since,
      acknowledgedAt: sql<Date | null>`(select max(ns.acknowledged_at) from notice_secrets ns where ns.secret_id = ${secretId} and ns.person_id = ${protectionPeople.id})`,
      completedOn: protectionDepartures.completedOn,
      departureId: protectionDepartures.id,
    })
    .from(secretKnowers)
    .innerJoin(protectionPeople, eq(protectionPeople.id, secretKnowers.personId))
    .leftJoin(protectionDepartures, eq(protectionDepartures.personId, protectionPeople.id))
    .where(eq(secretKnowers.secretId, secretId))
    .orderBy(protectionPeople.name, protectionPeople.id);
  return rows.map((r) => ({
    personId: r.p.id,
    name: r.p.name,
    kind: r.p.kind,
    department: r.p.department,
    organisation: r.p.organisation,
    status: r.p.status,
    agreementSignedOn: r.p.agreementSignedOn,
    acknowledgedAt: r.acknowledgedAt ? new Date(r.acknowledgedAt).toISOString() : null,
    departureComplete: r.departureId === null ? null : r.completedOn !== null,
    since: r.since.toISOString(),
  }));
}

/** Adds and removes people who know a secret (each only what it names, so two keepers editing at once both keep theirs). */
export async function changeKnowers(ctx: Ctx, secretId: number, input: { add?: number[]; remove?: number[] }): Promise<Knower[]> {
  const { orgId } = keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const add = [...new Set(input.add ?? [])];
  const remove = [...new Set(input.remove ?? [])];
  if (add.length) await ownPeople(ctx, add, 'add');
  if (add.length) await addKnowers(ctx, orgId, [secretId], add);
  if (remove.length) await ctx.db.delete(secretKnowers).where(and(eq(secretKnowers.secretId, secretId), inArray(secretKnowers.personId, remove)));
  await addEvent(ctx, secretId, 'knowers', { added: add, removed: remove });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.knowers', targetType: 'secret', targetId: secretId, after: { added: add.length, removed: remove.length } };
  return listKnowers(ctx, secretId);
}

/** Each person knows each secret (already known: unchanged), in one statement. */
export async function addKnowers(ctx: Ctx, orgId: number, secretIds: number[], personIds: number[]): Promise<void> {
  if (!secretIds.length || !personIds.length) return;
  await ctx.db
    .insert(secretKnowers)
    .values(secretIds.flatMap((secretId) => personIds.map((personId) => ({ secretId, personId, orgId, since: ctx.now }))))
    .onConflictDoNothing();
}
