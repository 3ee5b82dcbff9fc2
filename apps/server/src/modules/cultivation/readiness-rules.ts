/**
 * The readiness rules (config/cultivation/readiness.json, checked by zod at start) and the same rules as one SQL condition
 * on an entry row, for the list's and the board's `readiness` filter (issue 24 item 3): a filtered page is never computed
 * row by row. Apart from readiness.ts so the list (read.ts) can use it without a cycle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { readinessRules, type ReadinessRules } from '@shangmi/shared';
import { assessments, cultivationEntries } from '../../db/schema/index.js';

export const READINESS_FILE = path.resolve(import.meta.dirname, '../../../../../config/cultivation/readiness.json');

/** The rules file, validated; a broken file stops the start naming its problem. */
export function loadReadinessRules(file = READINESS_FILE): ReadinessRules {
  const parsed = readinessRules.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`config/cultivation/readiness.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
let rules: ReadinessRules | null = null;
export const currentRules = () => (rules ??= loadReadinessRules());

export const TARGETS = ['cultivating', 'created', 'accepted'] as const;
type Target = (typeof TARGETS)[number];
const PREVIOUS: Record<Target, 'candidate' | 'cultivating' | 'created'> = { cultivating: 'candidate', created: 'cultivating', accepted: 'created' };

export const shanghaiDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** The same rules as one condition on an entry row (for the list's `readiness` filter); `today` in Asia/Shanghai. */
export function readyCondition(today: string, rs = currentRules()): SQL {
  const latest = (extra: SQL) =>
    sql`exists (select 1 from ${assessments} a where a.enterprise_id = ${cultivationEntries.enterpriseId} and a.latest and ${extra})`;
  const perStage = TARGETS.map((target) => {
    const r = rs.stages[target];
    const conds: SQL[] = [eq(cultivationEntries.stage, PREVIOUS[target])];
    if (r.requireIntention) conds.push(isNotNull(cultivationEntries.intentionSignedOn));
    if (r.minScore !== null) conds.push(latest(sql`a.score >= ${r.minScore}`));
    if (r.noFailedMustHave) {
      conds.push(
        latest(sql`not exists (select 1 from jsonb_array_elements(coalesce(a.result->'gaps', '[]'::jsonb)) g
          where g->>'result' = 'non_compliant' and (g->>'importance' = 'required' or (g->>'redLine')::boolean))`),
      );
    }
    if (r.maxCheckAgeDays !== null) {
      conds.push(latest(sql`coalesce(a.as_of, (a.submitted_at at time zone 'Asia/Shanghai')::date) >= ${today}::date - ${r.maxCheckAgeDays}::int`));
    }
    return and(...conds)!;
  });
  return or(...perStage)!;
}

/** The list filter: ready, or not ready (an entry at the end of the path, or withdrawn, is neither). */
export function readinessFilter(kind: 'ready' | 'not_ready', now: Date): SQL {
  const ready = readyCondition(shanghaiDay(now));
  const onPath = or(...TARGETS.map((t) => eq(cultivationEntries.stage, PREVIOUS[t])))!;
  return kind === 'ready' ? ready : (and(onPath, sql`not (${ready})`) as SQL);
}

