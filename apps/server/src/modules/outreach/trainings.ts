/**
 * Trainings (培训): a session organised by a bureau, a site or a provider; enrolment by the organiser or oneself within
 * the capacity (the training row locked, so two enrolments at once cannot both take the last place); check-in by the
 * QR code's link, once, on the day; the hours are credited at check-in and summed per person and year.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Page, OutreachTraining, OutreachTrainingCreate, TrainingListQuery, OutreachTrainingUpdate } from '@shangmi/shared';
import { outreachEnrolments, outreachTrainings, users } from '../../db/schema/index.js';
import { andAll, containsPattern, requireActor, scopeCondition } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { cachedCount } from '../../platform/count-cache.js';
import { AppError, conflict, fieldError } from '../../platform/errors.js';
import { claimFiles, filesByIds } from '../files/files.service.js';
import { M } from './outreach.messages.js';
import { certificateAllowed } from './quiz.js';
import { audiencesOf, findTraining, mayManage, offeredScope, organisedScope, orgNames, organiserOf, todayOf, trainingScope, type TrainingRow } from './scope.js';

const toHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

async function toTrainings(ctx: Ctx, rows: TrainingRow[]): Promise<OutreachTraining[]> {
  const actor = requireActor(ctx);
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  const mine = rows.length
    ? await ctx.db
        .select()
        .from(outreachEnrolments)
        .where(and(eq(outreachEnrolments.userId, actor.userId), inArray(outreachEnrolments.trainingId, rows.map((r) => r.id))))
    : [];
  const byTraining = new Map(mine.map((e) => [e.trainingId, e]));
  const fileIds = [...new Set(rows.flatMap((r) => r.materialFileIds))];
  const files = new Map((await filesByIds(ctx, fileIds)).map((f) => [f.id, f.name]));
  return rows.map((r) => {
    const manage = mayManage(actor, r);
    const e = byTraining.get(r.id);
    return {
      id: r.id,
      regionCode: r.regionCode,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      title: r.title,
      audience: r.audience,
      heldOn: r.heldOn,
      startTime: r.startTime,
      hours: toHours(r.minutes),
      place: r.place,
      onlineUrl: r.onlineUrl,
      capacity: r.capacity,
      enrolled: r.enrolled,
      description: r.description,
      state: r.state,
      materials: r.materialFileIds.map((id) => ({ id, name: files.get(id) ?? '' })),
      checkinPath: manage ? `/checkin/${r.checkinToken}` : null,
      mine: e ? { id: e.id, checkedInAt: e.checkedInAt?.toISOString() ?? null, hours: toHours(e.minutes), quizScore: e.quizScore } : null,
      mayManage: manage,
      hasQuiz: r.quiz !== null,
    };
  });
}

export async function getTraining(ctx: Ctx, id: number): Promise<OutreachTraining> {
  return (await toTrainings(ctx, [await findTraining(ctx, id)]))[0]!;
}

function listWhere(ctx: Ctx, q: TrainingListQuery): SQL | undefined {
  const actor = requireActor(ctx);
  const t = outreachTrainings;
  const view =
    q.view === 'open'
      ? and(offeredScope(actor), eq(t.state, 'planned'), gte(t.heldOn, todayOf(ctx)))
      : q.view === 'mine'
        ? sql`exists (select 1 from ${outreachEnrolments} e where e.training_id = ${t.id} and e.user_id = ${actor.userId})`
        : organisedScope(actor);
  return andAll(
    view,
    q.q ? ilike(t.title, containsPattern(q.q)) : undefined,
    q.audience ? eq(t.audience, q.audience) : undefined,
    q.state ? eq(t.state, q.state) : undefined,
    q.from ? gte(t.heldOn, q.from) : undefined,
    q.to ? lte(t.heldOn, q.to) : undefined,
  );
}

export async function listTrainings(ctx: Ctx, q: TrainingListQuery): Promise<Page<OutreachTraining>> {
  const where = listWhere(ctx, q);
  const dir = q.order === 'asc' || q.view === 'open' ? asc : desc;
  const rows = await ctx.db
    .select()
    .from(outreachTrainings)
    .where(where)
    .orderBy(dir(outreachTrainings.heldOn), dir(outreachTrainings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await cachedCount(ctx.db.select({ total: sql<number>`count(*)::int` }).from(outreachTrainings).where(where));
  return { items: await toTrainings(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

function checkFields(input: Partial<OutreachTrainingCreate>, row?: TrainingRow) {
  const place = input.place !== undefined ? input.place : row?.place;
  const link = input.onlineUrl !== undefined ? input.onlineUrl : row?.onlineUrl;
  if (!place && !link) throw fieldError('place', M.placeOrLink);
}

export async function createTraining(ctx: Ctx, input: OutreachTrainingCreate): Promise<TrainingRow> {
  const actor = requireActor(ctx);
  checkFields(input);
  if (input.materialFileIds.length) await claimFiles(ctx, input.materialFileIds, 'materialFileIds');
  const home = await organiserOf(ctx);
  const [row] = await ctx.db
    .insert(outreachTrainings)
    .values({
      ...home,
      title: input.title,
      audience: input.audience,
      heldOn: input.heldOn,
      startTime: input.startTime,
      minutes: Math.round(input.hours * 60),
      place: input.place ?? null,
      onlineUrl: input.onlineUrl ?? null,
      capacity: input.capacity,
      description: input.description ?? null,
      materialFileIds: input.materialFileIds,
      checkinToken: randomBytes(18).toString('base64url'),
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  ctx.audit = { action: 'outreach.training-create', targetType: 'outreach_training', targetId: row!.id, after: { title: row!.title, heldOn: row!.heldOn, capacity: row!.capacity } };
  return row!;
}

export async function updateTraining(ctx: Ctx, id: number, input: OutreachTrainingUpdate): Promise<TrainingRow> {
  const row = await findTraining(ctx, id, { lock: true, manage: true });
  if (row.state !== 'planned') throw conflict(M.notPlanned);
  checkFields(input, row);
  if (input.capacity !== undefined && input.capacity < row.enrolled) throw fieldError('capacity', M.belowEnrolled(row.enrolled));
  const fresh = input.materialFileIds?.filter((f) => !row.materialFileIds.includes(f)) ?? [];
  if (fresh.length) await claimFiles(ctx, fresh, 'materialFileIds');
  const { hours, ...rest } = input;
  const [after] = await ctx.db
    .update(outreachTrainings)
    .set({ ...rest, ...(hours !== undefined ? { minutes: Math.round(hours * 60) } : {}), updatedAt: ctx.now })
    .where(eq(outreachTrainings.id, id))
    .returning();
  ctx.audit = { action: 'outreach.training-update', targetType: 'outreach_training', targetId: id, before: { title: row.title, heldOn: row.heldOn, capacity: row.capacity }, after: input };
  return after!;
}

export async function cancelTraining(ctx: Ctx, id: number): Promise<void> {
  const row = await findTraining(ctx, id, { lock: true, manage: true });
  if (row.state !== 'planned') throw conflict(M.notPlanned);
  await ctx.db.update(outreachTrainings).set({ state: 'cancelled', updatedAt: ctx.now }).where(eq(outreachTrainings.id, id));
  ctx.audit = { action: 'outreach.training-cancel', targetType: 'outreach_training', targetId: id, before: { state: row.state }, after: { state: 'cancelled' } };
}

/** Takes `n` places of a locked training, or refuses naming the field (nothing written). */
function takePlaces(row: TrainingRow, n: number, field: string) {
  if (row.state !== 'planned') throw conflict(M.notOpen);
  if (row.enrolled + n > row.capacity) throw fieldError(field, M.full(row.capacity), 'CONFLICT');
}

async function insertEnrolments(ctx: Ctx, row: TrainingRow, people: { id: number; orgId: number; orgPath: string }[]) {
  const actor = requireActor(ctx);
  await ctx.db.insert(outreachEnrolments).values(people.map((p) => ({ trainingId: row.id, userId: p.id, orgId: p.orgId, orgPath: p.orgPath, enrolledBy: actor.userId, enrolledAt: ctx.now })));
  await ctx.db
    .update(outreachTrainings)
    .set({ enrolled: sql`${outreachTrainings.enrolled} + ${people.length}`, updatedAt: ctx.now })
    .where(eq(outreachTrainings.id, row.id));
}

/** The actor enrols themself in a training offered to them (their region and audience, planned, not past). */
export async function enrolSelf(ctx: Ctx, id: number): Promise<void> {
  const actor = requireActor(ctx);
  const row = await findTraining(ctx, id, { lock: true });
  if (row.regionCode !== actor.regionCode || !audiencesOf(actor).includes(row.audience)) throw new AppError('FORBIDDEN', { message: M.notForYou });
  if (row.heldOn < todayOf(ctx)) throw conflict(M.notOpen);
  const [had] = await ctx.db.select({ id: outreachEnrolments.id }).from(outreachEnrolments).where(and(eq(outreachEnrolments.trainingId, id), eq(outreachEnrolments.userId, actor.userId)));
  if (had) throw fieldError('userIds', M.alreadyEnrolled, 'CONFLICT');
  takePlaces(row, 1, 'capacity');
  await insertEnrolments(ctx, row, [{ id: actor.userId, orgId: actor.orgId, orgPath: actor.orgPath }]);
  ctx.audit = { action: 'outreach.enrol', targetType: 'outreach_training', targetId: id, after: { userId: actor.userId, enrolled: row.enrolled + 1 } };
}

/** The organiser enrols people of its scope (all or none: one unknown, out-of-scope or enrolled person refuses the lot). */
export async function enrolOthers(ctx: Ctx, id: number, userIds: number[]): Promise<void> {
  const actor = requireActor(ctx);
  const row = await findTraining(ctx, id, { lock: true, manage: true });
  const unique = [...new Set(userIds)];
  // a read-only look at the users table: the people must be within the organiser's own scope
  const people = await ctx.db
    .select({ id: users.id, orgId: users.orgId, orgPath: users.orgPath })
    .from(users)
    .where(and(inArray(users.id, unique), eq(users.status, 'active'), scopeCondition(actor, { orgPath: users.orgPath, orgId: users.orgId, owner: users.id })));
  if (people.length !== unique.length) throw fieldError('userIds', M.userOutOfScope);
  const had = await ctx.db.select({ id: outreachEnrolments.userId }).from(outreachEnrolments).where(and(eq(outreachEnrolments.trainingId, id), inArray(outreachEnrolments.userId, unique)));
  if (had.length) throw fieldError('userIds', M.alreadyEnrolled, 'CONFLICT');
  takePlaces(row, unique.length, 'userIds');
  await insertEnrolments(ctx, row, people);
  ctx.audit = { action: 'outreach.enrol-others', targetType: 'outreach_training', targetId: id, after: { userIds: unique, enrolled: row.enrolled + unique.length } };
}

export async function listEnrolments(ctx: Ctx, id: number) {
  const row = await findTraining(ctx, id, { manage: true });
  const rows = await ctx.db
    .select({ e: outreachEnrolments, userName: users.displayName })
    .from(outreachEnrolments)
    .innerJoin(users, eq(users.id, outreachEnrolments.userId))
    .where(eq(outreachEnrolments.trainingId, row.id))
    .orderBy(asc(outreachEnrolments.id));
  const names = await orgNames(ctx, rows.map((r) => r.e.orgId));
  return rows.map(({ e, userName }) => ({
    id: e.id,
    trainingId: e.trainingId,
    userId: e.userId,
    userName,
    orgName: names.get(e.orgId) ?? '',
    enrolledAt: e.enrolledAt.toISOString(),
    checkedInAt: e.checkedInAt?.toISOString() ?? null,
    hours: toHours(e.minutes),
    certificateNo: e.certificateNo,
    quizScore: e.quizScore,
  }));
}

async function trainingByToken(ctx: Ctx, token: string): Promise<TrainingRow> {
  const [row] = await ctx.db.select().from(outreachTrainings).where(eq(outreachTrainings.checkinToken, token));
  if (!row) throw fieldError('token', M.badToken, 'NOT_FOUND');
  return row;
}

/** What the phone page shows before the button (anyone signed in who may enrol and holds the code). */
export async function checkinInfo(ctx: Ctx, token: string) {
  const row = await trainingByToken(ctx, token);
  const names = await orgNames(ctx, [row.orgId]);
  return { trainingId: row.id, title: row.title, heldOn: row.heldOn, startTime: row.startTime, place: row.place, orgName: names.get(row.orgId) ?? '' };
}

/** Check-in by the QR code's link: enrolled, on the day, once. The hours are credited now; the session counts as held. */
export async function checkIn(ctx: Ctx, token: string) {
  const actor = requireActor(ctx);
  const row = await trainingByToken(ctx, token);
  const [e] = await ctx.db
    .select()
    .from(outreachEnrolments)
    .where(and(eq(outreachEnrolments.trainingId, row.id), eq(outreachEnrolments.userId, actor.userId)))
    .for('update');
  if (!e) throw conflict(M.notEnrolled);
  if (row.state === 'cancelled') throw conflict(M.cancelled);
  const today = todayOf(ctx);
  if (row.heldOn !== today) throw conflict(M.notToday(row.heldOn));
  if (e.checkedInAt) throw conflict(M.alreadyCheckedIn);
  const certificateNo = `SMPX-${row.heldOn.slice(0, 4)}-${String(row.id).padStart(4, '0')}-${String(e.id).padStart(5, '0')}`;
  await ctx.db.update(outreachEnrolments).set({ checkedInAt: ctx.now, minutes: row.minutes, certificateNo }).where(eq(outreachEnrolments.id, e.id));
  if (row.state === 'planned') await ctx.db.update(outreachTrainings).set({ state: 'held', updatedAt: ctx.now }).where(and(eq(outreachTrainings.id, row.id), eq(outreachTrainings.state, 'planned')));
  for (const held of ctx.deps.hooks.all('outreach.activityHeld')) {
    await held(ctx, { ref: `outreach_training:${row.id}`, orgId: row.orgId, serviceKind: 'training', title: row.title, occurredOn: row.heldOn, hours: toHours(row.minutes), people: { add: 1 } });
  }
  ctx.audit = { action: 'outreach.checkin', targetType: 'outreach_training', targetId: row.id, after: { userId: actor.userId, minutes: row.minutes } };
  return { trainingId: row.id, title: row.title, checkedInAt: ctx.now.toISOString(), hours: toHours(row.minutes) };
}

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/** One person's sessions and hours in a year (their own training record). */
export async function myTraining(ctx: Ctx, year: number, goalHours: number) {
  const actor = requireActor(ctx);
  const [from, to] = yearRange(year);
  const rows = await ctx.db
    .select({ e: outreachEnrolments, t: outreachTrainings })
    .from(outreachEnrolments)
    .innerJoin(outreachTrainings, eq(outreachTrainings.id, outreachEnrolments.trainingId))
    .where(and(eq(outreachEnrolments.userId, actor.userId), gte(outreachTrainings.heldOn, from), lte(outreachTrainings.heldOn, to)))
    .orderBy(asc(outreachTrainings.heldOn));
  const names = await orgNames(ctx, rows.map((r) => r.t.orgId));
  const minutes = rows.reduce((s, r) => s + r.e.minutes, 0);
  return {
    year,
    hours: toHours(minutes),
    goalHours,
    sessions: rows.map(({ e, t }) => ({
      enrolmentId: e.id,
      trainingId: t.id,
      title: t.title,
      heldOn: t.heldOn,
      orgName: names.get(t.orgId) ?? '',
      checkedInAt: e.checkedInAt?.toISOString() ?? null,
      hours: toHours(e.minutes),
      certificateNo: e.certificateNo,
    })),
  };
}

/** Hours per person in the actor's scope (the participant's organisation), for the year. */
export async function hoursByPerson(ctx: Ctx, year: number) {
  const actor = requireActor(ctx);
  const [from, to] = yearRange(year);
  const rows = await ctx.db
    .select({
      userId: outreachEnrolments.userId,
      userName: users.displayName,
      orgId: users.orgId,
      sessions: sql<number>`count(*)::int`,
      minutes: sql<number>`sum(${outreachEnrolments.minutes})::int`,
    })
    .from(outreachEnrolments)
    .innerJoin(outreachTrainings, eq(outreachTrainings.id, outreachEnrolments.trainingId))
    .innerJoin(users, eq(users.id, outreachEnrolments.userId))
    .where(
      and(isNotNull(outreachEnrolments.checkedInAt), gte(outreachTrainings.heldOn, from), lte(outreachTrainings.heldOn, to), scopeCondition(actor, { orgPath: outreachEnrolments.orgPath, orgId: outreachEnrolments.orgId, owner: outreachEnrolments.userId })),
    )
    .groupBy(outreachEnrolments.userId, users.displayName, users.orgId)
    .orderBy(desc(sql`sum(${outreachEnrolments.minutes})`))
    .limit(5000);
  const names = await orgNames(ctx, rows.map((r) => r.orgId));
  return rows.map((r) => ({ userId: r.userId, userName: r.userName, orgName: names.get(r.orgId) ?? '', sessions: r.sessions, hours: toHours(r.minutes) }));
}

/** One's own enrolment (or one the actor organises), for the certificate. */
export async function enrolmentFor(ctx: Ctx, trainingId: number, enrolmentId: number) {
  const actor = requireActor(ctx);
  const row = await findTraining(ctx, trainingId);
  const [e] = await ctx.db
    .select({ e: outreachEnrolments, userName: users.displayName })
    .from(outreachEnrolments)
    .innerJoin(users, eq(users.id, outreachEnrolments.userId))
    .where(and(eq(outreachEnrolments.id, enrolmentId), eq(outreachEnrolments.trainingId, trainingId)));
  if (!e || (e.e.userId !== actor.userId && !mayManage(actor, row))) throw new AppError('NOT_FOUND');
  if (!e.e.checkedInAt) throw conflict(M.notCheckedIn);
  if (!certificateAllowed(row.quiz, e.e.quizScore)) throw conflict(M.quizNotPassed(row.quiz!.passMark!));
  const names = await orgNames(ctx, [row.orgId, e.e.orgId]);
  return { training: row, enrolment: e.e, userName: e.userName, organiser: names.get(row.orgId) ?? '', participantOrg: names.get(e.e.orgId) ?? '', hours: toHours(e.e.minutes) };
}

export { toHours, trainingScope };
