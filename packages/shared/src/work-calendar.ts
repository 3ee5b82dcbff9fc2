import chineseDays from 'chinese-days';
import { holidayGroups, statutoryHolidays, type HolidayGroup } from './holidays.js';

const { getHolidaysInRange, isWorkday: chineseDaysIsWorkday } = chineseDays;

const DAY = 86_400_000;
const parse = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const next = (d: string) => fmt(parse(d) + DAY);
const isWeekend = (d: string) => {
  const w = new Date(parse(d)).getUTCDay();
  return w === 0 || w === 6;
};

/** Where the State Council's published arrangements come from: chinese-days by default. */
export interface OfficialCalendar {
  /** the year's arrangement is published and carried */
  covers(year: number): boolean;
  isWorkday(date: string): boolean;
}

const coveredCache = new Map<number, boolean>();
/** chinese-days: a year is carried when the package lists its holidays. */
export const chineseDaysCalendar: OfficialCalendar = {
  covers(year) {
    let v = coveredCache.get(year);
    if (v === undefined) coveredCache.set(year, (v = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0));
    return v;
  },
  isWorkday: (date) => chineseDaysIsWorkday(date),
};

/** Whether chinese-days carries the State Council's arrangement for a year. */
export const officialYearLoaded = (year: number) => chineseDaysCalendar.covers(year);

/** An admin's correction of one day: a working day (`work`) or a day off. */
export interface CalendarOverride {
  date: string;
  work: boolean;
  note?: string | null;
}

export interface DayInfo {
  work: boolean;
  /** the year's arrangement is not published (or not entered): the answer is an estimate */
  provisional: boolean;
}

/** The n-th working day after a date, as a range while the arrangements it depends on are not published. */
export interface WorkdayRange {
  /** the earliest date any plausible arrangement gives: never later than the real one */
  earliest: string;
  /** the latest date any plausible arrangement gives */
  latest: string;
  /** some day counted lies in a year whose arrangement is not published */
  provisional: boolean;
}

const MAX_SPAN = 3660;

function extremes(counts: Int32Array): [number, number] {
  let best = counts[0];
  let worst = counts[0];
  for (const c of counts) [best, worst] = [Math.max(best, c), Math.min(worst, c)];
  return [best, worst];
}

/**
 * The working-day calendar: admin overrides first; then the published arrangement of the year (chinese-days, or a year
 * an admin entered in full and marked loaded: then only weekends and the admin's overrides count); for a year not
 * published yet, weekends and the statutory holidays — except near holidays, where every plausible arrangement
 * (holidays.ts) is kept and counts give a range.
 */
export class WorkCalendar {
  private readonly overrides: Map<string, CalendarOverride>;
  private readonly adminYears: Set<number>;
  private readonly statutory = new Map<number, Map<string, string>>();

  constructor(
    overrides: CalendarOverride[] = [],
    loadedYears: number[] = [],
    private readonly official: OfficialCalendar = chineseDaysCalendar,
  ) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
    this.adminYears = new Set(loadedYears);
  }

  /** A holiday stretch counted from its first day with nothing skipped: the best and worst counts so far, day by day. */
  private readonly prefixCache = new WeakMap<HolidayGroup, { best: Int32Array; worst: Int32Array }>();
  private prefixes(group: HolidayGroup) {
    let p = this.prefixCache.get(group);
    if (p) return p;
    const len = group.arrangements[0].length;
    p = { best: new Int32Array(len), worst: new Int32Array(len) };
    const counts = new Int32Array(group.arrangements.length);
    for (let k = 0, j = group.start; k < len; k++, j = next(j)) {
      const o = this.overrides.get(j);
      for (let a = 0; a < counts.length; a++) if (o ? o.work : group.arrangements[a][k]) counts[a]++;
      [p.best[k], p.worst[k]] = extremes(counts);
    }
    this.prefixCache.set(group, p);
    return p;
  }

  private anySkipped(group: HolidayGroup, skip: (date: string) => boolean) {
    for (let j = group.start; j <= group.end; j = next(j)) if (skip(j)) return true;
    return false;
  }

  yearLoaded(year: number): boolean {
    return this.adminYears.has(year) || this.official.covers(year);
  }

  /** The holiday group of a year not yet published whose stretch holds the date (a 元旦 stretch reaches into December). */
  private groupAt(date: string): HolidayGroup | null {
    const year = Number(date.slice(0, 4));
    // only December can lie in the next year's 元旦 stretch
    for (const y of date.slice(5, 7) === '12' ? [year, year + 1] : [year]) {
      if (this.yearLoaded(y)) continue;
      for (const g of holidayGroups(y)) if (date >= g.start && date <= g.end) return g;
    }
    return null;
  }

  // an instance lives for one request or one recomputation: its answers per day are kept
  private readonly days = new Map<string, { info: DayInfo; group: HolidayGroup | null }>();
  private lookup(date: string) {
    let v = this.days.get(date);
    if (!v) this.days.set(date, (v = { info: this.computeDay(date), group: this.groupAt(date) }));
    return v;
  }

  private plainDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    let hol = this.statutory.get(year);
    if (!hol) this.statutory.set(year, (hol = statutoryHolidays(year)));
    return !isWeekend(date) && !hol.has(date);
  }

  /**
   * One day. Near a holiday of a year not yet published the answer is the day without any 调休 (weekdays work, weekends and
   * statutory holidays off) and provisional; counting uses `nthWorkday`, which keeps every plausible arrangement.
   */
  day(date: string): DayInfo {
    return this.lookup(date).info;
  }

  private computeDay(date: string): DayInfo {
    const year = Number(date.slice(0, 4));
    const o = this.overrides.get(date);
    const group = this.groupAt(date);
    const provisional = !this.yearLoaded(year) || group !== null;
    if (o) return { work: o.work, provisional };
    if (group || !this.yearLoaded(year)) return { work: this.plainDay(date), provisional: true };
    if (this.adminYears.has(year)) return { work: !isWeekend(date), provisional: false };
    return { work: this.official.isWorkday(date), provisional: false };
  }

  isWorkday(date: string): boolean {
    return this.day(date).work;
  }

  /**
   * The n-th working day after `after` (not counted), skipping the days `skip` says (a paused clock). While a holiday's
   * arrangement is unknown each of its plausible arrangements is counted: the earliest date is the first day some
   * arrangement reaches n, the latest the first day every one has. Holiday stretches do not overlap, so the best and
   * worst counts add up stretch by stretch.
   */
  nthWorkday(after: string, n: number, skip: (date: string) => boolean = () => false): WorkdayRange {
    let hi = 0;
    let lo = 0;
    let earliest: string | null = null;
    let provisional = false;
    let d = after;
    for (let i = 0; i <= MAX_SPAN; i++) {
      d = next(d);
      const { info, group } = this.lookup(d);
      if (!group) {
        provisional ||= info.provisional;
        if (info.work && !skip(d)) [hi, lo] = [hi + 1, lo + 1];
        earliest ??= hi >= n ? d : null;
        if (lo >= n) return { earliest: earliest ?? d, latest: d, provisional };
        continue;
      }
      provisional = true;
      const whole = d === group.start && !this.anySkipped(group, skip) ? this.prefixes(group) : null;
      const counts = new Int32Array(group.arrangements.length);
      let best = 0;
      let worst = 0;
      for (let j = d, k = Math.round((parse(d) - parse(group.start)) / DAY); j <= group.end; j = next(j), k++) {
        if (whole) [best, worst] = [whole.best[k], whole.worst[k]];
        else {
          const o = this.overrides.get(j);
          if (!skip(j)) for (let a = 0; a < counts.length; a++) if (o ? o.work : group.arrangements[a][k]) counts[a]++;
          [best, worst] = extremes(counts);
        }
        earliest ??= hi + best >= n ? j : null;
        if (lo + worst >= n) return { earliest: earliest ?? j, latest: j, provisional };
        d = j;
      }
      [hi, lo] = [hi + best, lo + worst];
    }
    throw new Error('deadline beyond ten years');
  }
}
