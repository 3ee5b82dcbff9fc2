import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDb, type Database } from '../src/db/client.js';
import { orgs, roles, userRoles, users } from '../src/db/schema/index.js';
import { hashPassword, Sealer } from '../src/platform/crypto.js';
import { ADMIN_PASSWORD, NEW_ADMIN_PASSWORD, USER_PASSWORD } from './fixtures.js';
import { withDb } from './setup-pg.js';

export const DB_KIND: 'pg' | 'pglite' = process.env.TEST_DB === 'pg' ? 'pg' : 'pglite';

/** A new database copied from the migrated, seeded template. */
export async function openTestDb(): Promise<{ database: Database; drop: () => Promise<void>; url?: string }> {
  if (DB_KIND === 'pglite') {
    const buf = fs.readFileSync(inject('pgliteTemplate'));
    const database = await openDb({ pgliteLoad: new Blob([buf]) });
    return { database, drop: async () => undefined };
  }
  const adminUrl = inject('pgAdminUrl');
  const template = new URL(inject('pgTemplateUrl')).pathname.slice(1);
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDb(adminUrl, name);
  const database = await openDb({ databaseUrl: url, poolSize: 10 });
  return {
    database,
    /** for a server started as a child process on the same database */
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    },
  };
}

type Body = Record<string, unknown> | unknown[] | string | Buffer | undefined;

/** A browser-like client: keeps the session cookie and sends the CSRF token on state changes. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  locale: 'zh-CN' | 'en-US' = 'zh-CN';
  constructor(private readonly app: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: Body, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { 'x-shangmi-locale': this.locale, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    if (body !== undefined) h['content-type'] ??= Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json';
    const res = await this.app.inject({ method, url, headers: h, payload: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
    const set = res.cookies.find((c) => c.name === 'shangmi_sid');
    if (set) this.cookie = set.value ? `shangmi_sid=${set.value}` : null;
    return res;
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: Body, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body?: Body, headers?: Record<string, string>) => this.request('PATCH', url, body, headers);
  put = (url: string, body?: Body, headers?: Record<string, string>) => this.request('PUT', url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);

  /** Uploads bytes as a file (POST /api/files) and returns the stored file. */
  async upload(name: string, bytes: Buffer, type = 'application/octet-stream'): Promise<Json> {
    const res = await this.post('/api/files', bytes, { 'x-file-name': encodeURIComponent(name), 'x-file-type': type });
    if (res.statusCode !== 200) throw new Error(`upload ${name}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async login(username: string, password: string, totpCode?: string): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/auth/login', { username, password, ...(totpCode ? { totpCode } : {}) });
    if (res.statusCode === 200) this.csrf = res.json().csrfToken;
    return res;
  }
}

/** Response bodies in tests are read loosely; the server's own response schemas are what keep them typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export const json = <T = Json>(res: LightMyRequestResponse): T => res.json() as T;

/** A 200 answer's body (the assertion names the body when it is not 200). */
export async function ok(res: { statusCode: number; body: string }): Promise<Json> {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as Json;
}

/** A refusal with this status (and, given `field`, naming that field first); returns the error. */
export function refused(res: { statusCode: number; body: string }, status: number, field?: string): Json {
  expect(res.statusCode, res.body).toBe(status);
  const e = json(res as never).error;
  if (field) expect(e.fields?.[0]?.field, res.body).toBe(field);
  return e;
}

/** The lines of a streamed (NDJSON) answer; the last is `done` with the result, or `error`. */
export function ndjson(res: LightMyRequestResponse): Json[] {
  return res.body
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
}

/** The first sheet of an exported workbook as rows of cell texts (header row first). */
export async function readXlsx(res: LightMyRequestResponse): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

let cachedHash: Promise<string> | undefined;
const userHash = () => (cachedHash ??= hashPassword(USER_PASSWORD));

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** PostgreSQL: the database's URL (a second node opens its own pool on it) */
  url?: string;
  sealer: Sealer;
  client(): Client;
  /** the seeded admin, with the initial password already changed */
  admin(): Promise<Client>;
  /** a user made directly in the database (fast): given roles by code, in an organisation by id */
  createUser(opts: { username: string; orgId: number; roles: string[]; status?: 'active' | 'disabled' }): Promise<number>;
  loginAs(username: string, password?: string): Promise<Client>;
  orgId(name: string): Promise<number>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const { database, drop, url } = await openTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-test-'));
  // every test signs in (and registers) from 127.0.0.1: the per-address limits would stop a file that does it often;
  // background work (outbox sender, reminder scans) off: tests run each pass themselves
  const config = loadConfig(
    { SHANGMI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHANGMI_RATE_LOGINS: '100000', SHANGMI_RATE_REGISTRATIONS: '100000' },
    { outboxIntervalMs: 0, reminderIntervalMs: 0, ...overrides },
  );
  const sealer = new Sealer(crypto.randomBytes(32));
  const app = await buildApp({ config, database, sealer, logger: false });
  await app.ready();
  let adminReady = false;

  const t: TestApp = {
    app,
    database,
    config,
    url,
    sealer,
    client: () => new Client(app),
    async admin() {
      if (!adminReady) {
        await database.db
          .update(users)
          .set({ passwordHash: await hashPassword(NEW_ADMIN_PASSWORD), mustChangePassword: false })
          .where(eq(users.username, 'admin'));
        adminReady = true;
      }
      return t.loginAs('admin', NEW_ADMIN_PASSWORD);
    },
    async createUser({ username, orgId, roles: roleCodes, status }) {
      const [o] = await database.db.select().from(orgs).where(eq(orgs.id, orgId));
      const [u] = await database.db
        .insert(users)
        .values({ username, displayName: username, orgId, orgPath: o.path, passwordHash: await userHash(), mustChangePassword: false, status: status ?? 'active' })
        .returning({ id: users.id });
      if (roleCodes.length) {
        const rs = await database.db.select().from(roles).where(inArray(roles.code, roleCodes));
        await database.db.insert(userRoles).values(rs.map((r) => ({ userId: u.id, roleId: r.id })));
      }
      return u.id;
    },
    async loginAs(username, password = USER_PASSWORD) {
      const c = new Client(app);
      const res = await c.login(username, password);
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      return c;
    },
    async orgId(name) {
      const [o] = await database.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name));
      if (!o) throw new Error(`no org ${name}`);
      return o.id;
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export { ADMIN_PASSWORD, NEW_ADMIN_PASSWORD, USER_PASSWORD };
