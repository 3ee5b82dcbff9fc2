/**
 * The year's counts (年度统计): trainings held, participants and hours; events done, their participants and reach;
 * articles published — per organiser and per month. `activityCounts` is the function the service ledger (issue 15)
 * reads: what each site or provider organised in a year, by organisation id, without a scope (the caller scopes).
 */
import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { OrganiserCounts, YearCounts } from '@shangmi/shared';
import { orgs, outreachArticles, outreachEnrolments, outreachEvents, outreachTrainings } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { requireActor, scopeCondition } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { rowsOf } from '../../db/sql.js';

const range = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;
type Where = { trainings?: SQL; events?: SQL; articles?: SQL };

async function perOrganiser(db: Db, year: number, where: Where): Promise<OrganiserCounts[]> {
  const [from, to] = range(year);
  const t = outreachTrainings;
  const e = outreachEvents;
  const a = outreachArticles;
  // trainings that took place (a check-in made them `held`); participants and hours from the check-ins
  const trainings = await db
    .select({
      orgId: t.orgId,
      trainings: sql<number>`count(distinct ${t.id})::int`,
      participants: sql<number>`count(${outreachEnrolments.checkedInAt})::int`,
      minutes: sql<number>`coalesce(sum(${outreachEnrolments.minutes}), 0)::int`,
    })
    .from(t)
    .leftJoin(outreachEnrolments, and(eq(outreachEnrolments.trainingId, t.id), isNotNull(outreachEnrolments.checkedInAt)))
    .where(and(eq(t.state, 'held'), gte(t.heldOn, from), lte(t.heldOn, to), where.trainings))
    .groupBy(t.orgId);
  const events = await db
    .select({ orgId: e.orgId, events: sql<number>`count(*)::int`, participants: sql<number>`coalesce(sum(${e.participants}), 0)::int`, reach: sql<number>`coalesce(sum(${e.reach}), 0)::int` })
    .from(e)
    .where(and(eq(e.state, 'done'), gte(e.heldOn, from), lte(e.heldOn, to), where.events))
    .groupBy(e.orgId);
  const articles = await db
    .select({ orgId: a.orgId, articles: sql<number>`count(*)::int` })
    .from(a)
    .where(and(eq(a.state, 'published'), sql`extract(year from ${a.publishAt} at time zone 'Asia/Shanghai') = ${year}`, where.articles))
    .groupBy(a.orgId);
  const ids = [...new Set([...trainings, ...events, ...articles].map((r) => r.orgId))];
  const found = ids.length ? await db.select({ id: orgs.id, name: orgs.name, districtCode: orgs.districtCode }).from(orgs).where(inArray(orgs.id, ids)) : [];
  const names = new Map(found.map((o) => [o.id, o.name]));
  const districts = new Map(found.map((o) => [o.id, o.districtCode]));
  return ids
    .map((orgId) => {
      const tr = trainings.find((r) => r.orgId === orgId);
      const ev = events.find((r) => r.orgId === orgId);
      return {
        orgId,
        orgName: names.get(orgId) ?? '',
        districtCode: districts.get(orgId) ?? null,
        trainings: tr?.trainings ?? 0,
        trainingParticipants: tr?.participants ?? 0,
        trainingHours: Math.round(((tr?.minutes ?? 0) / 60) * 100) / 100,
        events: ev?.events ?? 0,
        eventParticipants: ev?.participants ?? 0,
        reach: ev?.reach ?? 0,
        articles: articles.find((r) => r.orgId === orgId)?.articles ?? 0,
      };
    })
    .sort((x, y) => y.trainings + y.events + y.articles - (x.trainings + x.events + x.articles) || x.orgId - y.orgId);
}

/**
 * For the service ledger: held trainings, done events and published articles of the given organisers in a year (all
 * organisers when `orgIds` is absent). No scope: the calling module reads it for organisations its own scope reached.
 */
export function activityCounts(db: Db, q: { year: number; orgIds?: number[] }): Promise<OrganiserCounts[]> {
  if (q.orgIds && !q.orgIds.length) return Promise.resolve([]);
  const only = (col: typeof outreachTrainings.orgId | typeof outreachEvents.orgId | typeof outreachArticles.orgId) => (q.orgIds ? inArray(col, q.orgIds) : undefined);
  return perOrganiser(db, q.year, { trainings: only(outreachTrainings.orgId), events: only(outreachEvents.orgId), articles: only(outreachArticles.orgId) });
}

/** The counts page: per organiser within the actor's scope, and per month. */
export async function yearCounts(ctx: Ctx, year: number): Promise<YearCounts> {
  const actor = requireActor(ctx);
  const sc = (t: typeof outreachTrainings | typeof outreachEvents | typeof outreachArticles) => scopeCondition(actor, { orgPath: t.orgPath, orgId: t.orgId, owner: t.createdBy });
  const where = { trainings: sc(outreachTrainings), events: sc(outreachEvents), articles: sc(outreachArticles) };
  const byOrganiser = await perOrganiser(ctx.db, year, where);
  const [from, to] = range(year);
  const scopeSql = (s: SQL | undefined) => s ?? sql`true`;
  const months = rowsOf<{ month: number; trainings: number; participants: number; minutes: number; events: number; reach: number; articles: number }>(
    await ctx.db.execute(sql`
      with m as (select generate_series(1, 12) as month),
      t as (
        select extract(month from ${outreachTrainings.heldOn})::int as month, count(distinct ${outreachTrainings.id})::int as trainings,
               count(${outreachEnrolments.checkedInAt})::int as participants, coalesce(sum(${outreachEnrolments.minutes}), 0)::int as minutes
        from ${outreachTrainings} left join ${outreachEnrolments} on ${outreachEnrolments.trainingId} = ${outreachTrainings.id} and ${outreachEnrolments.checkedInAt} is not null
        where ${outreachTrainings.state} = 'held' and ${outreachTrainings.heldOn} between ${from} and ${to} and ${scopeSql(where.trainings)}
        group by 1),
      e as (
        select extract(month from ${outreachEvents.heldOn})::int as month, count(*)::int as events, coalesce(sum(${outreachEvents.reach}), 0)::int as reach
        from ${outreachEvents} where ${outreachEvents.state} = 'done' and ${outreachEvents.heldOn} between ${from} and ${to} and ${scopeSql(where.events)}
        group by 1),
      a as (
        select extract(month from ${outreachArticles.publishAt} at time zone 'Asia/Shanghai')::int as month, count(*)::int as articles
        from ${outreachArticles} where ${outreachArticles.state} = 'published'
          and extract(year from ${outreachArticles.publishAt} at time zone 'Asia/Shanghai') = ${year} and ${scopeSql(where.articles)}
        group by 1)
      select m.month, coalesce(t.trainings, 0) as trainings, coalesce(t.participants, 0) as participants, coalesce(t.minutes, 0) as minutes,
             coalesce(e.events, 0) as events, coalesce(e.reach, 0) as reach, coalesce(a.articles, 0) as articles
      from m left join t using (month) left join e using (month) left join a using (month) order by m.month`),
  );
  return {
    year,
    byOrganiser,
    byDistrict: byDistrict(byOrganiser),
    byMonth: months.map((r) => ({ month: Number(r.month), trainings: Number(r.trainings), participants: Number(r.participants), hours: Math.round((Number(r.minutes) / 60) * 100) / 100, events: Number(r.events), reach: Number(r.reach), articles: Number(r.articles) })),
  };
}

/** The organisers' figures summed per district (null: city level), the districts with the most activity first. */
function byDistrict(rows: OrganiserCounts[]): YearCounts['byDistrict'] {
  const out = new Map<string | null, YearCounts['byDistrict'][number]>();
  for (const r of rows) {
    const d = out.get(r.districtCode) ?? { districtCode: r.districtCode, trainings: 0, participants: 0, hours: 0, events: 0, reach: 0, articles: 0 };
    d.trainings += r.trainings;
    d.participants += r.trainingParticipants;
    d.hours = Math.round((d.hours + r.trainingHours) * 100) / 100;
    d.events += r.events;
    d.reach += r.reach;
    d.articles += r.articles;
    out.set(r.districtCode, d);
  }
  return [...out.values()].sort((a, b) => b.trainings + b.events + b.articles - (a.trainings + a.events + a.articles) || String(a.districtCode).localeCompare(String(b.districtCode)));
}
