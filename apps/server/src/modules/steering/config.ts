/** The indicators and the status rules as data (config/indicators/), read and checked when the module loads: a broken file stops the server naming the problem. */
import fs from 'node:fs';
import path from 'node:path';
import { indicatorsFile, statusRules, type IndicatorDef, type StatusRules } from '@shangmi/shared';
import type { z } from 'zod';

const DIR = path.resolve(import.meta.dirname, '../../../../../config/indicators');

function load<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`config/indicators/${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Checks what the schema cannot: keys are unique. */
export function checkIndicators(list: IndicatorDef[]): IndicatorDef[] {
  const seen = new Set<string>();
  list.forEach((d, i) => {
    if (seen.has(d.key)) throw new Error(`config/indicators/indicators.json: indicators.${i}.key: ${d.key} repeated`);
    seen.add(d.key);
  });
  return list;
}

export const INDICATORS: IndicatorDef[] = checkIndicators(load('indicators.json', indicatorsFile).indicators);
export const STATUS_RULES: StatusRules = load('status.json', statusRules);
