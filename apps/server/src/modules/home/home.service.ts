import type { HomeTodo, HomeTodos } from '@shangmi/shared/home';
import type { Ctx } from '../../platform/context.js';
import * as assessments from '../assessments/assessments.service.js';
import * as cases from '../cases/cases.service.js';
import * as cultivation from '../cultivation/cultivation.service.js';
import * as enterprises from '../enterprises/enterprises.service.js';
import * as sites from '../sites/sites.service.js';

const ONE = { page: 1, pageSize: 1 } as const;

/**
 * What waits for the signed-in user. Each item is asked of its own module's list, with the user's context, so it is
 * scoped exactly as that list is; an item appears only when the user holds the permission that acts on it.
 */
export async function todos(ctx: Ctx): Promise<HomeTodos> {
  const actor = ctx.actor!;
  const can = (p: string) => actor.permissions.has(p);
  const enterpriseUser = actor.orgKind === 'enterprise';
  const items: HomeTodo[] = [];
  const add = async (key: HomeTodo['key'], path: string, count: () => Promise<number>) => items.push({ key, path, count: await count() });

  if (can('cases:read') && !enterpriseUser) {
    const q = await cases.queueCounts(ctx);
    items.push({ key: 'cases.queue', path: '/cases/queue', count: q.open }, { key: 'cases.overdue', path: '/cases/queue', count: q.overdue });
  }
  if (can('enterprises:confirm'))
    await add('enterprises.pending', '/enterprises?status=pending', async () => (await enterprises.listEnterprises(ctx, { ...ONE, order: 'asc', status: 'pending' })).total);
  if (can('cultivation:review'))
    await add('cultivation.district', '/cultivation?review=district', async () => (await cultivation.listEntries(ctx, { ...ONE, order: 'asc', review: 'district' })).total);
  if (can('cultivation:approve'))
    await add('cultivation.city', '/cultivation?review=city', async () => (await cultivation.listEntries(ctx, { ...ONE, order: 'asc', review: 'city' })).total);
  if (can('cultivation:manage'))
    await add('cultivation.returned', '/cultivation?review=returned', async () => (await cultivation.listEntries(ctx, { ...ONE, order: 'asc', review: 'returned' })).total);
  if (can('sites:review')) await add('sites.district', '/sites?acceptance=district', async () => (await sites.listSites(ctx, { ...ONE, order: 'asc', acceptance: 'district' })).total);
  if (can('sites:approve')) await add('sites.city', '/sites?acceptance=city', async () => (await sites.listSites(ctx, { ...ONE, order: 'asc', acceptance: 'city' })).total);
  if (can('sites:submit')) await add('sites.returned', '/sites?acceptance=returned', async () => (await sites.listSites(ctx, { ...ONE, order: 'asc', acceptance: 'returned' })).total);
  if (can('assessments:answer') && enterpriseUser)
    await add('assessments.tasks', '/assessments/campaigns', async () => (await assessments.listCampaigns(ctx)).filter((c) => c.task && !c.task.completedAt).length);
  if (can('assessments:answer')) await add('assessments.drafts', '/assessments', async () => (await assessments.listAssessments(ctx, { ...ONE, status: 'draft' })).total);
  return { items };
}
