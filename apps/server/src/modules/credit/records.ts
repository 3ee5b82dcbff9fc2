/**
 * Penalty records (行政处罚信息): entered from a case decided with a penalty (prefilled from it), by hand, or imported;
 * checked (credit code, amounts, the fields each 处罚类别 requires, dates in order), placed (the deciding bureau, and the
 * registered enterprise it concerns), and read as staff see them.
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import {
  computeDue,
  notPublishedReason,
  requiredByKinds,
  searchTokens,
  shanghaiDate,
  type CreditRecord,
  type CreditRecordCreate,
  type CreditRecordListQuery,
  type CreditRecordUpdate,
  type CreditRuleSet,
  type Page,
  type PageQuery,
  type PublishState,
  type WorkCalendar,
} from '@shangmi/shared';
import { creditRecords, orgs } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor } from '../../platform/access.js';
import { loadCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { AppError, fieldError, registerUniqueField } from '../../platform/errors.js';
import { caseForCredit } from '../cases/cases.service.js';
import { enterpriseByCode } from '../enterprises/enterprises.service.js';
import { findOrgInScope } from '../orgs/orgs.service.js';
import { M } from './credit.messages.js';
import { currentRules } from './rules.js';
import { addEvent, findRecord, recordScope, type RecordRow } from './scope.js';

registerUniqueField('credit_records_case_uq', 'caseId');
registerUniqueField('credit_records_decision_uq', 'decisionNo');

export const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now);

/** Where the record stands for the public (derived: the daily job keeps `public`, the dates say the rest). */
export function publishStateOf(r: Pick<RecordRow, 'publishable' | 'state' | 'public' | 'endReason' | 'publishDueOn'>, today: string): PublishState {
  if (!r.publishable) return 'unpublishable';
  if (r.state === 'withdrawn') return 'withdrawn';
  if (r.state === 'published' || r.state === 'withdrawing') {
    if (r.public) return 'public';
    return r.endReason === 'repaired' ? 'repaired' : 'expired';
  }
  return r.publishDueOn && today > r.publishDueOn ? 'overdue' : 'pending';
}

export function toRecord(r: RecordRow, orgName: string, rules: CreditRuleSet, today: string): CreditRecord {
  return {
    id: r.id,
    regionCode: r.regionCode,
    districtCode: r.districtCode,
    orgId: r.orgId,
    orgName,
    source: r.source,
    caseId: r.caseId,
    enterpriseId: r.enterpriseId,
    partyName: r.partyName,
    partyKind: r.partyKind,
    creditCode: r.creditCode,
    legalRep: r.legalRep,
    decisionNo: r.decisionNo,
    violationType: r.violationType,
    facts: r.facts,
    basis: r.basis,
    penaltyKinds: r.penaltyKinds as CreditRecord['penaltyKinds'],
    content: r.content,
    fineFen: r.fineFen,
    confiscationFen: r.confiscationFen,
    licenceInfo: r.licenceInfo,
    decidedOn: r.decidedOn,
    validUntil: r.validUntil,
    procedure: r.procedure,
    authorityName: r.authorityName,
    authorityCode: r.authorityCode,
    sourceName: r.sourceName,
    sourceCode: r.sourceCode,
    remark: r.remark,
    state: r.state as CreditRecord['state'],
    publishState: publishStateOf(r, today),
    notPublished: r.publishable ? null : notPublishedReason(rules, { procedure: r.procedure, penaltyKinds: r.penaltyKinds as CreditRecord['penaltyKinds'] }),
    publishDueOn: r.publishDueOn,
    publishDueProvisional: r.publishDueProvisional,
    publishedOn: r.publishedOn,
    onTime: r.publishedOn && r.publishDueOn ? r.publishedOn <= r.publishDueOn : null,
    term: r.term,
    publicUntil: r.publicUntil,
    endedOn: r.endedOn,
    revocation: r.revocation,
    withdrawDueOn: r.withdrawDueOn,
    withdrawnOn: r.withdrawnOn,
    withdrawReason: r.withdrawReason,
    secretTerms: r.secretTerms,
    lossFen: r.lossFen,
    illegalGainFen: r.illegalGainFen,
    discretionFactors: r.discretionFactors,
    version: 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export type Fields = Omit<CreditRecordCreate, 'caseId'>;

/**
 * The checks the schema cannot make alone: the fields the chosen 处罚类别 require (the rule data names them, with the
 * article), an amount of 0 where a fine or a confiscation is the penalty, dates in order.
 */
export function checkFields(rules: CreditRuleSet, f: Fields, today: string) {
  for (const need of requiredByKinds(rules, f.penaltyKinds)) {
    const v = f[need.field];
    if (v === null || v === undefined || v === '' || ((need.field === 'fineFen' || need.field === 'confiscationFen') && v === 0)) {
      throw fieldError(need.field, M.requiredByKind(need.kind, need.citation));
    }
  }
  if (f.decidedOn > today) throw fieldError('decidedOn', M.notInFuture);
  if (f.validUntil && f.validUntil < f.decidedOn) throw fieldError('validUntil', M.notBeforeDecision);
  if (f.fineFen && !f.penaltyKinds.includes('fine')) throw fieldError('fineFen', M.amountWithoutKind('罚款', 'a fine'));
  if (f.confiscationFen && !f.penaltyKinds.includes('confiscation')) throw fieldError('confiscationFen', M.amountWithoutKind('没收违法所得', 'a confiscation'));
}

/** The columns a record's facts decide: whether it is published, by when (令45 Art. 2, 9), the enterprise it concerns. */
async function derived(ctx: Ctx, rules: CreditRuleSet, regionCode: string, f: Fields, cal?: WorkCalendar) {
  const publishable = notPublishedReason(rules, f) === null;
  let publishDueOn: string | null = null;
  let publishDueProvisional = false;
  if (publishable) {
    const due = computeDue(cal ?? (await loadCalendar(ctx.db)), { start: f.decidedOn, length: rules.publication.dueWorkingDays, unit: 'working' });
    publishDueOn = due.due;
    publishDueProvisional = due.provisional;
  }
  const ent = await enterpriseByCode(ctx, regionCode, f.creditCode);
  return {
    publishable,
    publishDueOn,
    publishDueProvisional,
    enterpriseId: ent?.id ?? null,
    enterpriseOrgId: ent?.orgId ?? null,
    enterpriseOrgPath: ent?.orgPath ?? null,
    enterpriseDistrict: ent?.districtCode ?? null,
    search: sql`to_tsvector('simple', ${searchTokens(f.partyName, f.creditCode).join(' ')})`,
  };
}

const columnsOf = (f: Fields) => ({
  partyName: f.partyName,
  partyKind: f.partyKind,
  creditCode: f.creditCode,
  legalRep: f.legalRep ?? null,
  decisionNo: f.decisionNo,
  violationType: f.violationType,
  facts: f.facts,
  basis: f.basis,
  penaltyKinds: f.penaltyKinds,
  content: f.content,
  fineFen: f.fineFen ?? null,
  confiscationFen: f.confiscationFen ?? null,
  licenceInfo: f.licenceInfo ?? null,
  decidedOn: f.decidedOn,
  validUntil: f.validUntil ?? null,
  procedure: f.procedure,
  authorityName: f.authorityName,
  authorityCode: f.authorityCode,
  sourceName: f.sourceName,
  sourceCode: f.sourceCode,
  remark: f.remark ?? null,
  secretTerms: [...new Set((f.secretTerms ?? []).map((t) => t.trim()).filter(Boolean))],
  lossFen: f.lossFen ?? null,
  illegalGainFen: f.illegalGainFen ?? null,
  discretionFactors: f.discretionFactors ?? [],
});

/** Where a record is filed: the case's bureau, or the officer's own bureau (a city or district bureau of a region). */
export async function placement(ctx: Ctx, caseId: number | undefined) {
  if (caseId) {
    const c = await caseForCredit(ctx, caseId);
    return { regionCode: c.regionCode, districtCode: c.districtCode, orgId: c.orgId, orgPath: c.orgPath, caseId: c.id, source: 'case' as const };
  }
  const actor = requireActor(ctx);
  const org = await findOrgInScope(ctx, actor.orgId);
  if (!org.regionCode || !['city_bureau', 'district_bureau'].includes(org.kind)) throw new AppError('FORBIDDEN', { message: M.bureauOnly });
  return { regionCode: org.regionCode, districtCode: org.districtCode, orgId: org.id, orgPath: org.path, caseId: null, source: 'manual' as const };
}

/** Inserts a checked record (the import calls it row by row inside its one transaction). */
export type Placement = Omit<Awaited<ReturnType<typeof placement>>, 'source'> & { source: 'case' | 'manual' | 'import' };

export async function insertRecord(ctx: Ctx, rules: CreditRuleSet, place: Placement, f: Fields, cal?: WorkCalendar): Promise<RecordRow> {
  const actor = requireActor(ctx);
  const d = await derived(ctx, rules, place.regionCode, f, cal);
  const [row] = await ctx.db
    .insert(creditRecords)
    .values({
      ...columnsOf(f),
      regionCode: place.regionCode,
      districtCode: place.districtCode ?? d.enterpriseDistrict,
      orgId: place.orgId,
      orgPath: place.orgPath,
      caseId: place.caseId,
      source: place.source,
      publishable: d.publishable,
      publishDueOn: d.publishDueOn,
      publishDueProvisional: d.publishDueProvisional,
      enterpriseId: d.enterpriseId,
      enterpriseOrgId: d.enterpriseOrgId,
      enterpriseOrgPath: d.enterpriseOrgPath,
      search: d.search,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  return row;
}

export async function createRecord(ctx: Ctx, input: CreditRecordCreate): Promise<RecordRow> {
  const { rules } = await currentRules(ctx);
  const { caseId, ...f } = input;
  checkFields(rules, f, todayOf(ctx));
  const place = await placement(ctx, caseId);
  const row = await insertRecord(ctx, rules, place, f);
  await addEvent(ctx, 'record', row.id, 'created');
  ctx.audit = { action: 'credit.create', targetType: 'credit_record', targetId: row.id, after: { decisionNo: row.decisionNo, creditCode: row.creditCode, caseId: row.caseId, publishable: row.publishable } };
  return row;
}

/** Fields a correction of a published record may not change: the reviewed facts, and what identifies the decision. */
const FIXED_ONCE_PUBLISHED = ['facts', 'decisionNo', 'creditCode', 'partyName', 'decidedOn'] as const;

/**
 * Edits a draft or returned record; corrects a published one (令45 Art. 12: with a reason, the facts as reviewed). The
 * record is locked first, so two edits never merge over each other.
 */
export async function updateRecord(ctx: Ctx, id: number, input: CreditRecordUpdate): Promise<{ row: RecordRow; before: RecordRow; changed: string[]; correction: boolean }> {
  const before = await findRecord(ctx, id, { lock: true });
  const correction = before.state === 'published';
  if (!correction && !['draft', 'returned'].includes(before.state)) throw new AppError('CONFLICT', { message: M.notEditable });
  const { comment, ...patch } = input;
  if (correction) {
    if (!comment?.trim()) throw fieldError('comment', M.correctionReason);
    for (const k of FIXED_ONCE_PUBLISHED) if (patch[k] !== undefined && patch[k] !== before[k]) throw fieldError(k, M.fixedOncePublished);
  }
  const { rules } = await currentRules(ctx);
  const current: Fields = { ...(toFields(before) as Fields), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Fields;
  checkFields(rules, current, todayOf(ctx));
  const d = await derived(ctx, rules, before.regionCode, current);
  if (correction && !d.publishable) throw fieldError('penaltyKinds', M.correctionUnpublishable);
  const cols = columnsOf(current);
  const changed = (Object.keys(cols) as (keyof typeof cols)[]).filter((k) => JSON.stringify(cols[k]) !== JSON.stringify(before[k]));
  const [row] = await ctx.db
    .update(creditRecords)
    .set({
      ...cols,
      publishable: d.publishable,
      publishDueOn: d.publishDueOn,
      publishDueProvisional: d.publishDueProvisional,
      enterpriseId: d.enterpriseId,
      enterpriseOrgId: d.enterpriseOrgId,
      enterpriseOrgPath: d.enterpriseOrgPath,
      districtCode: before.caseId ? before.districtCode : (d.enterpriseDistrict ?? before.districtCode),
      search: d.search,
      updatedAt: ctx.now,
    })
    .where(eq(creditRecords.id, id))
    .returning();
  await addEvent(ctx, 'record', id, correction ? 'corrected' : 'updated', { comment: comment ?? null, changed });
  ctx.audit = { action: correction ? 'credit.correct' : 'credit.update', targetType: 'credit_record', targetId: id, before: { changed }, after: { changed, comment } };
  return { row, before, changed, correction };
}

export const toFields = (r: RecordRow): Fields => ({
  partyName: r.partyName,
  partyKind: r.partyKind,
  creditCode: r.creditCode,
  legalRep: r.legalRep,
  decisionNo: r.decisionNo,
  violationType: r.violationType,
  facts: r.facts,
  basis: r.basis,
  penaltyKinds: r.penaltyKinds as Fields['penaltyKinds'],
  content: r.content,
  fineFen: r.fineFen,
  confiscationFen: r.confiscationFen,
  licenceInfo: r.licenceInfo,
  decidedOn: r.decidedOn,
  validUntil: r.validUntil,
  procedure: r.procedure,
  authorityName: r.authorityName,
  authorityCode: r.authorityCode,
  sourceName: r.sourceName,
  sourceCode: r.sourceCode,
  remark: r.remark,
  secretTerms: r.secretTerms,
  lossFen: r.lossFen,
  illegalGainFen: r.illegalGainFen,
  discretionFactors: r.discretionFactors,
});

// ---------------------------------------------------------------------------------------------------------------
// Lists

function listWhere(ctx: Ctx, q: CreditRecordListQuery): SQL | undefined {
  const actor = requireActor(ctx);
  const r = creditRecords;
  const today = todayOf(ctx);
  const conds: (SQL | undefined)[] = [recordScope(actor)];
  if (q.q) {
    const code = q.q.toUpperCase();
    conds.push(/^[0-9A-Z]{18}$/.test(code) ? eq(r.creditCode, code) : or(ilike(r.partyName, containsPattern(q.q)), ilike(r.decisionNo, containsPattern(q.q))));
  }
  if (q.state) conds.push(eq(r.state, q.state));
  if (q.districtCode) conds.push(eq(r.districtCode, q.districtCode));
  if (q.source) conds.push(eq(r.source, q.source));
  if (q.caseId) conds.push(eq(r.caseId, q.caseId));
  if (q.year) conds.push(and(sql`${r.decidedOn} >= ${`${q.year}-01-01`}`, sql`${r.decidedOn} <= ${`${q.year}-12-31`}`));
  const notYet = sql`${r.state} in ('draft', 'review', 'returned', 'reviewed')`;
  switch (q.publishState) {
    case 'unpublishable':
      conds.push(eq(r.publishable, false));
      break;
    case 'pending':
      conds.push(and(eq(r.publishable, true), notYet, sql`${r.publishDueOn} >= ${today}`));
      break;
    case 'overdue':
      conds.push(and(eq(r.publishable, true), notYet, sql`${r.publishDueOn} < ${today}`));
      break;
    case 'public':
      conds.push(eq(r.public, true));
      break;
    case 'expired':
    case 'repaired':
      conds.push(and(eq(r.public, false), eq(r.endReason, q.publishState)));
      break;
    case 'withdrawn':
      conds.push(eq(r.state, 'withdrawn'));
      break;
  }
  return andAll(...conds);
}

const SORTS = { decidedOn: creditRecords.decidedOn, publishDueOn: creditRecords.publishDueOn, publishedOn: creditRecords.publishedOn, updatedAt: creditRecords.updatedAt };

/** Rows with their bureau's name (a read-only join on the organisation tree: one statement instead of one per row). */
const selectWithOrg = (ctx: Ctx) => ctx.db.select({ r: creditRecords, orgName: orgs.name }).from(creditRecords).innerJoin(orgs, eq(orgs.id, creditRecords.orgId));

export async function listRecords(ctx: Ctx, q: CreditRecordListQuery & PageQuery): Promise<Page<CreditRecord>> {
  const where = listWhere(ctx, q);
  const col = SORTS[q.sort ?? 'decidedOn'];
  const dir = q.order === 'asc' ? asc : desc;
  const [{ rules }, rows, total] = await Promise.all([
    currentRules(ctx),
    selectWithOrg(ctx)
      .where(where)
      .orderBy(dir(col), dir(creditRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, creditRecords, where),
  ]);
  const today = todayOf(ctx);
  return { items: rows.map((x) => toRecord(x.r, x.orgName, rules, today)), ...total, page: q.page, pageSize: q.pageSize };
}

export async function recordsForExport(ctx: Ctx, q: CreditRecordListQuery & Pick<PageQuery, 'order'>, limit: number): Promise<CreditRecord[]> {
  const where = listWhere(ctx, q);
  const col = SORTS[q.sort ?? 'decidedOn'];
  const dir = q.order === 'asc' ? asc : desc;
  const [{ rules }, rows] = await Promise.all([currentRules(ctx), selectWithOrg(ctx).where(where).orderBy(dir(col), dir(creditRecords.id)).limit(limit)]);
  const today = todayOf(ctx);
  return rows.map((x) => toRecord(x.r, x.orgName, rules, today));
}

export async function orgNameOf(ctx: Ctx, orgId: number): Promise<string> {
  const [o] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, orgId));
  return o?.name ?? '';
}
