/**
 * The service catalogue (服务目录) and the suggestion of who could take a request (精准对接): a site or provider lists
 * what it offers; a request's candidates are the active offerings of its service kind in the region whose offerer
 * serves the enterprise's district, ranked by district, rating and current load (config/services/rules.json).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { offeringCreate } from '@shangmi/shared';
import type { z } from 'zod';
import { orgs, providerQualifications, serviceAssigneeTallies, serviceContracts, serviceOfferings, serviceProviders, sites } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, forbidden } from '../../platform/errors.js';
import { todayIn } from '../../platform/calendar.js';
import { checkServiceKinds } from './providers.js';
import { refreshCandidates, walkCandidates, type CandidateRow } from './candidates.js';
import { isDelivererUser, requireDeliverer } from './scope.js';
import { RULES } from './rules.js';
import { msg } from './services.messages.js';

const offeringColumns = {
  id: serviceOfferings.id,
  orgId: serviceOfferings.orgId,
  orgName: orgs.name,
  orgKind: serviceOfferings.orgKind,
  districtCode: serviceOfferings.districtCode,
  serviceKind: serviceOfferings.serviceKind,
  title: serviceOfferings.title,
  description: serviceOfferings.description,
  free: serviceOfferings.free,
  contractId: serviceOfferings.contractId,
  audience: serviceOfferings.audience,
  responseDays: serviceOfferings.responseDays,
  active: serviceOfferings.active,
};

/** The catalogue of the caller's region (everyone signed in may read what is offered; staff see their own first). */
export async function listOfferings(ctx: Ctx, q: { serviceKind?: string; orgId?: number }) {
  const actor = requireActor(ctx);
  return ctx.db
    .select(offeringColumns)
    .from(serviceOfferings)
    .innerJoin(orgs, eq(orgs.id, serviceOfferings.orgId))
    .where(
      andAll(
        actor.scope === 'all' ? undefined : eq(serviceOfferings.regionCode, actor.regionCode ?? ''),
        q.serviceKind ? eq(serviceOfferings.serviceKind, q.serviceKind) : undefined,
        q.orgId ? eq(serviceOfferings.orgId, q.orgId) : undefined,
      ),
    )
    .orderBy(asc(serviceOfferings.serviceKind), asc(serviceOfferings.id))
    .limit(500);
}

/** A site's or provider's staff list a service of their own organisation. */
export async function createOffering(ctx: Ctx, input: z.output<typeof offeringCreate>) {
  const actor = requireActor(ctx);
  if (!isDelivererUser(actor)) throw forbidden(msg.notDelivererUser);
  if (input.orgId !== undefined && input.orgId !== actor.orgId) throw fieldError('orgId', msg.ownOrgOnly);
  await checkServiceKinds(ctx, [input.serviceKind], 'serviceKind');
  const d = await requireDeliverer(ctx, actor.orgId, null, 'orgId');
  if (input.contractId) {
    const [c] = await ctx.db.select({ id: serviceContracts.id }).from(serviceContracts).where(and(eq(serviceContracts.id, input.contractId), eq(serviceContracts.providerOrgId, actor.orgId)));
    if (!c) throw fieldError('contractId', { zh: '不是本单位的合同', en: 'is not a contract of your organisation' });
  }
  const [row] = await ctx.db
    .insert(serviceOfferings)
    .values({
      orgId: d.orgId,
      orgPath: d.orgPath,
      orgKind: d.kind,
      regionCode: d.regionCode,
      districtCode: d.districtCode,
      serviceKind: input.serviceKind,
      title: input.title,
      description: input.description ?? null,
      free: input.contractId ? false : input.free,
      contractId: input.contractId ?? null,
      audience: input.audience ?? null,
      responseDays: input.responseDays,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await refreshCandidates(ctx, [d.orgId]);
  ctx.audit = { targetType: 'service_offering', targetId: row.id, after: { serviceKind: row.serviceKind, title: row.title, free: row.free } };
  const [out] = await ctx.db.select(offeringColumns).from(serviceOfferings).innerJoin(orgs, eq(orgs.id, serviceOfferings.orgId)).where(eq(serviceOfferings.id, row.id));
  return out!;
}

/** One offerer the suggestion proposes (the walk's row, as the route answers it). */
export type Suggestion = CandidateRow;

const finish = (rows: Suggestion[]): Suggestion[] =>
  rows
    .map((r) => ({ ...r, openRequests: Number(r.openRequests), rating: r.rating === null ? null : Math.round(Number(r.rating) * 10) / 10, score: Math.round(Number(r.score) * 100) / 100 }))
    .sort((a, b) => b.score - a.score || a.openRequests - b.openRequests || a.orgId - b.orgId)
    .slice(0, RULES.suggestion.limit);

/**
 * Candidates for a request of `serviceKind` from an enterprise of `districtCode`, best first: one line per offerer (its
 * first active offering of the kind). Sites of another district, providers not serving the district, inactive
 * providers and providers with an expired qualification are left out. An index walk over the maintained candidates
 * (candidates.ts): it reads at most twice the limit rows whatever the number of providers. Without a district (an
 * enterprise registered without one), the ranking over all offerers.
 */
export async function suggest(ctx: Ctx, regionCode: string, serviceKind: string, districtCode: string | null): Promise<Suggestion[]> {
  if (!districtCode) return rankAll(ctx, regionCode, serviceKind, districtCode);
  return finish(await walkCandidates(ctx, regionCode, serviceKind, districtCode, todayIn(ctx.now), RULES.suggestion.limit));
}

/**
 * The ranking over all offerers (before the candidates were kept; the reference the candidates' test compares with):
 * one statement; the load and rating are each offerer's row of `service_assignee_tallies`.
 */
export async function rankAll(ctx: Ctx, regionCode: string, serviceKind: string, districtCode: string | null): Promise<Suggestion[]> {
  const w = RULES.suggestion;
  const o = serviceOfferings;
  const today = todayIn(ctx.now);
  const same = districtCode ? sql`coalesce(${o.districtCode} = ${districtCode}, false)` : sql`false`;
  // load and rating from the assignee's tallies (kept by the requests' own writes, migration 0034): a row per offerer
  const a = serviceAssigneeTallies;
  const load = sql<number>`coalesce(${a.openRequests}, 0)::int`;
  const rating = sql<number | null>`(${a.ratingSum}::float8 / nullif(${a.ratingN}, 0))`;
  const score = sql<number>`((case when ${same} then ${w.sameDistrict}::float8 else 0 end) + coalesce(${rating}, ${w.defaultRating}::float8) - ${w.openRequestPenalty}::float8 * ${load})::float8`;
  // one line per offerer (its first offering of the kind), then ranked and cut in SQL: over thousands of offerers only
  // ten rows come back (the bench: 10,000 providers)
  const offerers = ctx.db
    .selectDistinctOn([o.orgId], {
      orgId: o.orgId,
      orgName: orgs.name,
      orgKind: o.orgKind,
      offeringId: o.id,
      offeringTitle: o.title,
      free: o.free,
      responseDays: o.responseDays,
      sameDistrict: sql<boolean>`${same}`.as('same_district'),
      openRequests: load.as('open_requests'),
      rating: rating.as('rating'),
      score: sql<number>`round((${score})::numeric, 2)::float8`.as('score'),
    })
    .from(o)
    .innerJoin(orgs, eq(orgs.id, o.orgId))
    .leftJoin(serviceProviders, eq(serviceProviders.orgId, o.orgId))
    .leftJoin(sites, eq(sites.orgId, o.orgId))
    .leftJoin(a, eq(a.orgId, o.orgId))
    .where(
      and(
        eq(o.regionCode, regionCode),
        eq(o.serviceKind, serviceKind),
        eq(o.active, true),
        sql`(
          (${o.orgKind} = 'site' and ${sites.status} is distinct from 'revoked' and (${o.districtCode} is null or ${districtCode ?? null}::text is null or ${o.districtCode} = ${districtCode ?? null}))
          or (${o.orgKind} = 'provider' and ${serviceProviders.active}
              and (cardinality(${serviceProviders.districts}) = 0 or ${districtCode ?? null}::text is null or ${districtCode ?? null} = any(${serviceProviders.districts}))
              and not exists (select 1 from ${providerQualifications} q where q.provider_id = ${serviceProviders.id} and q.valid_until < ${today})))`,
      ),
    )
    .orderBy(o.orgId, o.id)
    .as('offerers');
  const rows = await ctx.db.select().from(offerers).orderBy(desc(offerers.score), asc(offerers.openRequests), asc(offerers.orgId)).limit(w.limit);
  return finish(rows);
}
