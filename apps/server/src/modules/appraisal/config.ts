/**
 * The yearly appraisal schemes' rules beyond their shape, for the shipped files (config/appraisal/<region>-<year>.json,
 * checked when the module loads: a broken file stops the server naming the file and the problem) and for the versions
 * the city edits on the web (schemes.ts: the same rules, the error naming the field in the user's language): item keys
 * unique, every computed item's indicator shipped by steering (config/indicators/), the base items' points summing to
 * the total (100).
 */
import { appraisalScheme, type AppraisalScheme } from '@shangmi/shared';
import type { Msg } from '../../platform/messages.js';
import { INDICATORS } from '../steering/steering.service.js';
import { readSchemeFiles } from './files.js';

const BASE = new Set(['linear', 'threshold', 'yesno', 'manual']);
/** the base items' points sum to this */
export const SCHEME_TOTAL = 100;

/** The first rule the scheme breaks, with the field it names ('items.3.rule.indicator'), or null. */
export function schemeProblem(s: AppraisalScheme): { field: string; message: Msg } | null {
  const keys = new Set<string>();
  for (const [i, item] of s.items.entries()) {
    if (keys.has(item.key)) return { field: `items.${i}.key`, message: { zh: `第 ${i + 1} 项「${item.name.zh}」：项目编码 ${item.key} 重复`, en: `${item.key} repeated (item ${i + 1})` } };
    keys.add(item.key);
    if ('indicator' in item.rule && !INDICATORS.some((d) => d.key === (item.rule as { indicator: string }).indicator)) {
      const ind = item.rule.indicator;
      return { field: `items.${i}.rule.indicator`, message: { zh: `「${item.name.zh}」：指标 ${ind} 不存在（config/indicators）`, en: `no indicator ${ind} in config/indicators (item "${item.name.en}")` } };
    }
  }
  const base = Math.round(s.items.filter((x) => BASE.has(x.rule.type)).reduce((a, x) => a + x.points, 0) * 100) / 100;
  if (Math.abs(base - SCHEME_TOTAL) > 1e-9) {
    return { field: 'items', message: { zh: `基础项分值合计为 ${base}，应为 ${SCHEME_TOTAL}`, en: `the base items' points sum to ${base}, not ${SCHEME_TOTAL}` } };
  }
  return null;
}

export function checkScheme(raw: unknown, file: string): AppraisalScheme {
  const parsed = appraisalScheme.safeParse(raw);
  const fail = (where: string, message: string) => new Error(`config/appraisal/${file}: ${where}: ${message}`);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(issue.path.join('.') || '(root)', issue.message);
  }
  const problem = schemeProblem(parsed.data);
  if (problem) throw fail(problem.field, problem.message.en);
  return parsed.data;
}

/** The shipped files, checked (each is its region's and year's version 1: seed.ts). */
export const SCHEMES: AppraisalScheme[] = readSchemeFiles().map(({ raw, file }) => checkScheme(raw, file));

/** Whether a file ships a scheme for the region and year (the demo's check; rounds read the published versions). */
export const schemeFor = (regionCode: string, year: number) => SCHEMES.find((s) => s.regionCode === regionCode && s.year === year) ?? null;
