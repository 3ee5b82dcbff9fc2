import type { FastifyReply } from 'fastify';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, arrayContains, asc, count, desc, eq, ilike, inArray, like, max, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  batchLabel,
  CULTIVATION_REVIEW_LABELS,
  CULTIVATION_STAGE_LABELS,
  formatDateTime,
  nextCultivationStage,
  pick,
  queryTokens,
  toTsQuery,
  type CultivationAllowed,
  type CultivationCreate,
  type CultivationDecision,
  type CultivationDetail,
  type CultivationEntry,
  type CultivationEvent,
  type CultivationEventAction,
  type CultivationListQuery,
  type CultivationPlanItem,
  type CultivationRequest,
  type CultivationStage,
  type CultivationStats,
  type CultivationTimeline,
  type CultivationUpdate,
  type Locale,
  type Page,
  type PageQuery,
} from '@shangmi/shared';
import { cultivationEntries, cultivationEvents, cultivationEvidence, cultivationPlanItems, enterprises, files, orgs, users } from '../../db/schema/index.js';
import { andAll, can, containsPattern, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, conflict, fieldError, forbidden, notFound, registerUniqueField } from '../../platform/errors.js';
import { enterpriseScope, findEnterpriseInScope, type EnterprisesMerged } from '../enterprises/enterprises.service.js';
import { claimFiles, sendStoredFile, type FileRow } from '../files/files.service.js';
import { findOrgInScope, type OrgSubtreeMoved } from '../orgs/orgs.service.js';

type EntryRow = typeof cultivationEntries.$inferSelect;
type EnterpriseRow = typeof enterprises.$inferSelect;
type Msg = { zh: string; en: string };

// concurrent adds that slipped past the checks still name the field
registerUniqueField('cultivation_entries_enterprise_year_uq', 'year');
registerUniqueField('cultivation_entries_open_uq', 'enterpriseId');

// the coaching site's path copy follows its organisation when a subtree moves
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  await ctx.db.execute(
    sql`update ${cultivationEntries} set site_org_path = ${newPrefix} || substr(site_org_path, ${oldPrefix.length + 1})
         where site_org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
};

// ---------------------------------------------------------------------------------------------------------------
// Scope and rights

const isEnterpriseUser = (actor: Actor) => actor.orgKind === 'enterprise';

/**
 * The entries an actor may see: those of the enterprises they may see (enterpriseScope: own enterprise for enterprise
 * users; district, serving site…) and, for staff, those coached by a site within their scope.
 */
function entryScope(actor: Actor): SQL | undefined {
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
function visibleTo(actor: Actor, e: Pick<EnterpriseRow, 'orgId' | 'orgPath' | 'siteOrgId' | 'siteOrgPath'>, site: { id: number | null; path: string | null }) {
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

/**
 * Reviews and approvals belong to the bureaus above the enterprise itself (its district bureau, the city bureau), not to
 * whoever sees the entry through a coaching site.
 */
function coversHome(actor: Actor, e: Pick<EnterpriseRow, 'orgPath'>): boolean {
  if (isEnterpriseUser(actor)) return false;
  if (actor.scope === 'all') return true;
  if (actor.scope === 'self') return false;
  return e.orgPath.startsWith(actor.orgPath);
}

function assertStaff(actor: Actor) {
  if (isEnterpriseUser(actor)) throw forbidden({ zh: '企业用户不能维护培育清单', en: 'Enterprise users cannot change the cultivation list' });
}

const stageName = (s: CultivationStage) => CULTIVATION_STAGE_LABELS[s];

// ---------------------------------------------------------------------------------------------------------------
// Reading

const site = alias(orgs, 'site');
const requester = alias(users, 'requester');
const districtReviewer = alias(users, 'district_reviewer');

/** Today in Asia/Shanghai (due dates are calendar days there). */
const today = (ctx: Ctx) => formatDateTime(ctx.now).slice(0, 10);

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

function selectEntries(ctx: Ctx) {
  return ctx.db
    .select(selection(ctx))
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .leftJoin(site, eq(site.id, cultivationEntries.siteOrgId))
    .leftJoin(requester, eq(requester.id, cultivationEntries.requestedBy))
    .leftJoin(districtReviewer, eq(districtReviewer.id, cultivationEntries.districtReviewedBy));
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['execute']>>[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toEntry(r: SelectedRow): CultivationEntry {
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
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export type CultivationFilters = Omit<CultivationListQuery, 'sort'>;

/** The list's conditions; `withStage: false` leaves the stage out (the board counts every stage). */
function filterConditions(actor: Actor, q: CultivationFilters, withStage = true): SQL | undefined {
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
    cachedCount(
      ctx.db
        .select({ total: count() })
        .from(cultivationEntries)
        .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
        .where(where),
    ),
  ]);
  return { items: rows.map(toEntry), total, page: q.page, pageSize: q.pageSize };
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

async function findEntry(ctx: Ctx, id: number): Promise<SelectedRow> {
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

function toEvent(r: typeof cultivationEvents.$inferSelect): CultivationEvent {
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

async function eventsOf(ctx: Ctx, entryIds: number[]): Promise<(typeof cultivationEvents.$inferSelect)[]> {
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

function allowedFor(actor: Actor, e: EntryRow, ent: Pick<EnterpriseRow, 'orgPath'>): CultivationAllowed {
  const manage = can(actor, 'cultivation:manage') && !isEnterpriseUser(actor) && e.stage !== 'withdrawn';
  const open = e.review === 'district' || e.review === 'city';
  return {
    edit: manage,
    request: manage && !open,
    cancel: manage && open && e.requestedBy === actor.userId,
    review: can(actor, 'cultivation:review') && e.review === 'district' && coversHome(actor, ent),
    approve:
      can(actor, 'cultivation:approve') &&
      e.review === 'city' &&
      coversHome(actor, ent) &&
      actor.userId !== e.requestedBy &&
      actor.userId !== e.districtReviewedBy,
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<CultivationDetail> {
  const actor = requireActor(ctx);
  const row = await findEntry(ctx, id);
  // one after the other: after a write this runs on the transaction's single connection
  const [ent] = await ctx.db.select({ orgPath: enterprises.orgPath }).from(enterprises).where(eq(enterprises.id, row.entry.enterpriseId));
  const plan = await planOf(ctx, id);
  const events = await eventsOf(ctx, [id]);
  const evidence = await evidenceOf(ctx, id);
  return { ...toEntry(row), plan, events: events.map(toEvent), evidence, allowed: allowedFor(actor, row.entry, ent) };
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
  const events = await eventsOf(
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
    events: events.filter((ev) => ev.entryId === e.id).map(toEvent),
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

// ---------------------------------------------------------------------------------------------------------------
// Writing

interface Locked {
  entry: EntryRow;
  enterprise: EnterpriseRow;
}

/** The entry (in scope) and its enterprise, locked for this transaction: two reviewers cannot act on one request at once. */
async function lockEntry(ctx: Ctx, id: number): Promise<Locked> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ entry: cultivationEntries, enterprise: enterprises })
    .from(cultivationEntries)
    .innerJoin(enterprises, eq(enterprises.id, cultivationEntries.enterpriseId))
    .where(andAll(eq(cultivationEntries.id, id), entryScope(actor)))
    .for('update', { of: cultivationEntries });
  if (!row) throw notFound();
  return row;
}

async function lockForChange(ctx: Ctx, id: number): Promise<Locked> {
  assertStaff(requireActor(ctx));
  const locked = await lockEntry(ctx, id);
  if (locked.entry.stage === 'withdrawn') {
    throw conflict({ zh: '该企业已退出培育，记录只读', en: 'This enterprise has been withdrawn; its entry is read-only' });
  }
  return locked;
}

async function addEvent(
  ctx: Ctx,
  entryId: number,
  ev: { action: CultivationEventAction; fromStage?: CultivationStage | null; toStage?: CultivationStage | null; comment?: string | null; fileIds?: number[]; data?: unknown },
) {
  const actor = requireActor(ctx);
  await ctx.db.insert(cultivationEvents).values({
    entryId,
    at: ctx.now,
    userId: actor.userId,
    userName: actor.displayName,
    orgId: actor.orgId,
    orgName: actor.orgName,
    action: ev.action,
    fromStage: ev.fromStage ?? null,
    toStage: ev.toStage ?? null,
    comment: ev.comment ?? null,
    fileIds: ev.fileIds ?? [],
    data: ev.data ?? null,
  });
}

async function linkEvidence(ctx: Ctx, entryId: number, rows: FileRow[], stage: CultivationStage, note: string | null) {
  if (!rows.length) return;
  const actor = requireActor(ctx);
  await ctx.db
    .insert(cultivationEvidence)
    .values(rows.map((f) => ({ entryId, fileId: f.id, stage, note, addedBy: actor.userId, addedAt: ctx.now })))
    .onConflictDoNothing();
}

async function touch(ctx: Ctx, id: number, set: Partial<typeof cultivationEntries.$inferInsert> = {}): Promise<EntryRow> {
  const [row] = await ctx.db
    .update(cultivationEntries)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(cultivationEntries.id, id))
    .returning();
  return row;
}

/** The coaching site: an organisation of kind `site` of the enterprise's region, within the actor's scope. */
async function checkSite(ctx: Ctx, regionCode: string, siteOrgId: number | null): Promise<{ id: number | null; path: string | null }> {
  if (!siteOrgId) return { id: null, path: null };
  const o = await findOrgInScope(ctx, siteOrgId, 'siteOrgId');
  if (o.kind !== 'site' || o.regionCode !== regionCode) {
    throw fieldError('siteOrgId', { zh: '不是本地区的服务站点', en: 'is not a protection site of this region' });
  }
  return { id: o.id, path: o.path };
}

const yearTaken = (year: number): Msg => ({ zh: `该企业已列入 ${year} 年培育清单`, en: `already has an entry for ${year}` });

/** The enterprise's entry that blocks a new one: the same year, or any entry still open (not withdrawn). */
async function assertNoOpenEntry(ctx: Ctx, enterpriseId: number, year: number, exceptId?: number) {
  const rows = await ctx.db
    .select()
    .from(cultivationEntries)
    .where(
      andAll(
        eq(cultivationEntries.enterpriseId, enterpriseId),
        or(eq(cultivationEntries.year, year), ne(cultivationEntries.stage, 'withdrawn')),
        exceptId ? ne(cultivationEntries.id, exceptId) : undefined,
      ),
    );
  const sameYear = rows.find((r) => r.year === year);
  if (sameYear) throw fieldError('year', yearTaken(year), 'CONFLICT');
  const open = rows.find((r) => r.stage !== 'withdrawn');
  if (open) {
    const stage = stageName(open.stage);
    throw new AppError('CONFLICT', {
      fields: [
        {
          field: 'enterpriseId',
          message: {
            zh: `已在培育清单中（${batchLabel(open.year, open.batch, 'zh-CN')}，当前阶段：${stage.zh}），退出后方可重新列入`,
            en: `is already on the list (${batchLabel(open.year, open.batch, 'en-US')}, stage: ${stage.en}); it can be listed again once withdrawn`,
          },
        },
      ],
      details: { existingId: open.id },
    });
  }
}

const auditView = (e: EntryRow) => ({
  enterpriseId: e.enterpriseId,
  year: e.year,
  batch: e.batch,
  stage: e.stage,
  siteOrgId: e.siteOrgId,
  mentorName: e.mentorName,
  mentorPhone: e.mentorPhone,
  note: e.note,
  review: e.review,
  requestStage: e.requestStage,
});

/** Puts an active enterprise on a year's list, in a batch, as a candidate (意向). */
export async function createEntry(ctx: Ctx, input: CultivationCreate): Promise<CultivationEntry> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const ent = await findEnterpriseInScope(ctx, input.enterpriseId, 'enterpriseId');
  if (ent.status !== 'active') {
    throw fieldError('enterpriseId', { zh: '只能列入状态正常的企业', en: 'must be an active enterprise' }, 'CONFLICT');
  }
  const s = input.siteOrgId === undefined ? { id: ent.siteOrgId, path: ent.siteOrgPath } : await checkSite(ctx, ent.regionCode, input.siteOrgId);
  if (!visibleTo(actor, ent, s)) throw fieldError('siteOrgId', { zh: '超出您的管理范围', en: 'is outside your area' }, 'FORBIDDEN');
  await assertNoOpenEntry(ctx, ent.id, input.year);
  const [row] = await ctx.db
    .insert(cultivationEntries)
    .values({
      regionCode: ent.regionCode,
      enterpriseId: ent.id,
      year: input.year,
      batch: input.batch,
      stage: 'candidate',
      stageChangedAt: ctx.now,
      siteOrgId: s.id,
      siteOrgPath: s.path,
      mentorName: input.mentorName ?? null,
      mentorPhone: input.mentorPhone ?? null,
      note: input.note ?? null,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await addEvent(ctx, row.id, { action: 'created', toStage: 'candidate', comment: input.note ?? null, data: { year: row.year, batch: row.batch } });
  ctx.audit = { targetType: 'cultivation', targetId: row.id, after: { ...auditView(row), enterpriseName: ent.name } };
  return getEntry(ctx, row.id);
}

export async function updateEntry(ctx: Ctx, id: number, input: CultivationUpdate): Promise<CultivationEntry> {
  const actor = requireActor(ctx);
  const { entry: before, enterprise: ent } = await lockForChange(ctx, id);
  const set: Partial<typeof cultivationEntries.$inferInsert> = {};
  for (const k of ['batch', 'mentorName', 'mentorPhone', 'note'] as const) {
    if (input[k] !== undefined && input[k] !== before[k]) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.year !== undefined && input.year !== before.year) {
    await assertNoOpenEntry(ctx, before.enterpriseId, input.year, id);
    set.year = input.year;
  }
  if (input.siteOrgId !== undefined && input.siteOrgId !== before.siteOrgId) {
    const s = await checkSite(ctx, before.regionCode, input.siteOrgId);
    if (!visibleTo(actor, ent, s)) throw fieldError('siteOrgId', { zh: '超出您的管理范围', en: 'is outside your area' }, 'FORBIDDEN');
    set.siteOrgId = s.id;
    set.siteOrgPath = s.path;
  }
  const changed = Object.keys(set) as (keyof typeof set)[];
  ctx.audit = { targetType: 'cultivation', targetId: id };
  if (!changed.length) return getEntry(ctx, id);
  const after = await touch(ctx, id, set);
  const changes = Object.fromEntries(changed.filter((k) => k !== 'siteOrgPath').map((k) => [k, { from: before[k], to: after[k] }]));
  await addEvent(ctx, id, { action: 'updated', data: changes });
  ctx.audit = { targetType: 'cultivation', targetId: id, before: auditView(before), after: auditView(after) };
  return getEntry(ctx, id);
}

// -- coaching plan ------------------------------------------------------------------------------------------------

async function findItem(ctx: Ctx, entryId: number, itemId: number) {
  const [item] = await ctx.db
    .select()
    .from(cultivationPlanItems)
    .where(and(eq(cultivationPlanItems.id, itemId), eq(cultivationPlanItems.entryId, entryId)));
  if (!item) throw notFound();
  return item;
}

const itemView = (i: typeof cultivationPlanItems.$inferSelect) => ({ title: i.title, dueDate: i.dueDate, note: i.note, done: !!i.doneAt });

export async function addPlanItem(ctx: Ctx, entryId: number, input: { title: string; dueDate?: string | null; note?: string | null }) {
  const actor = requireActor(ctx);
  await lockForChange(ctx, entryId);
  const [{ last }] = await ctx.db
    .select({ last: max(cultivationPlanItems.sort) })
    .from(cultivationPlanItems)
    .where(eq(cultivationPlanItems.entryId, entryId));
  const [item] = await ctx.db
    .insert(cultivationPlanItems)
    .values({
      entryId,
      title: input.title,
      dueDate: input.dueDate ?? null,
      note: input.note ?? null,
      sort: (last ?? 0) + 1,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_added', comment: item.title, data: { itemId: item.id, dueDate: item.dueDate } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { itemId: item.id, ...itemView(item) } };
  return getDetail(ctx, entryId);
}

export async function updatePlanItem(
  ctx: Ctx,
  entryId: number,
  itemId: number,
  input: { title?: string; dueDate?: string | null; note?: string | null; sort?: number },
) {
  await lockForChange(ctx, entryId);
  const before = await findItem(ctx, entryId, itemId);
  ctx.audit = { targetType: 'cultivation', targetId: entryId };
  const set: Partial<typeof cultivationPlanItems.$inferInsert> = {};
  for (const k of ['title', 'dueDate', 'note', 'sort'] as const) {
    if (input[k] !== undefined && input[k] !== before[k]) (set as Record<string, unknown>)[k] = input[k];
  }
  if (Object.keys(set).length) {
    const [after] = await ctx.db
      .update(cultivationPlanItems)
      .set({ ...set, updatedAt: ctx.now })
      .where(eq(cultivationPlanItems.id, itemId))
      .returning();
    await touch(ctx, entryId);
    // reordering alone is not history worth reading
    if (Object.keys(set).some((k) => k !== 'sort')) {
      await addEvent(ctx, entryId, { action: 'plan_updated', comment: after.title, data: { itemId, before: itemView(before), after: itemView(after) } });
    }
    ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, ...itemView(before) }, after: { itemId, ...itemView(after) } };
  }
  return getDetail(ctx, entryId);
}

export async function deletePlanItem(ctx: Ctx, entryId: number, itemId: number) {
  await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  await ctx.db.delete(cultivationPlanItems).where(eq(cultivationPlanItems.id, itemId));
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_deleted', comment: item.title, data: { itemId, ...itemView(item) } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, ...itemView(item) } };
  return getDetail(ctx, entryId);
}

export async function completePlanItem(ctx: Ctx, entryId: number, itemId: number, input: { doneNote?: string | null; fileIds?: number[] }) {
  const actor = requireActor(ctx);
  const { entry } = await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  if (item.doneAt) throw conflict({ zh: '该辅导事项已完成', en: 'This coaching item is already done' });
  const proof = await claimFiles(ctx, input.fileIds ?? [], 'fileIds');
  await ctx.db
    .update(cultivationPlanItems)
    .set({ doneAt: ctx.now, doneBy: actor.userId, doneNote: input.doneNote ?? null, updatedAt: ctx.now })
    .where(eq(cultivationPlanItems.id, itemId));
  await linkEvidence(ctx, entryId, proof, entry.stage, item.title);
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_completed', comment: item.title, fileIds: proof.map((f) => f.id), data: { itemId, doneNote: input.doneNote ?? null } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { itemId, title: item.title, done: true, fileIds: proof.map((f) => f.id) } };
  return getDetail(ctx, entryId);
}

export async function reopenPlanItem(ctx: Ctx, entryId: number, itemId: number) {
  await lockForChange(ctx, entryId);
  const item = await findItem(ctx, entryId, itemId);
  if (!item.doneAt) throw conflict({ zh: '该辅导事项尚未完成', en: 'This coaching item is not done' });
  await ctx.db
    .update(cultivationPlanItems)
    .set({ doneAt: null, doneBy: null, doneNote: null, updatedAt: ctx.now })
    .where(eq(cultivationPlanItems.id, itemId));
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'plan_reopened', comment: item.title, data: { itemId } });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, before: { itemId, done: true }, after: { itemId, done: false } };
  return getDetail(ctx, entryId);
}

// -- evidence -----------------------------------------------------------------------------------------------------

export async function addEvidence(ctx: Ctx, entryId: number, input: { fileIds: number[]; note?: string | null }) {
  const { entry } = await lockForChange(ctx, entryId);
  const rows = await claimFiles(ctx, input.fileIds, 'fileIds');
  await linkEvidence(ctx, entryId, rows, entry.stage, input.note ?? null);
  await touch(ctx, entryId);
  await addEvent(ctx, entryId, { action: 'evidence_added', comment: input.note ?? null, fileIds: rows.map((f) => f.id) });
  ctx.audit = { targetType: 'cultivation', targetId: entryId, after: { files: rows.map((f) => ({ id: f.id, name: f.name, sha256: f.sha256 })) } };
  return getDetail(ctx, entryId);
}

// -- stage workflow -----------------------------------------------------------------------------------------------

const clearedRequest = {
  review: 'none' as const,
  requestStage: null,
  requestComment: null,
  requestedBy: null,
  requestedAt: null,
  districtReviewedBy: null,
  districtReviewedAt: null,
};

const requestView = (e: EntryRow) => ({ stage: e.stage, review: e.review, requestStage: e.requestStage, returnReason: e.returnReason });

/**
 * Asks for the next stage (with evidence) or for withdrawal (with a reason). It goes to the enterprise's district
 * bureau, or straight to the city bureau when the enterprise has no district.
 */
export async function requestStage(ctx: Ctx, id: number, input: CultivationRequest) {
  const { entry, enterprise } = await lockForChange(ctx, id);
  if (entry.review === 'district' || entry.review === 'city') {
    throw conflict({ zh: '已有待审核的阶段申请，请等待审核或先撤回', en: 'A stage request is already waiting for review; wait for it or cancel it first' });
  }
  if (input.toStage !== 'withdrawn') {
    const next = nextCultivationStage(entry.stage);
    if (!next) throw fieldError('toStage', { zh: '已是最终阶段（认定），不能再申请', en: 'the entry is at the last stage (accepted)' }, 'CONFLICT');
    if (input.toStage !== next) {
      const n = stageName(next);
      throw fieldError('toStage', { zh: `只能申请进入下一阶段（${n.zh}）`, en: `can only be the next stage (${n.en})` });
    }
    if (!input.fileIds.length) {
      throw fieldError('fileIds', { zh: `申请进入“${stageName(next).zh}”阶段须上传佐证材料`, en: `are required to ask for the ${stageName(next).en} stage` });
    }
  }
  const proof = await claimFiles(ctx, input.fileIds, 'fileIds');
  const actor = requireActor(ctx);
  const review = enterprise.districtCode ? 'district' : 'city';
  const after = await touch(ctx, id, {
    ...clearedRequest,
    review,
    requestStage: input.toStage,
    requestComment: input.comment,
    requestedBy: actor.userId,
    requestedAt: ctx.now,
    returnReason: null,
    returnedAt: null,
  });
  await linkEvidence(ctx, id, proof, input.toStage, null);
  await addEvent(ctx, id, { action: 'requested', fromStage: entry.stage, toStage: input.toStage, comment: input.comment, fileIds: proof.map((f) => f.id) });
  ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(entry), after: { ...requestView(after), fileIds: proof.map((f) => f.id) } };
  return getDetail(ctx, id);
}

/** The requester takes their open request back (before the city has decided). */
export async function cancelRequest(ctx: Ctx, id: number, comment: string | null) {
  const actor = requireActor(ctx);
  const { entry } = await lockForChange(ctx, id);
  if (entry.review !== 'district' && entry.review !== 'city') throw conflict({ zh: '没有待审核的阶段申请', en: 'There is no open stage request' });
  if (entry.requestedBy !== actor.userId) throw forbidden({ zh: '只有申请人可以撤回申请', en: 'Only the requester can cancel a request' });
  const after = await touch(ctx, id, clearedRequest);
  await addEvent(ctx, id, { action: 'cancelled', fromStage: entry.stage, toStage: entry.requestStage, comment });
  ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(entry), after: requestView(after) };
  return getDetail(ctx, id);
}

function returnReason(d: CultivationDecision): string {
  if (!d.comment) throw fieldError('comment', { zh: '退回时须填写退回原因', en: 'is required when returning (give the reason)' });
  return d.comment;
}

async function returnRequest(ctx: Ctx, locked: Locked, reason: string, level: 'district' | 'city') {
  const { entry } = locked;
  const after = await touch(ctx, entry.id, { review: 'returned', returnReason: reason, returnedAt: ctx.now });
  await addEvent(ctx, entry.id, { action: level === 'district' ? 'district_returned' : 'city_returned', fromStage: entry.stage, toStage: entry.requestStage, comment: reason });
  ctx.audit = { action: 'cultivation.return', targetType: 'cultivation', targetId: entry.id, before: requestView(entry), after: { ...requestView(after), level } };
}

/** The district bureau passes the request on to the city, or returns it with a reason. */
export async function districtReview(ctx: Ctx, id: number, d: CultivationDecision) {
  const actor = requireActor(ctx);
  const locked = await lockForChange(ctx, id);
  const { entry, enterprise } = locked;
  if (entry.review !== 'district') throw conflict({ zh: '没有待区县审核的申请', en: 'There is no request waiting for district review' });
  if (!coversHome(actor, enterprise)) throw forbidden({ zh: '只有企业所在区县可以审核', en: 'Only the enterprise’s own district reviews its requests' });
  if (d.decision === 'return') {
    await returnRequest(ctx, locked, returnReason(d), 'district');
  } else {
    const after = await touch(ctx, id, { review: 'city', districtReviewedBy: actor.userId, districtReviewedAt: ctx.now });
    await addEvent(ctx, id, { action: 'district_passed', fromStage: entry.stage, toStage: entry.requestStage, comment: d.comment ?? null });
    ctx.audit = { targetType: 'cultivation', targetId: id, before: requestView(entry), after: requestView(after) };
  }
  return getDetail(ctx, id);
}

/**
 * The city bureau approves (the stage changes) or returns the request. The approver is someone other than the requester
 * and the district reviewer, so every stage passes two pairs of eyes besides the one asking.
 */
export async function cityApproval(ctx: Ctx, id: number, d: CultivationDecision) {
  const actor = requireActor(ctx);
  const locked = await lockForChange(ctx, id);
  const { entry, enterprise } = locked;
  if (entry.review !== 'city') throw conflict({ zh: '没有待市局审批的申请', en: 'There is no request waiting for city approval' });
  if (!coversHome(actor, enterprise)) throw forbidden({ zh: '只有企业所在城市的市局可以审批', en: 'Only the enterprise’s own city bureau approves its requests' });
  if (actor.userId === entry.requestedBy || actor.userId === entry.districtReviewedBy) {
    throw forbidden({ zh: '审批人不能是该申请的申请人或区县审核人', en: 'The approver cannot be the requester or the district reviewer of this request' });
  }
  if (d.decision === 'return') {
    await returnRequest(ctx, locked, returnReason(d), 'city');
  } else {
    const to = entry.requestStage!;
    const after = await touch(ctx, id, { ...clearedRequest, stage: to, stageChangedAt: ctx.now, returnReason: null, returnedAt: null });
    await addEvent(ctx, id, { action: 'city_passed', fromStage: entry.stage, toStage: to, comment: d.comment ?? null });
    ctx.audit = { action: 'cultivation.approve', targetType: 'cultivation', targetId: id, before: requestView(entry), after: requestView(after) };
  }
  return getDetail(ctx, id);
}

// ---------------------------------------------------------------------------------------------------------------
// A duplicate enterprise merged into another: its entries move to the survivor

const RANK: Record<CultivationStage, number> = { withdrawn: 0, candidate: 1, cultivating: 2, created: 3, accepted: 4 };

/**
 * Each entry of the duplicate moves to the surviving enterprise. Where the two would clash (the same year, or two open
 * entries), the further-advanced entry is kept and the other's plan, evidence and history fold into it (an event says
 * so), so nothing of either is lost and the survivor keeps one entry per year and one open entry.
 */
export const followEnterpriseMerge: EnterprisesMerged = async (ctx, { fromId, intoId }) => {
  const from = await ctx.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, fromId)).orderBy(asc(cultivationEntries.year));
  if (!from.length) return;
  let into = await ctx.db.select().from(cultivationEntries).where(eq(cultivationEntries.enterpriseId, intoId));
  const isOpen = (e: EntryRow) => e.stage !== 'withdrawn';
  const clashOf = (e: EntryRow) => into.find((i) => i.id !== e.id && (i.year === e.year || (isOpen(i) && isOpen(e))));
  for (const f of from) {
    let moving: EntryRow | null = f;
    for (let clash = clashOf(f); moving && clash; clash = moving ? clashOf(moving) : undefined) {
      const keepMoving: boolean = RANK[moving.stage] > RANK[clash.stage];
      const [keep, drop]: [EntryRow, EntryRow] = keepMoving ? [moving, clash] : [clash, moving];
      await foldEntry(ctx, keep, drop, fromId);
      if (keepMoving) into = into.filter((i) => i.id !== drop.id);
      else moving = null; // folded into the survivor's entry, which already fits
    }
    if (moving) {
      await ctx.db.update(cultivationEntries).set({ enterpriseId: intoId, updatedAt: ctx.now }).where(eq(cultivationEntries.id, moving.id));
      into.push({ ...moving, enterpriseId: intoId });
    }
  }
};

/** Moves `drop`'s plan, history and evidence into `keep`, removes `drop`, and says so in `keep`'s history. */
async function foldEntry(ctx: Ctx, keep: EntryRow, drop: EntryRow, fromEnterpriseId: number) {
  await ctx.db.update(cultivationPlanItems).set({ entryId: keep.id }).where(eq(cultivationPlanItems.entryId, drop.id));
  await ctx.db.update(cultivationEvents).set({ entryId: keep.id }).where(eq(cultivationEvents.entryId, drop.id));
  // a file linked to both stays linked once
  await ctx.db.execute(sql`update ${cultivationEvidence} set entry_id = ${keep.id}
    where entry_id = ${drop.id} and file_id not in (select file_id from ${cultivationEvidence} where entry_id = ${keep.id})`);
  await ctx.db.delete(cultivationEvidence).where(eq(cultivationEvidence.entryId, drop.id));
  await ctx.db.delete(cultivationEntries).where(eq(cultivationEntries.id, drop.id));
  await touch(ctx, keep.id);
  await addEvent(ctx, keep.id, {
    action: 'merged',
    fromStage: drop.stage,
    toStage: keep.stage,
    comment: `#${drop.id} ${batchLabel(drop.year, drop.batch, 'zh-CN')} · ${CULTIVATION_STAGE_LABELS[drop.stage].zh}`,
    data: { fromEnterpriseId, droppedEntryId: drop.id, droppedYear: drop.year, droppedBatch: drop.batch, droppedStage: drop.stage },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Export labels

export function reviewLabel(e: CultivationEntry, locale: Locale): string {
  if (e.review === 'none') return '';
  const base = pick(CULTIVATION_REVIEW_LABELS[e.review], locale);
  return e.requestStage ? `${base}（${pick(CULTIVATION_STAGE_LABELS[e.requestStage], locale)}）` : base;
}
