/**
 * The deadline engine on cases: the rule sets of `config/deadlines/` (each rule in the version in force on the clock's
 * start date), the working-day calendar, and the clocks each step starts and stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  clockState,
  computeDue,
  computeDueAt,
  deadlineRuleSet,
  ruleOn,
  ruleVersions,
  shanghaiDate,
  shanghaiDateTime,
  type WorkCalendar,
  type ClockView,
  type DeadlineRule,
} from '@shangmi/shared';
import { caseClocks } from '../../db/schema/index.js';
import { loadCalendar as loadWorkCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import type { CaseRow, ClockRow } from './scope.js';

export const DEADLINES_DIR = path.resolve(import.meta.dirname, '../../../../../config/deadlines');

/** Every rule set in config/deadlines: each rule key with its versions by effective date (an admin corrects the files). */
function loadRules(): Map<string, DeadlineRule[]> {
  const sets = fs
    .readdirSync(DEADLINES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => deadlineRuleSet.parse(JSON.parse(fs.readFileSync(path.join(DEADLINES_DIR, f), 'utf8'))));
  return ruleVersions(sets);
}
export const RULES = loadRules();

/** The rule for a key in the version in force on `on` (a clock's start date: a complaint received before 2026-04-15 keeps the old text). */
export function rule(key: string, on: string): DeadlineRule {
  const versions = RULES.get(key);
  if (!versions) throw new Error(`no deadline rule ${key}`);
  return ruleOn(versions, on);
}
export const clockRule = (c: Pick<ClockRow, 'ruleKey' | 'startedOn'>) => rule(c.ruleKey, c.startedOn);

/** The working-day calendar (platform/calendar.ts: the workflow engine's limits count on the same one). */
export const loadCalendar = (ctx: Ctx): Promise<WorkCalendar> => loadWorkCalendar(ctx.db);

export const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now);

type ClockBasis = Pick<ClockRow, 'ruleKey' | 'startedOn' | 'startedAt' | 'extension' | 'pauses'>;

/** A clock's due fields: a date (or, while the calendar is unknown, the earliest and latest dates), or for hours an instant. */
export function clockDue(cal: WorkCalendar, c: ClockBasis): Pick<ClockRow, 'dueOn' | 'dueLatest' | 'dueAt' | 'provisional'> {
  const r = clockRule(c);
  if (r.unit === 'hours') {
    const at = computeDueAt(c.startedAt ?? new Date(`${c.startedOn}T00:00:00+08:00`), r.length + c.extension);
    return { dueOn: shanghaiDate(at), dueLatest: null, dueAt: at, provisional: false };
  }
  const d = computeDue(cal, { start: c.startedOn, length: r.length, unit: r.unit, extension: c.extension, pauses: c.pauses });
  return { dueOn: d.due, dueLatest: d.provisional ? d.latest : null, dueAt: null, provisional: d.provisional };
}

/**
 * Starts a clock on `on`, under the rule version in force that day; a version with no limit starts none. A limit in hours
 * starts at this instant.
 */
export async function startClock(ctx: Ctx, cal: WorkCalendar, row: Pick<CaseRow, 'id' | 'orgPath'>, ruleKey: string, on: string, shareId: number | null = null) {
  const r = rule(ruleKey, on);
  if (r.noLimit) return;
  const base = { ruleKey, startedOn: on, startedAt: r.unit === 'hours' ? ctx.now : null, extension: 0, pauses: [] };
  await ctx.db.insert(caseClocks).values({ ...base, ...clockDue(cal, base), caseId: row.id, shareId, orgPath: row.orgPath });
}

/** Stops the open clocks of a case that `action` ends. */
export async function closeClocks(ctx: Ctx, caseId: number, action: string, on: string, shareId?: number) {
  const open = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), isNull(caseClocks.closedOn)));
  const ids = open.filter((c) => clockRule(c).closesOn.includes(action) && (shareId === undefined || c.shareId === shareId)).map((c) => c.id);
  if (ids.length) await ctx.db.update(caseClocks).set({ closedOn: on, closedAt: ctx.now }).where(inArray(caseClocks.id, ids));
}

export function toClockView(c: ClockRow, today: string, now: Date): ClockView {
  const r = clockRule(c);
  return {
    id: c.id,
    caseId: c.caseId,
    shareId: c.shareId,
    ruleKey: c.ruleKey,
    label: r.label,
    citation: r.citation,
    unit: r.unit,
    startedOn: c.startedOn,
    dueOn: c.dueOn,
    dueLatest: c.dueLatest,
    dueAt: c.dueAt?.toISOString() ?? null,
    provisional: c.provisional,
    extension: c.extension,
    pauses: c.pauses,
    closedOn: c.closedOn,
    state: clockState({ due: c.dueOn, closedOn: c.closedOn, dueAt: c.dueAt, closedAt: c.closedAt }, today, r.leadDays, now, r.leadHours),
  };
}

/** Past its limit: a limit in hours from its due instant, a limit in days from the day after its due date. */
export function clockOverdue(c: Pick<ClockRow, 'dueOn' | 'dueAt'>, now: Date): boolean {
  if (c.dueAt) return now > c.dueAt;
  return !!c.dueOn && c.dueOn < shanghaiDate(now);
}

/** The due date as a message says it: with the time for a limit in hours, with the range while provisional. */
export function dueText(c: Pick<ClockRow, 'dueOn' | 'dueAt' | 'dueLatest' | 'provisional'>, locale: 'zh' | 'en' = 'zh'): string {
  if (c.dueAt) return shanghaiDateTime(c.dueAt);
  if (!c.dueOn) return '—';
  if (!c.provisional) return c.dueOn;
  const range = c.dueLatest && c.dueLatest !== c.dueOn ? `${c.dueOn}–${c.dueLatest}` : c.dueOn;
  return locale === 'zh' ? `${range}（暂定，按最早日期计）` : `${range} (provisional, counted by the earliest date)`;
}
