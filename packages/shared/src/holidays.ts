import chineseDays from 'chinese-days';

// the package is UMD for Node and ESM for bundlers: its default export carries every function in both
const { getSolarDateFromLunar, getSolarTermDate } = chineseDays;

/**
 * What the State Council's holiday calendar can do in a year whose arrangement is not published yet.
 *
 * 全国年节及纪念日放假办法 fixes the statutory holidays and their lengths (Art. 2); a holiday falling on a Saturday or
 * Sunday is made up by a weekday off (Art. 6, 补假); and the yearly notice may move weekdays off next to a holiday and make
 * weekend days working days to pay for them (调休), "generally" with no more than 6 working days in a row next to a
 * holiday (Art. 7, since the 2024 revision). So each holiday (or holidays close together) gets a set of plausible
 * arrangements; every one keeps the same number of working days over its stretch (a made-up Saturday pays for a weekday
 * off), but moves them around — which is what makes a due date counted into such a stretch uncertain.
 */

const DAY = 86_400_000;
const parse = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shift = (d: string, n: number) => fmt(parse(d) + n * DAY);
const isWeekend = (d: string) => {
  const w = new Date(parse(d)).getUTCDay();
  return w === 0 || w === 6;
};

/**
 * The statutory holidays (date → name) of 全国年节及纪念日放假办法 in force for a year's arrangement: the 2024 revision
 * (国务院令第795号, applied from 2025: 春节 = 除夕 + 初一至初三, 劳动节 = 5月1日、2日) or the 2013 revision (2014–2024: 春节 =
 * 初一至初三, 劳动节 = 5月1日). Years before 2014 are computed with the 2013 rules; chinese-days carries their real
 * arrangements anyway. Texts: LawRefBook/Laws `行政法规/全国年节及纪念日放假办法(2024-11-10).md` and `(2013-12-11).md`, Art. 2.
 */
export function statutoryHolidays(year: number): Map<string, string> {
  const out = new Map<string, string>();
  const add = (d: string, name: string) => out.set(d, name);
  add(`${year}-01-01`, '元旦');
  const newYear = getSolarDateFromLunar(`${year}-01-01`).date;
  // Spring Festival from 除夕, the day before the lunar new year (the 12th month has 29 or 30 days)
  for (let i = year >= 2025 ? -1 : 0; i < 3; i++) add(shift(newYear, i), '春节');
  add(getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  add(`${year}-05-01`, '劳动节');
  if (year >= 2025) add(`${year}-05-02`, '劳动节');
  add(getSolarDateFromLunar(`${year}-05-05`).date, '端午节');
  add(getSolarDateFromLunar(`${year}-08-15`).date, '中秋节');
  for (let i = 1; i <= 3; i++) add(`${year}-10-0${i}`, '国庆节');
  return out;
}

/** One holiday, or holidays whose arrangements can touch each other (中秋 next to 国庆), with every plausible arrangement. */
export interface HolidayGroup {
  /** the year whose State Council notice decides it (a 元旦 group may start in late December of the year before) */
  year: number;
  names: string[];
  /** the days any arrangement can change, inclusive */
  start: string;
  end: string;
  /** one entry per distinct arrangement: `work[i]` is 1 when day `start + i` is a working day in it */
  arrangements: Uint8Array[];
}

/*
 * The bounds of the model, read off every arrangement chinese-days carries (2008–2026) and kept a little wider:
 * weekdays taken off before a holiday ≤ 2 and after it ≤ 4, ≤ 4 in all per holiday; ≤ 2 made-up weekend days per holiday;
 * a made-up day sits in a run of working days next to the holiday that is ≤ 7 days long (Art. 7 says 6 "generally";
 * 2010–2023 have runs of 7).
 */
const MAX_BEFORE = 2;
const MAX_AFTER = 4;
const MAX_TAKEN = 4;
const MAX_MADE_UP_PER_HOLIDAY = 2;
const MAX_RUN = 7;
/**
 * How far from a holiday's days an arrangement can reach, in calendar days: the weekdays taken off and their weekends, then
 * a run of working days. Made-up days have been at most 8 days before and 10 after a holiday (2023-04-23, 2024-05-11).
 */
const REACH_BEFORE = 4 + MAX_RUN;
const REACH_AFTER = 6 + MAX_RUN;

interface Cluster {
  name: string;
  first: string;
  last: string;
}

function clusters(year: number): Cluster[] {
  const days = [...statutoryHolidays(year).entries()].sort(([a], [b]) => a.localeCompare(b));
  const out: Cluster[] = [];
  for (const [d, name] of days) {
    const prev = out.at(-1);
    if (prev && shift(prev.last, 1) === d && prev.name === name) prev.last = d;
    else out.push({ name, first: d, last: d });
  }
  return out;
}

/** `n` weekdays that are not statutory holidays, walking from `from` (excluded) in direction `dir`. */
function weekdaysFrom(from: string, n: number, dir: 1 | -1, statutory: Set<string>): string[] {
  const out: string[] = [];
  for (let d = shift(from, dir); out.length < n; d = shift(d, dir)) if (!isWeekend(d) && !statutory.has(d)) out.push(d);
  return out;
}

function* choose<T>(items: T[], k: number, from = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) for (const rest of choose(items, k - 1, i + 1)) yield [items[i], ...rest];
}

function enumerate(year: number, group: Cluster[], statutory: Set<string>, coinciding: string[]): HolidayGroup {
  const winStart = shift(group[0].first, -REACH_BEFORE);
  const winEnd = shift(group.at(-1)!.last, REACH_AFTER);
  const size = Math.round((parse(winEnd) - parse(winStart)) / DAY) + 1;
  const dayAt = (i: number) => shift(winStart, i);
  const index = (d: string) => Math.round((parse(d) - parse(winStart)) / DAY);
  const plain = Uint8Array.from({ length: size }, (_, i) => (!isWeekend(dayAt(i)) && !statutory.has(dayAt(i)) ? 1 : 0));
  // weekdays owed (Art. 6): a holiday on a Saturday or Sunday, or two holidays on one day (中秋 on 10月1日, as in 2020)
  const inWindow = (d: string) => d >= winStart && d <= winEnd;
  const owed = [...statutory].filter((d) => inWindow(d) && isWeekend(d)).length + coinciding.filter(inWindow).length;

  // each holiday's weekdays taken off: L before and R after it
  const options = group.map((c) => {
    const opts: { taken: string[]; from: string; to: string }[] = [];
    for (let l = 0; l <= MAX_BEFORE; l++) {
      for (let r = 0; r <= MAX_AFTER && l + r <= MAX_TAKEN; r++) {
        const before = weekdaysFrom(c.first, l, -1, statutory);
        const after = weekdaysFrom(c.last, r, 1, statutory);
        opts.push({ taken: [...before, ...after], from: before.at(-1) ?? c.first, to: after.at(-1) ?? c.last });
      }
    }
    return opts;
  });

  const seen = new Map<string, Uint8Array>();
  const combine = (i: number, picked: (typeof options)[number]) => {
    if (i < options.length) {
      for (const o of options[i]) combine(i + 1, [...picked, o]);
      return;
    }
    const taken = new Set(picked.flatMap((o) => o.taken));
    const madeUp = taken.size - owed;
    if (madeUp < 0 || madeUp > MAX_MADE_UP_PER_HOLIDAY * group.length) return;
    const base = plain.slice();
    for (const d of taken) base[index(d)] = 0;
    // each holiday's block of days off (its own days and the weekdays taken), and how far its weekends stretch it
    const blocks = picked.map((o) => {
      let [from, to] = [o.from, o.to];
      while (index(from) > 0 && !base[index(from) - 1]) from = shift(from, -1);
      while (index(to) < size - 1 && !base[index(to) + 1]) to = shift(to, 1);
      return { inside: [o.from, o.to], reach: [shift(from, -7), shift(to, 7)] };
    });
    // a made-up day is a weekend day outside every block, within a week of one
    const candidates: number[] = [];
    for (let i = 0; i < size; i++) {
      const d = dayAt(i);
      if (!isWeekend(d) || statutory.has(d) || blocks.some((b) => d >= b.inside[0] && d <= b.inside[1])) continue;
      if (blocks.some((b) => d >= b.reach[0] && d <= b.reach[1])) candidates.push(i);
    }
    for (const set of choose(candidates, madeUp)) {
      const work = base.slice();
      for (const i of set) work[i] = 1;
      if (!set.every((i) => madeUpDayFits(work, i, (j) => j < 0 || j >= size || taken.has(dayAt(j)) || statutory.has(dayAt(j))))) continue;
      const key = work.join('');
      if (!seen.has(key)) seen.set(key, work);
    }
  };
  combine(0, []);
  const arrangements = [...seen.values()];
  // crop the window to the days some arrangement changes
  let lo = size;
  let hi = -1;
  for (const a of arrangements) for (let i = 0; i < size; i++) if (a[i] !== plain[i] || a[i] !== arrangements[0][i]) [lo, hi] = [Math.min(lo, i), Math.max(hi, i)];
  if (hi < 0) [lo, hi] = [index(group[0].first), index(group.at(-1)!.last)];
  return { year, names: group.map((c) => c.name), start: dayAt(lo), end: dayAt(hi), arrangements: arrangements.map((a) => a.slice(lo, hi + 1)) };
}

/** A made-up day's run of working days is ≤ MAX_RUN long and touches a holiday's days off on one side. */
function madeUpDayFits(work: Uint8Array, i: number, holidayOff: (j: number) => boolean): boolean {
  let a = i;
  let b = i;
  while (a - 1 >= 0 && work[a - 1]) a--;
  while (b + 1 < work.length && work[b + 1]) b++;
  if (b - a + 1 > MAX_RUN) return false;
  const offRunHoliday = (from: number, dir: 1 | -1) => {
    for (let j = from; j >= -1 && j <= work.length; j += dir) {
      if (j < 0 || j >= work.length || work[j]) return false;
      if (holidayOff(j)) return true;
    }
    return false;
  };
  return offRunHoliday(a - 1, -1) || offRunHoliday(b + 1, 1);
}

/** Days on which two statutory holidays fall together (中秋节 on one of 10月1日–3日). */
function coincidingHolidays(year: number): string[] {
  const midAutumn = getSolarDateFromLunar(`${year}-08-15`).date;
  return midAutumn >= `${year}-10-01` && midAutumn <= `${year}-10-03` ? [midAutumn] : [];
}

const groupCache = new Map<number, HolidayGroup[]>();

/** Every holiday group of a year's arrangement, each with its plausible arrangements (computed once per year). */
export function holidayGroups(year: number): HolidayGroup[] {
  let groups = groupCache.get(year);
  if (groups) return groups;
  const statutory = new Set(statutoryHolidays(year).keys());
  const merged: Cluster[][] = [];
  for (const c of clusters(year)) {
    const prev = merged.at(-1);
    // holidays whose reaches overlap are arranged together (中秋 within a fortnight of 国庆)
    if (prev && shift(prev.at(-1)!.last, REACH_AFTER) >= shift(c.first, -REACH_BEFORE)) prev.push(c);
    else merged.push([c]);
  }
  groups = merged.map((g) => enumerate(year, g, statutory, coincidingHolidays(year)));
  groupCache.set(year, groups);
  return groups;
}
