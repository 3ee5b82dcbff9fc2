/**
 * 精准对接 as an index walk: `service_candidates` keeps one row per offerer × service kind × district it may serve ('*':
 * any district), with the first active offering of the kind, the offerer's load and rating and the score they give. It is
 * kept in the writing transaction, by set-based statements computed from the sources (never read into the app, merged
 * and written back):
 * - a request's write (new, a step, a public rating) moves the assignees' tallies (statement triggers on `help_requests`);
 *   `touchCandidates` then rescores those assignees' rows from their tallies — the tally rows stay locked by the trigger's
 *   upsert until commit, so a second transaction writing the same assignee waits and rescores from the committed tally;
 * - a catalogue or registry write (an offering added or edited, a provider's districts, activity or qualifications
 *   changed) rebuilds that offerer's rows (`refreshCandidates`), first locking its tally row (created if missing), so it
 *   is ordered with the request writes and with another rebuild of the same offerer.
 * What changes with time or in another module is read at the walk: a qualification past its date (`qualified_until`),
 * a revoked site, the organisation's name. The rules' weights (config/services/rules.json) are in the stored score;
 * `rescoreCandidates` (the module's timed job) brings the scores back in line if the rules changed.
 */
import { sql, type SQL } from 'drizzle-orm';
import { intArrayLiteral, rowsOf } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { RULES } from './rules.js';

const idList = (ids: number[]) => sql`${intArrayLiteral([...new Set(ids)].sort((a, b) => a - b))}::int[]`;

/** The suggestion's score, exactly as the ranking over all offerers computes it (catalogue.ts `rankAll`). */
export function scoreSql(same: SQL, rating: SQL, load: SQL): SQL {
  const w = RULES.suggestion;
  return sql`round((((case when ${same} then ${w.sameDistrict}::float8 else 0 end) + coalesce(${rating}, ${w.defaultRating}::float8) - ${w.openRequestPenalty}::float8 * ${load})::float8)::numeric, 2)::float8`;
}

/** Rebuilds the candidate rows of these offerers (or of all, for a fill) from the catalogue, the registry and the tallies. */
export async function refreshCandidates(ctx: Ctx, orgIds: number[] | 'all'): Promise<void> {
  if (orgIds !== 'all') {
      if (!orgIds.length) return;
    // the offerers' tally rows, locked in id order: this rebuild waits for request writes of these offerers in flight
    await ctx.db.execute(sql`
      insert into service_assignee_tallies as t (org_id) select unnest(${idList(orgIds)}) order by 1
      on conflict (org_id) do update set open_requests = t.open_requests`);
  }
  const only = orgIds === 'all' ? sql`true` : sql`o.org_id = any(${idList(orgIds)})`;
  const onlyC = orgIds === 'all' ? sql`true` : sql`org_id = any(${idList(orgIds)})`;
  await ctx.db.execute(sql`delete from service_candidates where ${onlyC}`);
  const rating = sql`(t.rating_sum::float8 / nullif(t.rating_n, 0))`;
  const load = sql`coalesce(t.open_requests, 0)`;
  await ctx.db.execute(sql`
    insert into service_candidates (org_id, service_kind, district_code, region_code, org_kind, offering_id, same_district, open_requests, rating, score, qualified_until)
    select f.org_id, f.service_kind, d.district, f.region_code, f.org_kind, f.id, d.same, ${load}, ${rating}, ${scoreSql(sql`d.same`, rating, load)}, q.until
      from (select distinct on (o.org_id, o.service_kind) o.id, o.org_id, o.service_kind, o.region_code, o.org_kind, o.district_code
              from service_offerings o where ${only} and o.active order by o.org_id, o.service_kind, o.id) f
      left join service_providers p on p.org_id = f.org_id
      left join service_assignee_tallies t on t.org_id = f.org_id
      left join lateral (select min(q.valid_until) as until from provider_qualifications q where q.provider_id = p.id) q on true
      cross join lateral (
        select coalesce(f.district_code, '*') as district, f.district_code is not null as same where f.org_kind = 'site'
        union all
        select x, f.district_code is not null and x = f.district_code from unnest(p.districts) as x where f.org_kind = 'provider' and cardinality(p.districts) > 0
        union all
        select '*', false where f.org_kind = 'provider' and cardinality(p.districts) = 0
      ) d
     where f.org_kind = 'site' or coalesce(p.active, false)
    on conflict do nothing`);
}

/** After a request's write: rescore the rows of these assignees from their tallies (this transaction's included). */
export async function touchCandidates(ctx: Ctx, orgIds: (number | null | undefined)[]): Promise<void> {
  const ids = orgIds.filter((x): x is number => typeof x === 'number');
  if (!ids.length) return;
  const rating = sql`(t.rating_sum::float8 / nullif(t.rating_n, 0))`;
  const load = sql`coalesce(t.open_requests, 0)`;
  await ctx.db.execute(sql`
    update service_candidates c
       set open_requests = x.open, rating = x.rating, score = ${scoreSql(sql`c.same_district`, sql`x.rating`, sql`x.open`)}
      from (select o.id, ${load} as open, ${rating} as rating
              from unnest(${idList(ids)}) as o(id) left join service_assignee_tallies t on t.org_id = o.id) x
     where c.org_id = x.id`);
}

/** The timed job: scores that the rules (weights) no longer give are computed again. Returns the rows changed. */
export async function rescoreCandidates(ctx: Ctx): Promise<number> {
  const res = await ctx.db.execute(sql`
    with changed as (update service_candidates c set score = ${scoreSql(sql`c.same_district`, sql`c.rating`, sql`c.open_requests`)}
     where c.score is distinct from ${scoreSql(sql`c.same_district`, sql`c.rating`, sql`c.open_requests`)} returning 1)
    select count(*)::int as n from changed`);
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
}

export interface CandidateRow {
  orgId: number;
  orgName: string;
  orgKind: 'site' | 'provider';
  offeringId: number;
  offeringTitle: string;
  free: boolean;
  responseDays: number;
  sameDistrict: boolean;
  openRequests: number;
  rating: number | null;
  score: number;
}

/**
 * The walk: the best `limit` candidates of the district and the best `limit` of '*' (each an index range in score
 * order, left at `limit` rows that pass the read-time checks), merged. At most 2 × limit rows come back.
 */
export async function walkCandidates(ctx: Ctx, regionCode: string, serviceKind: string, districtCode: string, today: string, limit: number): Promise<CandidateRow[]> {
  const arm = (district: string) => sql`(
    select c.* from service_candidates c
     where c.region_code = ${regionCode} and c.service_kind = ${serviceKind} and c.district_code = ${district}
       and (c.qualified_until is null or c.qualified_until >= ${today})
       and (c.org_kind <> 'site' or not exists (select 1 from sites s where s.org_id = c.org_id and s.status = 'revoked'))
     order by c.score desc nulls last, c.open_requests, c.org_id
     limit ${limit})`;
  const res = await ctx.db.execute(sql`
    select c.org_id, g.name as org_name, c.org_kind, c.offering_id, o.title, o.free, o.response_days, c.same_district, c.open_requests, c.rating, c.score
      from (${arm(districtCode)} union all ${arm('*')}) c
      join orgs g on g.id = c.org_id
      join service_offerings o on o.id = c.offering_id
     order by c.score desc, c.open_requests, c.org_id
     limit ${limit}`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    orgId: Number(r.org_id),
    orgName: String(r.org_name),
    orgKind: r.org_kind as 'site' | 'provider',
    offeringId: Number(r.offering_id),
    offeringTitle: String(r.title),
    free: Boolean(r.free),
    responseDays: Number(r.response_days),
    sameDistrict: Boolean(r.same_district),
    openRequests: Number(r.open_requests),
    rating: r.rating === null ? null : Number(r.rating),
    score: Number(r.score),
  }));
}
