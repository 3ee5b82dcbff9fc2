import chineseDays from 'chinese-days';
import { z } from 'zod';

// the package is UMD for Node and ESM for bundlers: its default export carries every function in both
const { getHolidaysInRange, getSolarDateFromLunar, getSolarTermDate, isWorkday: officialIsWorkday } = chineseDays;

/**
 * The deadline engine: statutory clocks as data, counted over the State Council's working-day calendar.
 * Dates are `YYYY-MM-DD` strings in Asia/Shanghai; arithmetic runs on UTC midnights so no machine zone can shift a day.
 */

export const DEADLINE_UNITS = ['working', 'calendar'] as const;
export const PAUSE_REASONS = ['appraisal', 'rightholder_identification', 'expert_review', 'hearing', 'public_notice'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const PAUSE_REASON_LABELS: Record<PauseReason, { zh: string; en: string }> = {
  appraisal: { zh: '鉴定', en: 'Appraisal' },
  rightholder_identification: { zh: '权利人辨认', en: 'Identification by the rights holder' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  hearing: { zh: '听证', en: 'Hearing' },
  public_notice: { zh: '公告', en: 'Public notice' },
};

const msg = z.object({ zh: z.string(), en: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const deadlineRule = z.object({
  key: z.string(),
  track: z.string(),
  stage: z.string(),
  /** the event whose date starts the clock */
  anchor: z.string(),
  /** actions that stop the clock */
  closesOn: z.array(z.string()),
  length: z.number().int().min(0),
  unit: z.enum(DEADLINE_UNITS),
  extensions: z.array(z.object({ length: z.number().int().min(0), approver: z.string(), collective: z.boolean().optional(), label: msg })),
  pauses: z.array(z.enum(PAUSE_REASONS)),
  namedReporterOnly: z.boolean().optional(),
  /** working days before the due date at which the item is due soon and reminders go out (default DEFAULT_LEAD_DAYS) */
  leadDays: z.number().int().min(0).max(30).optional(),
  label: msg,
  citation: z.string(),
  effectiveFrom: isoDate,
});
export type DeadlineRule = z.infer<typeof deadlineRule>;
export const deadlineRuleSet = z.object({ id: z.string(), name: msg, effectiveFrom: isoDate, note: z.string().optional(), rules: z.array(deadlineRule) });
export type DeadlineRuleSet = z.infer<typeof deadlineRuleSet>;

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DAY = 86_400_000;
export const parseDate = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addCalendarDays = (d: string, n: number) => formatDate(parseDate(d) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((parseDate(to) - parseDate(from)) / DAY);
const weekday = (d: string) => new Date(parseDate(d)).getUTCDay();

/** The statutory holidays of 全国年节及纪念日放假办法 (2024 revision, in force 2025-01-01) for a year, without the yearly 调休 arrangement. */
export function statutoryHolidays(year: number): Map<string, string> {
  const out = new Map<string, string>();
  const add = (d: string, name: string) => out.set(d, name);
  add(`${year}-01-01`, '元旦');
  // Spring Festival: lunar New Year's Eve (last day of the 12th lunar month of the year before) and the first three days
  const newYear = getSolarDateFromLunar(`${year}-01-01`).date;
  const eve = addCalendarDays(newYear, -1);
  for (let i = 0; i < 4; i++) add(addCalendarDays(eve, i), '春节');
  add(getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  add(`${year}-05-01`, '劳动节');
  add(`${year}-05-02`, '劳动节');
  add(getSolarDateFromLunar(`${year}-05-05`).date, '端午节');
  add(getSolarDateFromLunar(`${year}-08-15`).date, '中秋节');
  for (let i = 1; i <= 3; i++) add(`${year}-10-0${i}`, '国庆节');
  return out;
}

/** An admin's correction of one day: a working day (`work`) or a day off. */
export interface CalendarOverride {
  date: string;
  work: boolean;
  note?: string | null;
}

export interface DayInfo {
  work: boolean;
  /** counted from the statutory holidays only: the year's official arrangement is not loaded */
  provisional: boolean;
}

const loadedYearsCache = new Map<number, boolean>();
/** Whether chinese-days carries the State Council's arrangement for a year (it lists that year's holidays). */
export function officialYearLoaded(year: number): boolean {
  let v = loadedYearsCache.get(year);
  if (v === undefined) {
    v = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    loadedYearsCache.set(year, v);
  }
  return v;
}

/**
 * The working-day calendar: admin overrides first, then the official arrangement when its year is loaded (from
 * chinese-days, or from the admin: `loadedYears` names years an admin has entered in full), else the statutory holidays
 * plus weekends, marked provisional.
 */
export class WorkCalendar {
  private readonly overrides: Map<string, CalendarOverride>;
  private readonly adminYears: Set<number>;
  private readonly fallback = new Map<number, Map<string, string>>();

  constructor(overrides: CalendarOverride[] = [], loadedYears: number[] = []) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
    this.adminYears = new Set(loadedYears);
  }

  yearLoaded(year: number): boolean {
    return this.adminYears.has(year) || officialYearLoaded(year);
  }

  day(date: string): DayInfo {
    const o = this.overrides.get(date);
    const year = Number(date.slice(0, 4));
    const loaded = this.yearLoaded(year);
    if (o) return { work: o.work, provisional: !loaded };
    if (this.adminYears.has(year)) {
      const wd = weekday(date);
      return { work: wd !== 0 && wd !== 6, provisional: false };
    }
    if (loaded) return { work: officialIsWorkday(date), provisional: false };
    let hol = this.fallback.get(year);
    if (!hol) this.fallback.set(year, (hol = statutoryHolidays(year)));
    const wd = weekday(date);
    return { work: wd !== 0 && wd !== 6 && !hol.has(date), provisional: true };
  }

  isWorkday(date: string): boolean {
    return this.day(date).work;
  }
}

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
  /** null while a pause is open: the clock stands still */
  due: string | null;
  provisional: boolean;
  /** days (any kind) excluded by pauses */
  pausedDays: number;
}

const MAX_SPAN = 3660;

/**
 * Art. 80 counting: the first day is not counted; in working days only working days count; a calendar-day period
 * that ends on a day off ends on the next working day. Days inside a pause do not count.
 */
export function computeDue(cal: WorkCalendar, input: DueInput): DueResult {
  const pauses = input.pauses ?? [];
  if (pauses.some((p) => p.to === null)) return { due: null, provisional: false, pausedDays: 0 };
  const paused = (d: string) => pauses.some((p) => d >= p.from && d <= (p.to as string));
  const target = input.length + (input.extension ?? 0);
  let provisional = false;
  let counted = 0;
  let pausedDays = 0;
  let d = input.start;
  for (let i = 0; counted < target; i++) {
    if (i > MAX_SPAN) throw new Error('deadline beyond ten years');
    d = addCalendarDays(d, 1);
    if (paused(d)) {
      pausedDays++;
      continue;
    }
    if (input.unit === 'calendar') {
      counted++;
      continue;
    }
    const info = cal.day(d);
    provisional ||= info.provisional;
    if (info.work) counted++;
  }
  // a period ending on a holiday moves to the next working day (working-day counts already end on one)
  for (let info = cal.day(d); !info.work; info = cal.day(d)) {
    provisional ||= info.provisional;
    d = addCalendarDays(d, 1);
  }
  provisional ||= cal.day(d).provisional;
  return { due: d, provisional, pausedDays };
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

export function clockState(clock: { due: string | null; closedOn: string | null }, today: string, leadDays = DEFAULT_LEAD_DAYS): ClockState {
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
