import { HOME_TODO_KEYS, type HomeTodo, type HomeTodoKey, type HomeTodos } from '@shangmi/shared/home';
import type { Ctx } from '../../platform/context.js';
import { cachedValue, type CappedTotal } from '../../platform/count-cache.js';
import { pendingTodos } from '../../platform/workflow/index.js';
import * as assessments from '../assessments/assessments.service.js';
import * as cases from '../cases/cases.service.js';
import * as enterprises from '../enterprises/enterprises.service.js';

/**
 * What waits for the signed-in user. The steps of every declared workflow come from the engine (each within the user's
 * scope, separation of duties applied); the other items are asked of their own module's count-only function, with the
 * user's context, so they are scoped exactly as that module's list is. Every count is capped (count-cache.ts
 * cappedCount: "10,000+" at city scope). An item appears only when the user holds the permission that acts on it.
 */
export function todos(ctx: Ctx): Promise<HomeTodos> {
  // kept a few seconds per user (what the user may see depends on nothing else): a home page reloaded or opened in
  // several tabs counts once; forgotten with the counts on every local commit
  return cachedValue(`home.todos|${ctx.actor!.userId}`, () => computeTodos(ctx));
}

async function computeTodos(ctx: Ctx): Promise<HomeTodos> {
  const actor = ctx.actor!;
  const can = (p: string) => actor.permissions.has(p);
  const enterpriseUser = actor.orgKind === 'enterprise';
  // [shown when, key, path, count]: asked at once, each a count-only function of its own module (scoped exactly as that
  // module's list, capped: no page is read for its total), answered in this order
  const asked: [boolean, HomeTodoKey, string, () => Promise<CappedTotal>][] = [
    [can('enterprises:confirm'), 'enterprises.pending', '/enterprises?status=pending', () => enterprises.pendingEnterpriseCount(ctx)],
    // the enterprise's own list shows its tasks above its checks (the campaigns page is the staff's)
    [can('assessments:answer') && enterpriseUser, 'assessments.tasks', '/assessments', () => assessments.openTaskCount(ctx)],
    [can('assessments:answer'), 'assessments.drafts', '/assessments', () => assessments.draftAssessmentCount(ctx)],
  ];
  const wanted = asked.filter(([shown]) => shown);
  const [queue, steps, ...counts] = await Promise.all([
    can('cases:read') && !enterpriseUser ? cases.queueCounts(ctx) : null,
    pendingTodos(ctx),
    ...wanted.map(([, , , count]) => count()),
  ]);
  const item = (key: HomeTodoKey, path: string, c: CappedTotal): HomeTodo => ({ key, path, count: c.total, ...(c.capped ? { capped: true } : {}) });
  const items: HomeTodo[] = queue ? [item('cases.queue', '/cases/queue', queue.open), item('cases.overdue', '/cases/queue?overdue=true', queue.overdue)] : [];
  wanted.forEach(([, key, path], k) => items.push(item(key, path, counts[k] as CappedTotal)));
  // the steps waiting on every declared workflow (cultivation stages, site acceptance …), as the engine counts them
  for (const s of steps) if ((HOME_TODO_KEYS as readonly string[]).includes(s.key)) items.push(item(s.key as HomeTodoKey, s.path, { total: s.count, capped: s.capped }));
  const order = (k: HomeTodoKey) => HOME_TODO_KEYS.indexOf(k);
  return { items: items.sort((a, b) => order(a.key) - order(b.key)) };
}
