/**
 * Scoring by the scheme, pure (tested by scoring.unit.test.ts). Points are kept in hundredths (centipoints) so sums are
 * exact: an item's score is rounded half up to the hundredth once, the totals are sums of integers.
 * - linear: points × min(value ÷ target, cap); no value: 0
 * - threshold: points × the share of the highest step reached; none reached or no value: 0
 * - yesno: full points when value ≥ atLeast, else 0
 * - manual, bonus, deduction: what the city gave (null until scored)
 * total = base + min(Σ bonus, bonusCap) − min(Σ deduction, deductionCap)
 */
import type { AppraisalItem, AppraisalScheme } from '@shangmi/shared';

export const toCenti = (points: number) => Math.round(points * 100 + 1e-9);
export const fromCenti = (centi: number) => centi / 100;

export const isComputed = (item: AppraisalItem) => 'indicator' in item.rule;
export const indicatorOf = (item: AppraisalItem) => ('indicator' in item.rule ? item.rule.indicator : null);

/** The target a computed item measures against, for a district (linear: its own or the scheme's; threshold: the top step). */
export function targetOf(item: AppraisalItem, districtCode: string): number | null {
  const r = item.rule;
  if (r.type === 'linear') return r.targets[districtCode] ?? r.target;
  if (r.type === 'threshold') return Math.max(...r.steps.map((s) => s.atLeast));
  if (r.type === 'yesno') return r.atLeast;
  return null;
}

/** A computed item's score in centipoints; null for items the city scores. */
export function computedCenti(item: AppraisalItem, districtCode: string, value: number | null): number | null {
  const r = item.rule;
  if (!('indicator' in r)) return null;
  if (value === null || !Number.isFinite(value)) return 0;
  let share = 0;
  if (r.type === 'linear') share = Math.max(0, Math.min(value / (r.targets[districtCode] ?? r.target), r.cap));
  else if (r.type === 'threshold') share = r.steps.filter((s) => value >= s.atLeast).reduce((a, s) => Math.max(a, s.share), 0);
  else share = value >= r.atLeast ? 1 : 0;
  return toCenti(item.points * share);
}

export interface Totals {
  baseCenti: number;
  bonusCenti: number;
  deductionCenti: number;
  totalCenti: number;
}

/** The sheet's totals from its items' scores (centipoints by item key; null = not scored, counts 0). */
export function totalsOf(scheme: AppraisalScheme, scores: Map<string, number | null>): Totals {
  let base = 0;
  let bonus = 0;
  let deduction = 0;
  for (const item of scheme.items) {
    const s = scores.get(item.key) ?? 0;
    if (item.rule.type === 'bonus') bonus += s;
    else if (item.rule.type === 'deduction') deduction += s;
    else base += s;
  }
  const bonusCenti = Math.min(bonus, toCenti(scheme.bonusCap));
  const deductionCenti = Math.min(deduction, toCenti(scheme.deductionCap));
  return { baseCenti: base, bonusCenti, deductionCenti, totalCenti: base + bonusCenti - deductionCenti };
}

/** Competition ranking (1, 1, 3): equal totals share a rank. */
export function ranksOf<T extends { totalCenti: number }>(rows: T[]): Map<T, number> {
  const sorted = [...rows].sort((a, b) => b.totalCenti - a.totalCenti);
  const ranks = new Map<T, number>();
  sorted.forEach((r, i) => ranks.set(r, i > 0 && sorted[i - 1]!.totalCenti === r.totalCenti ? ranks.get(sorted[i - 1]!)! : i + 1));
  return ranks;
}
