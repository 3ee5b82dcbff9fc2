import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { computeDue } from '@shangmi/shared';
import { workflowInstances, workflowSteps } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../context.js';
import { loadCalendar, todayIn } from '../calendar.js';
import { cappedCount, one } from '../count-cache.js';
import { AppError, fieldError } from '../errors.js';
import { notify } from '../inbox.js';
import { requireActor } from '../access.js';
import { asList, workflowKinds, type TransitionDef, type WorkflowDef } from './define.js';
import { recipientsOf } from './recipients.js';

type Msg = { zh: string; en: string };
export type InstanceRow = typeof workflowInstances.$inferSelect;
export type StepRow = typeof workflowSteps.$inferSelect;

/** Where a record lives: its home organisation (the bureaus above it decide), every path it is seen under, its name. */
export interface Home {
  orgId: number;
  orgPath: string;
  /** further organisations under which the record is seen (a coaching site); the home path is always included */
  alsoPaths?: (string | null)[];
  regionCode?: string | null;
  label: string;
}

export interface StepInput<S extends string> {
  home: Home;
  /** the target, when the transition declares several */
  to?: S;
  comment?: string | null;
  fileIds?: number[];
  data?: Record<string, unknown>;
  /** the version the caller acted on (optional): a different current version answers TRANSITION_CONFLICT */
  version?: number;
  /** the new state's due date (YYYY-MM-DD), for a limit declared without a length: the module's own cycle */
  dueOn?: string | null;
}

export interface StepResult<S extends string> {
  from: S;
  to: S;
  instance: InstanceRow;
  step: StepRow;
}

/** Who a system step is recorded as (no user, no organisation): the platform acting on a time limit. */
const SYSTEM_ACTOR = { userId: 0, displayName: '系统', orgId: 0, orgName: '商秘通平台' } as Actor;

const pathsOf = (h: Home) => [...new Set([h.orgPath, ...(h.alsoPaths ?? []).filter((p): p is string => !!p)])];

// ---------------------------------------------------------------------------------------------------------------
// Who may act

/** The actor's organisation is above the record's home and the actor's scope reaches it (or the scope is everything). */
function coversAsBureau(actor: Actor, inst: Pick<InstanceRow, 'orgId' | 'orgPath'>): boolean {
  if (actor.orgKind === 'enterprise' || actor.orgKind === 'site') return false;
  if (actor.scope === 'all') return true;
  return actor.scope === 'org_and_below' && inst.orgPath.startsWith(actor.orgPath) && inst.orgId !== actor.orgId;
}

/** The actor's data scope reaches one of the paths the record is seen under. */
function reaches(actor: Actor, inst: Pick<InstanceRow, 'paths' | 'submittedBy'>): boolean {
  switch (actor.scope) {
    case 'all':
      return true;
    case 'org_and_below':
      return inst.paths.some((p) => p.startsWith(actor.orgPath));
    case 'org':
      return inst.paths.includes(actor.orgPath);
    case 'self':
      return inst.submittedBy === actor.userId;
  }
}

const stateLabel = (def: WorkflowDef, s: string): Msg => def.states[s]?.label ?? { zh: s, en: s };

/**
 * Why the actor may not take the transition now, or null. The order matters for what a caller learns: the state first
 * (a step nobody can take now is a 409 whoever asks), then the permission, the scope, and the separation of duties.
 */
function refusal(actor: Actor, def: WorkflowDef, inst: Pick<InstanceRow, 'state' | 'orgId' | 'orgPath' | 'paths' | 'round' | 'submittedBy'>, t: TransitionDef<string>): AppError | null {
  if (!asList(t.from).includes(inst.state)) {
    const now = stateLabel(def, inst.state);
    return new AppError('TRANSITION_NOT_ALLOWED', {
      message: t.refuse?.state ?? {
        zh: `${def.label.zh}当前为“${now.zh}”，不能${t.label.zh}（可能已由他人处理）`,
        en: `The ${def.label.en.toLowerCase()} is now “${now.en}”: it cannot be ${t.label.en.toLowerCase()} (someone may have acted first)`,
      },
      details: { state: inst.state, transition: t.name },
    });
  }
  if (t.system || !actor.permissions.has(t.permission)) return new AppError('FORBIDDEN');
  const inScope = (t.by ?? 'record') === 'bureau' ? coversAsBureau(actor, inst) : reaches(actor, inst);
  if (!inScope) {
    return new AppError('FORBIDDEN', {
      message: t.refuse?.scope ?? { zh: `只有主管部门可以${t.label.zh}`, en: `Only the supervising bureau can take this step (${t.label.en.toLowerCase()})` },
    });
  }
  const round = inst.round ?? {};
  if (t.onlyBy && round[t.onlyBy] !== actor.userId) {
    return new AppError('FORBIDDEN', { message: t.refuse?.onlyBy ?? { zh: `只有经办人可以${t.label.zh}`, en: `Only the person who took the earlier step can do this` } });
  }
  if ((t.separateFrom ?? []).some((n) => round[n] === actor.userId)) {
    return new AppError('SEPARATION_OF_DUTIES', t.refuse?.separation ? { message: t.refuse.separation } : {});
  }
  return null;
}

function transitionOf(def: WorkflowDef, name: string): TransitionDef<string> {
  const t = def.transitions.find((x) => x.name === name);
  if (!t) throw new Error(`workflow ${def.kind} has no transition ${name}`);
  return t;
}

/**
 * Whether the actor may take a transition on this instance now (for the buttons a page shows). `null` instance: the
 * record has not started its path, so it stands in the initial state.
 */
export function mayTake(actor: Actor, def: WorkflowDef, inst: InstanceRow | null, name: string, home?: Home): boolean {
  const t = transitionOf(def, name);
  const view = inst ?? (home ? { state: def.initial, orgId: home.orgId, orgPath: home.orgPath, paths: pathsOf(home), round: {}, submittedBy: null } : null);
  return view ? refusal(actor, def, view, t) === null : false;
}

/**
 * Throws what taking the step now would answer for state, permission, scope and separation of duties, without writing:
 * for a module that validates its own input afterwards and wants the path's refusal first (the step itself checks
 * again under the lock).
 */
export async function checkStep(ctx: Ctx, def: WorkflowDef, recordId: number, name: string, home: Home): Promise<void> {
  const actor = requireActor(ctx);
  const inst = await instanceOf(ctx, def, recordId);
  const view = { ...(inst ?? { state: def.initial, round: {}, submittedBy: null }), orgId: home.orgId, orgPath: home.orgPath, paths: pathsOf(home) };
  const refused = refusal(actor, def, view, transitionOf(def, name));
  if (refused) throw refused;
}

// ---------------------------------------------------------------------------------------------------------------
// Taking a step

/** The instance of a record, locked for this transaction; created in the initial state when the path starts. */
async function lockInstance(ctx: Ctx, def: WorkflowDef, recordId: number, home: Home): Promise<InstanceRow> {
  const where = and(eq(workflowInstances.kind, def.kind), eq(workflowInstances.recordId, recordId));
  let [inst] = await ctx.db.select().from(workflowInstances).where(where).for('update');
  if (!inst) {
    // a concurrent first step waits on the unique index here, then finds the row the other one committed
    await ctx.db
      .insert(workflowInstances)
      .values({ kind: def.kind, recordId, regionCode: home.regionCode ?? null, orgId: home.orgId, orgPath: home.orgPath, paths: pathsOf(home), label: home.label, state: def.initial, enteredAt: ctx.now, createdAt: ctx.now })
      .onConflictDoNothing();
    [inst] = await ctx.db.select().from(workflowInstances).where(where).for('update');
  }
  return inst;
}

function checkRequirements(t: TransitionDef<string>, input: StepInput<string>) {
  const req = t.requires ?? {};
  if (req.reason && !input.comment?.trim()) {
    throw fieldError('comment', t.refuse?.reason ?? { zh: `${t.label.zh}时须填写理由`, en: `is required (give the reason for this step: ${t.label.en.toLowerCase()})` });
  }
  for (const f of req.fields ?? []) {
    const v = input.data?.[f];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) throw fieldError(f, { zh: '必填', en: 'is required' });
  }
  if (req.files && (input.fileIds?.length ?? 0) < req.files) {
    throw fieldError('fileIds', { zh: `${t.label.zh}须上传佐证材料`, en: `are required for this step (${t.label.en.toLowerCase()})` });
  }
}

/** The time limit of a state entered today, or null. */
async function dueFor(ctx: Ctx, def: WorkflowDef, state: string, given: string | null | undefined): Promise<string | null> {
  const limit = def.limits?.[state];
  if (!limit) return null;
  if (limit.length === undefined) {
    if (given === undefined) throw new Error(`workflow ${def.kind}: the limit of ${state} has no length, so the step must give dueOn`);
    return given;
  }
  const cal = await loadCalendar(ctx.db);
  return computeDue(cal, { start: todayIn(ctx.now), length: limit.length, unit: limit.unit }).due;
}

const fill = (m: Msg, label: string): Msg => ({ zh: m.zh.replaceAll('{record}', label), en: m.en.replaceAll('{record}', label) });

/**
 * Takes one step on a record's path, inside the caller's transaction (its `req.mutate`: the audit row is the request's).
 * Locks the instance row, refuses a step the state does not allow (409 TRANSITION_NOT_ALLOWED — also what the second of
 * two people acting at once gets, once the first committed), a stale `version` (409 TRANSITION_CONFLICT), a missing
 * permission or scope (403), a breach of separation of duties (403 SEPARATION_OF_DUTIES), a missing reason, field or
 * file (400, naming the field); appends the step to the history; sets the new state's time limit; and tells whom the
 * new state concerns (inbox + outbox, same transaction).
 */
export async function takeStep<S extends string>(ctx: Ctx, def: WorkflowDef<S>, recordId: number, name: string, input: StepInput<S>): Promise<StepResult<S>> {
  const d = def as unknown as WorkflowDef;
  const t = transitionOf(d, name);
  // a system step (a job's) has no actor; any other step needs one
  const actor = t.system && !ctx.actor ? SYSTEM_ACTOR : requireActor(ctx);
  const inst = await lockInstance(ctx, d, recordId, input.home);
  const home = { orgId: input.home.orgId, orgPath: input.home.orgPath, paths: pathsOf(input.home), label: input.home.label };
  const view = { ...inst, ...home };
  const refused = actor === SYSTEM_ACTOR ? (asList(t.from).includes(inst.state) ? null : new AppError('TRANSITION_NOT_ALLOWED')) : refusal(actor, d, view, t);
  if (refused) throw refused;
  if (input.version !== undefined && input.version !== inst.version) throw new AppError('TRANSITION_CONFLICT', { details: { version: inst.version } });
  const targets = asList(t.to);
  const to: string = input.to ?? targets[0]!;
  if (!targets.includes(to)) throw new Error(`workflow ${d.kind}: ${name} cannot go to ${to}`);
  checkRequirements(t, input);
  const round = actor === SYSTEM_ACTOR ? inst.round : { ...(t.startsRound ? {} : inst.round), [t.name]: actor.userId };
  const dueOn = await dueFor(ctx, d, to, input.dueOn);
  const [after] = await ctx.db
    .update(workflowInstances)
    .set({
      ...home,
      regionCode: input.home.regionCode ?? inst.regionCode,
      state: to,
      version: sql`${workflowInstances.version} + 1`,
      round,
      enteredAt: ctx.now,
      dueOn,
      reminded: 0,
      ...(t.startsRound && actor !== SYSTEM_ACTOR ? { submittedBy: actor.userId, submittedAt: ctx.now } : {}),
    })
    .where(and(eq(workflowInstances.id, inst.id), eq(workflowInstances.version, inst.version)))
    .returning();
  // the row is locked: a miss means a caller bypassed the lock, which must not pass silently
  if (!after) throw new AppError('TRANSITION_CONFLICT');
  const [step] = await ctx.db
    .insert(workflowSteps)
    .values({
      instanceId: inst.id,
      kind: d.kind,
      recordId,
      at: ctx.now,
      userId: actor === SYSTEM_ACTOR ? null : actor.userId,
      userName: actor.displayName,
      orgId: actor === SYSTEM_ACTOR ? null : actor.orgId,
      orgName: actor.orgName,
      transition: t.name,
      fromState: inst.state,
      toState: to,
      comment: input.comment ?? null,
      fileIds: input.fileIds ?? [],
      data: input.data ?? null,
    })
    .returning();
  const notice = d.notify?.[to];
  if (notice && notice.onEntry !== false) {
    const comment = input.comment?.trim();
    await notify(
      ctx.db,
      ctx.deps.config,
      recipientsOf(after, notice.to, actor === SYSTEM_ACTOR ? null : actor.userId),
      {
        event: notice.event,
        title: fill(notice.title, after.label),
        body: {
          zh: `${actor.displayName}（${actor.orgName}）：${t.label.zh}${comment ? `。意见：${comment}` : ''}`,
          en: `${actor.displayName} (${actor.orgName}): ${t.label.en}${comment ? `. Comment: ${comment}` : ''}`,
        },
        link: d.link(recordId),
        record: { kind: d.kind, id: recordId },
      },
      ctx.now,
    );
  }
  return { from: inst.state as S, to: to as S, instance: after, step };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and upkeep

export async function instanceOf(ctx: Ctx, def: WorkflowDef, recordId: number): Promise<InstanceRow | null> {
  const [row] = await ctx.db
    .select()
    .from(workflowInstances)
    .where(and(eq(workflowInstances.kind, def.kind), eq(workflowInstances.recordId, recordId)));
  return row ?? null;
}

/**
 * Records of a kind whose time limit in a state ran out before today (Asia/Shanghai): the due day itself is still
 * theirs. A module's job takes its system step on each (e.g. an unaccepted help request escalates to the district).
 */
export async function overdueRecords(ctx: Ctx, def: WorkflowDef, state: string, limit = 500): Promise<InstanceRow[]> {
  return ctx.db
    .select()
    .from(workflowInstances)
    .where(and(eq(workflowInstances.kind, def.kind), eq(workflowInstances.state, state), sql`${workflowInstances.dueOn} < ${todayIn(ctx.now)}`))
    .orderBy(workflowInstances.dueOn, workflowInstances.id)
    .limit(limit);
}

/** The steps of some records, newest first (the module has already checked the caller sees the records). */
export async function stepsOf(ctx: Ctx, def: WorkflowDef, recordIds: number[]): Promise<StepRow[]> {
  if (!recordIds.length) return [];
  return ctx.db
    .select()
    .from(workflowSteps)
    .where(and(eq(workflowSteps.kind, def.kind), inArray(workflowSteps.recordId, recordIds)))
    .orderBy(desc(workflowSteps.at), desc(workflowSteps.id));
}

/**
 * A step as a line of its record's history (who, when, which step, why, with what), `data` as the module stored it.
 * Its id is the step's, negated: a module shows its own events beside the steps, and the two tables number apart.
 */
export function historyLine<D extends object>(r: StepRow) {
  return { id: -r.id, at: r.at.toISOString(), userName: r.userName, orgName: r.orgName, action: r.transition, comment: r.comment, fileIds: r.fileIds, changed: [] as string[], data: (r.data ?? {}) as Partial<D> };
}

/** Sorts history lines newest first (a module's own events and its path's steps together). */
export const newestFirst = (a: { at: string; id: number }, b: { at: string; id: number }) => (a.at === b.at ? Math.abs(b.id) - Math.abs(a.id) : a.at < b.at ? 1 : -1);

/** The record's home or label changed (moved district, another coaching site, renamed): the copies follow. */
export async function setHome(ctx: Ctx, def: WorkflowDef, recordId: number, home: Home): Promise<void> {
  await ctx.db
    .update(workflowInstances)
    .set({ orgId: home.orgId, orgPath: home.orgPath, paths: pathsOf(home), label: home.label, regionCode: home.regionCode ?? null })
    .where(and(eq(workflowInstances.kind, def.kind), eq(workflowInstances.recordId, recordId)));
}

/**
 * Two records became one (duplicates merged): the dropped record's steps join the kept record's history; the kept
 * record's path stands as it was (the dropped one's path, if the kept had none, becomes the kept one's).
 */
export async function mergeRecords(ctx: Ctx, def: WorkflowDef, fromId: number, intoId: number): Promise<void> {
  const from = await instanceOf(ctx, def, fromId);
  if (!from) return;
  const into = await instanceOf(ctx, def, intoId);
  if (!into) {
    await ctx.db.update(workflowInstances).set({ recordId: intoId }).where(eq(workflowInstances.id, from.id));
    await ctx.db.update(workflowSteps).set({ recordId: intoId }).where(eq(workflowSteps.instanceId, from.id));
    return;
  }
  await ctx.db.update(workflowSteps).set({ recordId: intoId, instanceId: into.id }).where(eq(workflowSteps.instanceId, from.id));
  await ctx.db.delete(workflowInstances).where(eq(workflowInstances.id, from.id));
}

/** An organisation subtree moved: every path copy under it follows (called from the orgs module's move listeners). */
export async function moveWorkflowPaths(ctx: Ctx, oldPrefix: string, newPrefix: string): Promise<void> {
  const like = `${oldPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const moved = (col: SQL) => sql`case when ${col} like ${like} then ${newPrefix} || substr(${col}, ${oldPrefix.length + 1}) else ${col} end`;
  await ctx.db.execute(sql`
    update ${workflowInstances}
       set org_path = ${moved(sql`org_path`)},
           paths = array(select ${moved(sql`p`)} from unnest(paths) as p)
     where exists (select 1 from unnest(paths) as p where p like ${like})`);
}

/**
 * Transitions that are work waiting for someone (the to-dos): those leaving the state that the actor's permissions
 * allow, less taking a request back (`work: false`, `onlyBy`), which waits for nobody.
 */
const workFrom = (actor: Actor, def: WorkflowDef, state: string) =>
  def.transitions.filter((t) => asList(t.from).includes(state) && t.work !== false && !t.onlyBy && !t.system && actor.permissions.has(t.permission));

/** States of a kind in which some work waits for the actor's permissions (the to-dos ask these). */
export function actionableStates(actor: Actor, def: WorkflowDef): string[] {
  return Object.keys(def.states).filter((s) => workFrom(actor, def, s).length > 0);
}

/**
 * The condition "work waits for the actor on this instance in its state" in SQL: the scope of the transitions leaving the
 * state (bureau: the home path below the actor's organisation, not the organisation itself; record: any path in scope)
 * and their separation of duties (the actor took none of the steps it excludes in this round).
 */
export function actableCondition(actor: Actor, def: WorkflowDef, state: string): SQL | undefined {
  const ways = workFrom(actor, def, state);
  const wi = workflowInstances;
  const conds = ways.map((t) => {
    const parts: SQL[] = [];
    const prefix = `${actor.orgPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if ((t.by ?? 'record') === 'bureau') {
      if (actor.orgKind === 'enterprise' || actor.orgKind === 'site') parts.push(sql`false`);
      else if (actor.scope === 'org_and_below') parts.push(sql`${wi.orgPath} like ${prefix} and ${wi.orgId} <> ${actor.orgId}`);
      else if (actor.scope !== 'all') parts.push(sql`false`);
    } else if (actor.scope === 'org_and_below') parts.push(sql`exists (select 1 from unnest(${wi.paths}) as p where p like ${prefix})`);
    else if (actor.scope === 'org') parts.push(sql`${actor.orgPath} = any(${wi.paths})`);
    else if (actor.scope === 'self') parts.push(sql`${wi.submittedBy} = ${actor.userId}`);
    for (const n of t.separateFrom ?? []) parts.push(sql`coalesce((${wi.round} ->> ${n})::int, 0) <> ${actor.userId}`);
    return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
  });
  if (!conds.length) return sql`false`;
  return sql`(${sql.join(conds, sql` or `)})`;
}

/**
 * The to-dos of every declared kind: for each state a declaration lists under `todos` in which work waits for the
 * actor's permissions, how many records wait there for them (scope and separation of duties applied). Counted at once,
 * count only and capped (count-cache.ts cappedCount: a city's whole backlog is not walked to print "10,000+").
 */
export async function pendingTodos(ctx: Ctx): Promise<{ key: string; path: string; count: number; capped: boolean }[]> {
  const actor = requireActor(ctx);
  const asked = workflowKinds().flatMap((def) =>
    actionableStates(actor, def)
      .filter((s) => def.todos?.[s])
      .map((s) => ({ def, state: s, ...def.todos![s]! })),
  );
  const counts = await Promise.all(
    asked.map((a) =>
      cappedCount(ctx.db, (limit) => ctx.db.select({ one }).from(workflowInstances).where(pendingWhere(actor, a.def, a.state)).limit(limit)),
    ),
  );
  return asked.map((a, i) => ({ key: a.key, path: a.path, count: counts[i]!.total, capped: counts[i]!.capped }));
}

const pendingWhere = (actor: Actor, def: WorkflowDef, state: string) =>
  and(eq(workflowInstances.kind, def.kind), eq(workflowInstances.state, state), actableCondition(actor, def, state));

/** How many records of a kind wait in a state for the actor to act (within scope, separation of duties applied). */
export async function pendingCount(ctx: Ctx, def: WorkflowDef, state: string): Promise<number> {
  const actor = requireActor(ctx);
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(workflowInstances)
    .where(pendingWhere(actor, def, state));
  return Number(n);
}

