/**
 * Publicity events (宣传活动): a calendar of campaigns and activities, planned, then done with their results
 * (participants, reach, photos, new-media links) or cancelled. A new event is announced once to the subscribers of
 * events in its region (and district, when they chose one).
 */
import { asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { EVENT_KIND_LABELS, type EventCreate, type EventListQuery, type EventResult, type OutreachEvent, type Page } from '@shangmi/shared';
import { outreachEvents } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { findDistrict } from '../regions/regions.service.js';
import { claimImages } from './images.js';
import { M } from './outreach.messages.js';
import { eventScope, findEvent, orgNames, organiserOf, todayOf, type EventRow } from './scope.js';
import { notifySubscribers } from './subscriptions.js';

function toEvent(r: EventRow, orgName: string): OutreachEvent {
  return {
    id: r.id,
    regionCode: r.regionCode,
    districtCode: r.districtCode,
    orgId: r.orgId,
    orgName,
    kind: r.kind as OutreachEvent['kind'],
    title: r.title,
    heldOn: r.heldOn,
    endsOn: r.endsOn,
    place: r.place,
    audience: r.audience,
    state: r.state,
    participants: r.participants,
    reach: r.reach,
    links: r.links,
    photoFileIds: r.photoFileIds,
    result: r.result,
  };
}

export async function getEvent(ctx: Ctx, id: number): Promise<OutreachEvent> {
  const r = await findEvent(ctx, id);
  return toEvent(r, (await orgNames(ctx, [r.orgId])).get(r.orgId) ?? '');
}

function listWhere(ctx: Ctx, q: EventListQuery): SQL | undefined {
  const e = outreachEvents;
  return andAll(eventScope(requireActor(ctx)), q.kind ? eq(e.kind, q.kind) : undefined, q.state ? eq(e.state, q.state) : undefined, q.from ? gte(e.heldOn, q.from) : undefined, q.to ? lte(e.heldOn, q.to) : undefined);
}

export async function listEvents(ctx: Ctx, q: EventListQuery): Promise<Page<OutreachEvent>> {
  const where = listWhere(ctx, q);
  const dir = q.order === 'asc' ? asc : desc;
  const rows = await ctx.db
    .select()
    .from(outreachEvents)
    .where(where)
    .orderBy(dir(outreachEvents.heldOn), dir(outreachEvents.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(outreachEvents).where(where));
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  return { items: rows.map((r) => toEvent(r, names.get(r.orgId) ?? '')), total, page: q.page, pageSize: q.pageSize };
}

async function checkEvent(ctx: Ctx, regionCode: string, input: Partial<EventCreate>, row?: EventRow) {
  const heldOn = input.heldOn ?? row?.heldOn;
  const endsOn = input.endsOn !== undefined ? input.endsOn : row?.endsOn;
  if (heldOn && endsOn && endsOn < heldOn) throw fieldError('endsOn', M.endsBeforeStart);
  if (input.districtCode) {
    const d = await findDistrict(ctx, input.districtCode);
    if (!d || d.regionCode !== regionCode) throw fieldError('districtCode', M.districtUnknown);
  }
}

export async function createEvent(ctx: Ctx, input: EventCreate): Promise<EventRow> {
  const actor = requireActor(ctx);
  const home = await organiserOf(ctx);
  await checkEvent(ctx, home.regionCode, input);
  const [row] = await ctx.db
    .insert(outreachEvents)
    .values({ ...home, ...input, endsOn: input.endsOn ?? null, districtCode: input.districtCode ?? null, createdBy: actor.userId, createdAt: ctx.now, updatedAt: ctx.now, announcedAt: ctx.now })
    .returning();
  await notifySubscribers(ctx, {
    topic: 'events',
    regionCode: home.regionCode,
    districtCode: row!.districtCode,
    title: { zh: `宣传活动：${row!.title}（${row!.heldOn}）`, en: `Event: ${row!.title} (${row!.heldOn})` },
    body: { zh: EVENT_KIND_LABELS[input.kind].zh, en: EVENT_KIND_LABELS[input.kind].en },
    link: '/portal',
    record: { kind: 'outreach.event', id: row!.id },
  });
  ctx.audit = { action: 'outreach.event-create', targetType: 'outreach_event', targetId: row!.id, after: input };
  return row!;
}

export async function updateEvent(ctx: Ctx, id: number, input: Partial<EventCreate>): Promise<EventRow> {
  const row = await findEvent(ctx, id, { lock: true });
  if (row.state !== 'planned') throw conflict(M.notPlanned);
  await checkEvent(ctx, row.regionCode, input, row);
  const [after] = await ctx.db
    .update(outreachEvents)
    .set({ ...input, updatedAt: ctx.now })
    .where(eq(outreachEvents.id, id))
    .returning();
  ctx.audit = { action: 'outreach.event-update', targetType: 'outreach_event', targetId: id, before: { title: row.title, heldOn: row.heldOn }, after: input };
  return after!;
}

export async function cancelEvent(ctx: Ctx, id: number): Promise<void> {
  const row = await findEvent(ctx, id, { lock: true });
  if (row.state !== 'planned') throw conflict(M.notPlanned);
  await ctx.db.update(outreachEvents).set({ state: 'cancelled', updatedAt: ctx.now }).where(eq(outreachEvents.id, id));
  ctx.audit = { action: 'outreach.event-cancel', targetType: 'outreach_event', targetId: id, before: { state: row.state }, after: { state: 'cancelled' } };
}

/** Done, with its results (again while done: a correction). Not before the day it started. */
export async function recordResult(ctx: Ctx, id: number, input: EventResult): Promise<EventRow> {
  const row = await findEvent(ctx, id, { lock: true });
  if (row.state === 'cancelled') throw conflict(M.notPlanned);
  if (row.heldOn > todayOf(ctx)) throw conflict(M.resultNotYet);
  const fresh = input.photoFileIds.filter((f) => !row.photoFileIds.includes(f));
  if (fresh.length) await claimImages(ctx, fresh, 'photoFileIds');
  const [after] = await ctx.db
    .update(outreachEvents)
    .set({ state: 'done', participants: input.participants, reach: input.reach ?? null, links: input.links, photoFileIds: input.photoFileIds, result: input.result, updatedAt: ctx.now })
    .where(eq(outreachEvents.id, id))
    .returning();
  for (const held of ctx.deps.hooks.all('outreach.activityHeld')) {
    await held(ctx, { ref: `outreach_event:${id}`, orgId: row.orgId, serviceKind: 'publicity', title: after!.title, occurredOn: row.heldOn, hours: 0, people: { set: input.participants } });
  }
  ctx.audit = { action: 'outreach.event-result', targetType: 'outreach_event', targetId: id, before: { state: row.state, participants: row.participants }, after: { state: 'done', participants: input.participants, reach: input.reach } };
  return after!;
}
