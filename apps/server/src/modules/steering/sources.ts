/**
 * Where each indicator's numbers come from: one grouped, set-based read per source over its module's live tables, by
 * district and month (Asia/Shanghai). The steering module reads other modules' tables read-only here (docs/architecture.md
 * § Boundaries: "reading is freer") because a service call per indicator, district and month would cost a query each; it
 * never writes them. Each row is a month's numerator `n` and denominator `d` (1 per record for counts), so a year, a
 * quarter or a district is a sum of rows and a rate is Σn ÷ Σd — the same rows answer every period.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { IndicatorDef, IndicatorSource } from '@shangmi/shared';
import { rowsOf } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';

export interface Row {
  district: string | null;
  /** 'YYYY-MM' */
  month: string;
  n: number;
  d: number;
}

const TZ = sql.raw(`'Asia/Shanghai'`);
const monthOfTs = (col: SQL) => sql`to_char(${col} at time zone ${TZ}, 'YYYY-MM')`;
const monthOfDate = (col: SQL) => sql`to_char(${col}, 'YYYY-MM')`;

interface SourceSpec {
  /** rates: n ÷ d × 100 when `percent`, else n ÷ d (an average) */
  percent?: boolean;
  query: (region: string, f: Record<string, string>) => SQL;
}

const s = (name: string) => sql.raw(name);

const SPECS: Record<Exclude<IndicatorSource, 'manual'>, SourceSpec> = {
  // sites counting toward a target kind (sites' targetKindOf: a base counts when city-level, stations and points together):
  // +1 in the month of accreditation, −1 in the month of revocation, so a period's stock is the sum of the months up to its
  // end — the sites dashboard's rule (accredited by the end, not revoked by then; tests hold the two equal)
  'sites.built': {
    query: (r, f) => {
      const kind = f.targetKind === 'base' ? sql`kind = 'base' and level = 'city'` : sql`kind <> 'base'`;
      return sql`select district_code as district, ${monthOfTs(s('accredited_at'))} as month, 1 as n, 0 as d
        from sites where region_code = ${r} and accredited_at is not null and ${kind}
        union all
        select district_code, ${monthOfTs(s('revoked_at'))}, -1, 0
        from sites where region_code = ${r} and accredited_at is not null and revoked_at is not null and ${kind}`;
    },
  },
  // entries at a stage, in the month they reached it (the enterprise's district)
  'cultivation.entries': {
    query: (r, f) => sql`select e.district_code as district, ${monthOfTs(s('ce.stage_changed_at'))} as month, 1 as n, 1 as d
      from cultivation_entries ce join enterprises e on e.id = ce.enterprise_id
      where ce.region_code = ${r} and ce.stage = ${f.stage ?? 'cultivating'}`,
  },
  'assessments.submitted': {
    query: (r) => sql`select district_code as district, ${monthOfTs(s('submitted_at'))} as month, 1 as n, 1 as d
      from assessments where region_code = ${r} and status = 'submitted' and submitted_at is not null`,
  },
  'assessments.avgScore': {
    query: (r) => sql`select district_code as district, ${monthOfTs(s('submitted_at'))} as month, score as n, 1 as d
      from assessments where region_code = ${r} and status = 'submitted' and submitted_at is not null and score is not null`,
  },
  // a complaint's acceptance clock (config/deadlines complaint.accept) stopped by its due date, of those stopped
  'cases.acceptedOnTime': {
    percent: true,
    query: (r) => sql`select c.district_code as district, ${monthOfDate(s('cc.closed_on'))} as month,
        case when cc.closed_on <= cc.due_on then 1 else 0 end as n, 1 as d
      from case_clocks cc join cases c on c.id = cc.case_id
      where c.region_code = ${r} and cc.rule_key = 'complaint.accept' and cc.closed_on is not null and cc.due_on is not null`,
  },
  // a penalty decision published by its publication due date (config/deadlines case.publish), of those published
  'credit.publishedOnTime': {
    percent: true,
    query: (r) => sql`select district_code as district, ${monthOfDate(s('published_on'))} as month,
        case when published_on <= publish_due_on then 1 else 0 end as n, 1 as d
      from credit_records where region_code = ${r} and published_on is not null and publish_due_on is not null`,
  },
  'services.delivered': {
    query: (r) => sql`select district_code as district, ${monthOfDate(s('delivered_on'))} as month, 1 as n, 1 as d
      from help_requests where region_code = ${r} and delivered_on is not null`,
  },
  'services.satisfaction': {
    query: (r) => sql`select district_code as district, ${monthOfTs(s('coalesce(confirmed_at, updated_at)'))} as month, rating as n, 1 as d
      from help_requests where region_code = ${r} and rating is not null`,
  },
  // credited minutes of checked-in participants, by the participant's organisation's district (as outreach counts them)
  'outreach.trainingHours': {
    query: (r) => sql`select o.district_code as district, ${monthOfDate(s('t.held_on'))} as month, en.minutes / 60.0 as n, 1 as d
      from outreach_enrolments en join outreach_trainings t on t.id = en.training_id join orgs o on o.id = en.org_id
      where t.region_code = ${r} and en.checked_in_at is not null and t.state <> 'cancelled'`,
  },
  'outreach.events': {
    query: (r) => sql`select district_code as district, ${monthOfDate(s('held_on'))} as month, 1 as n, 1 as d
      from outreach_events where region_code = ${r} and state = 'done'`,
  },
  'outreach.reach': {
    query: (r) => sql`select district_code as district, ${monthOfDate(s('held_on'))} as month, coalesce(reach, 0) as n, 1 as d
      from outreach_events where region_code = ${r} and state = 'done'`,
  },
  'listening.visits': {
    query: (r) => sql`select district_code as district, ${monthOfDate(s('held_on'))} as month, 1 as n, 1 as d
      from listening_meetings where region_code = ${r} and kind = 'visit' and status = 'recorded' and held_on is not null`,
  },
  'listening.needsClosedOnTime': {
    percent: true,
    query: (r) => sql`select district_code as district, ${monthOfTs(s('closed_at'))} as month,
        case when (closed_at at time zone ${TZ})::date <= due_on then 1 else 0 end as n, 1 as d
      from listening_needs where region_code = ${r} and closed_at is not null and due_on is not null`,
  },
  // the depositing enterprise's organisation node carries the region and district
  'proofs.deposited': {
    query: (r) => sql`select o.district_code as district, ${monthOfTs(s('p.created_at'))} as month, 1 as n, 1 as d
      from proof_records p join orgs o on o.id = p.org_id where o.region_code = ${r}`,
  },
};

export const isPercent = (source: IndicatorSource) => source !== 'manual' && SPECS[source].percent === true;

/** The indicator's rows for the region, grouped by district and month. */
export async function sourceRows(ctx: Ctx, def: IndicatorDef, regionCode: string): Promise<Row[]> {
  if (def.source === 'manual') return [];
  const inner = SPECS[def.source].query(regionCode, def.filters);
  const res = await ctx.db.execute(sql`select district, month, sum(n)::float8 as n, sum(d)::float8 as d from (${inner}) x group by 1, 2`);
  return rowsOf<{ district: string | null; month: string; n: number | string; d: number | string }>(res).map((r) => ({ district: r.district, month: r.month, n: Number(r.n), d: Number(r.d) }));
}
