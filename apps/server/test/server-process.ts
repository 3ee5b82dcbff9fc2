import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './pg-cluster.js';

const root = path.resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  url: string;
  /** everything the server printed so far (stdout and stderr) */
  output(): string;
  exited: Promise<{ code: number | null; ms: number }>;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The real server (apps/server/src/main.ts, as `npm start` runs it) in a child process on a free loopback port, for
 * tests that need a real socket, signals or a separate process from the load they put on it.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-proc-'));
  let out = '';
  let sigtermAt = 0;
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHANGMI_DATA_DIR: dataDir, SHANGMI_WEB_DIR: dataDir, LOG_LEVEL: 'info', SHANGMI_LOG_INTERVAL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    proc.on('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, ms: sigtermAt ? Date.now() - sigtermAt : 0 });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 90_000) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc,
    port,
    url,
    output: () => out,
    exited,
    async stop(graceMs = 30_000) {
      if (proc.exitCode !== null) return;
      sigtermAt = Date.now();
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
