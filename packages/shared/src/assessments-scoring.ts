import {
  allRequirements,
  choicesOf,
  type Framework,
  type FrameworkRequirement,
  type Importance,
  type ProfileCondition,
  type RequirementResult,
  type RiskLevel,
} from './assessments-framework.js';

/**
 * The scoring engine. Pure and deterministic (the assessment day comes in; no clock, no randomness), so the browser's live
 * score and the server's stored one are the same computation on the same answers.
 *
 * - A requirement applies unless a profile condition excludes it; a `不适用` answer excludes it as well. Excluded ones
 *   carry no weight anywhere: the others keep their weights, so their shares relative to each other never change.
 * - An applicable requirement scores its answer (0–100); unanswered counts 0 (the live score grows as one answers).
 * - Dimension score = Σ w·s / Σ w over its counted requirements; overall = Σ D·w·s / Σ D·w over all counted requirements
 *   (D the dimension weight) — one weighted average, so raising any answer's score never lowers any figure.
 * - Maturity level from the overall score by the framework's thresholds, then capped by every failed red line
 *   (不符合 or unanswered); risk by level.
 */
export type ProfileAnswers = Record<string, string | string[] | number | null | undefined>;
export type AnswerValue = string | string[] | number | null;
export interface AnswerInput {
  value?: AnswerValue;
  /** evidence files attached to this requirement */
  evidenceCount?: number;
}
export interface ScoreInput {
  profile: ProfileAnswers;
  answers: Record<string, AnswerInput | undefined>;
  /** the assessment day, YYYY-MM-DD (Asia/Shanghai), for date questions */
  asOf: string;
}

export type ScoredResult = RequirementResult | 'unanswered';

export interface RequirementScore {
  id: string;
  dimensionId: string;
  /** false when the profile excludes it */
  applicable: boolean;
  result: ScoredResult;
  /** 0–100; null when excluded (profile or 不适用) */
  score: number | null;
  /** its share of the overall score's weight (0 when excluded); the shares sum to 1 */
  share: number;
}

export interface DimensionScore {
  id: string;
  /** null when nothing in it counts */
  score: number | null;
  counted: number;
  answered: number;
  applicable: number;
}

export interface Gap {
  requirementId: string;
  dimensionId: string;
  result: ScoredResult;
  score: number;
  importance: Importance;
  redLine: boolean;
  /** weight share × shortfall: the order of the gap list */
  priority: number;
}

export interface ScoreResult {
  overall: number;
  levelByScore: number;
  level: number;
  /** red-line requirements that failed and capped the level */
  cappedBy: string[];
  risk: RiskLevel;
  dimensions: DimensionScore[];
  requirements: RequirementScore[];
  progress: { answered: number; applicable: number };
  /** 符合 answers without any evidence attached, where the framework expects evidence */
  warnings: { requirementId: string; kind: 'compliant_without_evidence' }[];
  gaps: Gap[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function conditionHolds(c: ProfileCondition, answer: ProfileAnswers[string]): boolean {
  // an unanswered profile question excludes nothing: better to ask too much than to skip a measure
  if (answer === undefined || answer === null || answer === '' || (Array.isArray(answer) && answer.length === 0)) return true;
  const values = Array.isArray(answer) ? answer : [String(answer)];
  if (c.in && !values.some((v) => c.in!.includes(v))) return false;
  if (c.notIn && values.every((v) => c.notIn!.includes(v))) return false;
  if (c.min !== undefined && !(Number(answer) >= c.min)) return false;
  return true;
}

export function isApplicable(r: Pick<FrameworkRequirement, 'applicable'>, profile: ProfileAnswers): boolean {
  return (r.applicable ?? []).every((c) => conditionHolds(c, profile[c.profile]));
}

function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** One answer's score and result (null score: unanswered or 不适用). */
export function scoreAnswer(f: Pick<Framework, 'scales'>, r: FrameworkRequirement, value: AnswerValue | undefined, asOf: string): { score: number | null; result: ScoredResult } {
  const q = r.question;
  const none = { score: null, result: 'unanswered' as const };
  if (value === undefined || value === null || value === '') return none;
  switch (q.type) {
    case 'single':
    case 'yes_no': {
      const c = choicesOf(f, q).find((x) => x.value === value);
      if (!c) return none;
      return c.result === 'not_applicable' ? { score: null, result: 'not_applicable' } : { score: c.score, result: c.result };
    }
    case 'multiple': {
      if (!Array.isArray(value) || value.length === 0) return none;
      const chosen = choicesOf(f, q).filter((c) => value.includes(c.value));
      if (chosen.length === 0) return none;
      if (chosen.some((c) => c.result === 'not_applicable')) return { score: null, result: 'not_applicable' };
      const score = Math.min(100, chosen.reduce((s, c) => s + c.score, 0));
      return { score, result: score >= 100 ? 'compliant' : score > 0 ? 'partial' : 'non_compliant' };
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return none;
      const b = (q.bands ?? []).find((x) => n >= (x.min ?? -Infinity));
      return b ? { score: b.score, result: b.result } : { score: 0, result: 'non_compliant' };
    }
    case 'date': {
      if (!isDate(value)) return none;
      const age = Math.max(0, daysBetween(value, asOf));
      const b = (q.bands ?? []).find((x) => age <= (x.maxAgeDays ?? Infinity));
      return b ? { score: b.score, result: b.result } : { score: 0, result: 'non_compliant' };
    }
    case 'text': {
      if (typeof value !== 'string' || value.trim().length === 0) return none;
      const score = q.answeredScore ?? 100;
      return { score, result: score >= 100 ? 'compliant' : score > 0 ? 'partial' : 'non_compliant' };
    }
  }
}

export function maturityLevel(f: Pick<Framework, 'levels'>, overall: number): number {
  let level = 1;
  for (const l of f.levels) if (overall >= l.minScore) level = l.level;
  return level;
}

export function scoreAssessment(f: Framework, input: ScoreInput): ScoreResult {
  const dimWeight = new Map(f.dimensions.map((d) => [d.id, d.weight]));
  const reqs = allRequirements(f);
  const rows = reqs.map((r) => {
    const applicable = isApplicable(r, input.profile);
    const a = input.answers[r.id];
    const { score, result } = applicable ? scoreAnswer(f, r, a?.value, input.asOf) : { score: null, result: 'not_applicable' as const };
    // unanswered counts as 0 while applicable; 不适用 (by profile or answer) does not count at all
    const counted = applicable && result !== 'not_applicable';
    return { r, applicable, result, score: counted ? (score ?? 0) : null, answered: result !== 'unanswered', counted, evidence: a?.evidenceCount ?? 0 };
  });

  let num = 0;
  let den = 0;
  for (const x of rows) {
    if (!x.counted) continue;
    const w = dimWeight.get(x.r.dimensionId)! * x.r.weight;
    num += w * x.score!;
    den += w;
  }
  const overall = den > 0 ? round1(num / den) : 0;

  const dimensions: DimensionScore[] = f.dimensions.map((d) => {
    const mine = rows.filter((x) => x.r.dimensionId === d.id);
    let n = 0;
    let w = 0;
    for (const x of mine) {
      if (!x.counted) continue;
      n += x.r.weight * x.score!;
      w += x.r.weight;
    }
    return {
      id: d.id,
      score: w > 0 ? round1(n / w) : null,
      counted: mine.filter((x) => x.counted).length,
      answered: mine.filter((x) => x.applicable && x.answered).length,
      applicable: mine.filter((x) => x.applicable).length,
    };
  });

  const levelByScore = maturityLevel(f, overall);
  const cappedBy: string[] = [];
  let level = levelByScore;
  for (const x of rows) {
    if (!x.r.redLine || !x.counted) continue;
    if (x.result === 'non_compliant' || x.result === 'unanswered') {
      cappedBy.push(x.r.id);
      level = Math.min(level, x.r.redLine.capLevel);
    }
  }

  const requirements: RequirementScore[] = rows.map((x) => ({
    id: x.r.id,
    dimensionId: x.r.dimensionId,
    applicable: x.applicable,
    result: x.result,
    score: x.score,
    share: x.counted && den > 0 ? (dimWeight.get(x.r.dimensionId)! * x.r.weight) / den : 0,
  }));
  const shareOf = new Map(requirements.map((r) => [r.id, r.share]));

  const gaps: Gap[] = rows
    .filter((x) => x.counted && x.score! < 100)
    .map((x) => ({
      requirementId: x.r.id,
      dimensionId: x.r.dimensionId,
      result: x.result,
      score: x.score!,
      importance: x.r.importance,
      redLine: !!x.r.redLine,
      priority: shareOf.get(x.r.id)! * (100 - x.score!),
    }))
    // red lines first among equals, then the framework's order: a stable, total order
    .sort((a, b) => b.priority - a.priority || Number(b.redLine) - Number(a.redLine));

  return {
    overall,
    levelByScore,
    level,
    cappedBy,
    risk: f.riskByLevel[level - 1],
    dimensions,
    requirements,
    progress: { answered: rows.filter((x) => x.applicable && x.answered).length, applicable: rows.filter((x) => x.applicable).length },
    warnings: rows
      .filter((x) => x.counted && x.result === 'compliant' && x.r.evidence.length > 0 && x.evidence === 0)
      .map((x) => ({ requirementId: x.r.id, kind: 'compliant_without_evidence' as const })),
    gaps,
  };
}
