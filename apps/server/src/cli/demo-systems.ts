import { and, asc, eq } from 'drizzle-orm';
import { serviceSystems } from '../db/schema/index.js';
import { referToSystem } from '../modules/sites/systems.js';
import type { DemoWorld } from './demo-context.js';

/**
 * Other service systems for the tour (docs/sites.md § Other service systems): the directory comes from
 * config/service-systems; the tour enterprise follows the IP service window from the help page, and the district officer
 * records sending it to an incubator — so the counts card on 建设进度 has figures.
 */
export async function seedDemoSystems(w: DemoWorld, o: { regionCode: string; officer: string; tour: string; enterpriseId: number }): Promise<number> {
  const entries = await w.database.db
    .select({ id: serviceSystems.id, kind: serviceSystems.kind })
    .from(serviceSystems)
    .where(and(eq(serviceSystems.regionCode, o.regionCode), eq(serviceSystems.active, true)))
    .orderBy(asc(serviceSystems.sort), asc(serviceSystems.id));
  const ip = entries.find((e) => e.kind === 'ip_service');
  const incubator = entries.find((e) => e.kind === 'incubator');
  let n = 0;
  if (ip) {
    await w.act(o.tour, 'sites.system-referral', w.daysAgo(12), (ctx) => referToSystem(ctx, ip.id, { note: '咨询专利申请' }));
    n++;
  }
  if (incubator) {
    await w.act(o.officer, 'sites.system-referral', w.daysAgo(6), (ctx) => referToSystem(ctx, incubator.id, { enterpriseId: o.enterpriseId, note: '走访时介绍孵化服务' }));
    n++;
  }
  return n;
}
