/**
 * The yearly appraisal schemes as data (config/appraisal/<region>-<year>.json), read and checked when the module loads:
 * a broken file stops the server naming the file and the problem. Beyond the schema: item keys unique, every computed
 * item's indicator shipped by steering (config/indicators/), the base items' points summing to 100.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appraisalScheme, type AppraisalScheme } from '@shangmi/shared';
import { INDICATORS } from '../steering/steering.service.js';

const DIR = path.resolve(import.meta.dirname, '../../../../../config/appraisal');
const BASE = new Set(['linear', 'threshold', 'yesno', 'manual']);

export function checkScheme(raw: unknown, file: string): AppraisalScheme {
  const parsed = appraisalScheme.safeParse(raw);
  const fail = (where: string, message: string) => new Error(`config/appraisal/${file}: ${where}: ${message}`);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(issue.path.join('.') || '(root)', issue.message);
  }
  const s = parsed.data;
  const keys = new Set<string>();
  s.items.forEach((item, i) => {
    if (keys.has(item.key)) throw fail(`items.${i}.key`, `${item.key} repeated`);
    keys.add(item.key);
    if ('indicator' in item.rule && !INDICATORS.some((d) => d.key === (item.rule as { indicator: string }).indicator)) {
      throw fail(`items.${i}.rule.indicator`, `no indicator ${item.rule.indicator} in config/indicators`);
    }
  });
  const base = s.items.filter((x) => BASE.has(x.rule.type)).reduce((a, x) => a + x.points, 0);
  if (Math.abs(base - 100) > 1e-9) throw fail('items', `the base items' points sum to ${base}, not 100`);
  return s;
}

function loadAll(): AppraisalScheme[] {
  if (!fs.existsSync(DIR)) return [];
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => checkScheme(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')), f));
}

export const SCHEMES: AppraisalScheme[] = loadAll();

export const schemeFor = (regionCode: string, year: number) => SCHEMES.find((s) => s.regionCode === regionCode && s.year === year) ?? null;
