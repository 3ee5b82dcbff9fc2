/** Pace and forecast of a target (pure): the status for fixtures on and off track, met, missed and upcoming. */
import { describe, expect, it } from 'vitest';
import { elapsedOf, paceOf } from './forecast.js';

const rules = { effectiveFrom: '2025-03-03', basis: 'test', onTrack: 1, atRisk: 0.9 };
const cum = (done: number, elapsed: number, target = 40, start = 20) => paceOf({ kind: 'cumulative', year: 2026, target, done, start, elapsed }, rules);

describe('paceOf', () => {
  it('a stock half-way through the year: on track, at risk, behind by the projected year end', () => {
    // started at 20, target 40; half the year gone: a steady pace expects 30
    expect(cum(30, 0.5)).toMatchObject({ expected: 30, projected: 40, status: 'on_track', mustAdd: 10 });
    expect(cum(29, 0.5)).toMatchObject({ projected: 38, status: 'at_risk' }); // 38 / 40 = 0.95
    expect(cum(25, 0.5)).toMatchObject({ projected: 30, status: 'behind' }); // 30 / 40 = 0.75
    expect(cum(41, 0.5)).toMatchObject({ status: 'met', mustAdd: 0 });
  });

  it('a past year is met or missed, with its shortfall', () => {
    expect(cum(9, 1, 20, 0)).toMatchObject({ status: 'missed', shortfall: 11, done: 9, target: 20 });
    expect(cum(20, 1, 20, 0)).toMatchObject({ status: 'met', shortfall: 0 });
  });

  it('a later year is upcoming and says what it must add', () => {
    expect(cum(9, 0, 60, 9)).toMatchObject({ status: 'upcoming', mustAdd: 51 });
  });

  it('a flow is paced from zero; a rate is judged by its value', () => {
    expect(paceOf({ kind: 'flow', year: 2026, target: 100, done: 30, start: 0, elapsed: 0.25 }, rules)).toMatchObject({ expected: 25, projected: 120, status: 'on_track' });
    expect(paceOf({ kind: 'rate', year: 2026, target: 95, done: 80, start: 0, elapsed: 0.5 }, rules)).toMatchObject({ expected: 95, projected: 80, status: 'behind' });
    expect(paceOf({ kind: 'rate', year: 2026, target: null, done: 80, start: 0, elapsed: 0.5 }, rules).status).toBe('no_target');
  });

  it('elapsedOf counts the year in Asia/Shanghai', () => {
    expect(elapsedOf(2026, new Date('2025-12-31T16:00:00Z'))).toBe(0); // 1 January 2026 00:00 in Shanghai
    expect(elapsedOf(2025, new Date('2025-12-31T16:00:00Z'))).toBe(1);
    expect(elapsedOf(2026, new Date('2026-07-02T16:00:00Z'))).toBeCloseTo(0.5, 2);
  });
});
