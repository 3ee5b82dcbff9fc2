import type { HomeTodo, HomeTodos } from '@shangmi/shared/home';
import type { Ctx } from '../../platform/context.js';
import * as assessments from '../assessments/assessments.service.js';
import * as cases from '../cases/cases.service.js';
import * as cultivation from '../cultivation/cultivation.service.js';
import * as enterprises from '../enterprises/enterprises.service.js';
import * as sites from '../sites/sites.service.js';

const ONE = { page: 1, pageSize: 1, order: 'asc' } as const;

/**
 * What waits for the signed-in user. Each item is asked of its own module's list, with the user's context, so it is
 * scoped exactly as that list is; an item appears only when the user holds the permission that acts on it.
 */
export async function todos(ctx: Ctx): Promise<HomeTodos> {
  const actor = ctx.actor!;
  const can = (p: string) => actor.permissions.has(p);
  const enterpriseUser = actor.orgKind === 'enterprise';
  const total = (page: Promise<{ total: number }>) => page.then((p) => p.total);
  // [shown when, key, path, count]: asked at once (each a scoped count of its own), answered in this order
  const asked: [boolean, HomeTodo['key'], string, () => Promise<number>][] = [
    [can('enterprises:confirm'), 'enterprises.pending', '/enterprises?status=pending', () => total(enterprises.listEnterprises(ctx, { ...ONE, status: 'pending' }))],
    [can('cultivation:review'), 'cultivation.district', '/cultivation?review=district', () => total(cultivation.listEntries(ctx, { ...ONE, review: 'district' }))],
    [can('cultivation:approve'), 'cultivation.city', '/cultivation?review=city', () => total(cultivation.listEntries(ctx, { ...ONE, review: 'city' }))],
    [can('cultivation:manage'), 'cultivation.returned', '/cultivation?review=returned', () => total(cultivation.listEntries(ctx, { ...ONE, review: 'returned' }))],
    [can('sites:review'), 'sites.district', '/sites?acceptance=district', () => total(sites.listSites(ctx, { ...ONE, acceptance: 'district' }))],
    [can('sites:approve'), 'sites.city', '/sites?acceptance=city', () => total(sites.listSites(ctx, { ...ONE, acceptance: 'city' }))],
    [can('sites:submit'), 'sites.returned', '/sites?acceptance=returned', () => total(sites.listSites(ctx, { ...ONE, acceptance: 'returned' }))],
    [
      can('assessments:answer') && enterpriseUser,
      'assessments.tasks',
      // the enterprise's own list shows its tasks above its checks (the campaigns page is the staff's)
      '/assessments',
      async () => (await assessments.listCampaigns(ctx)).filter((c) => c.task && !c.task.completedAt).length,
    ],
    [can('assessments:answer'), 'assessments.drafts', '/assessments', () => total(assessments.listAssessments(ctx, { ...ONE, status: 'draft' }))],
  ];
  const wanted = asked.filter(([shown]) => shown);
  const [queue, ...counts] = await Promise.all([
    can('cases:read') && !enterpriseUser ? cases.queueCounts(ctx) : null,
    ...wanted.map(([, , , count]) => count()),
  ]);
  const items: HomeTodo[] = queue
    ? [
        { key: 'cases.queue', path: '/cases/queue', count: queue.open },
        { key: 'cases.overdue', path: '/cases/queue?overdue=true', count: queue.overdue },
      ]
    : [];
  wanted.forEach(([, key, path], k) => items.push({ key, path, count: counts[k] as number }));
  return { items };
}
