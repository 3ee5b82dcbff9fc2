import { z } from 'zod';
import { type WorkCalendar } from './work-calendar.js';

export * from './holidays.js';
export * from './work-calendar.js';

/**
 * The deadline engine: statutory clocks as data, counted over the State Council's working-day calendar.
 * Dates are `YYYY-MM-DD` strings in Asia/Shanghai; arithmetic runs on UTC midnights so no machine zone can shift a day.
 * Limits in hours are counted from the instant, in hours, with no holiday shift (a due time, not a date).
 */

export const DEADLINE_UNITS = ['working', 'calendar', 'hours'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];
/** What may stop a clock; each rule names the ones its text excludes from the period. */
export const PAUSE_REASONS = ['appraisal', 'rightholder_identification', 'hearing', 'public_notice', 'suspension', 'refund_order'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const PAUSE_REASON_LABELS: Record<PauseReason, { zh: string; en: string }> = {
  appraisal: { zh: '检测、检验、检疫、鉴定', en: 'Testing, inspection, quarantine or appraisal' },
  rightholder_identification: { zh: '权利人辨认或者鉴别', en: 'Identification by the rights holder' },
  hearing: { zh: '听证', en: 'Hearing' },
  public_notice: { zh: '公告', en: 'Public notice' },
  suspension: { zh: '中止调查', en: 'Investigation suspended' },
  refund_order: { zh: '责令退还多收价款', en: 'Ordered refund of overcharges' },
};

const msg = z.object({ zh: z.string(), en: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where a rule comes from: the text, the article, and where the text was read (or that it was not found). */
export const ruleSource = z.object({
  /** the text's name and number, e.g. 市场监督管理投诉举报处理办法（总局令第121号） */
  title: z.string(),
  article: z.string(),
  /** the public repository and path the article was read in; absent when no text was found */
  repository: z.string().optional(),
  path: z.string().optional(),
  /** the operative words, as read */
  quote: z.string().optional(),
  /** the article was read in that text and says what the rule does */
  verified: z.boolean(),
  note: z.string().optional(),
});
export type RuleSource = z.infer<typeof ruleSource>;

export const deadlineRule = z
  .object({
    key: z.string(),
    track: z.string(),
    stage: z.string(),
    /** the event whose date (or, for hours, instant) starts the clock */
    anchor: z.string(),
    /** actions that stop the clock */
    closesOn: z.array(z.string()),
    length: z.number().int().min(0),
    unit: z.enum(DEADLINE_UNITS),
    extensions: z.array(z.object({ length: z.number().int().min(0), approver: z.string(), collective: z.boolean().optional(), label: msg })),
    pauses: z.array(z.enum(PAUSE_REASONS)),
    namedReporterOnly: z.boolean().optional(),
    /** this version of the text sets no time limit for the step: no clock starts under it */
    noLimit: z.boolean().optional(),
    /** working days before the due date at which the item is due soon and reminders go out (default DEFAULT_LEAD_DAYS) */
    leadDays: z.number().int().min(0).max(30).optional(),
    /** for limits in hours: hours before the due time at which the item is due soon (default DEFAULT_LEAD_HOURS) */
    leadHours: z.number().int().min(0).max(72).optional(),
    label: msg,
    citation: z.string(),
    source: ruleSource,
    /** the day this version applies from: a clock uses the version in force on its start date */
    effectiveFrom: isoDate,
  })
  .refine((r) => r.unit !== 'hours' || r.pauses.length === 0, { message: 'a limit in hours has no pauses (pauses are days)' });
export type DeadlineRule = z.infer<typeof deadlineRule>;
export const deadlineRuleSet = z.object({ id: z.string(), name: msg, effectiveFrom: isoDate, note: z.string().optional(), rules: z.array(deadlineRule) });
export type DeadlineRuleSet = z.infer<typeof deadlineRuleSet>;

/** Every version of every rule, by key, oldest first. */
export function ruleVersions(sets: DeadlineRuleSet[]): Map<string, DeadlineRule[]> {
  const out = new Map<string, DeadlineRule[]>();
  for (const set of sets) for (const r of set.rules) out.set(r.key, [...(out.get(r.key) ?? []), r]);
  for (const [key, list] of out) {
    list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const dup = list.find((r, i) => i > 0 && r.effectiveFrom === list[i - 1].effectiveFrom);
    if (dup) throw new Error(`deadline rule ${key} has two versions from ${dup.effectiveFrom}`);
  }
  return out;
}

/** The version in force on a day (a clock's start date); before the first known version, the first. */
export function ruleOn(versions: DeadlineRule[], on: string): DeadlineRule {
  let pick = versions[0];
  for (const r of versions) if (r.effectiveFrom <= on) pick = r;
  return pick;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DAY = 86_400_000;
export const parseDate = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addCalendarDays = (d: string, n: number) => formatDate(parseDate(d) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((parseDate(to) - parseDate(from)) / DAY);

/** A stretch during which a clock stands still (inclusive; `to` null = still paused). */
export interface Pause {
  from: string;
  to: string | null;
}

export interface DueInput {
  /** the anchor event's date (Asia/Shanghai); not counted (Art. 80) */
  start: string;
  length: number;
  unit: 'working' | 'calendar';
  /** extra length granted by approved extensions, in the rule's unit */
  extension?: number;
  pauses?: Pause[];
}

export interface DueResult {
  /** null while a pause is open: the clock stands still. While provisional: the earliest date any plausible arrangement gives */
  due: string | null;
  /** the latest date any plausible arrangement gives (= due once the calendar is known) */
  latest: string | null;
  /** the count passed through a year whose holiday arrangement is not published */
  provisional: boolean;
  /** days (any kind) excluded by pauses */
  pausedDays: number;
}

/**
 * Art. 80 counting: the first day is not counted; in working days only working days count; a calendar-day period
 * that ends on a day off ends on the next working day. Days inside a pause do not count. Over a year whose arrangement
 * is not published the answer is a range: `due` is the earliest date, never later than the real one will be.
 */
export function computeDue(cal: WorkCalendar, input: DueInput): DueResult {
  const pauses = input.pauses ?? [];
  if (pauses.some((p) => p.to === null)) return { due: null, latest: null, provisional: false, pausedDays: 0 };
  const paused = (d: string) => pauses.some((p) => d >= p.from && d <= (p.to as string));
  const target = input.length + (input.extension ?? 0);
  let range;
  let end: string;
  if (input.unit === 'working' && target > 0) {
    range = cal.nthWorkday(input.start, target, paused);
    end = range.earliest;
  } else {
    // calendar days: count the days outside pauses, then the first working day from there
    let d = input.start;
    for (let counted = 0; counted < target; ) {
      d = addCalendarDays(d, 1);
      if (!paused(d)) counted++;
    }
    range = cal.nthWorkday(addCalendarDays(d, -1), 1);
    end = range.earliest;
  }
  let pausedDays = 0;
  for (let d = addCalendarDays(input.start, 1); d <= end; d = addCalendarDays(d, 1)) if (paused(d)) pausedDays++;
  return { due: range.earliest, latest: range.latest, provisional: range.provisional, pausedDays };
}

/** A limit in hours: the due instant, counted from the anchor instant, with no holiday shift. */
export function computeDueAt(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * 3_600_000);
}

export const CLOCK_STATES = ['on_track', 'due_soon', 'overdue', 'paused', 'closed_on_time', 'closed_late'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];
export const CLOCK_STATE_LABELS: Record<ClockState, { zh: string; en: string }> = {
  on_track: { zh: '正常', en: 'On track' },
  due_soon: { zh: '即将到期', en: 'Due soon' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  paused: { zh: '已中止计时', en: 'Paused' },
  closed_on_time: { zh: '按期办结', en: 'Closed on time' },
  closed_late: { zh: '逾期办结', en: 'Closed late' },
};

/** Working days before the due date at which an item counts as due soon (and reminders go out), per rule key. */
export const DEFAULT_LEAD_DAYS = 2;
/** For limits in hours: hours before the due time at which the item counts as due soon. */
export const DEFAULT_LEAD_HOURS = 8;

export interface ClockTimes {
  due: string | null;
  closedOn: string | null;
  /** limits in hours: the due instant and the instant the clock was stopped */
  dueAt?: Date | null;
  closedAt?: Date | null;
}

/**
 * A clock's state today. A limit in hours is judged by the instant (`now`): overdue the minute after its due time, not
 * the day after.
 */
export function clockState(clock: ClockTimes, today: string, leadDays = DEFAULT_LEAD_DAYS, now?: Date, leadHours = DEFAULT_LEAD_HOURS): ClockState {
  if (clock.dueAt) {
    const due = clock.dueAt.getTime();
    if (clock.closedOn) return (clock.closedAt ? clock.closedAt.getTime() > due : clock.closedOn > (clock.due ?? clock.closedOn)) ? 'closed_late' : 'closed_on_time';
    const at = now?.getTime();
    if (at === undefined) return today > (clock.due ?? today) ? 'overdue' : 'due_soon';
    if (at > due) return 'overdue';
    return due - at <= leadHours * 3_600_000 ? 'due_soon' : 'on_track';
  }
  if (clock.closedOn) return clock.due && clock.closedOn > clock.due ? 'closed_late' : 'closed_on_time';
  if (!clock.due) return 'paused';
  if (today > clock.due) return 'overdue';
  if (daysBetween(today, clock.due) <= leadDays) return 'due_soon';
  return 'on_track';
}

/** closed-on-time ÷ (closed + open overdue); null when there is nothing to rate. */
export function onTimeRate(states: ClockState[]): number | null {
  const onTime = states.filter((s) => s === 'closed_on_time').length;
  const denominator = states.filter((s) => s === 'closed_on_time' || s === 'closed_late' || s === 'overdue').length;
  return denominator === 0 ? null : onTime / denominator;
}

/** Today's date in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An instant as Asia/Shanghai `YYYY-MM-DD HH:mm` (a limit in hours is shown and reminded with its time). */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * `YYYY-MM-DD` plus whole months (negative too); the 31st of a shorter month becomes its last day: a review cycle's next
 * date, "届满 n 个月" of a publication term (the first day not counted).
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
