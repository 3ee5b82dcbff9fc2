import { HOME_TODO_KEYS, type HomeTodo, type HomeTodoKey, type HomeTodos } from '@shangmi/shared/home';
import type { Ctx } from '../../platform/context.js';
import { pendingTodos } from '../../platform/workflow/index.js';
import * as assessments from '../assessments/assessments.service.js';
import * as cases from '../cases/cases.service.js';
import * as enterprises from '../enterprises/enterprises.service.js';

const ONE = { page: 1, pageSize: 1, order: 'asc' } as const;

/**
 * What waits for the signed-in user. The steps of every declared workflow come from the engine (each within the user's
 * scope, separation of duties applied); the other items are asked of their own module's list, with the user's context,
 * so they are scoped exactly as that list is. An item appears only when the user holds the permission that acts on it.
 */
export async function todos(ctx: Ctx): Promise<HomeTodos> {
  const actor = ctx.actor!;
  const can = (p: string) => actor.permissions.has(p);
  const enterpriseUser = actor.orgKind === 'enterprise';
  const total = (page: Promise<{ total: number }>) => page.then((p) => p.total);
  // [shown when, key, path, count]: asked at once (each a scoped count of its own), answered in this order
  const asked: [boolean, HomeTodo['key'], string, () => Promise<number>][] = [
    [can('enterprises:confirm'), 'enterprises.pending', '/enterprises?status=pending', () => total(enterprises.listEnterprises(ctx, { ...ONE, status: 'pending' }))],
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
  const [queue, steps, ...counts] = await Promise.all([
    can('cases:read') && !enterpriseUser ? cases.queueCounts(ctx) : null,
    pendingTodos(ctx),
    ...wanted.map(([, , , count]) => count()),
  ]);
  const items: HomeTodo[] = queue
    ? [
        { key: 'cases.queue', path: '/cases/queue', count: queue.open },
        { key: 'cases.overdue', path: '/cases/queue?overdue=true', count: queue.overdue },
      ]
    : [];
  wanted.forEach(([, key, path], k) => items.push({ key, path, count: counts[k] as number }));
  // the steps waiting on every declared workflow (cultivation stages, site acceptance …), as the engine counts them
  for (const s of steps) if ((HOME_TODO_KEYS as readonly string[]).includes(s.key)) items.push({ key: s.key as HomeTodoKey, path: s.path, count: s.count });
  const order = (k: HomeTodoKey) => HOME_TODO_KEYS.indexOf(k);
  return { items: items.sort((a, b) => order(a.key) - order(b.key)) };
}
