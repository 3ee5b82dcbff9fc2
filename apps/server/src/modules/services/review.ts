/**
 * A site's yearly review (年度评估): each quantitative item of its kind's current construction standard (an item with a
 * `quota`, config/standards) against the site's ledger of that year, beside the site's own score of the item in its
 * newest acceptance self-evaluation. The ledger is the evidence: no figure is typed here.
 */
import { desc, eq } from 'drizzle-orm';
import type { StandardQuota, YearlyReview } from '@shangmi/shared';
import { siteAcceptances } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { findSiteInScope, listStandards } from '../sites/sites.service.js';
import { ledgerCounts } from './ledger.js';

export async function yearlyReview(ctx: Ctx, siteId: number, year: number): Promise<YearlyReview> {
  const site = await findSiteInScope(ctx, siteId);
  const [standard] = await listStandards(ctx, { regionCode: site.regionCode, kind: site.kind });
  const counts = await ledgerCounts(ctx, site.orgId, `${year}-01-01`, `${year}-12-31`);
  // the sites' own table, read only: the self-evaluation's score per item
  const [acc] = await ctx.db.select({ items: siteAcceptances.items }).from(siteAcceptances).where(eq(siteAcceptances.siteId, site.id)).orderBy(desc(siteAcceptances.submittedAt)).limit(1);
  const self = new Map(((acc?.items ?? []) as { code: string; selfScore?: number; score?: number }[]).map((i) => [i.code, i.selfScore ?? i.score ?? null]));
  const items = (standard?.items ?? [])
    .filter((it): it is typeof it & { quota: StandardQuota } => !!it.quota)
    .map((it) => {
      const rows = counts.filter((c) => it.quota.serviceKinds.includes(c.serviceKind));
      const count = it.quota.measure === 'services' ? rows.reduce((a, c) => a + c.n, 0) : new Set(rows.flatMap((c) => c.enterpriseIds)).size;
      return { code: it.code, title: it.title, weight: it.weight, measure: it.quota.measure, serviceKinds: it.quota.serviceKinds, min: it.quota.min, count, met: count >= it.quota.min, selfScore: self.get(it.code) ?? null };
    });
  return {
    siteId: site.id,
    siteName: site.name,
    year,
    standardTitle: standard?.title ?? '',
    items,
    totals: {
      services: counts.filter((c) => c.source === 'request').reduce((a, c) => a + c.n, 0),
      activities: counts.filter((c) => c.source === 'activity').reduce((a, c) => a + c.n, 0),
      enterprises: new Set(counts.flatMap((c) => c.enterpriseIds)).size,
    },
  };
}
