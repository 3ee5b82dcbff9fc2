/**
 * Pace and forecast of one target (pure): done so far, expected by today at a steady pace, the projected year-end value and
 * the status by the rules of config/indicators/status.json. A past year is met or missed; a later year is upcoming and says
 * what it must add to reach its target.
 */
import type { IndicatorKind, Pace, StatusRules, TargetStatus } from '@shangmi/shared';

export interface PaceInput {
  kind: IndicatorKind;
  year: number;
  target: number | null;
  /** the value as of today (a past year: at its end; a later year: today's stock for a cumulative indicator, else 0) */
  done: number | null;
  /** cumulative indicators: the stock at the end of the year before (the year's starting point) */
  start: number;
  /** share of the year elapsed, 0 (not begun) … 1 (over) */
  elapsed: number;
}

const round = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 100) / 100);

export function paceOf(p: PaceInput, rules: StatusRules): Pace {
  const { kind, target, elapsed } = p;
  const done = p.done;
  const out = (status: TargetStatus, expected: number | null, projected: number | null, shortfall: number | null = null, mustAdd: number | null = null): Pace => ({
    year: p.year,
    target,
    done: round(done),
    expected: round(expected),
    projected: round(projected),
    status,
    shortfall: round(shortfall),
    mustAdd: round(mustAdd),
  });
  const base = kind === 'cumulative' ? p.start : 0;
  // a rate is judged by its value; a stock or a flow by what this year's pace adds by 31 December
  const projectedOf = () => {
    if (done === null) return null;
    if (kind === 'rate') return done;
    if (elapsed >= 1) return done;
    if (elapsed <= 0) return kind === 'cumulative' ? done : null;
    return base + (done - base) / elapsed;
  };
  const projected = projectedOf();
  if (target === null) return out('no_target', null, projected);
  const left = done === null || kind === 'rate' ? null : Math.max(0, target - done);
  if (elapsed >= 1) {
    const met = done !== null && done >= target;
    return out(met ? 'met' : 'missed', target, projected, met ? 0 : target - (done ?? 0), null);
  }
  if (elapsed <= 0) return out('upcoming', kind === 'rate' ? target : base, projected, null, left);
  const expected = kind === 'rate' ? target : base + (target - base) * elapsed;
  if (done !== null && kind !== 'rate' && done >= target) return out('met', expected, projected, 0, 0);
  const ratio = projected === null ? 0 : target === 0 ? 1 : projected / target;
  const status: TargetStatus = ratio >= rules.onTrack ? 'on_track' : ratio >= rules.atRisk ? 'at_risk' : 'behind';
  return out(status, expected, projected, null, left);
}

/** Share of `year` elapsed at `now` (Asia/Shanghai calendar days). */
export function elapsedOf(year: number, now: Date): number {
  const start = new Date(`${year}-01-01T00:00:00+08:00`).getTime();
  const end = new Date(`${year + 1}-01-01T00:00:00+08:00`).getTime();
  const t = now.getTime();
  if (t <= start) return 0;
  if (t >= end) return 1;
  return (t - start) / (end - start);
}
