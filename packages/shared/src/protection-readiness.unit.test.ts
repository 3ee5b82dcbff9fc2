import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORTANCES } from './assessments-framework.js';
import { measureRequirements, NO_PEOPLE, secretReadiness, type MeasureRequirement, type ReadinessInput, type ReadinessParams } from './protection-readiness.js';
import { addMonths } from './deadlines.js';
import { monthsBetween, MEASURE_ITEMS, SECRET_CATEGORIES, SECRET_LEVELS } from './protection-rules.js';

const PARAMS: ReadinessParams = {
  levels: [
    { value: 'core', expected: ['required', 'recommended', 'advanced'], withoutEvidence: 0.25 },
    { value: 'important', expected: ['required', 'recommended'], withoutEvidence: 0.5 },
    { value: 'general', expected: ['required'], withoutEvidence: 0.5 },
  ],
  carrierKinds: [
    { value: 'paper', implies: { premises: 'yes' } },
    { value: 'electronic', implies: { it_systems: 'yes' } },
    { value: 'other' },
  ],
  peopleShare: 0.5,
};

/** Random measure requirements: ids r0…, 1–3 items of 1–6 each, some gated on the carriers' profile answers. */
const requirementsArb = fc
  .array(
    fc.record({
      items: fc.uniqueArray(fc.constantFrom(...MEASURE_ITEMS), { minLength: 1, maxLength: 3 }),
      share: fc.integer({ min: 1, max: 75 }).map((x) => x / 10),
      importance: fc.constantFrom(...IMPORTANCES),
      gate: fc.constantFrom(null, 'it_systems', 'premises', 'partners', 'has_rd'),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((list) =>
    list.map(
      (r, i): MeasureRequirement => ({
        id: `r${i}`,
        dimensionId: 'd',
        items: [...r.items].sort(),
        share: r.share,
        importance: r.importance,
        applicable: r.gate ? [{ profile: r.gate, in: ['yes'] }] : undefined,
      }),
    ),
  );

const peopleArb = fc
  .record({ knowers: fc.integer({ min: 0, max: 30 }), a: fc.nat(), b: fc.nat(), c: fc.nat(), d: fc.nat(), e: fc.nat() })
  .map(({ knowers, a, b, c, d, e }) => {
    const departed = knowers ? d % (knowers + 1) : 0;
    return {
      knowers,
      outside: knowers ? a % (knowers + 1) : 0,
      withAgreement: knowers ? b % (knowers + 1) : 0,
      acknowledged: knowers ? c % (knowers + 1) : 0,
      departed,
      departedComplete: departed ? e % (departed + 1) : 0,
    };
  });

const caseArb = requirementsArb.chain((reqs) =>
  fc.record({
    reqs: fc.constant(reqs),
    input: fc.record({
      level: fc.constantFrom(...SECRET_LEVELS),
      category: fc.constantFrom(...SECRET_CATEGORIES),
      carrierKinds: fc.uniqueArray(fc.constantFrom('paper', 'electronic', 'other'), { maxLength: 3 }),
      measures: fc.array(fc.record({ requirementId: fc.constantFrom(...reqs.map((r) => r.id), 'gone'), evidence: fc.boolean() }), { maxLength: 15 }),
      people: peopleArb,
    }),
  }),
);

const score = (reqs: MeasureRequirement[], input: ReadinessInput) => secretReadiness(reqs, PARAMS, input).score;

describe('secretReadiness', () => {
  it('is 0–100, and 0 with no measure and nobody recorded', () => {
    fc.assert(
      fc.property(caseArb, ({ reqs, input }) => {
        const s = score(reqs, input);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
        expect(score(reqs, { ...input, measures: [], people: NO_PEOPLE })).toBe(0);
      }),
    );
  });

  it('never falls when a measure is recorded, or evidence added to one', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.boolean(), ({ reqs, input }, pick, evidence) => {
        const before = score(reqs, input);
        const more = { ...input, measures: [...input.measures, { requirementId: reqs[pick % reqs.length]!.id, evidence }] };
        expect(score(reqs, more)).toBeGreaterThanOrEqual(before);
        const proven = { ...input, measures: input.measures.map((m) => ({ ...m, evidence: true })) };
        expect(score(reqs, proven)).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('never falls when one more person who knows it signs, acknowledges or completes the departure checklist', () => {
    fc.assert(
      fc.property(caseArb, ({ reqs, input }) => {
        const p = input.people;
        const before = score(reqs, input);
        if (p.withAgreement < p.knowers) expect(score(reqs, { ...input, people: { ...p, withAgreement: p.withAgreement + 1 } })).toBeGreaterThanOrEqual(before);
        if (p.acknowledged < p.knowers) expect(score(reqs, { ...input, people: { ...p, acknowledged: p.acknowledged + 1 } })).toBeGreaterThanOrEqual(before);
        if (p.departedComplete < p.departed) expect(score(reqs, { ...input, people: { ...p, departedComplete: p.departedComplete + 1 } })).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('is 100 when every expected requirement is recorded with evidence and everyone who knows it is covered', () => {
    fc.assert(
      fc.property(caseArb, ({ reqs, input }) => {
        const r = secretReadiness(reqs, PARAMS, input);
        const all = { ...input, measures: r.expected.map((id) => ({ requirementId: id, evidence: true })) };
        const p = input.people;
        const covered = { ...all, people: { ...p, withAgreement: p.knowers, acknowledged: p.knowers, departedComplete: p.departed } };
        const full = secretReadiness(reqs, PARAMS, covered);
        expect(full.score).toBe(r.expected.length ? 100 : 0);
        expect(full.gaps).toEqual([]);
      }),
    );
  });

  it('counts requirements the framework no longer has for nothing, and lists them', () => {
    fc.assert(
      fc.property(caseArb, ({ reqs, input }) => {
        const r = secretReadiness(reqs, PARAMS, { ...input, measures: [...input.measures, { requirementId: 'gone', evidence: true }] });
        expect(r.unknown).toContain('gone');
        expect(r.score).toBe(score(reqs, { ...input, measures: input.measures.filter((m) => m.requirementId !== 'gone') }));
      }),
    );
  });

  it('is deterministic and survives a JSON round trip of its inputs', () => {
    fc.assert(
      fc.property(caseArb, ({ reqs, input }) => {
        const again = secretReadiness(JSON.parse(JSON.stringify(reqs)), JSON.parse(JSON.stringify(PARAMS)), JSON.parse(JSON.stringify(input)));
        expect(again).toEqual(secretReadiness(reqs, PARAMS, input));
      }),
    );
  });

  it('asks a core secret for more, and a measure without evidence counts less for it', () => {
    const reqs: MeasureRequirement[] = [
      { id: 'nda', dimensionId: 'p', items: [1], share: 7.5, importance: 'required' },
      { id: 'mark', dimensionId: 'c', items: [4], share: 5, importance: 'required' },
      { id: 'cctv', dimensionId: 'a', items: [3], share: 2, importance: 'advanced' },
    ];
    const base = { category: 'technical' as const, carrierKinds: [], measures: [{ requirementId: 'nda', evidence: false }, { requirementId: 'mark', evidence: true }], people: NO_PEOPLE };
    const general = secretReadiness(reqs, PARAMS, { ...base, level: 'general' });
    const core = secretReadiness(reqs, PARAMS, { ...base, level: 'core' });
    expect(general.expected).toEqual(['nda', 'mark']);
    expect(core.expected).toEqual(['nda', 'mark', 'cctv']);
    expect(general.score).toBe(Math.round((100 * (7.5 * 0.5 + 5)) / 12.5));
    expect(core.score).toBe(Math.round((100 * (7.5 * 0.25 + 5)) / 14.5));
    expect(core.gaps.map((g) => g.requirementId)).toEqual(['cctv']);
    expect(core.withoutEvidence).toEqual(['nda']);
  });

  it('answers the framework’s conditions from the secret: electronic carriers bring the IT measures, paper ones the premises', () => {
    const reqs: MeasureRequirement[] = [
      { id: 'it', dimensionId: 'it', items: [5], share: 6, importance: 'required', applicable: [{ profile: 'it_systems', in: ['yes'] }] },
      { id: 'area', dimensionId: 'a', items: [3], share: 4, importance: 'required', applicable: [{ profile: 'premises', in: ['yes'] }] },
      { id: 'partner', dimensionId: 'p', items: [1], share: 5, importance: 'required', applicable: [{ profile: 'partners', in: ['yes'] }] },
    ];
    const input = { level: 'general' as const, category: 'business' as const, measures: [], people: NO_PEOPLE };
    expect(secretReadiness(reqs, PARAMS, { ...input, carrierKinds: ['electronic'] }).expected).toEqual(['it', 'partner']);
    expect(secretReadiness(reqs, PARAMS, { ...input, carrierKinds: ['paper'] }).expected).toEqual(['partner', 'area']);
    // nothing known of the carriers: every condition applies (better to ask too much)
    expect(secretReadiness(reqs, PARAMS, { ...input, carrierKinds: [] }).expected).toEqual(['it', 'partner', 'area']);
    // people known, none from outside: the partner measures drop out
    const staffOnly = { ...NO_PEOPLE, knowers: 3 };
    expect(secretReadiness(reqs, PARAMS, { ...input, carrierKinds: ['electronic'], people: staffOnly }).expected).toEqual(['it']);
  });
});

describe('measureRequirements', () => {
  it('takes the requirements that are a measure of an item (1)–(6) of 第六条, weighted by dimension × requirement', () => {
    const t = (s: string) => ({ zh: s, en: s });
    const q = { type: 'yes_no' as const, choices: [{ value: 'y', text: t('y'), score: 100, result: 'compliant' as const }, { value: 'n', text: t('n'), score: 0, result: 'non_compliant' as const }] };
    const req = (id: string, spcArt6?: number[]) => ({ id, text: t(id), guidance: t(id), legalBasis: [t('x')], spcArt6, weight: 4, importance: 'required' as const, question: q, evidence: [], recommendation: t('r') });
    const got = measureRequirements({ dimensions: [{ id: 'd', name: t('d'), weight: 1.5, requirements: [req('a', [1, 7]), req('b', [7]), req('c'), req('d', [6, 4, 4])] }] });
    expect(got.map((r) => [r.id, r.items, r.share])).toEqual([
      ['a', [1], 6],
      ['d', [4, 6], 6],
    ]);
  });
});

describe('months', () => {
  it('adds months, the 31st becoming the shorter month’s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 6)).toBe('2027-05-15');
    expect(addMonths('2026-03-01', -3)).toBe('2025-12-01');
    expect(monthsBetween('2026-01-01', '2028-01-01')).toBe(24);
    expect(monthsBetween('2026-01-01', '2028-01-02')).toBe(25);
  });
});
