import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRequirements, choicesOf, framework, type Framework } from './assessments-framework.js';
import { scoreAssessment, scoreAnswer, type AnswerInput } from './assessments-scoring.js';

const t = (s: string) => ({ zh: s, en: s });

/** A random, valid framework: 1–4 dimensions of 1–6 single-choice requirements, some red lines, some profile-gated. */
const frameworkArb = fc
  .array(
    fc.record({
      weight: fc.integer({ min: 1, max: 20 }).map((w) => w / 10),
      reqs: fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 5 }),
          redCap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
          gated: fc.boolean(),
          scale: fc.constantFrom('level3', 'level4', 'yn_na'),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((dims) =>
    framework.parse({
      code: 'gen',
      version: '1',
      title: t('generated'),
      weightsRationale: t('random'),
      levels: [0, 40, 60, 75, 90].map((minScore, i) => ({ level: i + 1, minScore, name: t(`L${i + 1}`) })),
      riskByLevel: ['high', 'high', 'medium', 'low', 'low'],
      scales: {
        level3: [
          { value: 'full', text: t('full'), score: 100, result: 'compliant' },
          { value: 'partial', text: t('partial'), score: 50, result: 'partial' },
          { value: 'none', text: t('none'), score: 0, result: 'non_compliant' },
          { value: 'na', text: t('na'), score: 0, result: 'not_applicable' },
        ],
        level4: [
          { value: 'all', text: t('all'), score: 100, result: 'compliant' },
          { value: 'most', text: t('most'), score: 70, result: 'partial' },
          { value: 'some', text: t('some'), score: 30, result: 'partial' },
          { value: 'none', text: t('none'), score: 0, result: 'non_compliant' },
        ],
        yn_na: [
          { value: 'yes', text: t('yes'), score: 100, result: 'compliant' },
          { value: 'no', text: t('no'), score: 0, result: 'non_compliant' },
          { value: 'na', text: t('na'), score: 0, result: 'not_applicable' },
        ],
      },
      profile: [{ id: 'has_rd', type: 'yes_no', text: t('R&D?') }],
      dimensions: dims.map((d, di) => ({
        id: `d${di}`,
        name: t(`D${di}`),
        weight: d.weight,
        requirements: d.reqs.map((r, ri) => ({
          id: `d${di}.r${ri}`,
          text: t('req'),
          guidance: t('g'),
          legalBasis: [t('law')],
          weight: r.weight,
          importance: 'required',
          ...(r.redCap ? { redLine: { capLevel: r.redCap } } : {}),
          ...(r.gated ? { applicable: [{ profile: 'has_rd', in: ['yes'] }] } : {}),
          question: { type: 'single', scale: r.scale },
          evidence: [t('doc')],
          recommendation: t('fix'),
        })),
      })),
    }),
  );

/** A framework with random answers (some left unanswered) and a random profile. */
const caseArb = frameworkArb.chain((f) => {
  const reqs = allRequirements(f);
  return fc.record({
    f: fc.constant(f),
    profile: fc.record({ has_rd: fc.constantFrom('yes', 'no', undefined) }),
    answers: fc.tuple(
      ...reqs.map((r) =>
        fc.option(
          fc.record({ value: fc.constantFrom(...choicesOf(f, r.question).map((c) => c.value)), evidenceCount: fc.integer({ min: 0, max: 2 }) }),
          { nil: undefined },
        ),
      ),
    ).map((list) => Object.fromEntries(reqs.map((r, i) => [r.id, list[i]])) as Record<string, AnswerInput | undefined>),
    pick: fc.nat(),
  });
});

const asOf = '2026-11-28';

describe('scoring engine', () => {
  it('improving any answer never lowers the overall, a dimension or the level', () => {
    fc.assert(
      fc.property(caseArb, ({ f, profile, answers, pick }) => {
        const reqs = allRequirements(f);
        const r = reqs[pick % reqs.length];
        const scored = choicesOf(f, r.question).filter((c) => c.result !== 'not_applicable');
        // every ordered pair (worse, better) of the requirement's scored choices
        for (const worse of scored) {
          for (const better of scored) {
            if (better.score < worse.score) continue;
            const a = scoreAssessment(f, { profile, answers: { ...answers, [r.id]: { value: worse.value } }, asOf });
            const b = scoreAssessment(f, { profile, answers: { ...answers, [r.id]: { value: better.value } }, asOf });
            expect(b.overall).toBeGreaterThanOrEqual(a.overall);
            expect(b.level).toBeGreaterThanOrEqual(a.level);
            a.dimensions.forEach((d, i) => {
              if (d.score !== null) expect(b.dimensions[i].score!).toBeGreaterThanOrEqual(d.score);
            });
          }
        }
        // answering an unanswered requirement never lowers anything either
        const none = scoreAssessment(f, { profile, answers: { ...answers, [r.id]: undefined }, asOf });
        const some = scoreAssessment(f, { profile, answers: { ...answers, [r.id]: { value: scored[0].value } }, asOf });
        expect(some.overall).toBeGreaterThanOrEqual(none.overall);
      }),
      { numRuns: 300 },
    );
  });

  it('不适用 never changes the relative weight shares of the other requirements', () => {
    fc.assert(
      fc.property(caseArb, ({ f, profile, answers, pick }) => {
        const reqs = allRequirements(f);
        const k = reqs[pick % reqs.length];
        const before = scoreAssessment(f, { profile, answers, asOf });
        const after = scoreAssessment(f, { profile, answers: { ...answers, [k.id]: { value: 'na_or_none' } }, asOf });
        // a scale without 不适用 leaves k unanswered: still counted, nothing to compare
        const naChoice = choicesOf(f, k.question).find((c) => c.result === 'not_applicable');
        const na = naChoice ? scoreAssessment(f, { profile, answers: { ...answers, [k.id]: { value: naChoice.value } }, asOf }) : after;
        const counted = (res: typeof before) => res.requirements.filter((x) => x.share > 0 && x.id !== k.id);
        const shareBefore = new Map(before.requirements.map((x) => [x.id, x.share]));
        const others = counted(na).filter((x) => shareBefore.get(x.id)! > 0);
        for (const i of others) {
          for (const j of others) {
            // share_i / share_j is the same with and without k
            expect(i.share * shareBefore.get(j.id)!).toBeCloseTo(j.share * shareBefore.get(i.id)!, 12);
          }
        }
        if (naChoice) {
          expect(na.requirements.find((x) => x.id === k.id)!.share).toBe(0);
          const total = na.requirements.reduce((s, x) => s + x.share, 0);
          if (total > 0) expect(total).toBeCloseTo(1, 9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a failed red line always caps the level', () => {
    fc.assert(
      fc.property(caseArb, ({ f, profile, answers }) => {
        const res = scoreAssessment(f, { profile, answers, asOf });
        for (const r of allRequirements(f)) {
          const x = res.requirements.find((y) => y.id === r.id)!;
          if (r.redLine && x.applicable && (x.result === 'non_compliant' || x.result === 'unanswered')) {
            expect(res.level).toBeLessThanOrEqual(r.redLine.capLevel);
            expect(res.cappedBy).toContain(r.id);
          }
        }
        expect(res.level).toBeLessThanOrEqual(res.levelByScore);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same answers (also after a JSON round trip, as the browser sends them) give the same result', () => {
    fc.assert(
      fc.property(caseArb, ({ f, profile, answers }) => {
        const a = scoreAssessment(f, { profile, answers, asOf });
        const b = scoreAssessment(JSON.parse(JSON.stringify(f)) as Framework, JSON.parse(JSON.stringify({ profile, answers, asOf })));
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('orders gaps by weight share × shortfall, and warns of 符合 without evidence', () => {
    fc.assert(
      fc.property(caseArb, ({ f, profile, answers }) => {
        const res = scoreAssessment(f, { profile, answers, asOf });
        for (let i = 1; i < res.gaps.length; i++) expect(res.gaps[i - 1].priority).toBeGreaterThanOrEqual(res.gaps[i].priority);
        for (const g of res.gaps) expect(g.score).toBeLessThan(100);
        for (const x of res.requirements) {
          const warned = res.warnings.some((w) => w.requirementId === x.id);
          expect(warned).toBe(x.share > 0 && x.result === 'compliant' && (answers[x.id]?.evidenceCount ?? 0) === 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('excludes requirements whose profile condition fails, and counts unanswered ones as 0', () => {
    fc.assert(
      fc.property(frameworkArb, (f) => {
        const res = scoreAssessment(f, { profile: { has_rd: 'no' }, answers: {}, asOf });
        for (const r of allRequirements(f)) {
          const x = res.requirements.find((y) => y.id === r.id)!;
          expect(x.applicable).toBe(!r.applicable);
          expect(x.score).toBe(r.applicable ? null : 0);
        }
        expect(res.overall).toBe(0);
        expect(res.level).toBe(1);
      }),
    );
  });
});

describe('answers of each question type', () => {
  const f = { scales: {} };
  const base = { id: 'x', text: t('x'), guidance: t('g'), legalBasis: [t('l')], weight: 1, importance: 'required' as const, evidence: [], recommendation: t('r') };
  it('scores number, date, multiple and text answers by their bands and choices', () => {
    const num = { ...base, question: { type: 'number' as const, bands: [{ min: 100, score: 100, result: 'compliant' as const }, { min: 50, score: 60, result: 'partial' as const }] } };
    expect(scoreAnswer(f, num, 100, asOf)).toEqual({ score: 100, result: 'compliant' });
    expect(scoreAnswer(f, num, 70, asOf)).toEqual({ score: 60, result: 'partial' });
    expect(scoreAnswer(f, num, 10, asOf)).toEqual({ score: 0, result: 'non_compliant' });
    const date = { ...base, question: { type: 'date' as const, bands: [{ maxAgeDays: 365, score: 100, result: 'compliant' as const }, { maxAgeDays: 730, score: 50, result: 'partial' as const }] } };
    expect(scoreAnswer(f, date, '2026-01-01', asOf).score).toBe(100);
    expect(scoreAnswer(f, date, '2025-06-01', asOf).score).toBe(50);
    expect(scoreAnswer(f, date, '2020-06-01', asOf)).toEqual({ score: 0, result: 'non_compliant' });
    expect(scoreAnswer(f, date, 'yesterday', asOf).result).toBe('unanswered');
    const multi = {
      ...base,
      question: {
        type: 'multiple' as const,
        choices: [
          { value: 'a', text: t('a'), score: 60, result: 'partial' as const },
          { value: 'b', text: t('b'), score: 60, result: 'partial' as const },
          { value: 'n', text: t('n'), score: 0, result: 'not_applicable' as const },
        ],
      },
    };
    expect(scoreAnswer(f, multi, ['a'], asOf)).toEqual({ score: 60, result: 'partial' });
    expect(scoreAnswer(f, multi, ['a', 'b'], asOf)).toEqual({ score: 100, result: 'compliant' });
    expect(scoreAnswer(f, multi, ['n'], asOf)).toEqual({ score: null, result: 'not_applicable' });
    const text = { ...base, question: { type: 'text' as const, answeredScore: 100 } };
    expect(scoreAnswer(f, text, '  ', asOf).result).toBe('unanswered');
    expect(scoreAnswer(f, text, '配方A', asOf)).toEqual({ score: 100, result: 'compliant' });
  });

  it('rejects a choice that scores higher but has a worse result', () => {
    const bad = framework.safeParse({
      code: 'x',
      version: '1',
      title: t('x'),
      weightsRationale: t('x'),
      levels: [0, 40, 60, 75, 90].map((minScore, i) => ({ level: i + 1, minScore, name: t(`L${i}`) })),
      riskByLevel: ['high', 'high', 'medium', 'low', 'low'],
      profile: [],
      dimensions: [
        {
          id: 'd',
          name: t('d'),
          weight: 1,
          requirements: [
            {
              ...base,
              question: {
                type: 'single',
                choices: [
                  { value: 'a', text: t('a'), score: 80, result: 'non_compliant' },
                  { value: 'b', text: t('b'), score: 20, result: 'compliant' },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path.join('.')).toBe('dimensions.0.requirements.0.question.choices');
    expect(bad.error!.issues[0].message).toMatch(/choice a scores higher than b but has a worse result/);
  });
});
