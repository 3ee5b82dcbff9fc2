/**
 * The module's background work: escalating requests not accepted within their limit (a system step on the engine), and
 * reminding a provider's staff of a qualification about to expire (once per validity, through the inbox).
 */
import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { addCalendarDays } from '@shangmi/shared';
import { providerQualifications, serviceProviders } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { todayIn } from '../../platform/calendar.js';
import { notify } from '../../platform/inbox.js';
import { RULES } from './rules.js';

/** The advisory lock of the module's timed work: one node at a time. */
export const ESCALATE_LOCK = 7310151;

export async function remindQualifications(ctx: Ctx): Promise<number> {
  const today = todayIn(ctx.now);
  const horizon = addCalendarDays(today, RULES.qualification.remindDaysBefore);
  const rows = await ctx.db
    .select({ q: providerQualifications, orgId: serviceProviders.orgId, name: serviceProviders.name })
    .from(providerQualifications)
    .innerJoin(serviceProviders, eq(serviceProviders.id, providerQualifications.providerId))
    .where(and(lte(providerQualifications.validUntil, horizon), gte(providerQualifications.validUntil, today), or(isNull(providerQualifications.remindedOn), sql`${providerQualifications.remindedOn} <> ${providerQualifications.validUntil}`)))
    .limit(500);
  for (const r of rows) {
    await notify(
      ctx.db,
      ctx.deps.config,
      sql`select u.id from users u join user_roles ur on ur.user_id = u.id join roles ro on ro.id = ur.role_id where u.status = 'active' and u.org_id = ${r.orgId} group by u.id having bool_or('services:deliver' = any(ro.permissions))`,
      {
        event: 'deadline',
        title: { zh: `【资质即将到期】${r.q.kind}（${r.q.number}）将于 ${r.q.validUntil} 到期`, en: `[Qualification expiring] ${r.q.kind} (${r.q.number}) expires on ${r.q.validUntil}` },
        body: { zh: `${r.name}：到期后不能再接受分派，请及时续期并报市局更新名录`, en: `${r.name}: once expired no request can be assigned to you; renew it and have the registry updated` },
        link: '/services/queue',
        record: { kind: 'services.qualification', id: r.q.id },
        dedupeKey: `svcq:${r.q.id}:${r.q.validUntil}`,
      },
      ctx.now,
    );
    // remembered per validity: a renewed date is reminded again
    await ctx.db.update(providerQualifications).set({ remindedOn: r.q.validUntil }).where(eq(providerQualifications.id, r.q.id));
  }
  return rows.length;
}
