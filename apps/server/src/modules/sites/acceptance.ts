/**
 * Acceptance: self-evaluation with evidence → district review → city approval (a plaque number), each step taken on the
 * workflow engine (path.ts declares the path); this file keeps what is the site's own: the standard's items and scores,
 * the evidence, the plaque, the site's status. The site's detail reports who may take the next step (read.ts).
 */
import { eq, like, sql } from 'drizzle-orm';
import {
  plaqueNumber,
  yearOf,
  type AcceptanceApprove,
  type AcceptanceReview,
  type AcceptanceSubmit,
  type AcceptanceWithdraw,
  type SiteDetail,
  type StandardItem,
} from '@shangmi/shared';
import { siteAcceptances, siteFiles, sites, siteStandards } from '../../db/schema/index.js';
import { likeEscape, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { checkStep, takeStep } from '../../platform/workflow/index.js';
import { claimFiles, type FileRow } from '../files/files.service.js';
import { getDetail } from './read.js';
import { acceptancePath, homeOf } from './path.js';
import { type AcceptanceItemRow, type AcceptanceRow, type Row, statusName } from './scope.js';
import { currentStandard } from './standards.js';
import { lockLive, touch } from './writes.js';

async function openAcceptance(ctx: Ctx, s: Row): Promise<AcceptanceRow | null> {
  if (!s.acceptanceId) return null;
  const [a] = await ctx.db.select().from(siteAcceptances).where(eq(siteAcceptances.id, s.acceptanceId));
  return a ?? null;
}

export async function submitAcceptance(ctx: Ctx, id: number, input: AcceptanceSubmit): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  await checkStep(ctx, acceptancePath, id, 'submitted', homeOf(s));
  if (s.status !== 'building') {
    const st = statusName(s.status);
    throw conflict({ zh: `只有“建设中”的站点可以申请验收（当前：${st.zh}）`, en: `Only a site under construction can apply for acceptance (now: ${st.en})` });
  }
  const standard = await currentStandard(ctx, s.regionCode, s.kind);
  if (!standard) throw conflict({ zh: '尚未发布该类站点的建设标准', en: 'No construction standard has been published for this kind of site' });
  const stdItems = standard.items as StandardItem[];
  const byCode = new Map(stdItems.map((it) => [it.code, it]));
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    const std = byCode.get(it.code);
    if (!std || seen.has(it.code)) throw fieldError(`items.${i}.code`, std ? { zh: '重复', en: 'is repeated' } : { zh: '不是建设标准中的条目', en: 'is not an item of the standard' });
    seen.add(it.code);
    if (it.score > std.weight) throw fieldError(`items.${i}.score`, { zh: `不能超过该项分值 ${std.weight}`, en: `cannot exceed the item's weight (${std.weight})` });
    if (std.required && !it.fileIds.length) {
      throw fieldError(`items.${i}.fileIds`, { zh: `“${std.title.slice(0, 20)}”为必备项，须上传佐证材料`, en: `are required for the must-have item ${std.code}` });
    }
  });
  const missing = stdItems.filter((it) => !seen.has(it.code)).map((it) => it.code);
  if (missing.length) throw fieldError('items', { zh: `缺少自评项：${missing.join('、')}`, en: `miss the items ${missing.join(', ')}` });
  const allFiles = await claimFiles(ctx, input.items.flatMap((it) => it.fileIds), 'fileIds');
  if (!allFiles.length) throw fieldError('fileIds', { zh: '申请验收须上传佐证材料', en: 'are required to apply for acceptance' });
  const items: AcceptanceItemRow[] = stdItems.map((std) => {
    const it = input.items.find((x) => x.code === std.code)!;
    return { code: std.code, selfScore: it.score, note: it.note ?? null, fileIds: [...new Set(it.fileIds)], districtScore: null, districtComment: null };
  });
  const state = s.districtCode ? ('district' as const) : ('city' as const);
  const [a] = await ctx.db
    .insert(siteAcceptances)
    .values({
      siteId: id,
      standardId: standard.id,
      state,
      statement: input.statement,
      items,
      selfTotal: items.reduce((sum, it) => sum + it.selfScore, 0),
      submittedBy: actor.userId,
      submittedAt: ctx.now,
    })
    .returning();
  const codeOf = new Map<number, string>();
  for (const it of items) for (const f of it.fileIds) if (!codeOf.has(f)) codeOf.set(f, it.code);
  await ctx.db
    .insert(siteFiles)
    .values(allFiles.map((f: FileRow) => ({ siteId: id, fileId: f.id, purpose: 'evidence' as const, acceptanceId: a.id, itemCode: codeOf.get(f.id) ?? null, addedBy: actor.userId, addedAt: ctx.now })))
    .onConflictDoNothing();
  await touch(ctx, id, { status: 'applying', statusChangedAt: ctx.now, acceptanceId: a.id, acceptance: state, submittedAt: ctx.now });
  await takeStep(ctx, acceptancePath, id, 'submitted', {
    home: homeOf(s),
    to: state,
    comment: input.statement,
    fileIds: allFiles.map((f) => f.id),
    data: { fromStatus: s.status, toStatus: 'applying', acceptanceId: a.id, standardVersion: standard.version, selfTotal: a.selfTotal },
  });
  ctx.audit = { targetType: 'site', targetId: id, before: { status: s.status }, after: { status: 'applying', acceptanceId: a.id, selfTotal: a.selfTotal, files: allFiles.map((f) => f.id) } };
  return getDetail(ctx, id);
}

/** A returned acceptance sends the site back to 建设中, to build and apply again. */
async function returnAcceptance(ctx: Ctx, s: Row, a: AcceptanceRow, why: string | null | undefined, level: 'district' | 'city', set: Partial<AcceptanceRow> = {}) {
  await takeStep(ctx, acceptancePath, s.id, level === 'district' ? 'district_returned' : 'city_returned', {
    home: homeOf(s),
    comment: why,
    data: { fromStatus: s.status, toStatus: 'building', acceptanceId: a.id },
  });
  await ctx.db
    .update(siteAcceptances)
    .set({ ...set, state: 'returned', returnReason: why!, returnedAt: ctx.now })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, s.id, { status: 'building', statusChangedAt: ctx.now, acceptance: 'returned' });
  ctx.audit = { action: 'sites.return', targetType: 'site', targetId: s.id, before: { status: s.status, acceptance: a.state }, after: { status: 'building', acceptance: 'returned', level, reason: why } };
}

/**
 * 撤回: the applicant (the site's staff, who hold sites:submit) takes back an acceptance that awaits a decision
 * — to correct the self-evaluation or the evidence — giving the reason; the site returns to 建设中 and may apply again.
 */
export async function withdrawAcceptance(ctx: Ctx, id: number, input: AcceptanceWithdraw): Promise<SiteDetail> {
  const s = await lockLive(ctx, id);
  const a = await openAcceptance(ctx, s);
  await takeStep(ctx, acceptancePath, id, 'withdrawn', { home: homeOf(s), comment: input.reason, data: { fromStatus: s.status, toStatus: 'building', acceptanceId: a?.id ?? null } });
  await ctx.db.update(siteAcceptances).set({ state: 'withdrawn', returnReason: input.reason, returnedAt: ctx.now }).where(eq(siteAcceptances.id, a!.id));
  await touch(ctx, id, { status: 'building', statusChangedAt: ctx.now, acceptance: 'withdrawn' });
  ctx.audit = { targetType: 'site', targetId: id, before: { status: s.status, acceptance: a!.state }, after: { status: 'building', acceptance: 'withdrawn', reason: input.reason } };
  return getDetail(ctx, id);
}

export async function reviewAcceptance(ctx: Ctx, id: number, input: AcceptanceReview): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  await checkStep(ctx, acceptancePath, id, 'district_passed', homeOf(s));
  const a = (await openAcceptance(ctx, s))!;
  const [standard] = await ctx.db.select().from(siteStandards).where(eq(siteStandards.id, a.standardId));
  const stdItems = standard.items as StandardItem[];
  const scores = new Map<string, { score: number; comment: string | null }>();
  input.items.forEach((it, i) => {
    const std = stdItems.find((x) => x.code === it.code);
    if (!std) throw fieldError(`items.${i}.code`, { zh: '不是建设标准中的条目', en: 'is not an item of the standard' });
    if (it.score > std.weight) throw fieldError(`items.${i}.score`, { zh: `不能超过该项分值 ${std.weight}`, en: `cannot exceed the item's weight (${std.weight})` });
    scores.set(it.code, { score: it.score, comment: it.comment ?? null });
  });
  const items = (a.items as AcceptanceItemRow[]).map((it) => {
    const given = scores.get(it.code);
    return given ? { ...it, districtScore: given.score, districtComment: given.comment } : it;
  });
  const scored = items.every((it) => it.districtScore !== null);
  const districtTotal = scored ? items.reduce((sum, it) => sum + (it.districtScore ?? 0), 0) : null;
  const review = { items, districtTotal, districtBy: actor.userId, districtAt: ctx.now, districtComment: input.comment ?? null };
  if (input.decision === 'return') {
    await returnAcceptance(ctx, s, a, input.comment, 'district', review);
    return getDetail(ctx, id);
  }
  if (!scored) {
    const missing = items.filter((it) => it.districtScore === null).map((it) => it.code);
    throw fieldError('items', { zh: `请为每一项评分（缺少：${missing.join('、')}）`, en: `score every item (missing: ${missing.join(', ')})` });
  }
  const zeroRequired = stdItems.filter((std) => std.required && items.find((it) => it.code === std.code)?.districtScore === 0).map((std) => std.code);
  if (zeroRequired.length) {
    throw fieldError('items', { zh: `必备项 ${zeroRequired.join('、')} 得分为 0，不能通过，请退回`, en: `must-have items ${zeroRequired.join(', ')} scored 0: return it instead` });
  }
  if (districtTotal! < standard.passScore) {
    throw fieldError('items', { zh: `评分合计 ${districtTotal} 低于合格分 ${standard.passScore}，不能通过，请退回`, en: `total ${districtTotal} is below the pass score ${standard.passScore}: return it instead` });
  }
  await ctx.db
    .update(siteAcceptances)
    .set({ ...review, state: 'city' })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, id, { acceptance: 'city' });
  await takeStep(ctx, acceptancePath, id, 'district_passed', { home: homeOf(s), comment: input.comment ?? null, data: { acceptanceId: a.id, districtTotal } });
  ctx.audit = { targetType: 'site', targetId: id, before: { acceptance: 'district' }, after: { acceptance: 'city', districtTotal } };
  return getDetail(ctx, id);
}

/** The next plaque number of a region, kind and year; serialised per region so two approvals never draw the same. */
async function nextPlaque(ctx: Ctx, s: Row): Promise<string> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-plaque:${s.regionCode}`}))`);
  const year = yearOf(ctx.now);
  const prefix = plaqueNumber(s.regionCode, s.kind, year, 0).slice(0, -3);
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`coalesce(max(substr(${sites.plaqueNo}, ${prefix.length + 1})::int), 0)` })
    .from(sites)
    .where(like(sites.plaqueNo, `${likeEscape(prefix)}%`));
  return plaqueNumber(s.regionCode, s.kind, year, Number(n) + 1);
}

export async function approveAcceptance(ctx: Ctx, id: number, input: AcceptanceApprove): Promise<SiteDetail> {
  const actor = requireActor(ctx);
  const s = await lockLive(ctx, id);
  await checkStep(ctx, acceptancePath, id, 'city_approved', homeOf(s));
  const a = (await openAcceptance(ctx, s))!;
  const decision = { cityBy: actor.userId, cityAt: ctx.now, cityComment: input.comment ?? null };
  if (input.decision === 'return') {
    await returnAcceptance(ctx, s, a, input.comment, 'city', decision);
    return getDetail(ctx, id);
  }
  let plaqueNo = input.plaqueNo ?? null;
  if (plaqueNo) {
    const [taken] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.plaqueNo, plaqueNo));
    if (taken) throw fieldError('plaqueNo', { zh: '已被使用', en: 'is already taken' }, 'CONFLICT');
  } else {
    plaqueNo = await nextPlaque(ctx, s);
  }
  await ctx.db
    .update(siteAcceptances)
    .set({ ...decision, state: 'approved', plaqueNo })
    .where(eq(siteAcceptances.id, a.id));
  await touch(ctx, id, { status: 'accredited', statusChangedAt: ctx.now, accreditedAt: ctx.now, plaqueNo, acceptance: 'approved', revokedAt: null });
  await takeStep(ctx, acceptancePath, id, 'city_approved', {
    home: homeOf(s),
    comment: input.comment ?? null,
    data: { fromStatus: s.status, toStatus: 'accredited', acceptanceId: a.id, plaqueNo },
  });
  ctx.audit = { action: 'sites.approve', targetType: 'site', targetId: id, before: { status: s.status }, after: { status: 'accredited', plaqueNo } };
  return getDetail(ctx, id);
}
