import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, exists, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  CASE_ACTIONS,
  clockState,
  computeDue,
  daysBetween,
  deadlineRuleSet,
  formatDateTime,
  luhnCheckDigit,
  onTimeRate,
  shanghaiDate,
  WorkCalendar,
  type CaseAction,
  type CaseActionInput,
  type CaseDetail,
  type CaseListQuery,
  type CaseShare,
  type CaseStats,
  type CaseSummary,
  type CaseTrack,
  type ClockView,
  type DeadlineRule,
  type IntakeResult,
  type Page,
  type PageQuery,
  type ShareRegisterQuery,
  type ShareRegisterRow,
  type PauseReason,
  type PublicIntake,
  type PublicStatus,
  type QueueItem,
  type ReporterInput,
  type RightholderReport,
  type StaffIntake,
} from '@shangmi/shared';
import {
  calendarOverrides,
  calendarYears,
  caseClocks,
  caseEvents,
  caseFiles,
  caseIdentityReveals,
  cases,
  caseShares,
  districts,
  files,
  orgs,
  regions,
} from '../../db/schema/index.js';
import { andAll, can, containsPattern, requireActor, scopeCondition } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { registryDistrict } from '../enterprises/enterprises.service.js';
import { claimFiles, filesByIds, type FileRow } from '../files/files.service.js';
import { findBureau } from '../orgs/orgs.service.js';
import { tellFollowers } from './followers.js';

type CaseRow = typeof cases.$inferSelect;
type ClockRow = typeof caseClocks.$inferSelect;
type ShareRow = typeof caseShares.$inferSelect;
type Msg = { zh: string; en: string };

// ---------------------------------------------------------------------------------------------------------------
// Rules and calendar

export const DEADLINES_DIR = path.resolve(import.meta.dirname, '../../../../../config/deadlines');

/** Every rule set in config/deadlines, the latest in force winning per rule key (an admin corrects the files). */
function loadRules(): Map<string, DeadlineRule> {
  const sets = fs
    .readdirSync(DEADLINES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => deadlineRuleSet.parse(JSON.parse(fs.readFileSync(path.join(DEADLINES_DIR, f), 'utf8'))))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const out = new Map<string, DeadlineRule>();
  for (const set of sets) for (const r of set.rules) out.set(r.key, r);
  return out;
}
export const RULES = loadRules();
export function rule(key: string): DeadlineRule {
  const r = RULES.get(key);
  if (!r) throw new Error(`no deadline rule ${key}`);
  return r;
}

export async function loadCalendar(ctx: Ctx): Promise<WorkCalendar> {
  const [ov, ys] = [await ctx.db.select().from(calendarOverrides), await ctx.db.select().from(calendarYears)];
  return new WorkCalendar(
    ov.map((o) => ({ date: o.date, work: o.work, note: o.note })),
    ys.map((y) => y.year),
  );
}

export const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now);

function clockDue(cal: WorkCalendar, c: Pick<ClockRow, 'ruleKey' | 'startedOn' | 'extension' | 'pauses'>) {
  const r = rule(c.ruleKey);
  return computeDue(cal, { start: c.startedOn, length: r.length, unit: r.unit, extension: c.extension, pauses: c.pauses });
}

async function startClock(ctx: Ctx, cal: WorkCalendar, row: Pick<CaseRow, 'id' | 'orgPath'>, ruleKey: string, on: string, shareId: number | null = null) {
  const base = { ruleKey, startedOn: on, extension: 0, pauses: [] };
  const d = clockDue(cal, base);
  await ctx.db.insert(caseClocks).values({ ...base, caseId: row.id, shareId, dueOn: d.due, provisional: d.provisional, orgPath: row.orgPath });
}

/** Stops the open clocks of a case that `action` ends. */
async function closeClocks(ctx: Ctx, caseId: number, action: string, on: string, shareId?: number) {
  const open = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), isNull(caseClocks.closedOn)));
  const ids = open.filter((c) => rule(c.ruleKey).closesOn.includes(action) && (shareId === undefined || c.shareId === shareId)).map((c) => c.id);
  if (ids.length) await ctx.db.update(caseClocks).set({ closedOn: on }).where(inArray(caseClocks.id, ids));
}

function toClockView(c: ClockRow, today: string): ClockView {
  const r = rule(c.ruleKey);
  return {
    id: c.id,
    caseId: c.caseId,
    shareId: c.shareId,
    ruleKey: c.ruleKey,
    label: r.label,
    citation: r.citation,
    startedOn: c.startedOn,
    dueOn: c.dueOn,
    provisional: c.provisional,
    extension: c.extension,
    pauses: c.pauses,
    closedOn: c.closedOn,
    state: clockState({ due: c.dueOn, closedOn: c.closedOn }, today),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scope

const PARTNER_KINDS = new Set(['police', 'procuratorate', 'court', 'justice']);
export const isPartner = (actor: Actor) => PARTNER_KINDS.has(actor.orgKind);
/** A transfer becomes the police's business when it is handed over; until then it is the bureau's internal matter. */
const PARTNER_VISIBLE_TRANSFER = ['handed_over', 'acknowledged', 'accepted', 'rejected', 'reconsideration'];

function partnerShareCond(actor: Actor): SQL {
  return and(
    eq(caseShares.orgId, actor.orgId),
    or(inArray(caseShares.kind, ['notice', 'joint']), inArray(caseShares.status, PARTNER_VISIBLE_TRANSFER)),
  ) as SQL;
}

/** Bureaus see the cases their organisation (and below) handles; partner agencies only what was transferred or notified to them. */
function caseScope(actor: Actor): SQL | undefined {
  if (isPartner(actor)) {
    return exists(
      sql`(select 1 from ${caseShares} where ${caseShares.caseId} = ${cases.id} and ${partnerShareCond(actor)})`,
    );
  }
  if (actor.orgKind === 'enterprise') return sql`false`;
  return scopeCondition(actor, { orgPath: cases.orgPath, orgId: cases.orgId, owner: cases.createdBy });
}

async function findCase(ctx: Ctx, id: number): Promise<CaseRow> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select()
    .from(cases)
    .where(andAll(eq(cases.id, id), caseScope(actor)));
  if (!row) throw notFound();
  return row;
}

/** A case the actor's bureau handles (not merely sees through a share). */
async function findOwnCase(ctx: Ctx, id: number, forUpdate = true): Promise<CaseRow> {
  const actor = requireActor(ctx);
  if (isPartner(actor)) throw forbidden({ zh: '协作部门不能办理本案', en: 'Partner agencies do not handle this case' });
  const row = await findCase(ctx, id);
  if (forUpdate) await ctx.db.execute(sql`select 1 from ${cases} where ${cases.id} = ${id} for update`);
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Intake

/** 15 random digits + a Luhn digit: 10^15 codes, so guessing one is hopeless at any request rate the server allows. */
export function newTrackingCode(): string {
  let body = '';
  while (body.length < 15) body += crypto.randomInt(0, 1_000_000_000).toString().padStart(9, '0');
  body = body.slice(0, 15);
  return body + luhnCheckDigit(body);
}

const reporterAad = (code: string, track: string) => `cases.reporter:${code}:${track}`;

/**
 * The suggested district: the enterprise registry's district for the credit code, else the code's division (characters
 * 3–8) when it is a district of the region, else a district name in the address.
 */
export async function suggestDistrict(ctx: Ctx, regionCode: string, creditCode?: string | null, address?: string | null): Promise<string | null> {
  const ds = await ctx.db.select().from(districts).where(eq(districts.regionCode, regionCode));
  if (creditCode && creditCode.length === 18) {
    const registered = await registryDistrict(ctx, regionCode, creditCode);
    if (registered && ds.some((d) => d.code === registered)) return registered;
    const division = creditCode.slice(2, 8);
    const hit = ds.find((d) => d.code === division);
    if (hit) return hit.code;
  }
  if (address) {
    const hit = ds.find((d) => address.includes(d.name) || (d.name.length > 2 && address.includes(d.name.slice(0, -1))));
    if (hit) return hit.code;
  }
  return null;
}

async function defaultRegion(ctx: Ctx, given?: string): Promise<string> {
  const rs = await ctx.db.select({ code: regions.code }).from(regions).orderBy(asc(regions.code));
  if (given) {
    if (!rs.some((r) => r.code === given)) throw fieldError('regionCode', { zh: '不是试点地区', en: 'is not a pilot region' });
    return given;
  }
  if (!rs.length) throw new AppError('INTERNAL');
  return rs[0].code;
}

interface NewCase {
  regionCode: string;
  tracks: CaseTrack[];
  source: string;
  title: string;
  description: string;
  respondentName: string;
  respondentCreditCode?: string | null;
  respondentAddress?: string | null;
  anonymous: boolean;
  reporter?: ReporterInput | null;
  reporterOrgId?: number | null;
  rightholder?: CaseRow['rightholder'];
  lossFen?: number | null;
  receivedOn: string;
  fileIds?: number[];
}

async function createCases(ctx: Ctx, input: NewCase): Promise<IntakeResult> {
  if (!input.anonymous && !input.reporter) throw fieldError('reporter', { zh: '实名投诉举报请填写姓名和联系方式', en: 'a named filing needs the name and contact' });
  const suggested = await suggestDistrict(ctx, input.regionCode, input.respondentCreditCode, input.respondentAddress);
  const bureau = await findBureau(ctx, input.regionCode, suggested);
  if (!bureau) throw new AppError('INTERNAL');
  const cal = await loadCalendar(ctx);
  const code = newTrackingCode();
  const fileRows = input.fileIds?.length ? await claimFiles(ctx, input.fileIds, 'fileIds') : [];
  const out: IntakeResult = { trackingCode: code, cases: [] };
  for (const track of [...new Set(input.tracks)]) {
    const [row] = await ctx.db
      .insert(cases)
      .values({
        regionCode: input.regionCode,
        trackingCode: code,
        track,
        source: input.source,
        status: track === 'complaint' ? 'received' : 'lead',
        title: input.title,
        description: input.description,
        respondentName: input.respondentName,
        respondentCreditCode: input.respondentCreditCode ?? null,
        respondentAddress: input.respondentAddress ?? null,
        suggestedDistrictCode: suggested,
        districtCode: bureau.districtCode,
        orgId: bureau.id,
        orgPath: bureau.path,
        anonymous: input.anonymous,
        reporterSealed: input.anonymous || !input.reporter ? null : ctx.deps.sealer.seal(JSON.stringify(input.reporter), reporterAad(code, track)),
        reporterOrgId: input.reporterOrgId ?? null,
        rightholder: input.rightholder ?? null,
        lossFen: input.lossFen ?? null,
        receivedOn: input.receivedOn,
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    out.cases.push({ id: row.id, track });
    await startClock(ctx, cal, row, track === 'complaint' ? 'complaint.accept' : 'report.verify', input.receivedOn);
    await addEvent(ctx, row.id, 'intake', { toStatus: row.status, data: { source: input.source, suggestedDistrictCode: suggested } });
    if (fileRows.length) await ctx.db.insert(caseFiles).values(fileRows.map((f) => ({ caseId: row.id, fileId: f.id, kind: 'material' as const, addedBy: ctx.actor?.userId ?? null })));
  }
  if (out.cases.length === 2) {
    const [a, b] = out.cases;
    await ctx.db.update(cases).set({ siblingId: b.id }).where(eq(cases.id, a.id));
    await ctx.db.update(cases).set({ siblingId: a.id }).where(eq(cases.id, b.id));
  }
  ctx.audit = { action: 'cases.intake', targetType: 'case', targetId: out.cases.map((c) => c.id).join(','), after: { source: input.source, tracks: input.tracks, anonymous: input.anonymous } };
  return out;
}

export async function publicIntake(ctx: Ctx, input: PublicIntake): Promise<IntakeResult> {
  const regionCode = await defaultRegion(ctx, input.regionCode);
  return createCases(ctx, { ...input, regionCode, respondentName: input.respondentName, source: 'public', receivedOn: todayOf(ctx) });
}

export async function staffIntake(ctx: Ctx, input: StaffIntake): Promise<IntakeResult> {
  const actor = requireActor(ctx);
  const regionCode = await defaultRegion(ctx, input.regionCode ?? actor.regionCode ?? undefined);
  const received = input.receivedOn ?? todayOf(ctx);
  if (received > todayOf(ctx)) throw fieldError('receivedOn', { zh: '不能晚于今天', en: 'cannot be in the future' });
  return createCases(ctx, { ...input, regionCode, receivedOn: received });
}

/** A rights holder's report is always a report (举报), named, from the enterprise's own account. */
export async function rightholderReport(ctx: Ctx, input: RightholderReport): Promise<IntakeResult> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'enterprise') throw forbidden({ zh: '仅企业账号可以作为权利人举报', en: 'Only enterprise accounts report as rights holders' });
  const regionCode = await defaultRegion(ctx, actor.regionCode ?? undefined);
  return createCases(ctx, {
    regionCode,
    tracks: ['report'],
    source: 'enterprise',
    title: input.title,
    description: input.infringementLeads,
    respondentName: input.respondentName,
    respondentCreditCode: input.respondentCreditCode,
    respondentAddress: input.respondentAddress,
    anonymous: false,
    reporter: input.contact,
    reporterOrgId: actor.orgId,
    rightholder: { secretSummary: input.secretSummary, measures: input.measures, infringementLeads: input.infringementLeads, receiptRefs: input.receiptRefs ?? [] },
    lossFen: input.lossFen ?? null,
    receivedOn: todayOf(ctx),
    fileIds: input.fileIds,
  });
}

/** What the reporter sees with the code: status and dated steps, never names of officers or the respondent's file. */
export async function publicStatus(ctx: Ctx, code: string): Promise<PublicStatus> {
  const rows = await ctx.db.select().from(cases).where(eq(cases.trackingCode, code)).orderBy(asc(cases.track));
  if (!rows.length) throw notFound();
  const evs = await ctx.db
    .select()
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, rows.map((r) => r.id)), inArray(caseEvents.action, PUBLIC_STEPS)))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  return {
    trackingCode: code,
    items: rows.map((r) => ({
      track: r.track,
      status: r.status,
      receivedOn: r.receivedOn,
      closedOn: r.closedOn,
      steps: evs.filter((e) => e.caseId === r.id).map((e) => ({ at: e.at.toISOString(), action: e.action })),
    })),
  };
}
const PUBLIC_STEPS = ['intake', 'material', 'accept', 'reject', 'mediation_end', 'verify', 'file', 'not_file', 'notify_reporter', 'decide', 'close', 'assign', 'district_accept'];

export async function addPublicMaterial(ctx: Ctx, code: string, textIn: string): Promise<{ ok: true }> {
  const rows = await ctx.db.select().from(cases).where(eq(cases.trackingCode, code));
  if (!rows.length) throw notFound();
  const open = rows.filter((r) => r.status !== 'closed');
  if (!open.length) throw conflict({ zh: '案件已办结，不能再补充材料', en: 'The case is closed; no more material can be added' });
  for (const r of open) await addEvent(ctx, r.id, 'material', { reason: textIn });
  ctx.audit = { action: 'cases.material', targetType: 'case', targetId: open.map((r) => r.id).join(',') };
  return { ok: true };
}

/**
 * The open cases under a tracking code. Unknown code: 404, exactly as the status lookup answers (nothing more is
 * revealed); every case closed: 409, as for text material. Called before an upload's bytes are stored and again in
 * its transaction.
 */
export async function openCasesByCode(ctx: Ctx, code: string): Promise<CaseRow[]> {
  const rows = await ctx.db.select().from(cases).where(eq(cases.trackingCode, code)).orderBy(asc(cases.track));
  if (!rows.length) throw notFound();
  const open = rows.filter((r) => r.status !== 'closed');
  if (!open.length) throw conflict({ zh: '案件已办结，不能再补充材料', en: 'The case is closed; no more material can be added' });
  return open;
}

/**
 * A file the public attaches with the tracking code: one `files` row with no uploader (the org is the handling
 * bureau), linked to each open case under the code as reporter material, with a `material` step. The public gets its
 * name and size back and never the file itself.
 */
export async function addPublicFile(
  ctx: Ctx,
  code: string,
  stored: { sha256: string; size: number },
  meta: { name: string; mime: string },
): Promise<{ ok: true; name: string; size: number }> {
  const open = await openCasesByCode(ctx, code);
  const [f] = await ctx.db
    .insert(files)
    .values({ sha256: stored.sha256, size: stored.size, name: meta.name, mime: meta.mime, uploadedBy: null, orgId: open[0].orgId, createdAt: ctx.now })
    .returning();
  for (const r of open) {
    await ctx.db.insert(caseFiles).values({ caseId: r.id, fileId: f.id, kind: 'material', note: '举报人补充 reporter', addedBy: null, addedAt: ctx.now });
    await addEvent(ctx, r.id, 'material', { data: { file: meta.name, size: stored.size } });
  }
  ctx.audit = { action: 'cases.material-file', targetType: 'case', targetId: open.map((r) => r.id).join(','), after: { fileId: f.id, name: meta.name, size: stored.size, sha256: stored.sha256 } };
  return { ok: true, name: f.name, size: f.size };
}

/** A file linked to a case, for the bureau that sees the case (partners never get the case's files). */
export async function caseFile(ctx: Ctx, caseId: number, fileId: number): Promise<FileRow> {
  const actor = requireActor(ctx);
  await findCase(ctx, caseId);
  if (isPartner(actor)) throw notFound();
  const [link] = await ctx.db.select().from(caseFiles).where(and(eq(caseFiles.caseId, caseId), eq(caseFiles.fileId, fileId)));
  if (!link) throw notFound();
  const [row] = await filesByIds(ctx, [fileId]);
  if (!row) throw notFound();
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Events

async function addEvent(
  ctx: Ctx,
  caseId: number,
  action: string,
  extra: { fromStatus?: string | null; toStatus?: string | null; reason?: string | null; data?: Record<string, unknown> | null; sharedOrgId?: number | null } = {},
) {
  const a = ctx.actor;
  const [ev] = await ctx.db.insert(caseEvents).values({
    caseId,
    at: ctx.now,
    actorId: a?.userId ?? null,
    actorName: a?.displayName ?? null,
    actorOrgName: a?.orgName ?? null,
    action,
    fromStatus: extra.fromStatus ?? null,
    toStatus: extra.toStatus ?? null,
    reason: extra.reason ?? null,
    data: extra.data ?? null,
    sharedOrgId: extra.sharedOrgId ?? null,
  }).returning({ id: caseEvents.id });
  // a step the public tracking page shows is told to whoever follows the case by e-mail (not their own filing or material)
  if (PUBLIC_STEPS.includes(action) && action !== 'intake' && action !== 'material') await tellFollowers(ctx, caseId, action, extra.toStatus ?? null, ev!.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

export async function applyAction(ctx: Ctx, id: number, input: CaseActionInput): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, id);
  const def = CASE_ACTIONS[input.action as CaseAction];
  if (!(def.from as readonly string[]).includes(row.status)) {
    throw conflict({ zh: `当前状态不能执行“${def.zh}”`, en: `“${def.en}” is not possible in the current status` });
  }
  if ('approve' in def && def.approve && !can(actor, 'cases:approve')) {
    throw forbidden({ zh: `“${def.zh}”须由有审批权限的负责人作出`, en: `“${def.en}” needs an approver` });
  }
  const today = todayOf(ctx);
  const cal = await loadCalendar(ctx);
  const set: Partial<CaseRow> = { updatedAt: ctx.now };
  if (def.to) set.status = def.to;
  const data: Record<string, unknown> = {};
  switch (input.action) {
    case 'file':
      if (!input.caseNumber) throw fieldError('caseNumber', { zh: '立案须填写案件编号', en: 'filing needs a case number' });
      set.caseNumber = input.caseNumber;
      data.caseNumber = input.caseNumber;
      break;
    case 'decide':
      if (!input.decisionKind) throw fieldError('decisionKind', { zh: '必填', en: 'required' });
      if (input.decisionKind === 'penalty' && !input.decisionNo) throw fieldError('decisionNo', { zh: '行政处罚须填写决定书文号', en: 'a penalty needs the decision number' });
      Object.assign(set, {
        decisionKind: input.decisionKind,
        decisionNo: input.decisionNo ?? null,
        fineFen: input.fineFen ?? null,
        confiscationFen: input.confiscationFen ?? null,
      });
      Object.assign(data, { decisionKind: input.decisionKind, decisionNo: input.decisionNo, fineFen: input.fineFen, confiscationFen: input.confiscationFen });
      break;
    case 'execute':
      if (row.decisionKind !== 'penalty') throw conflict({ zh: '没有需要执行的处罚', en: 'There is no penalty to execute' });
      break;
    case 'close':
    case 'mediation_end':
      set.closedOn = today;
      break;
  }
  await ctx.db.update(cases).set(set).where(eq(cases.id, id));
  await closeClocks(ctx, id, input.action, today);
  // the clocks each step starts
  if (input.action === 'accept') await startClock(ctx, cal, row, 'complaint.mediation', today);
  if (input.action === 'file') {
    await startClock(ctx, cal, row, 'case.decision', today);
    if (!row.anonymous && row.reporterSealed) await startClock(ctx, cal, row, 'report.notify_reporter', today);
  }
  if (input.action === 'not_file' && !row.anonymous && row.reporterSealed) await startClock(ctx, cal, row, 'report.notify_reporter', today);
  if (input.action === 'decide' && input.decisionKind === 'penalty') await startClock(ctx, cal, row, 'case.publish', today);
  if (input.action === 'execute') await startClock(ctx, cal, row, 'case.close', today);
  if (input.action === 'close') {
    await ctx.db.update(caseClocks).set({ closedOn: today }).where(and(eq(caseClocks.caseId, id), isNull(caseClocks.closedOn), isNull(caseClocks.shareId)));
  }
  if (input.fileIds?.length) {
    const fs2 = await claimFiles(ctx, input.fileIds, 'fileIds');
    await ctx.db.insert(caseFiles).values(fs2.map((f) => ({ caseId: id, fileId: f.id, kind: 'evidence' as const, note: input.reason, addedBy: actor.userId })));
    data.files = fs2.map((f) => f.name);
  }
  await addEvent(ctx, id, input.action, { fromStatus: row.status, toStatus: def.to ?? row.status, reason: input.reason, data });
  ctx.audit = { action: `cases.${input.action}`, targetType: 'case', targetId: id, before: { status: row.status }, after: { status: def.to ?? row.status, ...data } };
  return getDetail(ctx, id);
}

export async function extendClock(ctx: Ctx, caseId: number, clockId: number, input: { days: number; reason: string; collective?: boolean }) {
  const row = await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId)));
  if (!c || c.closedOn) throw notFound();
  const r = rule(c.ruleKey);
  const plain = r.extensions.filter((e) => !e.collective).reduce((s, e) => s + e.length, 0);
  const allowsCollective = r.extensions.some((e) => e.collective);
  if (!r.extensions.length) throw conflict({ zh: '该时限不能延长', en: 'This limit cannot be extended' });
  if (c.extension + input.days > plain && !(allowsCollective && input.collective)) {
    throw fieldError('days', { zh: `最多可延长 ${plain} 天${allowsCollective ? '，再延长须集体讨论决定' : ''}`, en: `at most ${plain} days${allowsCollective ? '; more only by collective decision' : ''}` });
  }
  const cal = await loadCalendar(ctx);
  const next = { ...c, extension: c.extension + input.days };
  const d = clockDue(cal, next);
  await ctx.db.update(caseClocks).set({ extension: next.extension, dueOn: d.due, provisional: d.provisional }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'extend', { reason: input.reason, data: { clock: c.ruleKey, days: input.days, collective: !!input.collective, dueBefore: c.dueOn, dueAfter: d.due } });
  ctx.audit = { action: 'cases.extend', targetType: 'case', targetId: row.id, before: { dueOn: c.dueOn }, after: { dueOn: d.due, days: input.days } };
  return getDetail(ctx, caseId);
}

export async function pauseClock(ctx: Ctx, caseId: number, clockId: number, input: { reason: PauseReason; note: string; on?: string }) {
  await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId)));
  if (!c || c.closedOn) throw notFound();
  if (!rule(c.ruleKey).pauses.includes(input.reason)) throw fieldError('reason', { zh: '该时限不因此中止计算', en: 'does not pause this limit' });
  if (c.pauses.some((p) => p.to === null)) throw conflict({ zh: '计时已中止', en: 'The clock is already paused' });
  const on = input.on ?? todayOf(ctx);
  const pauses = [...c.pauses, { from: on, to: null, reason: input.reason }];
  await ctx.db.update(caseClocks).set({ pauses, dueOn: null }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'pause', { reason: input.note, data: { clock: c.ruleKey, pause: input.reason, from: on } });
  ctx.audit = { action: 'cases.pause', targetType: 'case', targetId: caseId, after: { clock: c.ruleKey, from: on } };
  return getDetail(ctx, caseId);
}

export async function resumeClock(ctx: Ctx, caseId: number, clockId: number, input: { note: string; on?: string }) {
  await findOwnCase(ctx, caseId);
  const [c] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.id, clockId), eq(caseClocks.caseId, caseId)));
  if (!c || c.closedOn) throw notFound();
  const open = c.pauses.find((p) => p.to === null);
  if (!open) throw conflict({ zh: '计时未中止', en: 'The clock is not paused' });
  const on = input.on ?? todayOf(ctx);
  if (on < open.from) throw fieldError('on', { zh: '不能早于中止日期', en: 'cannot be before the pause began' });
  const pauses = c.pauses.map((p) => (p === open ? { ...p, to: on } : p));
  const cal = await loadCalendar(ctx);
  const d = clockDue(cal, { ...c, pauses });
  await ctx.db.update(caseClocks).set({ pauses, dueOn: d.due, provisional: d.provisional }).where(eq(caseClocks.id, clockId));
  await addEvent(ctx, caseId, 'resume', { reason: input.note, data: { clock: c.ruleKey, to: on, dueAfter: d.due } });
  ctx.audit = { action: 'cases.resume', targetType: 'case', targetId: caseId, after: { clock: c.ruleKey, dueOn: d.due } };
  return getDetail(ctx, caseId);
}

// ---------------------------------------------------------------------------------------------------------------
// Reporter identity

export async function revealIdentity(ctx: Ctx, caseId: number, reason: string): Promise<ReporterInput> {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId, false);
  if (!row.reporterSealed) throw conflict({ zh: '匿名举报，没有身份信息', en: 'Anonymous: there is no identity to reveal' });
  const identity = JSON.parse(ctx.deps.sealer.open(row.reporterSealed, reporterAad(row.trackingCode, row.track))) as ReporterInput;
  await ctx.db.insert(caseIdentityReveals).values({ caseId, userId: actor.userId, username: actor.username, reason, at: ctx.now });
  await addEvent(ctx, caseId, 'identity_reveal', { reason });
  // the log says who opened whose file and why; never the identity itself
  ctx.audit = { action: 'cases.identity-reveal', targetType: 'case', targetId: caseId, after: { reason } };
  return identity;
}

/**
 * A police officer opens the reporter's identity of a case handed over to their organisation, only when the transfer
 * asked for it and was approved with it; with a reason, listed on the case and logged like any reveal.
 */
export async function partnerRevealIdentity(ctx: Ctx, caseId: number, shareId: number, reason: string): Promise<ReporterInput> {
  const actor = requireActor(ctx);
  if (!isPartner(actor)) throw forbidden();
  const row = await findCase(ctx, caseId);
  const [share] = await ctx.db
    .select()
    .from(caseShares)
    .where(and(eq(caseShares.id, shareId), eq(caseShares.caseId, caseId), eq(caseShares.orgId, actor.orgId), eq(caseShares.kind, 'transfer')));
  if (!share) throw notFound();
  if (!share.identityApproved) throw forbidden({ zh: '移送未经批准附带举报人身份', en: 'The transfer was not approved with the reporter’s identity' });
  if (!row.reporterSealed) throw conflict({ zh: '匿名举报，没有身份信息', en: 'Anonymous: there is no identity to reveal' });
  const identity = JSON.parse(ctx.deps.sealer.open(row.reporterSealed, reporterAad(row.trackingCode, row.track))) as ReporterInput;
  await ctx.db.insert(caseIdentityReveals).values({ caseId, userId: actor.userId, username: actor.username, reason, at: ctx.now });
  await addEvent(ctx, caseId, 'identity_reveal', { reason, sharedOrgId: actor.orgId });
  ctx.audit = { action: 'cases.identity-reveal', targetType: 'case', targetId: caseId, after: { reason, shareId } };
  return identity;
}

// ---------------------------------------------------------------------------------------------------------------
// Jurisdiction

async function districtBureau(ctx: Ctx, regionCode: string, districtCode: string) {
  const [d] = await ctx.db.select().from(districts).where(and(eq(districts.code, districtCode), eq(districts.regionCode, regionCode)));
  if (!d) throw fieldError('districtCode', { zh: '不是本地区的县(市)区', en: 'is not a district of this region' });
  const b = await findBureau(ctx, regionCode, districtCode);
  if (!b || b.kind !== 'district_bureau') throw fieldError('districtCode', { zh: '该县(市)区没有市场监管局机构', en: 'has no district bureau' });
  return b;
}

async function moveCase(ctx: Ctx, row: CaseRow, bureau: typeof orgs.$inferSelect) {
  await ctx.db.update(cases).set({ orgId: bureau.id, orgPath: bureau.path, districtCode: bureau.districtCode, updatedAt: ctx.now }).where(eq(cases.id, row.id));
  await ctx.db.update(caseClocks).set({ orgPath: bureau.path }).where(eq(caseClocks.caseId, row.id));
}

/** The city (or whoever covers both) assigns a case to a district bureau. */
export async function assignCase(ctx: Ctx, caseId: number, input: { districtCode: string; reason: string }) {
  const row = await findOwnCase(ctx, caseId);
  const b = await districtBureau(ctx, row.regionCode, input.districtCode);
  await moveCase(ctx, row, b);
  await closeClocks(ctx, caseId, 'district_accept', todayOf(ctx));
  await addEvent(ctx, caseId, 'assign', { reason: input.reason, data: { from: row.districtCode, to: input.districtCode } });
  ctx.audit = { action: 'cases.assign', targetType: 'case', targetId: caseId, before: { districtCode: row.districtCode }, after: { districtCode: input.districtCode } };
  return getDetail(ctx, caseId);
}

/**
 * A district hands a case to another district. The receiving bureau accepts or disputes within 7 working days; a
 * dispute (or silence past the limit) goes to the city bureau, which assigns.
 */
export async function requestDistrictTransfer(ctx: Ctx, caseId: number, input: { toDistrictCode: string; reason: string }) {
  const row = await findOwnCase(ctx, caseId);
  if (input.toDistrictCode === row.districtCode) throw fieldError('toDistrictCode', { zh: '与当前管辖相同', en: 'is the current district' });
  const open = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn)));
  if (open.length) throw conflict({ zh: '已有待处理的移交', en: 'A hand-over is already pending' });
  await districtBureau(ctx, row.regionCode, input.toDistrictCode);
  const cal = await loadCalendar(ctx);
  await startClock(ctx, cal, row, 'district.dispute', todayOf(ctx));
  await addEvent(ctx, caseId, 'district_transfer', { reason: input.reason, data: { from: row.districtCode, to: input.toDistrictCode } });
  ctx.audit = { action: 'cases.district-transfer', targetType: 'case', targetId: caseId, after: { to: input.toDistrictCode } };
  return getDetail(ctx, caseId);
}

async function pendingDistrictTransfer(ctx: Ctx, caseId: number) {
  const [ev] = await ctx.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'district_transfer')))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  const [clock] = await ctx.db.select().from(caseClocks).where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn)));
  if (!ev || !clock) return null;
  return { toDistrictCode: String((ev.data as { to: string }).to), clock };
}

/** The receiving district answers (it sees the case only through this question, so the row is read without scope). */
export async function answerDistrictTransfer(ctx: Ctx, caseId: number, input: { accept: boolean; reason: string }) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw notFound();
  const pending = await pendingDistrictTransfer(ctx, caseId);
  if (!pending) throw notFound();
  const target = await districtBureau(ctx, row.regionCode, pending.toDistrictCode);
  if (!(actor.scope === 'all' || (actor.scope !== 'self' && target.path.startsWith(actor.orgPath)))) throw notFound();
  const today = todayOf(ctx);
  if (input.accept) {
    await moveCase(ctx, row, target);
    await closeClocks(ctx, caseId, 'district_accept', today);
    await addEvent(ctx, caseId, 'district_accept', { reason: input.reason, data: { to: pending.toDistrictCode } });
  } else {
    const city = await findBureau(ctx, row.regionCode, null);
    if (!city) throw new AppError('INTERNAL');
    await moveCase(ctx, row, city);
    await closeClocks(ctx, caseId, 'district_escalate', today);
    await addEvent(ctx, caseId, 'district_escalate', { reason: input.reason, data: { disputedBy: pending.toDistrictCode } });
  }
  ctx.audit = { action: input.accept ? 'cases.district-accept' : 'cases.district-dispute', targetType: 'case', targetId: caseId, after: { reason: input.reason } };
  return { ok: true as const };
}

/** Hand-overs nobody answered within 7 working days go to the city bureau (run by the reminder job, or on demand). */
export async function escalateSilentTransfers(ctx: Ctx): Promise<number> {
  const today = todayOf(ctx);
  const late = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.ruleKey, 'district.dispute'), isNull(caseClocks.closedOn), sql`${caseClocks.dueOn} < ${today}`));
  for (const c of late) {
    const [row] = await ctx.db.select().from(cases).where(eq(cases.id, c.caseId));
    const city = await findBureau(ctx, row.regionCode, null);
    if (!city) continue;
    await moveCase(ctx, row, city);
    await ctx.db.update(caseClocks).set({ closedOn: today }).where(eq(caseClocks.id, c.id));
    await addEvent(ctx, row.id, 'district_escalate', { reason: '逾期未答复，报请市局指定管辖', data: { silent: true } });
  }
  return late.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Police transfer and notices

export async function proposePoliceTransfer(ctx: Ctx, caseId: number, input: { policeOrgId: number; reason: string; lossFen?: number | null; includeIdentity?: boolean }) {
  const row = await findOwnCase(ctx, caseId);
  if (row.track !== 'report') throw conflict({ zh: '只有举报线索/案件可以移送公安', en: 'Only reports can be transferred to police' });
  const [police] = await ctx.db.select().from(orgs).where(eq(orgs.id, input.policeOrgId));
  if (!police || police.kind !== 'police') throw fieldError('policeOrgId', { zh: '不是公安机关', en: 'is not a police organisation' });
  const open = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'transfer'), inArray(caseShares.status, ['proposed', 'approved', 'handed_over', 'acknowledged', 'reconsideration'])));
  if (open.length) throw conflict({ zh: '已有进行中的移送', en: 'A transfer is already under way' });
  const [share] = await ctx.db
    .insert(caseShares)
    .values({ caseId, orgId: police.id, kind: 'transfer', status: 'proposed', reason: input.reason, lossFen: input.lossFen ?? null, identityRequested: !!input.includeIdentity, proposedBy: ctx.actor!.userId, proposedAt: ctx.now })
    .returning();
  const cal = await loadCalendar(ctx);
  await startClock(ctx, cal, row, 'transfer.approve', todayOf(ctx), share.id);
  // ≥ ¥300,000 is 情节严重 (2025 两高 interpretation): the threshold the form points to
  await addEvent(ctx, caseId, 'transfer_propose', { reason: input.reason, data: { police: police.name, lossFen: input.lossFen ?? null, overThreshold: (input.lossFen ?? 0) >= 30_000_000 } });
  ctx.audit = { action: 'cases.transfer-propose', targetType: 'case', targetId: caseId, after: { police: police.id } };
  return getDetail(ctx, caseId);
}

const TRANSFER_STEPS: Record<string, { from: string[]; to: string; partner: boolean; approve?: boolean; closes: string; starts?: string }> = {
  approve: { from: ['proposed'], to: 'approved', partner: false, approve: true, closes: 'transfer_approve', starts: 'transfer.handover' },
  refuse: { from: ['proposed'], to: 'refused', partner: false, approve: true, closes: 'transfer_refuse' },
  handover: { from: ['approved'], to: 'handed_over', partner: false, closes: 'transfer_handover', starts: 'transfer.police_decide' },
  acknowledge: { from: ['handed_over', 'reconsideration'], to: 'acknowledged', partner: true, closes: '' },
  police_accept: { from: ['handed_over', 'acknowledged', 'reconsideration'], to: 'accepted', partner: true, closes: 'police_accept' },
  police_reject: { from: ['handed_over', 'acknowledged', 'reconsideration'], to: 'rejected', partner: true, closes: 'police_reject' },
  reconsider: { from: ['rejected'], to: 'reconsideration', partner: false, closes: '', starts: 'transfer.police_decide' },
};

export async function transferStep(ctx: Ctx, caseId: number, shareId: number, input: { step: string; reason: string }) {
  const actor = requireActor(ctx);
  const def = TRANSFER_STEPS[input.step];
  const partner = isPartner(actor);
  if (def.partner !== partner) throw forbidden(partner ? { zh: '此步骤由移送机关办理', en: 'The transferring bureau takes this step' } : { zh: '此步骤由公安机关办理', en: 'The police take this step' });
  if (def.partner && !can(actor, 'cases:partner')) throw forbidden();
  if (!def.partner && !can(actor, 'cases:handle')) throw forbidden();
  if (def.approve && !can(actor, 'cases:approve')) throw forbidden({ zh: '移送须经负责人批准', en: 'A transfer needs an approver' });
  const row = partner ? await findCase(ctx, caseId) : await findOwnCase(ctx, caseId);
  const [share] = await ctx.db.select().from(caseShares).where(and(eq(caseShares.id, shareId), eq(caseShares.caseId, caseId), eq(caseShares.kind, 'transfer')));
  if (!share || (partner && share.orgId !== actor.orgId)) throw notFound();
  if (!def.from.includes(share.status)) throw conflict({ zh: '移送当前状态不能执行此步骤', en: 'Not possible in the transfer’s current status' });
  const now = ctx.now;
  const today = todayOf(ctx);
  const set: Partial<ShareRow> = { status: def.to };
  if (input.step === 'approve') Object.assign(set, { approvedBy: actor.userId, approvedAt: now, identityApproved: share.identityRequested });
  if (input.step === 'handover') set.handedOverAt = now;
  if (input.step === 'acknowledge') Object.assign(set, { acknowledgedBy: actor.userId, acknowledgedAt: now });
  if (input.step === 'police_accept' || input.step === 'police_reject') Object.assign(set, { decidedAt: now, decision: input.step === 'police_accept' ? 'accepted' : 'rejected', decisionReason: input.reason });
  await ctx.db.update(caseShares).set(set).where(eq(caseShares.id, shareId));
  if (def.closes) await closeClocks(ctx, caseId, def.closes, today, shareId);
  if (def.starts) await startClock(ctx, await loadCalendar(ctx), row, def.starts, today, shareId);
  // once handed over, the police see this step in the case's timeline
  const shared = ['handover', 'acknowledge', 'police_accept', 'police_reject', 'reconsider'].includes(input.step) ? share.orgId : null;
  await addEvent(ctx, caseId, `transfer_${input.step}`, { reason: input.reason, data: { shareId, from: share.status, to: def.to }, sharedOrgId: shared });
  ctx.audit = { action: `cases.transfer-${input.step}`, targetType: 'case', targetId: caseId, before: { status: share.status }, after: { status: def.to } };
  return getDetail(ctx, caseId);
}

/** The partner agencies a bureau may transfer or notify to (outside its own data scope by nature). */
export async function listPartners(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ id: orgs.id, name: orgs.name, kind: orgs.kind })
    .from(orgs)
    .where(and(inArray(orgs.kind, [...PARTNER_KINDS]), eq(orgs.status, 'active'), actor.regionCode ? or(eq(orgs.regionCode, actor.regionCode), isNull(orgs.regionCode)) : undefined))
    .orderBy(asc(orgs.kind), asc(orgs.path));
  return rows;
}

export async function sendNotices(ctx: Ctx, caseId: number, input: { orgIds: number[]; message: string }) {
  const row = await findOwnCase(ctx, caseId);
  const targets = await ctx.db.select().from(orgs).where(inArray(orgs.id, input.orgIds));
  if (targets.length !== new Set(input.orgIds).size || targets.some((o) => !PARTNER_KINDS.has(o.kind))) {
    throw fieldError('orgIds', { zh: '只能通报公安、检察、法院、司法行政机关', en: 'only police, procuratorates, courts and justice bureaus' });
  }
  for (const o of targets) {
    await ctx.db.insert(caseShares).values({ caseId, orgId: o.id, kind: 'notice', status: 'sent', reason: input.message, message: input.message, proposedBy: ctx.actor!.userId, proposedAt: ctx.now });
    await addEvent(ctx, caseId, 'notice_send', { reason: input.message, data: { org: o.name }, sharedOrgId: o.id });
  }
  ctx.audit = { action: 'cases.notice', targetType: 'case', targetId: row.id, after: { orgs: targets.map((o) => o.id) } };
  return getDetail(ctx, caseId);
}

/** 联合办案: the handling bureau invites agencies into the case space. */
export async function openJoint(ctx: Ctx, caseId: number, input: { orgIds: number[]; message: string }) {
  const row = await findOwnCase(ctx, caseId);
  const targets = await ctx.db.select().from(orgs).where(inArray(orgs.id, input.orgIds));
  if (targets.length !== new Set(input.orgIds).size || targets.some((o) => !PARTNER_KINDS.has(o.kind))) {
    throw fieldError('orgIds', { zh: '只能邀请公安、检察、法院、司法行政机关', en: 'only police, procuratorates, courts and justice bureaus' });
  }
  const existing = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'joint')));
  for (const o of targets) {
    if (existing.some((e) => e.orgId === o.id)) continue;
    await ctx.db.insert(caseShares).values({ caseId, orgId: o.id, kind: 'joint', status: 'active', reason: input.message, message: input.message, proposedBy: ctx.actor!.userId, proposedAt: ctx.now });
    await addEvent(ctx, caseId, 'joint_open', { reason: input.message, data: { org: o.name }, sharedOrgId: o.id });
  }
  ctx.audit = { action: 'cases.joint', targetType: 'case', targetId: row.id, after: { orgs: targets.map((o) => o.id) } };
  return getDetail(ctx, caseId);
}

/**
 * A note in the joint case space, shared with the members named (the bureau handling the case always sees it; a
 * partner's own note is shared with itself). A member sees only the notes shared with it.
 */
export async function addJointNote(ctx: Ctx, caseId: number, input: { text: string; shareWith: number[] }) {
  const actor = requireActor(ctx);
  const partner = isPartner(actor);
  if (!can(actor, partner ? 'cases:partner' : 'cases:handle')) throw forbidden();
  const row = partner ? await findCase(ctx, caseId) : await findOwnCase(ctx, caseId);
  const members = await ctx.db.select().from(caseShares).where(and(eq(caseShares.caseId, caseId), eq(caseShares.kind, 'joint')));
  if (partner && !members.some((m) => m.orgId === actor.orgId)) throw forbidden({ zh: '本单位不是联合办案成员', en: 'Your organisation is not a member of this joint case' });
  const memberIds = new Set(members.map((m) => m.orgId));
  const bad = input.shareWith.filter((o) => !memberIds.has(o));
  if (bad.length) throw fieldError('shareWith', { zh: '包含非联合办案成员单位', en: 'names an organisation outside the joint case' });
  const targets = new Set(input.shareWith);
  if (partner) targets.add(actor.orgId);
  // one row for the bureau's full timeline, one per member it is shared with
  await addEvent(ctx, caseId, 'joint_note', { reason: input.text, data: { sharedWith: [...targets] } });
  for (const o of targets) await addEvent(ctx, caseId, 'joint_note', { reason: input.text, data: { sharedWith: [...targets] }, sharedOrgId: o });
  ctx.audit = { action: 'cases.joint-note', targetType: 'case', targetId: row.id, after: { sharedWith: [...targets] } };
  return getDetail(ctx, caseId);
}

export async function acknowledgeNotice(ctx: Ctx, caseId: number, shareId: number) {
  const actor = requireActor(ctx);
  await findCase(ctx, caseId);
  const [share] = await ctx.db.select().from(caseShares).where(and(eq(caseShares.id, shareId), eq(caseShares.caseId, caseId), eq(caseShares.kind, 'notice'), eq(caseShares.orgId, actor.orgId)));
  if (!share) throw notFound();
  await ctx.db.update(caseShares).set({ status: 'acknowledged', acknowledgedBy: actor.userId, acknowledgedAt: ctx.now }).where(eq(caseShares.id, shareId));
  await addEvent(ctx, caseId, 'notice_acknowledge', { sharedOrgId: actor.orgId });
  ctx.audit = { action: 'cases.notice-acknowledge', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

// ---------------------------------------------------------------------------------------------------------------
// Public summary (written, then reviewed by someone else; Art. 21: it may not contain the secret)

export async function writeSummary(ctx: Ctx, caseId: number, textIn: string) {
  const row = await findOwnCase(ctx, caseId);
  const secret = row.rightholder?.secretSummary?.trim();
  if (secret && secret.length >= 6 && textIn.includes(secret.slice(0, Math.min(secret.length, 20)))) {
    throw fieldError('text', { zh: '公开摘要不得包含商业秘密内容（商业秘密保护规定第二十一条）', en: 'must not contain the secret (Art. 21)' });
  }
  await ctx.db.update(cases).set({ publicSummary: textIn, publicSummaryStatus: 'draft' }).where(eq(cases.id, caseId));
  await addEvent(ctx, caseId, 'summary_write', { data: { length: textIn.length } });
  ctx.audit = { action: 'cases.summary-write', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

export async function approveSummary(ctx: Ctx, caseId: number) {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId);
  if (row.publicSummaryStatus !== 'draft') throw conflict({ zh: '没有待审核的公开摘要', en: 'No summary awaits review' });
  const [writer] = await ctx.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'summary_write'))).orderBy(desc(caseEvents.id)).limit(1);
  if (writer?.actorId === actor.userId) throw forbidden({ zh: '公开摘要须由撰写人以外的人审核', en: 'Someone other than the writer must review the summary' });
  await ctx.db.update(cases).set({ publicSummaryStatus: 'approved' }).where(eq(cases.id, caseId));
  await addEvent(ctx, caseId, 'summary_approve');
  ctx.audit = { action: 'cases.summary-approve', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

// ---------------------------------------------------------------------------------------------------------------
// 督办 (supervision): the city marks a major case, sets when progress is due, and the handling bureau reports

export async function superviseCase(ctx: Ctx, caseId: number, input: { dueOn: string; requirement: string }) {
  const row = await findOwnCase(ctx, caseId);
  const today = todayOf(ctx);
  const days = daysBetween(today, input.dueOn);
  if (days < 1) throw fieldError('dueOn', { zh: '须晚于今天', en: 'must be after today' });
  // a new deadline replaces the open one
  await ctx.db
    .update(caseClocks)
    .set({ closedOn: today })
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'supervision.report'), isNull(caseClocks.closedOn)));
  await ctx.db.update(cases).set({ supervised: true, updatedAt: ctx.now }).where(eq(cases.id, caseId));
  const cal = await loadCalendar(ctx);
  const base = { ruleKey: 'supervision.report', startedOn: today, extension: days, pauses: [] };
  const d = clockDue(cal, base);
  await ctx.db.insert(caseClocks).values({ ...base, caseId, dueOn: d.due, provisional: d.provisional, orgPath: row.orgPath });
  await addEvent(ctx, caseId, 'supervise', { reason: input.requirement, data: { dueOn: d.due } });
  ctx.audit = { action: 'cases.supervise', targetType: 'case', targetId: caseId, after: { dueOn: d.due } };
  return getDetail(ctx, caseId);
}

export async function reportProgress(ctx: Ctx, caseId: number, textIn: string) {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId);
  if (!row.supervised) throw conflict({ zh: '该案件未被督办', en: 'The case is not under supervision' });
  // the report comes from the bureau handling the case, not from the supervisor
  if (row.orgId !== actor.orgId && actor.scope !== 'all') throw forbidden({ zh: '由承办单位报送进展', en: 'The handling bureau reports progress' });
  await closeClocks(ctx, caseId, 'supervision_report', todayOf(ctx));
  await addEvent(ctx, caseId, 'progress_report', { reason: textIn });
  ctx.audit = { action: 'cases.progress-report', targetType: 'case', targetId: caseId };
  return getDetail(ctx, caseId);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

function summarySelect() {
  return {
    id: cases.id,
    trackingCode: cases.trackingCode,
    track: cases.track,
    source: cases.source,
    status: cases.status,
    title: cases.title,
    respondentName: cases.respondentName,
    districtCode: cases.districtCode,
    suggestedDistrictCode: cases.suggestedDistrictCode,
    orgId: cases.orgId,
    orgName: orgs.name,
    anonymous: cases.anonymous,
    receivedOn: cases.receivedOn,
    closedOn: cases.closedOn,
    siblingId: cases.siblingId,
    nextDue: sql<string | null>`(select min(${caseClocks.dueOn})::text from ${caseClocks} where ${caseClocks.caseId} = ${cases.id} and ${caseClocks.closedOn} is null)`,
  };
}

function listWhere(actor: Actor, q: CaseListQuery): SQL | undefined {
  return andAll(
    caseScope(actor),
    q.track ? eq(cases.track, q.track) : undefined,
    q.status ? eq(cases.status, q.status) : undefined,
    q.districtCode ? eq(cases.districtCode, q.districtCode) : undefined,
    q.source ? eq(cases.source, q.source) : undefined,
    q.from ? gte(cases.receivedOn, q.from) : undefined,
    q.to ? lte(cases.receivedOn, q.to) : undefined,
    q.q ? or(ilike(cases.title, containsPattern(q.q)), ilike(cases.respondentName, containsPattern(q.q)), eq(cases.trackingCode, q.q.replace(/\s/g, ''))) : undefined,
  );
}

export async function listCases(ctx: Ctx, q: CaseListQuery & PageQuery): Promise<Page<CaseSummary>> {
  const actor = requireActor(ctx);
  const where = listWhere(actor, q);
  const order = q.order === 'asc' ? asc : desc;
  const items = await ctx.db
    .select(summarySelect())
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(where)
    .orderBy(order(cases.receivedOn), order(cases.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const n = await cachedCount(ctx.db.select({ total: count() }).from(cases).where(where));
  return { items, total: n, page: q.page, pageSize: q.pageSize };
}

export async function exportCases(ctx: Ctx, q: CaseListQuery & { order?: 'asc' | 'desc' }, limit: number): Promise<CaseSummary[]> {
  const actor = requireActor(ctx);
  return ctx.db
    .select(summarySelect())
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(listWhere(actor, q))
    .orderBy(desc(cases.receivedOn), desc(cases.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------------------------
// 信息共享台账: what was sent to whom and when, across cases

const senderOrg = alias(orgs, 'sender_org');

/** Bureaus: the shares of the cases in their scope; partner agencies: their own rows, as on a case page. */
function registerWhere(actor: Actor, q: ShareRegisterQuery): SQL | undefined {
  const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
  return andAll(
    isPartner(actor) ? partnerShareCond(actor) : caseScope(actor),
    q.orgId ? eq(caseShares.orgId, q.orgId) : undefined,
    q.kind ? eq(caseShares.kind, q.kind) : undefined,
    q.from ? gte(caseShares.proposedAt, dayStart(q.from)) : undefined,
    q.to ? sql`${caseShares.proposedAt} < ${new Date(dayStart(q.to).getTime() + 86_400_000)}` : undefined,
  );
}

function registerQuery(ctx: Ctx, where: SQL | undefined) {
  return ctx.db
    .select({
      s: caseShares,
      caseTitle: cases.title,
      caseNumber: cases.caseNumber,
      fromOrgName: senderOrg.name,
      orgName: orgs.name,
    })
    .from(caseShares)
    .innerJoin(cases, eq(cases.id, caseShares.caseId))
    .innerJoin(orgs, eq(orgs.id, caseShares.orgId))
    .innerJoin(senderOrg, eq(senderOrg.id, cases.orgId))
    .where(where)
    .orderBy(desc(caseShares.proposedAt), desc(caseShares.id));
}

type RegisterRow = Awaited<ReturnType<typeof registerQuery>>[number];
const toRegisterRow = (r: RegisterRow): ShareRegisterRow => ({
  id: r.s.id,
  caseId: r.s.caseId,
  caseTitle: r.caseTitle,
  caseNumber: r.caseNumber,
  fromOrgName: r.fromOrgName,
  orgId: r.s.orgId,
  orgName: r.orgName,
  kind: r.s.kind,
  status: r.s.status,
  reason: r.s.reason,
  proposedAt: r.s.proposedAt.toISOString(),
  handedOverAt: r.s.handedOverAt?.toISOString() ?? null,
  acknowledgedAt: r.s.acknowledgedAt?.toISOString() ?? null,
  decidedAt: r.s.decidedAt?.toISOString() ?? null,
  decision: r.s.decision,
});

export async function shareRegister(ctx: Ctx, q: ShareRegisterQuery & PageQuery): Promise<Page<ShareRegisterRow>> {
  const actor = requireActor(ctx);
  const where = registerWhere(actor, q);
  const rows = await registerQuery(ctx, where)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await ctx.db
    .select({ total: count() })
    .from(caseShares)
    .innerJoin(cases, eq(cases.id, caseShares.caseId))
    .where(where);
  return { items: rows.map(toRegisterRow), total, page: q.page, pageSize: q.pageSize };
}

export async function exportShareRegister(ctx: Ctx, q: ShareRegisterQuery, limit: number): Promise<ShareRegisterRow[]> {
  const actor = requireActor(ctx);
  return (await registerQuery(ctx, registerWhere(actor, q)).limit(limit)).map(toRegisterRow);
}

/** Open clocks in the actor's scope, soonest due first (paused clocks last). */
/**
 * The open clocks a user's queue holds: a bureau's within its scope; a partner agency's, those of the transfers, notices
 * and joint cases shared with it. The queue, its total and the home page's counts all start from here.
 */
function queueClocks(ctx: Ctx) {
  const actor = requireActor(ctx);
  const partner = isPartner(actor);
  const where = partner ? and(isNull(caseClocks.closedOn), partnerShareCond(actor))! : andAll(isNull(caseClocks.closedOn), scopeCondition(actor, { orgPath: caseClocks.orgPath }));
  const counted = () => {
    const base = ctx.db.select({ total: count() }).from(caseClocks);
    return partner ? base.innerJoin(caseShares, eq(caseShares.id, caseClocks.shareId)) : base;
  };
  return { partner, where, counted };
}

export async function workQueue(ctx: Ctx, q: PageQuery): Promise<Page<QueueItem>> {
  const { partner, where, counted } = queueClocks(ctx);
  const select = ctx.db
    .select({ clock: caseClocks, caseTitle: cases.title, caseStatus: cases.status, trackingCode: cases.trackingCode, orgName: orgs.name })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .innerJoin(orgs, eq(orgs.id, cases.orgId));
  // the police's queue: their transfers' decision clocks
  const rows = await (partner ? select.innerJoin(caseShares, eq(caseShares.id, caseClocks.shareId)) : select)
    .where(where)
    .orderBy(sql`${caseClocks.dueOn} asc nulls last`, asc(caseClocks.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const n = await cachedCount(counted().where(where));
  const today = todayOf(ctx);
  return {
    items: rows.map((r) => ({ ...toClockView(r.clock, today), caseTitle: r.caseTitle, caseStatus: r.caseStatus, trackingCode: r.trackingCode, orgName: r.orgName })),
    total: n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The home page's counts of the queue: its open clocks, and those past their due date (Asia/Shanghai today). */
export async function queueCounts(ctx: Ctx): Promise<{ open: number; overdue: number }> {
  const { where, counted } = queueClocks(ctx);
  // the queue's own total (the same cached count the queue answers with) and the overdue part of it
  const [open, overdue] = await Promise.all([cachedCount(counted().where(where)), cachedCount(counted().where(and(where, sql`${caseClocks.dueOn} < ${todayOf(ctx)}`)))]);
  return { open, overdue };
}

function allowedActions(actor: Actor, row: CaseRow, partner: boolean): string[] {
  if (partner) return can(actor, 'cases:partner') ? ['transfer_step', 'joint_note', ...(row.reporterSealed ? ['transfer_identity'] : [])] : [];
  const out: string[] = [];
  if (can(actor, 'cases:handle')) {
    for (const [k, def] of Object.entries(CASE_ACTIONS)) {
      if (!(def.from as readonly string[]).includes(row.status)) continue;
      if ('approve' in def && def.approve && !can(actor, 'cases:approve')) continue;
      if (k === 'execute' && row.decisionKind !== 'penalty') continue;
      out.push(k);
    }
    out.push('transfer', 'notice', 'joint', 'joint_note', 'district_transfer', 'summary', 'clock');
  }
  if (can(actor, 'cases:assign')) out.push('assign', 'supervise');
  if (row.supervised && can(actor, 'cases:handle') && (row.orgId === actor.orgId || actor.scope === 'all')) out.push('progress_report');
  if (can(actor, 'cases:identity') && row.reporterSealed) out.push('identity');
  return out;
}

function shareView(s: ShareRow, orgName: string): CaseShare {
  return {
    id: s.id,
    orgId: s.orgId,
    orgName,
    kind: s.kind,
    status: s.status,
    reason: s.reason,
    message: s.message,
    lossFen: s.lossFen,
    identityRequested: s.identityRequested,
    identityApproved: s.identityApproved,
    proposedAt: s.proposedAt.toISOString(),
    approvedAt: s.approvedAt?.toISOString() ?? null,
    handedOverAt: s.handedOverAt?.toISOString() ?? null,
    acknowledgedAt: s.acknowledgedAt?.toISOString() ?? null,
    decidedAt: s.decidedAt?.toISOString() ?? null,
    decision: s.decision,
    decisionReason: s.decisionReason,
  };
}

export async function getDetail(ctx: Ctx, id: number): Promise<CaseDetail> {
  const actor = requireActor(ctx);
  const row = await findCase(ctx, id);
  const partner = isPartner(actor);
  const today = todayOf(ctx);
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, row.orgId));
  const shareRows = await ctx.db
    .select({ s: caseShares, orgName: orgs.name })
    .from(caseShares)
    .innerJoin(orgs, eq(orgs.id, caseShares.orgId))
    .where(andAll(eq(caseShares.caseId, id), partner ? partnerShareCond(actor) : undefined))
    .orderBy(asc(caseShares.id));
  const shareIds = shareRows.map((r) => r.s.id);
  const clockRows = await ctx.db
    .select()
    .from(caseClocks)
    .where(andAll(eq(caseClocks.caseId, id), partner ? (shareIds.length ? inArray(caseClocks.shareId, shareIds) : sql`false`) : undefined))
    .orderBy(asc(caseClocks.id));
  const evs = await ctx.db
    .select()
    .from(caseEvents)
    .where(
      andAll(
        eq(caseEvents.caseId, id),
        // partners: what was shared with them; the bureau: everything, each joint note once
        partner ? eq(caseEvents.sharedOrgId, actor.orgId) : sql`not (${caseEvents.action} = 'joint_note' and ${caseEvents.sharedOrgId} is not null)`,
      ),
    )
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const fileRows = partner
    ? []
    : await ctx.db
        .select({ id: files.id, name: files.name, size: files.size, kind: caseFiles.kind, addedAt: caseFiles.addedAt })
        .from(caseFiles)
        .innerJoin(files, eq(files.id, caseFiles.fileId))
        .where(eq(caseFiles.caseId, id))
        .orderBy(asc(caseFiles.addedAt));
  const reveals = partner ? [] : await ctx.db.select().from(caseIdentityReveals).where(eq(caseIdentityReveals.caseId, id)).orderBy(asc(caseIdentityReveals.id));
  const nextDue = clockRows.filter((c) => !c.closedOn && c.dueOn).map((c) => c.dueOn as string).sort()[0] ?? null;
  return {
    id: row.id,
    trackingCode: partner ? '' : row.trackingCode,
    track: row.track,
    source: row.source,
    status: row.status,
    title: row.title,
    respondentName: row.respondentName,
    districtCode: row.districtCode,
    suggestedDistrictCode: row.suggestedDistrictCode,
    orgId: row.orgId,
    orgName: org?.name ?? '',
    anonymous: row.anonymous,
    receivedOn: row.receivedOn,
    closedOn: row.closedOn,
    siblingId: partner ? null : row.siblingId,
    nextDue,
    description: row.description,
    respondentCreditCode: row.respondentCreditCode,
    respondentAddress: row.respondentAddress,
    hasReporter: !!row.reporterSealed && (!partner || shareRows.some((r) => r.s.kind === 'transfer' && r.s.identityApproved)),
    // the rights holder's description of its secret stays with the bureau
    rightholder: partner ? null : row.rightholder,
    lossFen: row.lossFen,
    caseNumber: row.caseNumber,
    decisionKind: row.decisionKind,
    decisionNo: row.decisionNo,
    fineFen: row.fineFen,
    confiscationFen: row.confiscationFen,
    publicSummary: partner ? null : row.publicSummary,
    publicSummaryStatus: row.publicSummaryStatus,
    supervised: row.supervised,
    clocks: clockRows.map((c) => toClockView(c, today)),
    events: evs.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actorName,
      actorOrgName: e.actorOrgName,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      data: e.data ?? null,
    })),
    shares: shareRows.map((r) => shareView(r.s, r.orgName)),
    files: fileRows.map((f) => ({ ...f, addedAt: f.addedAt.toISOString() })),
    reveals: reveals.map((r) => ({ username: r.username, reason: r.reason, at: r.at.toISOString() })),
    allowed: allowedActions(actor, row, partner),
    partnerView: partner,
  };
}

export async function caseStats(ctx: Ctx): Promise<CaseStats> {
  const actor = requireActor(ctx);
  const scope = caseScope(actor);
  const months = await ctx.db
    .select({ month: sql<string>`to_char(${cases.receivedOn}, 'YYYY-MM')`, track: cases.track, n: count() })
    .from(cases)
    .where(scope)
    .groupBy(sql`1`, cases.track)
    .orderBy(sql`1`);
  const byMonth = new Map<string, { month: string; complaint: number; report: number }>();
  for (const m of months) {
    const e = byMonth.get(m.month) ?? { month: m.month, complaint: 0, report: 0 };
    e[m.track] = m.n;
    byMonth.set(m.month, e);
  }
  const today = todayOf(ctx);
  const clocks = await ctx.db
    .select({ districtCode: cases.districtCode, dueOn: caseClocks.dueOn, closedOn: caseClocks.closedOn })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(andAll(scope, isNull(caseClocks.shareId)));
  const byDistrict = new Map<string | null, { open: number; overdue: number; states: ReturnType<typeof clockState>[] }>();
  for (const c of clocks) {
    const e = byDistrict.get(c.districtCode) ?? { open: 0, overdue: 0, states: [] };
    const s = clockState({ due: c.dueOn, closedOn: c.closedOn }, today);
    e.states.push(s);
    if (!c.closedOn) e.open++;
    if (s === 'overdue') e.overdue++;
    byDistrict.set(c.districtCode, e);
  }
  const transfers = await ctx.db
    .select({ status: caseShares.status, count: count() })
    .from(caseShares)
    .innerJoin(cases, eq(cases.id, caseShares.caseId))
    .where(andAll(scope, eq(caseShares.kind, 'transfer')))
    .groupBy(caseShares.status);
  return {
    intakeByMonth: [...byMonth.values()],
    byDistrict: [...byDistrict.entries()].map(([districtCode, e]) => ({ districtCode, open: e.open, overdue: e.overdue, onTimeRate: onTimeRate(e.states) })),
    transfers,
    onTimeRate: onTimeRate([...byDistrict.values()].flatMap((e) => e.states)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar administration

export async function listCalendar(ctx: Ctx) {
  const ov = await ctx.db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date));
  const ys = await ctx.db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return { overrides: ov.map((o) => ({ date: o.date, work: o.work, note: o.note })), loadedYears: ys.map((y) => y.year) };
}

/** Recomputes the open clocks' due dates after the calendar changed. */
async function recomputeOpenClocks(ctx: Ctx) {
  const cal = await loadCalendar(ctx);
  const open = await ctx.db.select().from(caseClocks).where(isNull(caseClocks.closedOn));
  for (const c of open) {
    const r = rule(c.ruleKey);
    if (r.unit === 'calendar' && !c.provisional && c.dueOn && !cal.day(c.dueOn).provisional && cal.isWorkday(c.dueOn)) continue;
    const d = clockDue(cal, c);
    if (d.due !== c.dueOn || d.provisional !== c.provisional) await ctx.db.update(caseClocks).set({ dueOn: d.due, provisional: d.provisional }).where(eq(caseClocks.id, c.id));
  }
}

export async function setCalendarOverride(ctx: Ctx, input: { date: string; work: boolean; note?: string | null }) {
  const actor = requireActor(ctx);
  await ctx.db
    .insert(calendarOverrides)
    .values({ date: input.date, work: input.work, note: input.note ?? null, updatedBy: actor.userId })
    .onConflictDoUpdate({ target: calendarOverrides.date, set: { work: input.work, note: input.note ?? null, updatedBy: actor.userId, updatedAt: ctx.now } });
  await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-override', targetType: 'calendar', targetId: input.date, after: input };
  return listCalendar(ctx);
}

export async function markYearLoaded(ctx: Ctx, year: number) {
  const actor = requireActor(ctx);
  await ctx.db.insert(calendarYears).values({ year, loadedBy: actor.userId }).onConflictDoNothing();
  await recomputeOpenClocks(ctx);
  ctx.audit = { action: 'cases.calendar-year', targetType: 'calendar', targetId: year };
  return listCalendar(ctx);
}

export async function caseForDocument(ctx: Ctx, id: number) {
  const row = await findOwnCase(ctx, id, false);
  const [org] = await ctx.db.select().from(orgs).where(eq(orgs.id, row.orgId));
  const evs = await ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.at));
  return { row, org, events: evs };
}

export const fmt = formatDateTime;
export type { Msg };
