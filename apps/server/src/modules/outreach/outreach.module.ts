import type { FastifyInstance } from 'fastify';
import { systemCtx, type Ctx, type Deps } from '../../platform/context.js';
import { expertRoutes } from './experts.routes.js';
import { trainingGoal } from './goal.js';
import { followOrgMove } from './moves.js';
import { outreachRoutes } from './outreach.routes.js';
import { announceDue } from './outreach.service.js';
import { outreachPublicRoutes } from './public.routes.js';
import { quizRoutes } from './quiz.routes.js';
import { subscriberRoutes } from './subscribers.routes.js';
import { pushToPublic } from './subscribers.js';

/**
 * A training or publicity activity an organisation held (issue 15's ledger counts them): a training at each check-in (its
 * people grow by one), an event when its result is recorded (its participants). `ref` names the activity once, so the
 * listener keeps one row per activity. Called inside the writing transaction.
 */
export type OutreachActivity = {
  ref: string;
  orgId: number;
  serviceKind: 'training' | 'publicity';
  title: string;
  occurredOn: string;
  hours: number;
  people: { add: number } | { set: number };
};

declare module '../../platform/hooks.js' {
  interface HookMap {
    'outreach.activityHeld': (ctx: Ctx, activity: OutreachActivity) => Promise<void>;
  }
}

/** Advisory lock of the announcing job (one node at a time; the UPDATE … announced_at is null makes it once anyway). */
export const ANNOUNCE_LOCK = 0x6f757472;

/**
 * 宣传培训 (docs/outreach.md): trainings, events, articles on the engine, the public portal's API, subscriptions, the
 * year's counts. The job announces scheduled articles when their time comes (every minute at most).
 */
export function register(app: FastifyInstance, deps: Deps) {
  trainingGoal(); // config/outreach/training-goal.yaml read and validated now: a broken file stops the start
  outreachRoutes(app);
  outreachPublicRoutes(app);
  expertRoutes(app);
  quizRoutes(app);
  subscriberRoutes(app);
  // a new version of a model text (model-documents) is pushed to the public who follow the model texts
  deps.hooks.on('modelDocuments.versionPublished', async (ctx, v) => {
    await pushToPublic(ctx, { regionCode: v.regionCode, topic: 'model_texts', title: { zh: `${v.title.zh}（${v.version} 版，${v.date} 起施行）`, en: `${v.title.en} (version ${v.version}, from ${v.date})` }, link: `/model-documents/${v.slug}`, key: `model-text.${v.slug}.${v.version}` });
  });
  deps.hooks.on('orgs.subtreeMoved', followOrgMove);
  // with the other time-based jobs (off where SHANGMI_REMINDER_INTERVAL_MS is 0: tests run it themselves); at least every minute
  const every = deps.config.reminderIntervalMs;
  if (every) deps.jobs.add({ name: 'outreach.announce', every: Math.min(every, 60_000), lock: ANNOUNCE_LOCK, run: ({ db, now }) => announceDue(systemCtx(deps, db, now)).then(() => undefined) });
}
