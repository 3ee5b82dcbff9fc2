import { describe, expect, it } from 'vitest';
import { FairQueue, QueueFull } from './hash-queue.js';

/** A task that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { task: () => (log.push(name), done.then(() => name)), open: () => open() };
}

describe('fair hashing queue', () => {
  it('runs at most `concurrency` at once and serves waiting keys round-robin, not first come first served', async () => {
    const q = new FairQueue({ concurrency: 1, perKey: 10, total: 100 });
    const log: string[] = [];
    const gates = ['f1', 'f2', 'f3', 'f4', 'u1'].map((n) => gate(log, n));
    const results = gates.map((g, i) => q.run(i < 4 ? 'flood' : 'user', g.task));
    expect(log).toEqual(['f1']);
    gates[0].open();
    await results[0];
    // the user's hash comes right after the one in flight, ahead of the flood's queued three
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['f1', 'f2']);
    gates[1].open();
    await results[1];
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['f1', 'f2', 'u1']);
    for (const g of gates) g.open();
    await Promise.all(results);
    expect(q.stats).toEqual({ running: 0, held: 0, waitingKeys: 0, urgent: 0 });
  });

  it('refuses at once what does not fit, per key and in all, and frees places when tasks end', async () => {
    const q = new FairQueue({ concurrency: 1, perKey: 2, total: 3 });
    const log: string[] = [];
    const a = [gate(log, 'a1'), gate(log, 'a2')];
    const pa = a.map((g) => q.run('a', g.task));
    await expect(q.run('a', async () => 'x')).rejects.toEqual(new QueueFull('key'));
    const b = gate(log, 'b1');
    const pb = q.run('b', b.task);
    await expect(q.run('c', async () => 'x')).rejects.toEqual(new QueueFull('total'));
    for (const g of [...a, b]) g.open();
    expect(await Promise.all([...pa, pb])).toEqual(['a1', 'a2', 'b1']);
    expect(await q.run('a', async () => 'again')).toBe('again');
  });

  it('a failing task frees its place and passes its error on', async () => {
    const q = new FairQueue({ concurrency: 1, perKey: 1, total: 1 });
    await expect(q.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('k', async () => 1)).toBe(1);
  });

  it('priority work (a known address) runs in its reserved lane at once, ahead of any flood', async () => {
    const q = new FairQueue({ concurrency: 1, perKey: 10, total: 100, reserved: 1 });
    const log: string[] = [];
    const flood = Array.from({ length: 30 }, (_, i) => gate(log, `f${i}`));
    const pending = flood.map((g, i) => q.run(`bot${i % 10}`, g.task));
    const owner = gate(log, 'owner');
    const mine = q.run('office', owner.task, { priority: true });
    expect(log).toEqual(['f0', 'owner']);
    owner.open();
    expect(await mine).toBe('owner');
    for (const g of flood) g.open();
    await Promise.all(pending);
  });
});
