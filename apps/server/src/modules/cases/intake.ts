/**
 * Intake (public form, staff entry, rights holders' reports), what the reporter sees and adds with the tracking code, and
 * the reporter's sealed identity, revealed only with a reason.
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  luhnCheckDigit,
  type CaseTrack,
  type IntakeResult,
  type PublicIntake,
  type PublicStatus,
  type ReporterInput,
  type RightholderReport,
  type StaffIntake,
} from '@shangmi/shared';
import { caseEvents, caseFiles, caseIdentityReveals, cases, caseShares, districts, orgs, regions } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { registryDistrict } from '../enterprises/enterprises.service.js';
import { chargeAnonymousUpload, claimFiles, filesByIds, recordAnonymousFile, type FileRow } from '../files/files.service.js';
import { findBureau } from '../orgs/orgs.service.js';
import { resolvePublicRegion } from '../regions/regions.service.js';
import { loadCalendar, startClock, todayOf } from './clocks.js';
import { type CaseRow, addEvent, findCase, findOwnCase, isPartner, PUBLIC_STEPS } from './scope.js';
import { msg } from './cases.messages.js';

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

/** Staff and enterprises file in their own region (a platform administrator names one); never the first by code. */
async function actorRegion(ctx: Ctx, given: string | null | undefined): Promise<string> {
  if (!given) throw fieldError('regionCode', msg.chooseRegion);
  const [r] = await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.code, given));
  if (!r) throw fieldError('regionCode', msg.notPilotRegion);
  return given;
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
  /** the district the filer named (checked against the region); else suggested */
  districtCode?: string | null;
}

async function createCases(ctx: Ctx, input: NewCase): Promise<IntakeResult> {
  if (!input.anonymous && !input.reporter) throw fieldError('reporter', msg.namedNeedsReporter);
  if (input.districtCode) {
    const [d] = await ctx.db.select({ code: districts.code }).from(districts).where(and(eq(districts.code, input.districtCode), eq(districts.regionCode, input.regionCode)));
    if (!d) throw fieldError('districtCode', msg.notDistrictOfRegion);
  }
  const suggested = input.districtCode ?? (await suggestDistrict(ctx, input.regionCode, input.respondentCreditCode, input.respondentAddress));
  const bureau = await findBureau(ctx, input.regionCode, suggested);
  if (!bureau) throw new AppError('INTERNAL');
  const cal = await loadCalendar(ctx);
  const code = newTrackingCode();
  const fileRows = input.fileIds?.length ? await claimFiles(ctx, input.fileIds, 'fileIds') : [];
  const out: IntakeResult = { trackingCode: code, cases: [], regionCode: input.regionCode, districtCode: bureau.districtCode, bureauName: bureau.name };
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

export async function publicIntake(ctx: Ctx, input: PublicIntake, host?: string): Promise<IntakeResult> {
  const regionCode = await resolvePublicRegion(ctx, input.regionCode, host);
  return createCases(ctx, { ...input, regionCode, respondentName: input.respondentName, source: 'public', receivedOn: todayOf(ctx) });
}

export async function staffIntake(ctx: Ctx, input: StaffIntake): Promise<IntakeResult> {
  const actor = requireActor(ctx);
  const regionCode = await actorRegion(ctx, input.regionCode ?? actor.regionCode);
  const received = input.receivedOn ?? todayOf(ctx);
  if (received > todayOf(ctx)) throw fieldError('receivedOn', msg.notInFuture);
  return createCases(ctx, { ...input, regionCode, receivedOn: received });
}

/** A rights holder's report is always a report (举报), named, from the enterprise's own account. */
export async function rightholderReport(ctx: Ctx, input: RightholderReport): Promise<IntakeResult> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'enterprise') throw forbidden(msg.onlyEnterprisesReport);
  const regionCode = await actorRegion(ctx, actor.regionCode);
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
  // the receiving bureau's name by a read-only join (one query, not a service call per case)
  const found = await ctx.db.select({ c: cases, bureauName: orgs.name }).from(cases).innerJoin(orgs, eq(orgs.id, cases.orgId)).where(eq(cases.trackingCode, code)).orderBy(asc(cases.track));
  if (!found.length) throw notFound();
  const rows = found.map((f) => ({ ...f.c, bureauName: f.bureauName }));
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
      bureauName: r.bureauName,
      steps: evs.filter((e) => e.caseId === r.id).map((e) => ({ at: e.at.toISOString(), action: e.action })),
    })),
  };
}

export async function addPublicMaterial(ctx: Ctx, code: string, textIn: string): Promise<{ ok: true }> {
  const rows = await ctx.db.select().from(cases).where(eq(cases.trackingCode, code));
  if (!rows.length) throw notFound();
  const open = rows.filter((r) => r.status !== 'closed');
  if (!open.length) throw conflict(msg.closedNoMaterial);
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
  if (!open.length) throw conflict(msg.closedNoMaterial);
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
  meta: { name: string; mime: string; ip: string },
): Promise<{ ok: true; name: string; size: number }> {
  const open = await openCasesByCode(ctx, code);
  // the sender's address and the platform's daily budget of anonymous uploads, charged in this transaction
  await chargeAnonymousUpload(ctx, meta.ip, stored.size);
  const f = await recordAnonymousFile(ctx, stored, { name: meta.name, mime: meta.mime, orgId: open[0].orgId });
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

// The reporter's identity: sealed at intake, opened only with a reason, every opening listed on the case and logged

export async function revealIdentity(ctx: Ctx, caseId: number, reason: string): Promise<ReporterInput> {
  const actor = requireActor(ctx);
  const row = await findOwnCase(ctx, caseId, false);
  if (!row.reporterSealed) throw conflict(msg.anonymousNoIdentity);
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
  if (!share.identityApproved) throw forbidden(msg.transferWithoutIdentity);
  if (!row.reporterSealed) throw conflict(msg.anonymousNoIdentity);
  const identity = JSON.parse(ctx.deps.sealer.open(row.reporterSealed, reporterAad(row.trackingCode, row.track))) as ReporterInput;
  await ctx.db.insert(caseIdentityReveals).values({ caseId, userId: actor.userId, username: actor.username, reason, at: ctx.now });
  await addEvent(ctx, caseId, 'identity_reveal', { reason, sharedOrgId: actor.orgId });
  ctx.audit = { action: 'cases.identity-reveal', targetType: 'case', targetId: caseId, after: { reason, shareId } };
  return identity;
}
