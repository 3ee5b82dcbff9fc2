import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../apps/server/test/pg-cluster.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-start-'));
let port = 0;

function start(env: Record<string, string> = {}): { proc: ChildProcess; output: () => string; ready: Promise<void> } {
  let out = '';
  const proc = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHANGMI_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) {
          clearInterval(timer);
          resolve();
        }
      } catch {
        /* not yet */
      }
    }, 200);
    proc.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return { proc, output: () => out, ready };
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start on an empty data folder', () => {
  it('creates the initial admin once, serves API and web, and shuts down gracefully on SIGTERM', async () => {
    port = await freePort();
    const s = start();
    await s.ready;
    // the initial password: printed once and kept in a 0600 file
    const file = path.join(dataDir, 'initial-admin-password.txt');
    const [user, password] = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(user).toBe('admin');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(s.output()).toContain(password);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { ok: true, driver: 'pglite' } });
    const page = await fetch(`http://127.0.0.1:${port}/system/users`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`http://127.0.0.1:${port}/api/docs/`)).status).toBe(200);
    const openapi = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).length).toBeGreaterThan(20);

    // a request in flight when SIGTERM arrives still gets its answer (login hashes for ~100 ms)
    const inflight = fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    await new Promise((r) => setTimeout(r, 20));
    const exit = exited(s.proc);
    s.proc.kill('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await exit).toBe(0);
    expect(s.output()).toMatch(/shutting down/);
    expect(fs.existsSync(path.join(dataDir, 'shangmi.pid'))).toBe(false);
  });

  it('keeps the data across a restart and does not create a second admin', async () => {
    const s = start();
    await s.ready;
    expect(s.output()).not.toContain('Initial password');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: fs.readFileSync(path.join(dataDir, 'initial-admin-password.txt'), 'utf8').split('\n')[1] }),
    });
    expect(login.status).toBe(200);
    // a second process on the same data folder is refused (the embedded database is single-process)
    const second = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: String(await freePort()), SHANGMI_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    second.stderr!.on('data', (d) => (err += d));
    expect(await exited(second)).toBe(1);
    expect(err).toMatch(/in use by process/);
    const exit = exited(s.proc);
    s.proc.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
