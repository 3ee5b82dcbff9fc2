/**
 * Where the CPU went during a measurement (Linux /proc; elsewhere every figure is NaN and the table says so).
 * The machine is shared by the load generator (this process), the server child and PostgreSQL's processes; whatever
 * else ran at the same time is "elsewhere" — it shows how far a row was disturbed by work outside the benchmark.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

let tickMs = 10;
try {
  tickMs = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
} catch {
  // 100 Hz is the Linux default
}

const onLinux = os.platform() === 'linux' && fs.existsSync('/proc/stat');

/** CPU ms of one process (all threads); with `children`, also its reaped children's (PostgreSQL's exited backends). */
function procMs(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17); f[0] is field 3
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * tickMs;
  } catch {
    return 0;
  }
}

export function parentPid(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** PostgreSQL: the postmaster, its reaped children, and its live children (backends, writer, checkpointer …). */
function postgresMs(postmaster: number): number {
  let ms = procMs(postmaster, true);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    if (parentPid(Number(d)) === postmaster) ms += procMs(Number(d));
  }
  return ms;
}

/** Busy CPU ms of the whole machine, all cores. */
function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) * tickMs;
}

export interface CpuSample {
  at: number;
  machine: number;
  driver: number;
  server: number;
  database: number;
}

export interface CpuUse {
  /** wall ms of the window */
  wallMs: number;
  /** CPU ms spent in the window by each party */
  driver: number;
  server: number;
  database: number;
  /** CPU ms by everything else on the machine */
  elsewhere: number;
  cores: number;
}

export function sampleCpu(serverPid: number | undefined, postmasterPid: number | undefined): CpuSample | null {
  if (!onLinux) return null;
  const u = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineBusyMs(),
    driver: (u.user + u.system) / 1000,
    server: serverPid ? procMs(serverPid) : 0,
    database: postmasterPid ? postgresMs(postmasterPid) : 0,
  };
}

export function cpuBetween(a: CpuSample | null, b: CpuSample | null): CpuUse | null {
  if (!a || !b) return null;
  const driver = b.driver - a.driver;
  const server = b.server - a.server;
  const database = b.database - a.database;
  return {
    wallMs: b.at - a.at,
    driver,
    server,
    database,
    elsewhere: Math.max(0, b.machine - a.machine - driver - server - database),
    cores: os.cpus().length,
  };
}

/** Runs `fn` and reports the CPU each party used meanwhile. */
export async function withCpu<T>(pids: { server?: number; postmaster?: number }, fn: () => Promise<T>): Promise<{ result: T; cpu: CpuUse | null }> {
  const a = sampleCpu(pids.server, pids.postmaster);
  const result = await fn();
  const b = sampleCpu(pids.server, pids.postmaster);
  return { result, cpu: cpuBetween(a, b) };
}
