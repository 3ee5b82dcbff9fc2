/**
 * The readiness score's upkeep: the shared function (packages/shared/src/protection-readiness.ts) on a secret's data,
 * the stored copy every list sorts on (kept in the transaction of every change it depends on), and the overview.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  MEASURE_ITEMS,
  measureRequirements,
  NO_PEOPLE,
  READINESS_BANDS,
  SECRET_LEVELS,
  secretReadiness,
  type Framework,
  type MeasureRequirement,
  type ReadinessOverview,
  type ReadinessPeople,
  type SecretReadiness,
} from '@shangmi/shared';
import { enterprises, secretMeasures, secrets } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { todayIn } from '../../platform/calendar.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { currentFrameworkId, frameworkById } from '../assessments/assessments.service.js';
import { rules } from './rules.js';
import { isFileKeeper, ownRows, type SecretRow } from './scope.js';
import { applyTotals, readTotals, type Contribution } from './totals.js';

/** The code of the framework whose requirements are the measures (the health check's). */
export const MEASURE_FRAMEWORK = 'trade-secret-health';

const requirementsCache = new Map<number, MeasureRequirement[]>();

/** The current framework and its measure requirements (a framework row never changes, so they are kept per id). */
export async function currentMeasures(ctx: Ctx): Promise<{ frameworkId: number; framework: Framework; requirements: MeasureRequirement[] }> {
  const frameworkId = await currentFrameworkId(ctx, MEASURE_FRAMEWORK);
  const framework = await frameworkById(ctx, frameworkId);
  let requirements = requirementsCache.get(frameworkId);
  if (!requirements) requirementsCache.set(frameworkId, (requirements = measureRequirements(framework)));
  return { frameworkId, framework, requirements };
}

export function readinessParams() {
  const r = rules();
  return { levels: r.levels, carrierKinds: r.carrierKinds, peopleKinds: r.people.kinds, peopleShare: r.readiness.peopleShare };
}

/**
 * Counts over the people who know each secret: how many, outside parties, with an agreement, who acknowledged a notice
 * naming it, who left and whose departure checklist is complete. One statement for any number of secrets.
 */
export async function peopleCounts(ctx: Ctx, secretIds: number[]): Promise<Map<number, ReadinessPeople>> {
  const out = new Map<number, ReadinessPeople>();
  if (!secretIds.length) return out;
  const outside = rules()
    .people.kinds.filter((k) => k.outside)
    .map((k) => k.value);
  const rows = rowsOf<{ secret_id: number; knowers: number; outside: number; with_agreement: number; acknowledged: number; departed: number; departed_complete: number }>(
    await ctx.db.execute(sql`
      select k.secret_id,
             count(*)::int as knowers,
             count(*) filter (where p.kind = any(${`{${outside.join(',')}}`}::text[]))::int as outside,
             count(*) filter (where p.agreement_signed_on is not null)::int as with_agreement,
             count(*) filter (where exists (select 1 from notice_secrets ns
                                             where ns.secret_id = k.secret_id and ns.person_id = k.person_id and ns.acknowledged_at is not null))::int as acknowledged,
             count(*) filter (where p.status = 'departed')::int as departed,
             count(*) filter (where p.status = 'departed' and d.completed_on is not null)::int as departed_complete
        from secret_knowers k
        join protection_people p on p.id = k.person_id
        left join protection_departures d on d.person_id = p.id
       where k.secret_id = any(${`{${secretIds.join(',')}}`}::int[])
       group by k.secret_id`),
  );
  for (const r of rows) {
    out.set(Number(r.secret_id), {
      knowers: Number(r.knowers),
      outside: Number(r.outside),
      withAgreement: Number(r.with_agreement),
      acknowledged: Number(r.acknowledged),
      departed: Number(r.departed),
      departedComplete: Number(r.departed_complete),
    });
  }
  return out;
}

/** The enterprise's profile answers the framework's conditions know (its size); read-only from its record. */
async function enterpriseProfile(ctx: Ctx, orgId: number): Promise<Record<string, string>> {
  const [e] = await ctx.db.select({ size: enterprises.size }).from(enterprises).where(eq(enterprises.orgId, orgId));
  return e?.size ? { size: e.size } : {};
}

/** The readiness of some secrets (all of one enterprise), computed now from their data. */
export async function computeReadiness(ctx: Ctx, rows: SecretRow[]): Promise<Map<number, SecretReadiness>> {
  const out = new Map<number, SecretReadiness>();
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  // one after another: this runs inside write transactions, whose one connection takes one query at a time
  const { requirements } = await currentMeasures(ctx);
  const people = await peopleCounts(ctx, ids);
  const measures = await ctx.db
    .select({ secretId: secretMeasures.secretId, requirementId: secretMeasures.requirementId, evidenceKind: secretMeasures.evidenceKind })
    .from(secretMeasures)
    .where(inArray(secretMeasures.secretId, ids));
  const profile = await enterpriseProfile(ctx, rows[0]!.orgId);
  const params = readinessParams();
  for (const s of rows) {
    out.set(
      s.id,
      secretReadiness(requirements, params, {
        level: s.level,
        category: s.category,
        carrierKinds: s.carrierKinds,
        measures: measures.filter((m) => m.secretId === s.id).map((m) => ({ requirementId: m.requirementId, evidence: m.evidenceKind !== 'none' })),
        people: people.get(s.id) ?? NO_PEOPLE,
        profile,
      }),
    );
  }
  return out;
}

/**
 * Recomputes and stores the readiness score, its items and the counts of the given secrets (called in the transaction of
 * each change they depend on: a measure, its evidence, a proof link, who knows it, an agreement, an acknowledgement, a
 * departure, the secret's level or carriers). One statement writes them all.
 */
export async function refreshReadiness(ctx: Ctx, secretIds: number[]): Promise<void> {
  const ids = [...new Set(secretIds)];
  if (!ids.length) return;
  // locked in id order until commit: their old contribution to the totals stays theirs until the new one replaces it
  const rows = await ctx.db.select().from(secrets).where(inArray(secrets.id, ids)).orderBy(secrets.id).for('update');
  if (!rows.length) return;
  const byOrg = new Map<number, SecretRow[]>();
  for (const r of rows) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
  const values: { id: number; r: number; items: number[] }[] = [];
  const after: Contribution[] = [];
  for (const group of byOrg.values()) {
    const computed = await computeReadiness(ctx, group);
    for (const s of group) {
      const res = computed.get(s.id)!;
      const items = res.items.map((i) => (i.expected ? Math.round(i.coverage * 100) : -1));
      values.push({ id: s.id, r: res.score, items });
      after.push({ ...s, readiness: res.score, readinessItems: items });
    }
  }
  await ctx.db.execute(sql`
    update secrets s
       set readiness = v.r,
           readiness_items = v.items,
           measure_count = (select count(*) from secret_measures m where m.secret_id = s.id),
           proof_count = (select count(*) from secret_proofs p where p.secret_id = s.id),
           knower_count = (select count(*) from secret_knowers k where k.secret_id = s.id)
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id int, r smallint, items smallint[])
     where s.id = v.id`);
  await applyTotals(ctx, rows, after);
}

/** The secrets a person knows (their agreement, notices or departure changed: those secrets' scores follow). */
export async function secretsKnownBy(ctx: Ctx, personIds: number[]): Promise<number[]> {
  if (!personIds.length) return [];
  const rows = rowsOf<{ secret_id: number }>(await ctx.db.execute(sql`select distinct secret_id from secret_knowers where person_id = any(${`{${personIds.join(',')}}`}::int[])`));
  return rows.map((r) => Number(r.secret_id));
}

/**
 * The enterprise's readiness at a glance: average, bands, per level, per item of 第六条 (how many active secrets expect
 * it, how many have it fully covered) from the totals kept with every write (totals.ts: one row, not an aggregate over
 * the register per request); the weakest ten and the reviews due from the active secrets' partial indexes.
 */
export async function readinessOverview(ctx: Ctx): Promise<ReadinessOverview> {
  const actor = requireActor(ctx);
  const active = and(ownRows(ctx, secrets.orgId), eq(secrets.status, 'active'));
  const today = todayIn(ctx.now);
  const [t, weakest, [due]] = await Promise.all([
    isFileKeeper(actor) ? readTotals(ctx, actor.orgId) : readTotals(ctx, 0),
    ctx.db
      .select({ id: secrets.id, name: secrets.name, level: secrets.level, readiness: secrets.readiness })
      .from(secrets)
      .where(active)
      .orderBy(secrets.readiness, desc(secrets.level), secrets.id)
      .limit(10),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(secrets).where(and(active, sql`${secrets.nextReviewOn} <= ${today}::date`)),
  ]);
  const total = t.levelCount.reduce((a, b) => a + b, 0);
  const sum = t.levelSum.reduce((a, b) => a + b, 0);
  const avg = (s: number, n: number, digits: number) => (n ? Math.round((s / n) * digits) / digits : null);
  // READINESS_BANDS from the highest down: a score counts in the first band whose minimum it reaches
  const bands = READINESS_BANDS.map((b, i) => t.histogram.reduce((n, c, score) => (score >= b.min && (i === 0 || score < READINESS_BANDS[i - 1]!.min) ? n + c : n), 0));
  return {
    total,
    average: avg(sum, total, 10),
    bands,
    byLevel: SECRET_LEVELS.map((level, l) => ({ level, count: t.levelCount[l] ?? 0, average: avg(t.levelSum[l] ?? 0, t.levelCount[l] ?? 0, 10) })),
    // readiness_items follows MEASURE_ITEMS position by position
    items: MEASURE_ITEMS.map((item, i) => {
      const expected = t.itemExpected[i] ?? 0;
      return { item, expected, covered: t.itemCovered[i] ?? 0, average: avg(t.itemSum[i] ?? 0, expected, 1) };
    }),
    weakest: weakest.map((w) => ({ ...w, readiness: Number(w.readiness) })),
    reviewDue: Number(due?.n ?? 0),
  };
}
