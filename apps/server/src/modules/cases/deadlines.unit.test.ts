import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import {
  addCalendarDays,
  clockState,
  computeDue,
  deadlineRuleSet,
  onTimeRate,
  ruleOn,
  ruleVersions,
  statutoryHolidays,
  WorkCalendar,
  type DeadlineRule,
} from '@shangmi/shared';

const { getDayDetail } = chineseDays;
const dir = path.resolve(import.meta.dirname, '../../../../../config/deadlines');
const versions = ruleVersions(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => deadlineRuleSet.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))));
const rule = (key: string, on = '2026-06-01'): DeadlineRule => ruleOn(versions.get(key)!, on);
const cal = new WorkCalendar();
const due = (start: string, key: string, extra: Partial<Parameters<typeof computeDue>[1]> = {}) => {
  const r = rule(key, start);
  if (r.unit === 'hours') throw new Error('a limit in hours has no due date');
  return computeDue(cal, { start, length: r.length, unit: r.unit, ...extra });
};

describe('the calendar carries the real State Council arrangements (read from chinese-days, not assumed)', () => {
  it('2026: National Day 10-01…10-07 off, 09-20 and 10-10 make-up working days; Spring Festival 02-15…02-23, make-up 02-14 and 02-28', () => {
    for (const d of ['2026-10-01', '2026-10-07', '2026-02-15', '2026-02-23', '2026-01-02']) expect(getDayDetail(d).work, d).toBe(false);
    for (const d of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28', '2026-01-04', '2026-05-09']) expect(getDayDetail(d).work, d).toBe(true);
    for (const d of ['2026-10-10', '2026-02-14', '2026-02-28']) {
      expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay()); // they are weekend days made working
      expect(cal.day(d)).toEqual({ work: true, provisional: false });
    }
  });
  it('2025: 01-26 and 10-11 make-up working days, 10-01…10-08 off', () => {
    expect(cal.isWorkday('2025-01-26')).toBe(true);
    expect(cal.isWorkday('2025-10-11')).toBe(true);
    expect(cal.isWorkday('2025-10-08')).toBe(false);
  });
});

describe('Art. 80 counting over real holidays', () => {
  it('a complaint received on 2026-09-30 must be accepted or refused by 2026-10-15 (National Day skipped, 10-10 counted)', () => {
    expect(due('2026-09-30', 'complaint.accept')).toEqual({ due: '2026-10-15', latest: '2026-10-15', provisional: false, pausedDays: 0 });
  });
  it('a lead found on 2026-02-13 must be decided by 2026-03-12 (02-14 and 02-28 make-up days count, Spring Festival does not)', () => {
    expect(due('2026-02-13', 'report.verify').due).toBe('2026-03-12');
  });
  it('the 15-day extension approved by the head moves it to 2026-04-02', () => {
    expect(due('2026-02-13', 'report.verify', { extension: rule('report.verify').extensions[0].length }).due).toBe('2026-04-02');
  });
  it('appraisal time is excluded: a 2026-03-02…03-06 appraisal moves the due date by five working days to 03-19', () => {
    expect(due('2026-02-13', 'report.verify', { pauses: [{ from: '2026-03-02', to: '2026-03-06' }] })).toEqual({
      due: '2026-03-19',
      latest: '2026-03-19',
      provisional: false,
      pausedDays: 5,
    });
  });
  it('an open pause stops the clock: no due date until it ends', () => {
    expect(due('2026-02-13', 'report.verify', { pauses: [{ from: '2026-03-02', to: null }] }).due).toBeNull();
  });
  it('a calendar-day period ending on a holiday moves to the next working day (90 days from 2026-07-03 is 10-01 → 10-08)', () => {
    expect(addCalendarDays('2026-07-03', 90)).toBe('2026-10-01');
    expect(due('2026-07-03', 'case.decision').due).toBe('2026-10-08');
    expect(due('2026-03-03', 'case.decision').due).toBe('2026-06-01');
  });
  it('a lead found on 2025-09-30 in the 2025 arrangement (10-11 make-up day counts) is due 2025-10-28', () => {
    expect(due('2025-09-30', 'report.verify').due).toBe('2025-10-28');
  });
  it('the first day is not counted: a 3-calendar-day approval from Monday 2026-03-02 ends Thursday 03-05', () => {
    expect(due('2026-03-02', 'transfer.approve').due).toBe('2026-03-05');
  });
});

describe('years without an official arrangement', () => {
  it('2027 is not loaded; its statutory holidays come from the 放假办法 (lunar and solar-term dates)', () => {
    expect(cal.yearLoaded(2027)).toBe(false);
    const h = statutoryHolidays(2027);
    expect([...h.keys()].sort()).toEqual(
      ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'].sort(),
    );
    // the same rules reproduce the statutory core of the loaded 2026 arrangement
    for (const d of statutoryHolidays(2026).keys()) expect(getDayDetail(d).work, d).toBe(false);
  });
  it('a deadline counted through 2027 is provisional: the earliest date any plausible arrangement gives, and the latest', () => {
    // 10月1日–3日 fall on Friday to Sunday: two weekdays are owed, and 调休 may move more around 国庆 and 中秋 (09-15)
    expect(due('2027-09-30', 'complaint.accept')).toEqual({ due: '2027-10-11', latest: '2027-10-18', provisional: true, pausedDays: 0 });
    // 春节 2027: 除夕 02-05 … 初三 02-08
    expect(computeDue(cal, { start: '2027-02-04', length: 3, unit: 'working' })).toEqual({ due: '2027-02-11', latest: '2027-02-17', provisional: true, pausedDays: 0 });
    // far from any holiday the range is one day, still provisional
    expect(computeDue(cal, { start: '2027-03-01', length: 5, unit: 'working' })).toEqual({ due: '2027-03-08', latest: '2027-03-08', provisional: true, pausedDays: 0 });
  });
  it('once an admin loads 2027 (overrides + the year marked loaded) the date is final and follows the overrides', () => {
    const loaded = new WorkCalendar([{ date: '2027-10-04', work: false }, { date: '2027-10-09', work: true }], [2027]);
    const r = computeDue(loaded, { start: '2027-09-30', length: 7, unit: 'working' });
    expect(r.provisional).toBe(false);
    // 10-01…10-03 are weekdays/weekend without overrides: loaded years count only what the admin entered
    expect(r.due).toBe('2027-10-11');
  });
  it('an override amends a loaded year too (a day off declared after the fact)', () => {
    const amended = new WorkCalendar([{ date: '2026-10-15', work: false }]);
    expect(computeDue(amended, { start: '2026-09-30', length: 7, unit: 'working' }).due).toBe('2026-10-16');
  });
});

describe('states and the on-time rate', () => {
  it('on track / due soon / overdue / paused / closed', () => {
    expect(clockState({ due: '2026-10-15', closedOn: null }, '2026-10-01')).toBe('on_track');
    expect(clockState({ due: '2026-10-15', closedOn: null }, '2026-10-13')).toBe('due_soon');
    expect(clockState({ due: '2026-10-15', closedOn: null }, '2026-10-16')).toBe('overdue');
    expect(clockState({ due: null, closedOn: null }, '2026-10-16')).toBe('paused');
    expect(clockState({ due: '2026-10-15', closedOn: '2026-10-15' }, '2026-11-01')).toBe('closed_on_time');
    expect(clockState({ due: '2026-10-15', closedOn: '2026-10-16' }, '2026-11-01')).toBe('closed_late');
  });
  it('rate = closed on time ÷ (closed + open overdue); open on-track items do not count', () => {
    expect(onTimeRate(['closed_on_time', 'closed_on_time', 'closed_late', 'overdue', 'on_track', 'due_soon'])).toBe(0.5);
    expect(onTimeRate(['on_track'])).toBeNull();
  });
});

const dateArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('properties', () => {
  it('a due date counted in working days over a published calendar is always a working day, after the start, whatever the pauses', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 15 }), (start, n, pauseAt, pauseLen) => {
        const from = addCalendarDays(start, pauseAt + 1);
        const r = computeDue(cal, { start, length: n, unit: 'working', pauses: pauseLen ? [{ from, to: addCalendarDays(from, pauseLen - 1) }] : [] });
        expect(r.due! > start).toBe(true);
        expect(r.latest! >= r.due!).toBe(true);
        if (!r.provisional) expect(cal.isWorkday(r.due!)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
  it('calendar-day periods also end on a working day, never before start + length', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 120 }), (start, n) => {
        const r = computeDue(cal, { start, length: n, unit: 'calendar' });
        if (!r.provisional) expect(cal.isWorkday(r.due!)).toBe(true);
        expect(r.due! >= addCalendarDays(start, n)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('longer periods and extensions never end earlier; pauses never make a deadline earlier', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (start, n, ext, pauseLen) => {
        const base = computeDue(cal, { start, length: n, unit: 'working' });
        const longer = computeDue(cal, { start, length: n, unit: 'working', extension: ext });
        expect(longer.due! >= base.due!).toBe(true);
        expect(longer.latest! >= base.latest!).toBe(true);
        const from = addCalendarDays(start, 1);
        expect(computeDue(cal, { start, length: n, unit: 'working', pauses: [{ from, to: addCalendarDays(from, pauseLen - 1) }] }).due! >= base.due!).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
