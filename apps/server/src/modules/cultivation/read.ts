/** Reading the cultivation list: lists, export, statistics, an entry's detail with its plan, history and evidence. */
import type { FastifyReply } from 'fastify';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, arrayContains, asc, count, desc, eq, ilike, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  formatDateTime,
  queryTokens,
  toTsQuery,
  type CultivationAllowed,
  type CultivationDetail,
  type CultivationEntry,
  type CultivationEvent,
  type CultivationEventAction,
  type CultivationListQuery,
  type CultivationPlanItem,
  type CultivationStage,
  type CultivationStats,
  type CultivationTimeline,
  type Page,
  type PageQuery,
} from '@shangmi/shared';
import { readinessFilter } from './readiness-rules.js';
import { cultivationEntries, cultivationEvents, cultivationEvidence, cultivationPlanItems, enterprises, files, orgs, users } from '../../db/schema/index.js';
import { andAll, can, containsPattern, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { asPageTotal, cappedCount, one } from '../../platform/count-cache.js';
import { notFound } from '../../platform/errors.js';
import { historyLine, instanceOf, mayTake, newestFirst, stepsOf, type InstanceRow, type StepRow } from '../../platform/workflow/index.js';
import { sendStoredFile } from '../files/files.service.js';
import { stagePath } from './stage-path.js';
import { entryScope, homeOf, isEnterpriseUser, type EnterpriseRow, type EntryRow } from './scope.js';

const site = alias(orgs, 'site');
const requester = alias(users, 'requester');
const districtReviewer = alias(users, 'district_reviewer');

/** Today in Asia/Shanghai (due dates are calendar days there). */
export const today = (ctx: Ctx) => formatDateTime(ctx.now).slice(0, 10);

function selection(ctx: Ctx) {
  return {
    entry: cultivationEntries,
    enterpriseName: enterprises.name,
    creditCode: enterprises.creditCode,
    districtCode: enterprises.districtCode,
    industryCode: enterprises.industryCode,
    industrySection: enterprises.industrySection,
    kinds: enterprises.kinds,
    siteOrgName: site.name,
    requestedByName: requester.displayName,
    districtReviewedByName: districtReviewer.displayName,
    // written out: correlated counts over the entry of the outer row
    planTotal: sql<number>`(select count(*)::int from cultivation_plan_items p where p.entry_id = cultivation_entries.id)`,
    planDone: sql<number>`(select count(*)::int from cultivation_plan_items p where p.entry_id = cultivation_entries.id and p.done_at is not null)`,
    planOverdue: sql<number>`(select count(*)::int from cultivation_plan_items p
      where p.entry_id = cultivation_entries.id and p.done_at is null and p.due_date < ${today(ctx)}::date)`,
  };
}

export function selectEntries(ctx: Ctx) {
  return ctx.db
    .select(selection(ctx))
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .leftJoin(site, eq(site.id, cultivationEntries.siteOrgId))
    .leftJoin(requester, eq(requester.id, cultivationEntries.requestedBy))
    .leftJoin(districtReviewer, eq(districtReviewer.id, cultivationEntries.districtReviewedBy));
}

export type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['execute']>>[number];

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toEntry(r: SelectedRow): CultivationEntry {
  const e = r.entry;
  return {
    id: e.id,
    regionCode: e.regionCode,
    enterpriseId: e.enterpriseId,
    enterpriseName: r.enterpriseName,
    creditCode: r.creditCode,
    districtCode: r.districtCode,
    industryCode: r.industryCode,
    industrySection: r.industrySection,
    kinds: r.kinds,
    year: e.year,
    batch: e.batch,
    stage: e.stage,
    stageChangedAt: e.stageChangedAt.toISOString(),
    siteOrgId: e.siteOrgId,
    siteOrgName: r.siteOrgName,
    mentorName: e.mentorName,
    mentorPhone: e.mentorPhone,
    note: e.note,
    review: e.review,
    requestStage: e.requestStage,
    requestComment: e.requestComment,
    requestedAt: iso(e.requestedAt),
    requestedByName: r.requestedByName,
    districtReviewedAt: iso(e.districtReviewedAt),
    districtReviewedByName: r.districtReviewedByName,
    returnReason: e.returnReason,
    returnedAt: iso(e.returnedAt),
    planTotal: Number(r.planTotal),
    planDone: Number(r.planDone),
    planOverdue: Number(r.planOverdue),
    intentionSignedOn: e.intentionSignedOn,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export type CultivationFilters = Omit<CultivationListQuery, 'sort'>;

/** The list's conditions; `withStage: false` leaves the stage out (the board counts every stage). */
export function filterConditions(actor: Actor, q: CultivationFilters, withStage = true): SQL | undefined {
  const conds: (SQL | undefined)[] = [entryScope(actor)];
  if (q.regionCode) conds.push(eq(cultivationEntries.regionCode, q.regionCode));
  if (q.year) conds.push(eq(cultivationEntries.year, q.year));
  if (q.batch) conds.push(eq(cultivationEntries.batch, q.batch));
  // withdrawn entries are history: out of the list unless asked for
  if (withStage) conds.push(q.stage ? eq(cultivationEntries.stage, q.stage) : ne(cultivationEntries.stage, 'withdrawn'));
  if (q.review) conds.push(eq(cultivationEntries.review, q.review));
  if (q.districtCode) conds.push(eq(enterprises.districtCode, q.districtCode));
  if (q.industryCode) {
    conds.push(
      /^[A-Z]$/.test(q.industryCode)
        ? eq(enterprises.industrySection, q.industryCode)
        : like(enterprises.industryCode, `${likeEscape(q.industryCode)}%`),
    );
  }
  if (q.kind) conds.push(arrayContains(enterprises.kinds, [q.kind]));
  if (q.siteOrgId) conds.push(eq(cultivationEntries.siteOrgId, q.siteOrgId));
  if (q.readiness) conds.push(readinessFilter(q.readiness, new Date()));
  if (q.q) {
    // the enterprise registry's search: Chinese bigrams and prefixes over name and credit code, or a partial name
    const tsq = toTsQuery(queryTokens(q.q));
    const partial = [...q.q].length >= 3 || !tsq ? ilike(enterprises.name, containsPattern(q.q)) : undefined;
    const matches = tsq ? sql`${enterprises.search} @@ to_tsquery('simple', ${tsq})` : undefined;
    conds.push(matches && partial ? or(matches, partial) : (matches ?? partial));
  }
  return andAll(...conds);
}

function orderOf(q: { sort?: CultivationListQuery['sort']; order?: 'asc' | 'desc' }, fallback: SQL[]): SQL[] {
  if (!q.sort) return fallback;
  const dir = q.order === 'asc' ? asc : desc;
  const cols: Record<NonNullable<CultivationListQuery['sort']>, AnyPgColumn[]> = {
    id: [cultivationEntries.id],
    name: [enterprises.name],
    year: [cultivationEntries.year, cultivationEntries.batch],
    stageChangedAt: [cultivationEntries.stageChangedAt],
    createdAt: [cultivationEntries.createdAt],
    updatedAt: [cultivationEntries.updatedAt],
  };
  return [...cols[q.sort].map((c) => dir(c)), dir(cultivationEntries.id)];
}

export async function listEntries(ctx: Ctx, q: CultivationListQuery & PageQuery): Promise<Page<CultivationEntry>> {
  const actor = requireActor(ctx);
  const where = filterConditions(actor, q);
  const [rows, total] = await Promise.all([
    selectEntries(ctx)
      .where(where)
      .orderBy(...orderOf(q, [q.order === 'asc' ? asc(cultivationEntries.id) : desc(cultivationEntries.id)]))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cappedCount(ctx.db, (limit) =>
      ctx.db.select({ one }).from(cultivationEntries).innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId)).where(where).limit(limit),
    ),
  ]);
  return { items: rows.map(toEntry), ...asPageTotal(total), page: q.page, pageSize: q.pageSize };
}

/** The export, by default in the order a circular lists enterprises: year, batch, district, name. */
export async function exportEntries(ctx: Ctx, q: CultivationListQuery & Pick<PageQuery, 'order'>, limit: number): Promise<CultivationEntry[]> {
  const actor = requireActor(ctx);
  const rows = await selectEntries(ctx)
    .where(filterConditions(actor, q))
    .orderBy(
      ...orderOf(q, [
        asc(cultivationEntries.year),
        asc(cultivationEntries.batch),
        sql`${enterprises.districtCode} asc nulls last`,
        asc(enterprises.name),
        asc(cultivationEntries.id),
      ]),
    )
    .limit(limit);
  return rows.map(toEntry);
}

/** Counts for the board and the charts, over what the list with the same filters shows (by stage: every stage). */
export async function entryStats(ctx: Ctx, q: CultivationFilters): Promise<CultivationStats> {
  const actor = requireActor(ctx);
  const where = filterConditions(actor, q);
  const by = (col: AnyPgColumn | SQL, cond: SQL | undefined = where) =>
    ctx.db
      .select({ key: sql<string | null>`${col}::text`, count: count() })
      .from(cultivationEntries)
      .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
      .where(cond)
      .groupBy(col)
      .orderBy(desc(count()), asc(col));
  const kinds = ctx.db
    .select({ kind: sql<string>`unnest(${enterprises.kinds})`.as('kind') })
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .where(where)
    .as('k');
  const [[{ total }], byStage, byDistrict, byIndustry, byKind, byReview, byYear] = await Promise.all([
    ctx.db
      .select({ total: count() })
      .from(cultivationEntries)
      .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
      .where(where),
    by(cultivationEntries.stage, filterConditions(actor, q, false)),
    by(enterprises.districtCode),
    by(enterprises.industrySection),
    ctx.db.select({ key: kinds.kind, count: count() }).from(kinds).groupBy(kinds.kind).orderBy(desc(count()), asc(kinds.kind)),
    by(cultivationEntries.review),
    by(cultivationEntries.year),
  ]);
  return { total, byStage, byDistrict, byIndustry, byKind, byReview, byYear };
}

export async function findEntry(ctx: Ctx, id: number): Promise<SelectedRow> {
  const actor = requireActor(ctx);
  const [row] = await selectEntries(ctx).where(andAll(eq(cultivationEntries.id, id), entryScope(actor)));
  if (!row) throw notFound();
  return row;
}

export async function getEntry(ctx: Ctx, id: number): Promise<CultivationEntry> {
  return toEntry(await findEntry(ctx, id));
}

const doneBy = alias(users, 'done_by');

async function planOf(ctx: Ctx, entryId: number): Promise<CultivationPlanItem[]> {
  const rows = await ctx.db
    .select({ item: cultivationPlanItems, doneByName: doneBy.displayName })
    .from(cultivationPlanItems)
    .leftJoin(doneBy, eq(doneBy.id, cultivationPlanItems.doneBy))
    .where(eq(cultivationPlanItems.entryId, entryId))
    .orderBy(asc(cultivationPlanItems.sort), asc(cultivationPlanItems.id));
  return rows.map(({ item, doneByName }) => ({
    id: item.id,
    title: item.title,
    dueDate: item.dueDate,
    note: item.note,
    sort: item.sort,
    doneAt: iso(item.doneAt),
    doneByName: item.doneAt ? doneByName : null,
    doneNote: item.doneNote,
    createdAt: item.createdAt.toISOString(),
  }));
}

export function toEvent(r: typeof cultivationEvents.$inferSelect): CultivationEvent {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userName: r.userName,
    orgName: r.orgName,
    action: r.action as CultivationEventAction,
    fromStage: r.fromStage,
    toStage: r.toStage,
    comment: r.comment,
    fileIds: r.fileIds,
    changed: r.action === 'updated' && r.data && typeof r.data === 'object' ? Object.keys(r.data) : [],
  };
}

/** A step of the stage path as a history line, with the stages it concerned. */
function stepEvent(r: StepRow): CultivationEvent {
  const { data, ...line } = historyLine<{ fromStage: CultivationStage | null; toStage: CultivationStage | null }>(r);
  return { ...line, action: line.action as CultivationEventAction, fromStage: data.fromStage ?? null, toStage: data.toStage ?? null };
}

/** The history of entries, newest first: the entry's own events and the steps of its stage path, merged by time. */
async function historyOf(ctx: Ctx, entryIds: number[]): Promise<(CultivationEvent & { entryId: number })[]> {
  const own = await eventsOf(ctx, entryIds);
  const steps = await stepsOf(ctx, stagePath, entryIds);
  return [...own.map((e) => ({ ...toEvent(e), entryId: e.entryId })), ...steps.map((r) => ({ ...stepEvent(r), entryId: r.recordId }))].sort(newestFirst);
}

export async function eventsOf(ctx: Ctx, entryIds: number[]): Promise<(typeof cultivationEvents.$inferSelect)[]> {
  if (!entryIds.length) return [];
  return ctx.db
    .select()
    .from(cultivationEvents)
    .where(inArray(cultivationEvents.entryId, entryIds))
    .orderBy(desc(cultivationEvents.at), desc(cultivationEvents.id));
}

const addedBy = alias(users, 'added_by');

async function evidenceOf(ctx: Ctx, entryId: number) {
  const rows = await ctx.db
    .select({ link: cultivationEvidence, file: files, addedByName: addedBy.displayName })
    .from(cultivationEvidence)
    .innerJoin(files, eq(files.id, cultivationEvidence.fileId))
    .leftJoin(addedBy, eq(addedBy.id, cultivationEvidence.addedBy))
    .where(eq(cultivationEvidence.entryId, entryId))
    .orderBy(desc(cultivationEvidence.addedAt), desc(cultivationEvidence.fileId));
  return rows.map(({ link, file, addedByName }) => ({
    id: file.id,
    name: file.name,
    size: file.size,
    mime: file.mime,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
    stage: link.stage,
    note: link.note,
    addedByName,
    addedAt: link.addedAt.toISOString(),
  }));
}

/** What the actor may do now: the list's own rights, and the path's steps as the engine would allow them. */
export function allowedFor(actor: Actor, e: EntryRow, ent: EnterpriseRow, inst: InstanceRow | null): CultivationAllowed {
  const manage = can(actor, 'cultivation:manage') && !isEnterpriseUser(actor) && e.stage !== 'withdrawn';
  const home = homeOf(e, ent);
  const may = (step: string) => e.stage !== 'withdrawn' && mayTake(actor, stagePath, inst, step, home);
  return {
    edit: manage,
    request: manage && may('requested'),
    cancel: manage && may('cancelled'),
    review: may('district_passed'),
    approve: may('city_passed'),
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<CultivationDetail> {
  const actor = requireActor(ctx);
  const row = await findEntry(ctx, id);
  // one after the other: after a write this runs on the transaction's single connection
  const [ent] = await ctx.db.select().from(enterprises).where(eq(enterprises.id, row.entry.enterpriseId));
  const plan = await planOf(ctx, id);
  const events = await historyOf(ctx, [id]);
  const evidence = await evidenceOf(ctx, id);
  const inst = await instanceOf(ctx, stagePath, id);
  return { ...toEntry(row), plan, events: events.map(({ entryId: _, ...ev }) => ev), evidence, allowed: allowedFor(actor, row.entry, ent!, inst) };
}

/** Every entry an enterprise has had (within the caller's scope), each with its history, newest first. */
export async function enterpriseTimeline(ctx: Ctx, enterpriseId: number): Promise<CultivationTimeline> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ entry: cultivationEntries })
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .where(andAll(eq(cultivationEntries.enterpriseId, enterpriseId), entryScope(actor)))
    .orderBy(desc(cultivationEntries.year), desc(cultivationEntries.id));
  const events = await historyOf(
    ctx,
    rows.map((r) => r.entry.id),
  );
  return rows.map(({ entry: e }) => ({
    id: e.id,
    year: e.year,
    batch: e.batch,
    stage: e.stage,
    review: e.review,
    requestStage: e.requestStage,
    events: events.filter((ev) => ev.entryId === e.id).map(({ entryId: _, ...ev }) => ev),
  }));
}

/** An evidence file of an entry in scope, as a download. */
export async function sendEvidence(ctx: Ctx, reply: FastifyReply, entryId: number, fileId: number) {
  await findEntry(ctx, entryId);
  const [row] = await ctx.db
    .select({ file: files })
    .from(cultivationEvidence)
    .innerJoin(files, eq(files.id, cultivationEvidence.fileId))
    .where(and(eq(cultivationEvidence.entryId, entryId), eq(cultivationEvidence.fileId, fileId)));
  if (!row) throw notFound();
  return sendStoredFile(ctx, reply, row.file);
}
