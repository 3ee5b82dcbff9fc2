/** The register of secrets (商业秘密清单): entries that describe a secret without holding it; their status and review. */
import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  addMonths,
  levelRule,
  type Page,
  type PageQuery,
  type Secret,
  type SecretCreate,
  type SecretListItem,
  type SecretListQuery,
  type SecretUpdate,
} from '@shangmi/shared';
import { protectionPeople, secrets, users } from '../../db/schema/index.js';
import { containsPattern } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { fieldError, registerUniqueField } from '../../platform/errors.js';
import { instanceOf, takeStep, type Home } from '../../platform/workflow/index.js';
import { M } from './protection.messages.js';
import { refreshReadiness } from './readiness.js';
import { reviewPath } from './review.js';
import { rules } from './rules.js';
import { addEvent, findSecret, keeperOrg, ownRows, type SecretRow } from './scope.js';
import { applyTotals } from './totals.js';

registerUniqueField('secrets_org_name_uq', 'name');
registerUniqueField('secrets_org_code_uq', 'code');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The columns a register row shows: the list reads these only (not the carriers' and value's JSON, not the items). */
const LIST_COLUMNS = {
  id: secrets.id,
  code: secrets.code,
  name: secrets.name,
  category: secrets.category,
  subKind: secrets.subKind,
  level: secrets.level,
  department: secrets.department,
  custodianName: secrets.custodianName,
  status: secrets.status,
  carrierKinds: secrets.carrierKinds,
  readiness: secrets.readiness,
  measureCount: secrets.measureCount,
  proofCount: secrets.proofCount,
  knowerCount: secrets.knowerCount,
  nextReviewOn: secrets.nextReviewOn,
  createdAt: secrets.createdAt,
  updatedAt: secrets.updatedAt,
};
type ListRow = Pick<SecretRow, keyof typeof LIST_COLUMNS>;

export function toListItem(r: ListRow): SecretListItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    category: r.category,
    subKind: r.subKind,
    level: r.level,
    department: r.department,
    custodianName: r.custodianName,
    status: r.status,
    carrierKinds: r.carrierKinds,
    readiness: r.readiness,
    measureCount: r.measureCount,
    proofCount: r.proofCount,
    knowerCount: r.knowerCount,
    nextReviewOn: r.nextReviewOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toSecret(r: SecretRow, createdByName: string | null): Secret {
  return {
    ...toListItem(r),
    custodianPersonId: r.custodianPersonId,
    summary: r.summary,
    createdOn: r.createdOn,
    reviewMonths: r.reviewMonths,
    lastReviewedOn: r.lastReviewedOn,
    carriers: r.carriers as Secret['carriers'],
    value: r.value as Secret['value'],
    statusNote: r.statusNote,
    statusChangedAt: iso(r.statusChangedAt),
    createdByName,
  };
}

/** Where a secret lives for the workflow engine: its enterprise (the review reminds that enterprise's keepers). */
export function homeOf(r: Pick<SecretRow, 'orgId' | 'name' | 'code'>, orgPath: string): Home {
  return { orgId: r.orgId, orgPath, label: r.code ? `${r.code} ${r.name}` : r.name };
}

// ------------------------------------------------------------------------------------------------------------ checks

/** The choices the rules offer are checked here (the schema only knows their shape): each refusal names its field. */
async function checkFields(ctx: Ctx, orgId: number, input: Partial<SecretCreate> & { category?: SecretRow['category'] }, category: SecretRow['category']): Promise<void> {
  const r = rules();
  if (input.subKind !== undefined || input.category !== undefined) {
    const kinds = r.categories.find((c) => c.value === category)!.kinds;
    const subKind = input.subKind;
    if (subKind !== undefined && !kinds.some((k) => k.value === subKind)) throw fieldError('subKind', M.unknownSubKind);
  }
  input.carriers?.forEach((c, i) => {
    if (!r.carrierKinds.some((k) => k.value === c.kind)) throw fieldError(`carriers.${i}.kind`, M.unknownCarrier);
  });
  const v = input.value;
  if (v) {
    if (v.advantages.some((a) => !r.advantages.some((x) => x.value === a))) throw fieldError('value.advantages', M.unknownChoice);
    if (v.notPublic.some((a) => !r.notPublic.some((x) => x.value === a))) throw fieldError('value.notPublic', M.unknownChoice);
    if (v.formation && !r.formations.some((x) => x.value === v.formation)) throw fieldError('value.formation', M.unknownChoice);
  }
  if (input.createdOn && input.createdOn > todayIn(ctx.now)) throw fieldError('createdOn', M.futureDate);
  if (input.custodianPersonId) {
    const [p] = await ctx.db.select({ id: protectionPeople.id }).from(protectionPeople).where(and(eq(protectionPeople.id, input.custodianPersonId), eq(protectionPeople.orgId, orgId)));
    if (!p) throw fieldError('custodianPersonId', M.personNotFound);
  }
}

/** A name or number taken by another of the enterprise's secrets, refused on its field before the insert would fail. */
async function checkUnique(ctx: Ctx, orgId: number, input: { name?: string; code?: string | null }, exceptId?: number): Promise<void> {
  const conds: SQL[] = [];
  if (input.name) conds.push(eq(secrets.name, input.name));
  if (input.code) conds.push(eq(secrets.code, input.code));
  if (!conds.length) return;
  const rows = await ctx.db
    .select({ id: secrets.id, name: secrets.name, code: secrets.code })
    .from(secrets)
    .where(and(eq(secrets.orgId, orgId), or(...conds), exceptId ? sql`${secrets.id} <> ${exceptId}` : undefined));
  if (rows.some((r) => r.name === input.name)) throw fieldError('name', M.nameTaken, 'CONFLICT');
  if (input.code && rows.some((r) => r.code === input.code)) throw fieldError('code', M.codeTaken, 'CONFLICT');
}

/**
 * Deposits made before the register existed carry a free-text `secret_ref`: those of the enterprise naming this secret's
 * name or number (case and surrounding spaces aside) are linked to it. The migration did the same for the secrets it found.
 */
async function linkLegacyRefs(ctx: Ctx, s: Pick<SecretRow, 'id' | 'orgId' | 'name' | 'code'>): Promise<number> {
  const keys = [s.name, s.code].filter((k): k is string => !!k).map((k) => k.trim().toLowerCase());
  const rows = await ctx.db.execute(sql`
    insert into secret_proofs (secret_id, proof_id, org_id, source, linked_by, linked_at)
    select ${s.id}, r.id, r.org_id, 'legacy', null, ${ctx.now}
      from proof_records r
     where r.org_id = ${s.orgId} and r.secret_ref is not null and lower(trim(r.secret_ref)) = any(${`{${keys.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[])
    on conflict do nothing
    returning proof_id`);
  const n = (Array.isArray(rows) ? rows : ((rows as { rows?: unknown[] }).rows ?? [])).length;
  if (n) await addEvent(ctx, s.id, 'proofs-matched', { proofs: n });
  return n;
}

// ------------------------------------------------------------------------------------------------------------ writes

export async function createSecret(ctx: Ctx, input: SecretCreate): Promise<Secret> {
  const { actor, orgId, orgPath } = keeperOrg(ctx);
  await checkFields(ctx, orgId, input, input.category);
  await checkUnique(ctx, orgId, input);
  const today = todayIn(ctx.now);
  const reviewMonths = input.reviewMonths ?? levelRule(rules(), input.level).reviewMonths;
  const nextReviewOn = addMonths(today, reviewMonths);
  const [row] = await ctx.db
    .insert(secrets)
    .values({
      orgId,
      code: input.code ?? null,
      name: input.name,
      category: input.category,
      subKind: input.subKind,
      level: input.level,
      department: input.department ?? null,
      custodianName: input.custodianName ?? null,
      custodianPersonId: input.custodianPersonId ?? null,
      summary: input.summary ?? null,
      createdOn: input.createdOn ?? null,
      reviewMonths,
      nextReviewOn,
      carriers: input.carriers,
      carrierKinds: [...new Set(input.carriers.map((c) => c.kind))],
      value: input.value,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const s = row!;
  await applyTotals(ctx, [], [s]);
  await addEvent(ctx, s.id, 'created', { level: s.level, category: s.category });
  await takeStep(ctx, reviewPath, s.id, 'scheduled', { home: homeOf(s, orgPath), dueOn: nextReviewOn });
  await linkLegacyRefs(ctx, s);
  await refreshReadiness(ctx, [s.id]);
  // the bureau reads the audit chain of its area: it learns that a secret was registered, never what it is called
  ctx.audit = { action: 'protection.secret-create', targetType: 'secret', targetId: s.id };
  return toSecret((await findSecret(ctx, s.id))!, actor.displayName);
}

const FIELDS = ['code', 'name', 'category', 'subKind', 'level', 'department', 'custodianName', 'custodianPersonId', 'summary', 'createdOn', 'reviewMonths', 'carriers', 'value'] as const;

export async function updateSecret(ctx: Ctx, id: number, input: SecretUpdate): Promise<Secret> {
  const { actor, orgId, orgPath } = keeperOrg(ctx, 'record');
  const before = await findSecret(ctx, id, { lock: true });
  const category = input.category ?? before.category;
  // a new category needs a kind of that category
  if (input.category && input.category !== before.category && input.subKind === undefined) throw fieldError('subKind', M.unknownSubKind);
  await checkFields(ctx, orgId, input as Partial<SecretCreate>, category);
  await checkUnique(ctx, orgId, { name: input.name, code: input.code }, id);
  const changed = FIELDS.filter((f) => input[f] !== undefined && JSON.stringify(input[f]) !== JSON.stringify(before[f] ?? null));
  if (!changed.length) return toSecret(before, null);
  const set: Partial<typeof secrets.$inferInsert> = { updatedAt: ctx.now };
  for (const f of changed) (set as Record<string, unknown>)[f] = input[f] ?? null;
  if (input.carriers) set.carrierKinds = [...new Set(input.carriers.map((c) => c.kind))];
  if (changed.includes('reviewMonths') || changed.includes('level')) {
    // no cycle given (or cleared): the level's default
    const months = input.reviewMonths ?? (input.reviewMonths === null || changed.includes('level') ? levelRule(rules(), input.level ?? before.level).reviewMonths : before.reviewMonths);
    set.reviewMonths = months;
    set.nextReviewOn = addMonths(before.lastReviewedOn ?? todayIn(before.createdAt), months);
  }
  await ctx.db.update(secrets).set(set).where(eq(secrets.id, id));
  await addEvent(ctx, id, 'updated', { fields: changed });
  const after = await findSecret(ctx, id);
  await applyTotals(ctx, [before], [after]); // a new level moves the secret between the levels' totals
  if (after.status === 'active' && after.nextReviewOn !== before.nextReviewOn) {
    const inst = await instanceOf(ctx, reviewPath, id);
    await takeStep(ctx, reviewPath, id, inst?.state === 'scheduled' ? 'rescheduled' : 'scheduled', { home: homeOf(after, orgPath), dueOn: after.nextReviewOn });
  }
  if (changed.includes('name') || changed.includes('code')) await linkLegacyRefs(ctx, after);
  await refreshReadiness(ctx, [id]);
  ctx.audit = { action: 'protection.secret-update', targetType: 'secret', targetId: id, after: { fields: changed } };
  return toSecret(await findSecret(ctx, id), actor.displayName);
}

/** Retire, mark disclosed, or make active again; a secret that is no longer active leaves the review cycle. */
export async function setStatus(ctx: Ctx, id: number, input: { status: SecretRow['status']; note?: string | null }): Promise<Secret> {
  const { orgPath } = keeperOrg(ctx, 'record');
  const before = await findSecret(ctx, id, { lock: true });
  if (before.status === input.status) throw fieldError('status', M.sameStatus);
  const today = todayIn(ctx.now);
  const nextReviewOn = input.status === 'active' ? addMonths(today, before.reviewMonths) : before.nextReviewOn;
  await ctx.db
    .update(secrets)
    .set({ status: input.status, statusNote: input.note ?? null, statusChangedAt: ctx.now, nextReviewOn, updatedAt: ctx.now })
    .where(eq(secrets.id, id));
  await applyTotals(ctx, [before], [{ ...before, status: input.status }]); // only active secrets count
  await addEvent(ctx, id, 'status', { from: before.status, to: input.status, note: input.note ?? null });
  const inst = await instanceOf(ctx, reviewPath, id);
  const state = inst?.state ?? 'none';
  if (input.status === 'active' && state !== 'scheduled') await takeStep(ctx, reviewPath, id, 'scheduled', { home: homeOf(before, orgPath), dueOn: nextReviewOn });
  if (input.status !== 'active' && state !== 'closed') await takeStep(ctx, reviewPath, id, 'closed', { home: homeOf(before, orgPath), comment: input.note ?? null });
  ctx.audit = { action: 'protection.secret-status', targetType: 'secret', targetId: id, after: { status: input.status } };
  return toSecret(await findSecret(ctx, id), null);
}

/** The periodic review: done today, the next one a cycle later (the engine reminds of it). */
export async function reviewSecret(ctx: Ctx, id: number, input: { note?: string | null }): Promise<Secret> {
  const { orgPath } = keeperOrg(ctx, 'record');
  const before = await findSecret(ctx, id, { lock: true });
  if (before.status !== 'active') throw fieldError('status', M.notActive, 'CONFLICT');
  const today = todayIn(ctx.now);
  const nextReviewOn = addMonths(today, before.reviewMonths);
  await ctx.db.update(secrets).set({ lastReviewedOn: today, nextReviewOn, updatedAt: ctx.now }).where(eq(secrets.id, id));
  const inst = await instanceOf(ctx, reviewPath, id);
  // secrets loaded in bulk (the benchmark) have no path yet: the first review starts it
  await takeStep(ctx, reviewPath, id, inst?.state === 'scheduled' ? 'reviewed' : 'scheduled', { home: homeOf(before, orgPath), dueOn: nextReviewOn, comment: input.note ?? null });
  await addEvent(ctx, id, 'reviewed', { note: input.note ?? null, next: nextReviewOn });
  ctx.audit = { action: 'protection.secret-review', targetType: 'secret', targetId: id };
  return toSecret(await findSecret(ctx, id), null);
}

// ------------------------------------------------------------------------------------------------------------ reads

function conditions(ctx: Ctx, q: Omit<SecretListQuery, 'sort'>): SQL | undefined {
  const conds: (SQL | undefined)[] = [ownRows(ctx, secrets.orgId)];
  if (q.q) conds.push(or(ilike(secrets.name, containsPattern(q.q)), ilike(secrets.code, containsPattern(q.q)), ilike(secrets.department, containsPattern(q.q))));
  if (q.category) conds.push(eq(secrets.category, q.category));
  if (q.level) conds.push(eq(secrets.level, q.level));
  if (q.status) conds.push(eq(secrets.status, q.status));
  if (q.readinessBelow !== undefined) conds.push(lt(secrets.readiness, q.readinessBelow));
  if (q.reviewDue === 'true') conds.push(and(eq(secrets.status, 'active'), sql`${secrets.nextReviewOn} <= ${todayIn(ctx.now)}::date`));
  return and(...conds);
}

// level sorts by weight (core first when descending), not alphabetically
const LEVEL_RANK = sql`case ${secrets.level} when 'core' then 3 when 'important' then 2 else 1 end`;
function orderOf(sort: SecretListQuery['sort'], order: 'asc' | 'desc') {
  const dir = order === 'asc' ? asc : desc;
  const col = { id: secrets.id, name: secrets.name, level: LEVEL_RANK, readiness: secrets.readiness, nextReviewOn: secrets.nextReviewOn, updatedAt: secrets.updatedAt }[sort];
  return sort === 'id' ? [dir(secrets.id)] : [dir(col), dir(secrets.id)];
}

export async function listSecrets(ctx: Ctx, q: SecretListQuery & PageQuery): Promise<Page<SecretListItem>> {
  const where = conditions(ctx, q);
  const [rows, total] = await Promise.all([
    ctx.db
      .select(LIST_COLUMNS)
      .from(secrets)
      .where(where)
      .orderBy(...orderOf(q.sort, q.order))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, secrets, where),
  ]);
  return { items: rows.map(toListItem), ...total, page: q.page, pageSize: q.pageSize };
}

export async function exportSecrets(ctx: Ctx, q: SecretListQuery & { order: 'asc' | 'desc' }, limit: number): Promise<Secret[]> {
  const rows = await ctx.db
    .select({ s: secrets, createdByName: users.displayName })
    .from(secrets)
    .leftJoin(users, eq(users.id, secrets.createdBy))
    .where(conditions(ctx, q))
    .orderBy(...orderOf(q.sort, q.order))
    .limit(limit);
  return rows.map((r) => toSecret(r.s, r.createdByName));
}

export async function getSecret(ctx: Ctx, id: number): Promise<Secret> {
  const [row] = await ctx.db
    .select({ s: secrets, createdByName: users.displayName })
    .from(secrets)
    .leftJoin(users, eq(users.id, secrets.createdBy))
    .where(and(eq(secrets.id, id), ownRows(ctx, secrets.orgId)));
  if (!row) return toSecret(await findSecret(ctx, id), null); // 404
  return toSecret(row.s, row.createdByName);
}

/** Several of the caller's secrets by id (those that are not the caller's are left out). */
export async function ownSecrets(ctx: Ctx, ids: number[]): Promise<SecretRow[]> {
  if (!ids.length) return [];
  return ctx.db.select().from(secrets).where(and(inArray(secrets.id, ids), ownRows(ctx, secrets.orgId)));
}
