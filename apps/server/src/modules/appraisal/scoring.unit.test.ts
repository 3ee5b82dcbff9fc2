/** Scoring by the scheme, by hand: linear to a target with a cap, thresholds, yes/no, the bonus and deduction caps, ranks. */
import { describe, expect, it } from 'vitest';
import type { AppraisalItem, AppraisalScheme } from '@shangmi/shared';
import { checkScheme, SCHEMES } from './config.js';
import { computedCenti, ranksOf, totalsOf } from './scoring.js';

const L = { zh: '项', en: 'item' };
const item = (key: string, points: number, rule: AppraisalItem['rule']): AppraisalItem => ({ key, name: L, group: L, points, rule });

describe('computed items', () => {
  const linear = item('a', 15, { type: 'linear', indicator: 'x', target: 4, cap: 1, targets: { '640106': 8 } });
  const capped = item('b', 10, { type: 'linear', indicator: 'x', target: 4, cap: 1.2, targets: {} });
  const steps = item('c', 10, { type: 'threshold', indicator: 'x', steps: [{ atLeast: 80, share: 0.5 }, { atLeast: 100, share: 1 }, { atLeast: 90, share: 0.8 }] });
  const yes = item('d', 5, { type: 'yesno', indicator: 'x', atLeast: 1 });
  it('linear: points × value ÷ target, capped; a district’s own target wins', () => {
    expect(computedCenti(linear, '640104', 3)).toBe(1125);
    expect(computedCenti(linear, '640104', 9)).toBe(1500);
    expect(computedCenti(linear, '640106', 3)).toBe(563); // 15 × 3 ÷ 8 = 5.625 → 5.63
    expect(computedCenti(capped, '640104', 9)).toBe(1200);
    expect(computedCenti(linear, '640104', null)).toBe(0);
  });
  it('threshold: the highest step reached, in any order; none: 0', () => {
    expect([100, 95, 90, 85, 79.9, null].map((v) => computedCenti(steps, '640104', v))).toEqual([1000, 800, 800, 500, 0, 0]);
  });
  it('yes/no', () => expect([0, 1, 7].map((v) => computedCenti(yes, '640104', v))).toEqual([0, 500, 500]));
  it('manual items are the city’s', () => expect(computedCenti(item('e', 10, { type: 'manual', evidenceRequired: true }), '640104', 3)).toBeNull());
});

describe('totals', () => {
  const scheme = { bonusCap: 5, deductionCap: 10, items: [item('a', 60, { type: 'manual', evidenceRequired: false }), item('b', 40, { type: 'manual', evidenceRequired: false }), item('p', 3, { type: 'bonus' }), item('q', 3, { type: 'bonus' }), item('m', 10, { type: 'deduction' }), item('n', 5, { type: 'deduction' })] } as AppraisalScheme;
  it('base + bonus (capped) − deduction (capped); unscored counts 0', () => {
    expect(totalsOf(scheme, new Map([['a', 4550], ['b', null], ['p', 300], ['q', 300], ['m', 200]]))).toEqual({ baseCenti: 4550, bonusCenti: 500, deductionCenti: 200, totalCenti: 4850 });
    expect(totalsOf(scheme, new Map([['a', 1300], ['m', 1000], ['n', 500]]))).toEqual({ baseCenti: 1300, bonusCenti: 0, deductionCenti: 1000, totalCenti: 300 });
  });
  it('equal totals share a rank', () => {
    const rows = [{ totalCenti: 300 }, { totalCenti: 1000 }, { totalCenti: 5050 }, { totalCenti: 1000 }];
    const r = ranksOf(rows);
    expect(rows.map((x) => r.get(x))).toEqual([4, 2, 1, 2]);
  });
});

describe('the shipped schemes', () => {
  it('Yinchuan 2026 is shipped, cites the plan and its base items sum to 100', () => {
    const s = SCHEMES.find((x) => x.regionCode === '640100' && x.year === 2026)!;
    expect(s.citation.text).toContain('纳入公平竞争工作考核体系');
    expect(s.items.filter((i) => !['bonus', 'deduction'].includes(i.rule.type)).reduce((a, i) => a + i.points, 0)).toBe(100);
  });
  it('a broken scheme stops the start naming the file and the place', () => {
    const s = structuredClone(SCHEMES[0]!);
    expect(() => checkScheme({ ...s, items: [...s.items, s.items[0]] }, 'x.json')).toThrow(/x.json: items.\d+.key: stations repeated/);
    expect(() => checkScheme({ ...s, items: s.items.slice(1) }, 'x.json')).toThrow(/sum to 85, not 100/);
    const wrong = structuredClone(s);
    (wrong.items[0]!.rule as { indicator: string }).indicator = 'nope';
    expect(() => checkScheme(wrong, 'x.json')).toThrow(/items.0.rule.indicator: no indicator nope/);
    expect(() => checkScheme({ ...s, objectionDays: 0 }, 'x.json')).toThrow(/objectionDays/);
  });
});
