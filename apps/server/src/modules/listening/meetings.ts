/**
 * Visits (走访), forums (座谈会) and interviews (一对一访谈): planned by a bureau, then recorded on site (notes, people
 * met, photos, the situation, the needs found — each need becomes an item of the tracker in the same transaction).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Meeting, MeetingCreate, MeetingRecord } from '@shangmi/shared';
import type { z } from 'zod';
import type { meetingListPageQuery, meetingUpdate } from '@shangmi/shared';
import { enterprises, listeningMeetings, listeningNeeds, orgs } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { filesByIds, type FileRow } from '../files/files.service.js';
import { claimImages } from '../outreach/outreach.service.js';
import { M } from './listening.messages.js';
import { insertNeed } from './needs.js';
import { assertStaff, enterpriseReach, findAssociation, findMeeting, isAssociationUser, meetingScope, quarterOf, type MeetingRow } from './scope.js';

type ListQuery = z.infer<typeof meetingListPageQuery>;
type Update = z.infer<typeof meetingUpdate>;

/** The enterprises named, all within the actor's scope (else the field is refused), by id. */
async function enterprisesInScope(ctx: Ctx, ids: number[], field: string) {
  const unique = [...new Set(ids)];
  const rows = await ctx.db
    .select({ id: enterprises.id, name: enterprises.name, orgId: enterprises.orgId, orgPath: enterprises.orgPath, districtCode: enterprises.districtCode, regionCode: enterprises.regionCode })
    .from(enterprises)
    .where(andAll(inArray(enterprises.id, unique), enterpriseReach(requireActor(ctx))));
  if (rows.length !== unique.length) throw fieldError(field, { zh: '包含不存在或不在您管理范围内的企业', en: 'contains an enterprise that does not exist or is outside your scope' });
  return new Map(rows.map((r) => [r.id, r]));
}

async function toMeetings(ctx: Ctx, rows: MeetingRow[]): Promise<Meeting[]> {
  if (!rows.length) return [];
  const entIds = [...new Set(rows.flatMap((r) => r.enterpriseIds))];
  const [ents, orgNames, needs] = await Promise.all([
    ctx.db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(inArray(enterprises.id, entIds)),
    ctx.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(inArray(orgs.id, [...new Set(rows.map((r) => r.orgId))])),
    ctx.db
      .select({ id: listeningNeeds.id, sourceId: listeningNeeds.sourceId, source: listeningNeeds.source })
      .from(listeningNeeds)
      .where(
        and(
          inArray(
            listeningNeeds.sourceId,
            rows.map((r) => r.id),
          ),
          inArray(listeningNeeds.source, ['visit', 'forum', 'interview']),
        ),
      ),
  ]);
  const entName = new Map(ents.map((e) => [e.id, e.name]));
  const orgName = new Map(orgNames.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    orgId: r.orgId,
    orgName: orgName.get(r.orgId) ?? '',
    associationId: r.associationOrgId,
    districtCode: r.districtCode,
    quarter: r.quarter,
    enterprises: r.enterpriseIds.map((id) => ({ id, name: entName.get(id) ?? '' })),
    plannedOn: r.plannedOn,
    heldOn: r.heldOn,
    staff: r.staff,
    purpose: r.purpose,
    agenda: r.agenda,
    notes: r.notes,
    peopleMet: r.peopleMet,
    situation: r.situation,
    photoFileIds: r.photoFileIds,
    needIds: needs.filter((n) => n.sourceId === r.id && n.source === r.kind).map((n) => n.id),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function getMeeting(ctx: Ctx, id: number): Promise<Meeting> {
  return (await toMeetings(ctx, [await findMeeting(ctx, id)]))[0]!;
}

export async function listMeetings(ctx: Ctx, q: ListQuery) {
  const actor = requireActor(ctx);
  const where = andAll(
    meetingScope(actor),
    q.kind ? eq(listeningMeetings.kind, q.kind) : undefined,
    q.status ? eq(listeningMeetings.status, q.status) : undefined,
    q.quarter ? eq(listeningMeetings.quarter, q.quarter) : undefined,
    q.districtCode ? eq(listeningMeetings.districtCode, q.districtCode) : undefined,
    q.enterpriseId ? sql`${q.enterpriseId} = any(${listeningMeetings.enterpriseIds})` : undefined,
    q.associationId ? eq(listeningMeetings.associationOrgId, q.associationId) : undefined,
  );
  const dir = q.order === 'asc' ? asc : desc;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(listeningMeetings)
      .where(where)
      .orderBy(dir(listeningMeetings.plannedOn), dir(listeningMeetings.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(listeningMeetings).where(where)),
  ]);
  return { items: await toMeetings(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Plans a visit, forum or interview, held by the actor's organisation. */
export async function planMeeting(ctx: Ctx, input: MeetingCreate): Promise<Meeting> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  if (input.kind !== 'forum' && new Set(input.enterpriseIds).size !== 1) throw fieldError('enterpriseIds', M.oneEnterprise);
  const ents = await enterprisesInScope(ctx, input.enterpriseIds, 'enterpriseIds');
  const first = ents.get(input.enterpriseIds[0]!)!;
  // an association's own meetings are its activities; a bureau names the association it holds one for
  const associationOrgId = isAssociationUser(actor) ? actor.orgId : input.associationId ? (await findAssociation(ctx, input.associationId, 'associationId')).orgId : null;
  const [row] = await ctx.db
    .insert(listeningMeetings)
    .values({
      kind: input.kind,
      regionCode: actor.regionCode ?? first.regionCode,
      districtCode: input.kind === 'forum' ? null : first.districtCode,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      enterpriseIds: [...ents.keys()],
      quarter: quarterOf(input.plannedOn),
      plannedOn: input.plannedOn,
      staff: input.staff,
      purpose: input.purpose,
      agenda: input.agenda ?? null,
      associationOrgId,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  ctx.audit = { targetType: 'listening_meeting', targetId: row!.id, after: { kind: row!.kind, enterpriseIds: row!.enterpriseIds, plannedOn: row!.plannedOn } };
  return getMeeting(ctx, row!.id);
}

async function lockPlanned(ctx: Ctx, id: number) {
  assertStaff(requireActor(ctx));
  const m = await findMeeting(ctx, id, true);
  if (m.status !== 'planned') throw fieldError('status', M.notPlanned, 'CONFLICT');
  return m;
}

export async function updateMeeting(ctx: Ctx, id: number, input: Update): Promise<Meeting> {
  const m = await lockPlanned(ctx, id);
  const ids = input.enterpriseIds ?? m.enterpriseIds;
  if (m.kind !== 'forum' && new Set(ids).size !== 1) throw fieldError('enterpriseIds', M.oneEnterprise);
  if (input.enterpriseIds) await enterprisesInScope(ctx, ids, 'enterpriseIds');
  const plannedOn = input.plannedOn ?? m.plannedOn;
  await ctx.db
    .update(listeningMeetings)
    .set({ ...input, enterpriseIds: [...new Set(ids)], plannedOn, quarter: quarterOf(plannedOn), updatedAt: ctx.now })
    .where(eq(listeningMeetings.id, id));
  ctx.audit = { targetType: 'listening_meeting', targetId: id, before: { plannedOn: m.plannedOn, enterpriseIds: m.enterpriseIds }, after: input };
  return getMeeting(ctx, id);
}

export async function cancelMeeting(ctx: Ctx, id: number): Promise<Meeting> {
  await lockPlanned(ctx, id);
  await ctx.db.update(listeningMeetings).set({ status: 'cancelled', updatedAt: ctx.now }).where(eq(listeningMeetings.id, id));
  ctx.audit = { targetType: 'listening_meeting', targetId: id, after: { status: 'cancelled' } };
  return getMeeting(ctx, id);
}

/** Records what happened; each need found becomes an item of the tracker (state open, to assign). */
export async function recordMeeting(ctx: Ctx, id: number, input: MeetingRecord): Promise<Meeting> {
  const m = await lockPlanned(ctx, id);
  const attended = new Set(m.enterpriseIds);
  for (const [i, p] of input.peopleMet.entries()) {
    if (p.enterpriseId && !attended.has(p.enterpriseId)) throw fieldError(`peopleMet.${i}.enterpriseId`, M.needNotAttendee);
  }
  for (const [i, n] of input.needs.entries()) {
    const eid = n.enterpriseId ?? (m.kind === 'forum' ? undefined : m.enterpriseIds[0]);
    if (!eid || !attended.has(eid)) throw fieldError(`needs.${i}.enterpriseId`, M.needNotAttendee);
  }
  // photos taken on site: the recorder's own uploads, pictures by their content (PNG, JPEG, GIF, WebP), ≤ 5 MB each
  const photos = await claimImages(ctx, input.photoFileIds, 'photoFileIds');
  await ctx.db
    .update(listeningMeetings)
    .set({
      status: 'recorded',
      heldOn: input.heldOn,
      notes: input.notes,
      peopleMet: input.peopleMet,
      situation: input.situation ?? null,
      photoFileIds: photos.map((f) => f.id),
      updatedAt: ctx.now,
    })
    .where(eq(listeningMeetings.id, id));
  const needIds: number[] = [];
  for (const n of input.needs) {
    const eid = n.enterpriseId ?? m.enterpriseIds[0]!;
    needIds.push(await insertNeed(ctx, { enterpriseId: eid, kind: n.kind, category: n.category, title: n.title, detail: n.detail, source: m.kind, sourceId: m.id }, 'needs'));
  }
  ctx.audit = { targetType: 'listening_meeting', targetId: id, after: { status: 'recorded', heldOn: input.heldOn, needIds, photoFileIds: photos.map((f) => f.id) } };
  return getMeeting(ctx, id);
}

/** One photo of a meeting the actor can see (404 for a file that is not one of its photos). */
export async function meetingPhoto(ctx: Ctx, id: number, fileId: number): Promise<FileRow> {
  const m = await findMeeting(ctx, id);
  if (!m.photoFileIds.includes(fileId)) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return f;
}
