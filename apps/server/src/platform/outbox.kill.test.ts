import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import { DB_KIND } from '../../test/harness.js';
import { withDb } from '../../test/setup-pg.js';
import { startSmtp, type LocalSmtp } from '../../test/smtp.js';
import { openDb, type Database } from '../db/client.js';
import { orgs, outbox, users } from '../db/schema/index.js';

const CHILD = path.resolve(import.meta.dirname, '../../test/outbox-child.ts');
const USERS = 5;
const ROUNDS = 4;

let smtp: LocalSmtp;
let env: Record<string, string>;
let cleanup: () => Promise<void>;
/** the database as the test (not the nodes) reads it; on PGlite only between the nodes' lives (one process at a time) */
let open: () => Promise<Database>;

beforeAll(async () => {
  smtp = await startSmtp();
  if (DB_KIND === 'pg') {
    const adminUrl = inject('pgAdminUrl');
    const name = `kill_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${new URL(inject('pgTemplateUrl')).pathname.slice(1)}`);
    await admin.end();
    const url = withDb(adminUrl, name);
    env = { OUTBOX_DB_URL: url };
    open = () => openDb({ databaseUrl: url, poolSize: 2 });
    cleanup = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-kill-'));
    const seeded = await openDb({ pgliteDir: dir, pgliteLoad: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    await seeded.close();
    env = { OUTBOX_PGLITE_DIR: dir };
    open = () => openDb({ pgliteDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const db = await open();
  const [bureau] = await db.db.select().from(orgs).where(eq(orgs.name, '金凤区市场监督管理局'));
  for (let i = 0; i < USERS; i++) {
    await db.db.insert(users).values({ username: `kill_${i}`, displayName: `kill_${i}`, orgId: bureau!.id, orgPath: bureau!.path, passwordHash: 'x', email: `kill_${i}@example.test` });
  }
  await db.close();
});
afterAll(async () => {
  await cleanup?.();
  await smtp?.close();
});

function node(mode: 'enqueue' | 'send') {
  const child = fork(CHILD, mode === 'enqueue' ? ['enqueue', String(ROUNDS)] : ['send'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, SHANGMI_SMTP_URL: smtp.url, SHANGMI_SMTP_FROM: 'noreply@shangmi.test', SHANGMI_DATA_DIR: os.tmpdir() },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
  return { child, output: () => out, exited };
}

describe('the outbox survives a SIGKILL between commit and send', () => {
  it('every committed notice is delivered exactly once by a fresh process', async () => {
    const held = smtp.holdNext();
    const doomed = node('enqueue');
    // the node committed its notices and is sending the first e-mail (its data is in, not yet answered): kill it now
    const inFlight = await Promise.race([held, doomed.exited.then((c) => Promise.reject(new Error(`node exited early (${c}): ${doomed.output()}`)))]);
    expect(doomed.output()).toContain('committed');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe(-1);
    inFlight.release();
    expect(smtp.received).toHaveLength(0);

    const committed = await open();
    const rows = await committed.db.select().from(outbox);
    expect(rows).toHaveLength(USERS * ROUNDS);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(USERS * ROUNDS);
    await committed.close();

    const fresh = node('send');
    expect(await fresh.exited).toBe(0);
    expect(fresh.output()).toContain(`sent ${USERS * ROUNDS}`);
    const mails = await smtp.waitFor(USERS * ROUNDS);
    expect(mails).toHaveLength(USERS * ROUNDS);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(USERS * ROUNDS);
    const expected = Array.from({ length: USERS }, (_, u) => Array.from({ length: ROUNDS }, (_, r) => `kill_${u}@example.test 【商秘通】崩溃测试通知 ${r}`)).flat();
    expect(mails.map((m) => `${m.to[0]} ${m.subject}`).sort()).toEqual(expected.sort());

    const after = await open();
    const [{ sent }] = await after.db.select({ sent: sql<number>`count(*) filter (where status = 'sent')::int` }).from(outbox);
    expect(sent).toBe(USERS * ROUNDS);
    await after.close();
    // another fresh node finds nothing left to send
    const again = node('send');
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('sent 0');
    expect(smtp.received).toHaveLength(USERS * ROUNDS);
  }, 120_000);
});
