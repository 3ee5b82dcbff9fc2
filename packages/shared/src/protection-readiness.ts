import type { Framework, Importance } from './assessments-framework.js';
import { isApplicable, type ProfileAnswers } from './assessments-scoring.js';
import { MEASURE_ITEMS, type LevelRule, type MeasureItem, type SecretCategory, type SecretLevel } from './protection-rules.js';

/**
 * The readiness score of one secret (保护完备度): how well the measures taken correspond to *that* secret, the question
 * 法释〔2020〕7号 第五条第二款 asks ("保密措施与商业秘密的对应程度"). Pure and deterministic: the browser, the server's stored
 * column and the litigation pack compute it with the same function on the same data.
 *
 * The measures are the health-check framework's requirements that are a measure of an item (1)–(6) of 第六条 (item (7),
 * "other reasonable measures", names no kind of measure). For a secret:
 * 1. Which requirements are *expected*: those whose importance its level expects (rules.yaml `levels.expected`: a core
 *    secret every one, a general secret the required ones) and that apply to it — the framework's own conditions, answered
 *    from the secret: electronic carriers bring the information-system measures, physical carriers the premises, technical
 *    information the R&D ones, outside people who know it the partner ones (an unknown answer excludes nothing).
 * 2. Which items of 第六条 are expected: those with at least one expected requirement. An item weighs as its heaviest
 *    expected requirement (dimension weight × requirement weight): the framework's judgement of what courts look at first.
 * 3. An item's recorded coverage is its best recorded measure: 1 with evidence (a deposited proof or a platform record),
 *    the level's `withoutEvidence` (a core secret's unproven measure counts for little) without.
 * 4. Where the law reaches the people who know the secret — (1) agreements, (2) notices, (6) departures — the item's
 *    coverage blends the recorded measure with the share of those people it actually covers (`peopleShare`): a generic
 *    NDA policy is weak evidence when half the people who know the secret never signed one.
 * 5. Score = Σ weight × coverage / Σ weight over the expected items, 0–100.
 *
 * So recording a measure, adding its evidence, a signature or an acknowledgement never lowers the score; a new person who
 * knows the secret without an agreement or a notice does (a new gap), and so does raising the level.
 */
export interface MeasureRequirement {
  id: string;
  dimensionId: string;
  /** the items of 第六条 (1–6) it is a measure of */
  items: MeasureItem[];
  /** dimension weight × requirement weight */
  share: number;
  importance: Importance;
  applicable?: Framework['dimensions'][number]['requirements'][number]['applicable'];
}

/** The framework's requirements that are measures of an item (1)–(6) of 法释〔2020〕7号 第六条. */
export function measureRequirements(f: Pick<Framework, 'dimensions'>): MeasureRequirement[] {
  const out: MeasureRequirement[] = [];
  for (const d of f.dimensions) {
    for (const r of d.requirements) {
      const items = [...new Set((r.spcArt6 ?? []).filter((i): i is MeasureItem => (MEASURE_ITEMS as readonly number[]).includes(i)))].sort();
      if (items.length) out.push({ id: r.id, dimensionId: d.id, items, share: d.weight * r.weight, importance: r.importance, applicable: r.applicable });
    }
  }
  return out;
}

export interface ReadinessParams {
  levels: readonly Pick<LevelRule, 'value' | 'expected' | 'withoutEvidence'>[];
  carrierKinds: readonly { value: string; implies?: Record<string, string> }[];
  peopleKinds?: readonly { value: string; outside: boolean }[];
  peopleShare: number;
}

/** Counts over the people recorded as knowing the secret. */
export interface ReadinessPeople {
  knowers: number;
  /** of them, outside parties (suppliers, customers, partners, visitors) */
  outside: number;
  /** of them, with a confidentiality agreement signed */
  withAgreement: number;
  /** of them, who acknowledged a notice naming this secret */
  acknowledged: number;
  /** of them, who have left */
  departed: number;
  /** of those who left, with the departure checklist complete */
  departedComplete: number;
}
export const NO_PEOPLE: ReadinessPeople = { knowers: 0, outside: 0, withAgreement: 0, acknowledged: 0, departed: 0, departedComplete: 0 };

export interface ReadinessInput {
  level: SecretLevel;
  category: SecretCategory;
  carrierKinds: readonly string[];
  measures: readonly { requirementId: string; evidence: boolean }[];
  people: ReadinessPeople;
  /** what is known of the enterprise (the framework's profile answers, e.g. size); the secret's own answers win */
  profile?: ProfileAnswers;
}

export interface ReadinessItem {
  item: MeasureItem;
  expected: boolean;
  /** the heaviest expected requirement's share (0 when not expected) */
  weight: number;
  /** best recorded measure, 0–1 */
  recorded: number;
  /** share of the people who know the secret that the item reaches, 0–1; null when it does not apply */
  people: number | null;
  /** 0–1 */
  coverage: number;
}

export interface SecretReadiness {
  /** 0–100 */
  score: number;
  items: ReadinessItem[];
  /** the requirements expected of this secret, heaviest first */
  expected: string[];
  /** expected requirements with no measure recorded, in the order to take them (weakest item first, heaviest first) */
  gaps: { requirementId: string; items: MeasureItem[]; share: number }[];
  /** recorded measures without evidence */
  withoutEvidence: string[];
  /** recorded measures naming a requirement the framework no longer has (they count for nothing) */
  unknown: string[];
  people: ReadinessPeople;
  /** the profile answers the secret gave the framework's conditions */
  profile: ProfileAnswers;
}

const PEOPLE_ITEMS: Partial<Record<MeasureItem, (p: ReadinessPeople) => number | null>> = {
  1: (p) => (p.knowers > 0 ? p.withAgreement / p.knowers : null),
  2: (p) => (p.knowers > 0 ? p.acknowledged / p.knowers : null),
  6: (p) => (p.departed > 0 ? p.departedComplete / p.departed : null),
};

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The framework profile answers a secret gives: from its category, its carriers and who knows it. */
export function secretProfile(params: Pick<ReadinessParams, 'carrierKinds'>, input: Pick<ReadinessInput, 'category' | 'carrierKinds' | 'people' | 'profile'>): ProfileAnswers {
  const profile: ProfileAnswers = { ...(input.profile ?? {}) };
  profile.has_rd = input.category === 'technical' ? 'yes' : 'no';
  if (input.carrierKinds.length) {
    const implied = new Map<string, Set<string>>();
    for (const k of input.carrierKinds) {
      for (const [q, a] of Object.entries(params.carrierKinds.find((c) => c.value === k)?.implies ?? {})) {
        if (!implied.has(q)) implied.set(q, new Set());
        implied.get(q)!.add(a);
      }
    }
    // a question some carrier answers "yes" is yes; the carriers' other questions are no (the carriers are all known)
    const questions = new Set(params.carrierKinds.flatMap((c) => Object.keys(c.implies ?? {})));
    for (const q of questions) profile[q] = implied.get(q)?.has('yes') ? 'yes' : 'no';
  }
  if (input.people.knowers > 0) profile.partners = input.people.outside > 0 ? 'yes' : 'no';
  return profile;
}

export function secretReadiness(requirements: readonly MeasureRequirement[], params: ReadinessParams, input: ReadinessInput): SecretReadiness {
  const level = params.levels.find((l) => l.value === input.level);
  if (!level) throw new Error(`no rule for level ${input.level}`);
  const people: ReadinessPeople = {
    knowers: Math.max(0, input.people.knowers),
    outside: Math.max(0, input.people.outside),
    withAgreement: Math.max(0, input.people.withAgreement),
    acknowledged: Math.max(0, input.people.acknowledged),
    departed: Math.max(0, input.people.departed),
    departedComplete: Math.max(0, input.people.departedComplete),
  };
  const profile = secretProfile(params, { ...input, people });
  const expected = requirements
    .filter((r) => level.expected.includes(r.importance) && isApplicable(r, profile))
    .sort((a, b) => b.share - a.share || a.id.localeCompare(b.id));
  const byId = new Map(requirements.map((r) => [r.id, r]));

  const quality = (evidence: boolean) => (evidence ? 1 : clamp01(level.withoutEvidence));
  const recorded = new Map<MeasureItem, number>();
  const measured = new Map<string, number>();
  const unknown: string[] = [];
  for (const m of input.measures) {
    const r = byId.get(m.requirementId);
    if (!r) {
      if (!unknown.includes(m.requirementId)) unknown.push(m.requirementId);
      continue;
    }
    const q = quality(m.evidence);
    measured.set(r.id, Math.max(measured.get(r.id) ?? 0, q));
    for (const i of r.items) recorded.set(i, Math.max(recorded.get(i) ?? 0, q));
  }

  const share = clamp01(params.peopleShare);
  const items: ReadinessItem[] = MEASURE_ITEMS.map((item) => {
    const inItem = expected.filter((r) => r.items.includes(item));
    const weight = inItem.length ? Math.max(...inItem.map((r) => r.share)) : 0;
    const rec = recorded.get(item) ?? 0;
    const reach = PEOPLE_ITEMS[item]?.(people);
    const p = reach === null || reach === undefined ? null : clamp01(reach);
    const coverage = p === null ? rec : (1 - share) * rec + share * p;
    return { item, expected: inItem.length > 0, weight, recorded: rec, people: p, coverage: clamp01(coverage) };
  });
  const total = items.reduce((s, i) => s + i.weight, 0);
  const got = items.reduce((s, i) => s + i.weight * i.coverage, 0);
  const score = total > 0 ? Math.round((100 * got) / total) : 0;

  const coverageOf = new Map(items.map((i) => [i.item, i.coverage]));
  const weakest = (r: MeasureRequirement) => Math.min(...r.items.map((i) => coverageOf.get(i) ?? 0));
  const gaps = expected
    .filter((r) => !measured.has(r.id))
    .sort((a, b) => weakest(a) - weakest(b) || b.share - a.share || a.id.localeCompare(b.id))
    .map((r) => ({ requirementId: r.id, items: r.items, share: r.share }));
  const withoutEvidence = [...new Set(input.measures.filter((m) => !m.evidence && byId.has(m.requirementId)).map((m) => m.requirementId))].filter(
    (id) => !input.measures.some((m) => m.requirementId === id && m.evidence),
  );
  return { score: Math.min(100, Math.max(0, score)), items, expected: expected.map((r) => r.id), gaps, withoutEvidence, unknown, people, profile };
}

/** The bands the readiness overview counts secrets in (inclusive lower bounds). */
export const READINESS_BANDS = [
  { min: 80, label: { zh: '完备', en: 'Ready' } },
  { min: 60, label: { zh: '基本完备', en: 'Mostly ready' } },
  { min: 30, label: { zh: '薄弱', en: 'Weak' } },
  { min: 0, label: { zh: '缺失', en: 'Missing' } },
] as const;
export const readinessBand = (score: number) => READINESS_BANDS.findIndex((b) => score >= b.min);
