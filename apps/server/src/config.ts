import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RateRule } from './platform/rate-limit.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  SHANGMI_DATA_DIR: z.string().default('./data'),
  SHANGMI_ADMIN_PASSWORD: z.string().optional(),
  /** 64 hex chars; required when several app nodes share one database, else generated into the data folder */
  SHANGMI_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  SHANGMI_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  SHANGMI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SHANGMI_WEB_DIR: z.string().optional(),
  SHANGMI_DB_POOL: z.coerce.number().int().min(1).max(200).default(20),
  /** the proof log's origin line and key name (c2sp.org/tlog-checkpoint): a schema-less URL, no spaces or '+' */
  SHANGMI_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'no spaces or +')
    .default('shangmi.local/proofs'),
  /** how often the proof log integrates pending deposits (ms); 0 turns the integrator off on this node */
  SHANGMI_LOG_INTERVAL_MS: z.coerce.number().int().min(0).max(1000).default(500),
  /** the operation log's head is anchored into the proof log with every signed batch, and at least this often (ms) when it moved */
  SHANGMI_AUDIT_ANCHOR_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** per-IP limits on the public case routes (filing, status lookup, material); `off` for benchmarks only */
  SHANGMI_PUBLIC_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** public filings per IP per 10 minutes */
  SHANGMI_RATE_FILINGS: z.coerce.number().int().min(1).max(100000).default(10),
  /** status lookups per IP per minute */
  SHANGMI_RATE_LOOKUPS: z.coerce.number().int().min(1).max(100000).default(60),
  /** material additions (text or file) per IP per 10 minutes */
  SHANGMI_RATE_MATERIAL: z.coerce.number().int().min(1).max(100000).default(30),
  /** acknowledgements of confidentiality notices through their links, per client IP per 10 minutes */
  SHANGMI_RATE_ACKNOWLEDGEMENTS: z.coerce.number().int().min(1).max(100000).default(20),
  /** enterprise self-registrations per IP per hour (each creates a record, an account and work for a district) */
  SHANGMI_RATE_REGISTRATIONS: z.coerce.number().int().min(1).max(100000).default(5),
  /** answers and drafts sent through public survey links (listening), per client IP per 10 minutes: room for a forum's
   *  attendees behind one venue network answering a QR code, not for a flood of writes */
  SHANGMI_RATE_SURVEY_ANSWERS: z.coerce.number().int().min(1).max(100000).default(300),
  /** anonymous uploads (the public report form's material): largest file, per address per day, all per day (MiB) */
  SHANGMI_PUBLIC_FILE_MB: z.coerce.number().int().min(1).max(1024).default(20),
  SHANGMI_PUBLIC_UPLOADS_PER_IP: z.coerce.number().int().min(1).max(100000).default(20),
  SHANGMI_PUBLIC_UPLOAD_MB_PER_IP: z.coerce.number().int().min(1).max(100000).default(100),
  SHANGMI_PUBLIC_UPLOAD_MB_PER_DAY: z.coerce.number().int().min(1).max(10_000_000).default(2048),
  /** sign-in attempts per IP per minute, refused before any password is checked (memory, per node) */
  SHANGMI_RATE_LOGINS: z.coerce.number().int().min(1).max(100000).default(30),
  /** password hashes running at once per node (scrypt on libuv's threadpool); default: one core fewer than the machine has */
  SHANGMI_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** an account is locked when failed sign-ins for it came from this many addresses within an hour */
  SHANGMI_LOCK_DISTINCT_IPS: z.coerce.number().int().min(2).max(10000).default(10),
  /** SIGTERM to exit, at most (ms): requests in flight drain for all but the last 5 s, then are cut and logged */
  SHANGMI_SHUTDOWN_MS: z.coerce.number().int().min(2000).max(600_000).default(20_000),
  /** the region(s) the public pages serve, comma-separated, the first the default (unset: config/regions files, see regions/public.ts) */
  SHANGMI_PUBLIC_REGION: z
    .string()
    .regex(/^\d{6}(,\d{6})*$/, 'region codes (6 digits), comma-separated')
    .optional(),
  /** host names that choose a public region: `report.example.gov.cn=640100,other.example=640200` */
  SHANGMI_PUBLIC_HOSTS: z
    .string()
    .regex(/^[^=,\s]+=\d{6}(,[^=,\s]+=\d{6})*$/, 'host=code pairs, comma-separated')
    .optional(),
  /** the web app's address as users reach it: links in e-mails and SMS point here */
  SHANGMI_PUBLIC_URL: z.string().url().optional(),
  /** SMTP for e-mail notices: a URL (smtp://user:pass@host:587, smtps://… for TLS from the start), or host/port/user/pass */
  SHANGMI_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SHANGMI_SMTP_HOST: z.string().min(1).optional(),
  SHANGMI_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SHANGMI_SMTP_USER: z.string().optional(),
  SHANGMI_SMTP_PASS: z.string().optional(),
  SHANGMI_SMTP_FROM: z.string().min(3).default('商秘通 <noreply@shangmi.local>'),
  /** SMS: `log` writes each message to the application log; `webhook` POSTs JSON to SHANGMI_SMS_WEBHOOK_URL; `off` sends none */
  SHANGMI_SMS_DRIVER: z.enum(['log', 'webhook', 'off']).default('log'),
  SHANGMI_SMS_WEBHOOK_URL: z.string().url().optional(),
  /** how often this node sends due outbox messages (ms); 0 = no sender on this node */
  SHANGMI_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  /** how often this node looks for time limits running out (ms); 0 = no scanner on this node */
  SHANGMI_REMINDER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** readable lines on a terminal, JSON when piped (auto); or always one of them */
  SHANGMI_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  NODE_ENV: z.string().default('production'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  secretKeyHex: string | undefined;
  cookieSecure: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  webDir: string;
  dbPool: number;
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  /** the public pages' regions, the first the default (null: decided by config/regions — modules/regions/public.ts) */
  publicRegions: string[] | null;
  /** a host name (lower case, no port) → the public region it serves */
  publicHosts: Record<string, string>;
  /** 30 minutes without a request ends a session (ARCHITECTURE.md security baseline) */
  idleTimeoutMs: number;
  /** a session never outlives this, active or not */
  absoluteTimeoutMs: number;
  /** sign-in back-off and account lock (modules/auth/login-guard.ts; state in the database, shared by every node) */
  loginGuard: LoginGuardConfig;
  /** password hashing queue (platform/hash-queue.ts; per node) */
  hashQueue: { concurrency: number; perKey: number; total: number; reserved: number };
  bodyLimit: number;
  /** largest uploaded file (evidence, import workbooks) */
  fileLimit: number;
  /** anonymous uploads: largest file, files and bytes per address per day, bytes of all per day (modules/files) */
  publicUpload: { fileLimit: number; perIpFiles: number; perIpBytes: number; dailyBytes: number };
  /** the proof log's origin (also its key name) and integration interval (0 = no integrator on this node) */
  logOrigin: string;
  logIntervalMs: number;
  auditAnchorMs: number;
  /** per-client-IP limits by bucket name (routes name theirs in `config.rateLimit`); null = no limits */
  rateLimits: Partial<Record<RateBucket, RateRule>> | null;
  /** SIGTERM to exit, at most (platform/shutdown.ts) */
  shutdownLimitMs: number;
  /** a 429 is sent this late (platform/rate-limit.ts Tarpit): a flooding client slows down to its connections per second */
  rateLimitDelayMs: number;
  /** the web app's base URL for links sent outside the browser */
  publicUrl: string;
  /** e-mail notices: null = no SMTP configured (no e-mail is queued) */
  smtp: SmtpConfig | null;
  sms: { driver: 'log' | 'webhook' | 'off'; webhookUrl: string | null };
  outboxIntervalMs: number;
  reminderIntervalMs: number;
}

export interface SmtpConfig {
  /** smtp:// or smtps:// URL, or the host/port/user/pass below */
  url: string | null;
  host: string | null;
  port: number;
  user: string | null;
  pass: string | null;
  from: string;
}

export type RateBucket = 'filing' | 'lookup' | 'material' | 'acknowledge' | 'login' | 'register' | 'survey';

export interface LoginGuardConfig {
  /** failures of one name from one address before any back-off (typos) */
  freeFailures: number;
  /** the first back-off; it doubles with each further failure, up to backoffMaxMs */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** a name's failures from an address are forgotten this long after the last one (and on a success from there) */
  failureWindowMs: number;
  /** failures for a name from this many addresses within lockWindowMs lock the account (not at its known addresses) */
  lockDistinctIps: number;
  lockWindowMs: number;
  lockMs: number;
  /** addresses remembered per user as known (the most recent) */
  knownIps: number;
}

const MIB = 1024 * 1024;
const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The platform's version (the root package.json's): in the health answer and the OpenAPI document. */
export const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Reads the environment into a typed config; exits with a readable message when a variable is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SHANGMI_SMS_DRIVER === 'webhook' && !e.SHANGMI_SMS_WEBHOOK_URL) {
    throw new Error('Invalid configuration:\n  SHANGMI_SMS_WEBHOOK_URL: required when SHANGMI_SMS_DRIVER is webhook');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.SHANGMI_DATA_DIR),
    adminPassword: e.SHANGMI_ADMIN_PASSWORD,
    secretKeyHex: e.SHANGMI_SECRET_KEY,
    cookieSecure: e.SHANGMI_COOKIE_SECURE,
    trustProxy: e.SHANGMI_TRUST_PROXY === 'true',
    webDir: path.resolve(e.SHANGMI_WEB_DIR ?? path.join(repoRoot, 'apps/web/dist')),
    dbPool: e.SHANGMI_DB_POOL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.SHANGMI_LOG_FORMAT,
    publicRegions: e.SHANGMI_PUBLIC_REGION ? e.SHANGMI_PUBLIC_REGION.split(',') : null,
    publicHosts: Object.fromEntries((e.SHANGMI_PUBLIC_HOSTS?.split(',') ?? []).map((pair) => pair.split('=')).map(([h, c]) => [h.toLowerCase(), c])),
    idleTimeoutMs: 30 * 60 * 1000,
    absoluteTimeoutMs: 12 * 60 * 60 * 1000,
    loginGuard: {
      freeFailures: 3,
      backoffBaseMs: 5_000,
      backoffMaxMs: 15 * 60_000,
      failureWindowMs: 60 * 60_000,
      lockDistinctIps: e.SHANGMI_LOCK_DISTINCT_IPS,
      lockWindowMs: 60 * 60_000,
      lockMs: 15 * 60_000,
      knownIps: 10,
    },
    hashQueue: { concurrency: e.SHANGMI_HASH_CONCURRENCY ?? Math.max(1, os.availableParallelism() - 1), perKey: 8, total: 256, reserved: 1 },
    bodyLimit: 1024 * 1024,
    fileLimit: 100 * 1024 * 1024,
    publicUpload: {
      fileLimit: e.SHANGMI_PUBLIC_FILE_MB * MIB,
      perIpFiles: e.SHANGMI_PUBLIC_UPLOADS_PER_IP,
      perIpBytes: e.SHANGMI_PUBLIC_UPLOAD_MB_PER_IP * MIB,
      dailyBytes: e.SHANGMI_PUBLIC_UPLOAD_MB_PER_DAY * MIB,
    },
    rateLimitDelayMs: 1000,
    shutdownLimitMs: e.SHANGMI_SHUTDOWN_MS,
    logOrigin: e.SHANGMI_LOG_ORIGIN,
    logIntervalMs: e.SHANGMI_LOG_INTERVAL_MS,
    auditAnchorMs: e.SHANGMI_AUDIT_ANCHOR_MS,
    rateLimits:
      e.SHANGMI_PUBLIC_RATE_LIMIT === 'off'
        ? null
        : {
            filing: { limit: e.SHANGMI_RATE_FILINGS, windowMs: 10 * 60_000 },
            lookup: { limit: e.SHANGMI_RATE_LOOKUPS, windowMs: 60_000 },
            material: { limit: e.SHANGMI_RATE_MATERIAL, windowMs: 10 * 60_000 },
            acknowledge: { limit: e.SHANGMI_RATE_ACKNOWLEDGEMENTS, windowMs: 10 * 60_000 },
            login: { limit: e.SHANGMI_RATE_LOGINS, windowMs: 60_000 },
            register: { limit: e.SHANGMI_RATE_REGISTRATIONS, windowMs: 60 * 60_000 },
            survey: { limit: e.SHANGMI_RATE_SURVEY_ANSWERS, windowMs: 10 * 60_000 },
          },
    publicUrl: (e.SHANGMI_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtp:
      e.SHANGMI_SMTP_URL || e.SHANGMI_SMTP_HOST
        ? {
            url: e.SHANGMI_SMTP_URL ?? null,
            host: e.SHANGMI_SMTP_HOST ?? null,
            port: e.SHANGMI_SMTP_PORT,
            user: e.SHANGMI_SMTP_USER ?? null,
            pass: e.SHANGMI_SMTP_PASS ?? null,
            from: e.SHANGMI_SMTP_FROM,
          }
        : null,
    sms: { driver: e.SHANGMI_SMS_DRIVER, webhookUrl: e.SHANGMI_SMS_WEBHOOK_URL ?? null },
    outboxIntervalMs: e.SHANGMI_OUTBOX_INTERVAL_MS,
    reminderIntervalMs: e.SHANGMI_REMINDER_INTERVAL_MS,
    ...overrides,
  };
}
