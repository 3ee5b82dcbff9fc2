/**
 * The deadline engine on cases: the rule sets of `config/deadlines/`, the working-day calendar, and the clocks each step
 * starts and stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { clockState, computeDue, deadlineRuleSet, shanghaiDate, type ClockView, type DeadlineRule, type WorkCalendar } from '@shangmi/shared';
import { caseClocks } from '../../db/schema/index.js';
import { loadCalendar as loadWorkCalendar } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import type { CaseRow, ClockRow } from './scope.js';

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

/** The working-day calendar (platform/calendar.ts: the workflow engine's limits count on the same one). */
export const loadCalendar = (ctx: Ctx): Promise<WorkCalendar> => loadWorkCalendar(ctx.db);

export const todayOf = (ctx: Ctx) => shanghaiDate(ctx.now);

export function clockDue(cal: WorkCalendar, c: Pick<ClockRow, 'ruleKey' | 'startedOn' | 'extension' | 'pauses'>) {
  const r = rule(c.ruleKey);
  return computeDue(cal, { start: c.startedOn, length: r.length, unit: r.unit, extension: c.extension, pauses: c.pauses });
}

export async function startClock(ctx: Ctx, cal: WorkCalendar, row: Pick<CaseRow, 'id' | 'orgPath'>, ruleKey: string, on: string, shareId: number | null = null) {
  const base = { ruleKey, startedOn: on, extension: 0, pauses: [] };
  const d = clockDue(cal, base);
  await ctx.db.insert(caseClocks).values({ ...base, caseId: row.id, shareId, dueOn: d.due, provisional: d.provisional, orgPath: row.orgPath });
}

/** Stops the open clocks of a case that `action` ends. */
export async function closeClocks(ctx: Ctx, caseId: number, action: string, on: string, shareId?: number) {
  const open = await ctx.db
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), isNull(caseClocks.closedOn)));
  const ids = open.filter((c) => rule(c.ruleKey).closesOn.includes(action) && (shareId === undefined || c.shareId === shareId)).map((c) => c.id);
  if (ids.length) await ctx.db.update(caseClocks).set({ closedOn: on }).where(inArray(caseClocks.id, ids));
}

export function toClockView(c: ClockRow, today: string): ClockView {
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
