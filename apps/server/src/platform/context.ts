import type { FastifyBaseLogger } from 'fastify';
import type { DataScope, Locale } from '@shangmi/shared';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Sealer } from './crypto.js';
import type { Hooks } from './hooks.js';
import type { Jobs } from './jobs.js';
import type { FairQueue } from './hash-queue.js';
import type { FileStore } from './storage.js';

/** Who is acting, computed once per request from the session. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgPath: string;
  orgName: string;
  orgKind: string;
  regionCode: string | null;
  roleCodes: string[];
  roleNames: { code: string; zh: string; en: string }[];
  permissions: Set<string>;
  scope: DataScope;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
}

/** What the platform hands every service: wired by hand in app.ts. */
export interface Deps {
  config: Config;
  database: Database;
  sealer: Sealer;
  /** uploaded files' bytes, content-addressed in the data folder */
  files: FileStore;
  /** anonymous password checks (sign-in) wait here, fairly per client address: a flood cannot starve the others */
  passwordQueue: FairQueue;
  log: FastifyBaseLogger;
  /** background work: modules add their jobs in register(); started when the app is ready, stopped on close */
  jobs: Jobs;
  /** extension points between modules (platform/hooks.ts): handlers added in register() */
  hooks: Hooks;
}

/** Notes a service leaves for the audit row its request writes. */
export interface AuditNote {
  action?: string;
  targetType?: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface Ctx {
  db: Db;
  actor: Actor | null;
  now: Date;
  locale: Locale;
  deps: Deps;
  audit: AuditNote;
  ip: string | null;
  userAgent: string | null;
}

/** The context of work no one asked for (a job, a listener of a system event): no actor, Chinese, no request. */
export function systemCtx(deps: Deps, db: Db, now: Date): Ctx {
  return { db, actor: null, now, locale: 'zh-CN', deps, audit: {}, ip: null, userAgent: null };
}
