/**
 * Cultivation criteria (issue 24 item 3; docs/cultivation.md § Readiness): the willingness on file (a signed intention),
 * the enterprise's latest health check (score, dimension gaps, failed must-have requirements) and the entry's readiness
 * for its next stage, by the rules in config/cultivation/readiness.json (checked by zod when the module starts). The same
 * rules are one SQL condition for the list and the board's `readiness` filter, so a filtered page is never computed row
 * by row.
 */
import { and, eq } from 'drizzle-orm';
import {
  nextCultivationStage,
  type CultivationIntentionInput,
  type CultivationReadiness,
  type ReadinessCheck,
  type ReadinessStageRule,
} from '@shangmi/shared';
import { assessments } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { findEntry } from './read.js';
import { currentRules, shanghaiDay } from './readiness-rules.js';
import { addEvent, lockForChange, touch } from './writes.js';

interface Gap {
  requirementId: string;
  result: string;
  importance: string;
  redLine: boolean;
}
interface StoredResult {
  dimensions?: { id: string; score: number | null }[];
  gaps?: Gap[];
}

/** “Must-have” requirements: those the framework marks required (必备) or red-line, answered non-compliant. */
const failedMustHave = (r: StoredResult | null) =>
  (r?.gaps ?? []).filter((g) => g.result === 'non_compliant' && (g.importance === 'required' || g.redLine)).map((g) => g.requirementId);

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Why the entry is (or is not) ready for its next stage, rule by rule. */
export async function entryReadiness(ctx: Ctx, id: number): Promise<CultivationReadiness> {
  const row = await findEntry(ctx, id);
  const e = row.entry;
  const rs = currentRules();
  const [check] = await ctx.db
    .select({ id: assessments.id, score: assessments.score, level: assessments.level, submittedAt: assessments.submittedAt, asOf: assessments.asOf, result: assessments.result })
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, e.enterpriseId), eq(assessments.latest, true)));
  const next = nextCultivationStage(e.stage);
  const rule: ReadinessStageRule | null = next && next !== 'withdrawn' && next !== 'candidate' ? rs.stages[next] : null;
  const result = (check?.result ?? null) as StoredResult | null;
  const failed = failedMustHave(result);
  const gaps = (result?.dimensions ?? []).filter((d) => d.score !== null && d.score < (rule?.dimensionGapBelow ?? 60)).map((d) => ({ id: d.id, score: d.score }));
  const reasons: CultivationReadiness['reasons'] = [];
  const add = (c: ReadinessCheck, ok: boolean, zh: string, en: string) => reasons.push({ check: c, ok, zh, en });
  if (rule) {
    if (rule.requireIntention) {
      add('intention', !!e.intentionSignedOn, e.intentionSignedOn ? `已签订培育意向（${e.intentionSignedOn}）` : '尚未签订培育意向书', e.intentionSignedOn ? `Intention signed on ${e.intentionSignedOn}` : 'No signed intention on file');
    }
    const needsCheck = rule.minScore !== null || rule.noFailedMustHave || rule.maxCheckAgeDays !== null;
    if (needsCheck) add('checkExists', !!check, check ? '已有提交的诊断体检' : '尚无提交的诊断体检', check ? 'A submitted health check is on file' : 'No submitted health check');
    if (check && rule.minScore !== null) {
      const score = check.score ?? 0;
      add('score', score >= rule.minScore, `体检得分 ${score}，要求不低于 ${rule.minScore}`, `Health-check score ${score}, at least ${rule.minScore} required`);
    }
    if (check && rule.noFailedMustHave) {
      add('mustHave', failed.length === 0, failed.length ? `${failed.length} 项必备要求不符合：${failed.join('、')}` : '必备要求均未判定为不符合', failed.length ? `${failed.length} required measure(s) failed: ${failed.join(', ')}` : 'No required measure failed');
    }
    if (check && rule.maxCheckAgeDays !== null) {
      const on = check.asOf ?? (check.submittedAt ? shanghaiDay(check.submittedAt) : null);
      const age = on ? daysBetween(on, shanghaiDay(ctx.now)) : Infinity;
      add('checkAge', age <= rule.maxCheckAgeDays, `体检日期 ${on ?? '—'}，须在 ${rule.maxCheckAgeDays} 天内`, `Checked on ${on ?? '—'}; must be within ${rule.maxCheckAgeDays} days`);
    }
  }
  return {
    entryId: e.id,
    stage: e.stage,
    nextStage: rule ? next : null,
    ready: !!rule && reasons.every((r) => r.ok),
    intentionSignedOn: e.intentionSignedOn,
    check: check ? { id: check.id, score: check.score, level: check.level, submittedAt: check.submittedAt?.toISOString() ?? null, asOf: check.asOf } : null,
    dimensionGaps: gaps,
    failedMustHave: failed,
    reasons,
    rulesVersion: rs.version,
    basis: rs.basis,
  };
}

/** The willingness: the day the intention was signed (not in the future), or null to take the record back. */
export async function setIntention(ctx: Ctx, id: number, input: CultivationIntentionInput): Promise<CultivationReadiness> {
  const { entry: before } = await lockForChange(ctx, id);
  if (input.signedOn && input.signedOn > shanghaiDay(ctx.now)) throw fieldError('signedOn', { zh: '不能晚于今天', en: 'cannot be after today' });
  const after = await touch(ctx, id, { intentionSignedOn: input.signedOn, intentionNote: input.note ?? null });
  await addEvent(ctx, id, { action: 'updated', data: { intentionSignedOn: { from: before.intentionSignedOn, to: after.intentionSignedOn } } });
  ctx.audit = { targetType: 'cultivation', targetId: id, before: { intentionSignedOn: before.intentionSignedOn }, after: { intentionSignedOn: after.intentionSignedOn } };
  return entryReadiness(ctx, id);
}
