import { z } from 'zod';

/**
 * 首页待办 (the home page's to-do list): what waits for this user, one item per kind of work the user can act on,
 * each counted by its own module within the user's scope, with the list it opens.
 */
export const HOME_TODO_KEYS = [
  'cases.queue',
  'cases.overdue',
  'enterprises.pending',
  'cultivation.district',
  'cultivation.city',
  'cultivation.returned',
  'sites.district',
  'sites.city',
  'sites.returned',
  'assessments.tasks',
  'assessments.drafts',
  'credit.review',
  'credit.publish',
  'credit.withdraw',
  'credit.serious.decide',
  'credit.serious.publish',
  'credit.repair.district',
  'credit.repair.city',
  'credit.removal.district',
  'credit.removal.city',
  'listening.needs',
  'outreach.review',
  'services.accept',
  'services.assign',
  'services.confirm',
] as const;
export type HomeTodoKey = (typeof HOME_TODO_KEYS)[number];

export const homeTodo = z.object({
  key: z.enum(HOME_TODO_KEYS),
  count: z.number().int(),
  /** there are more than `count` (a capped count: the page shows "10,000+") */
  capped: z.boolean().optional(),
  /** the web page that lists them, with its filter */
  path: z.string(),
});
export type HomeTodo = z.infer<typeof homeTodo>;
export const homeTodos = z.object({ items: z.array(homeTodo) });
export type HomeTodos = z.infer<typeof homeTodos>;
