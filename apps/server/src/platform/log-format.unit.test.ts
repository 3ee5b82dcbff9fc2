import Fastify, { LogController } from 'fastify';
import { describe, expect, it } from 'vitest';
import { formatLogLine, logStream, requestLog } from './log-format.js';

describe('console logs', () => {
  it('one line per API request and per failed page, none per static file (Fastify wrote two per request, assets included)', async () => {
    const lines: string[] = [];
    const app = Fastify({ logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } }, logController: new LogController({ disableRequestLogging: true }) });
    requestLog(app);
    app.get('/assets/index-abc.js', async () => 'x');
    app.get('/api/things', async () => ({ ok: true }));
    app.get('/api/broken', async () => {
      throw new Error('boom');
    });
    await app.inject('/assets/index-abc.js');
    await app.inject('/assets/index-abc.js');
    await app.inject('/api/things?q=1');
    await app.inject('/nowhere');
    await app.inject('/api/broken');
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.msg === 'request');
    expect(requests.map((o) => `${String(o.method)} ${String(o.url)} ${String(o.status)}`)).toEqual(['GET /api/things 200', 'GET /nowhere 404', 'GET /api/broken 500']);
    expect(requests[2]!.level).toBe(50);
    await app.close();
  });

  it('a terminal reads a line, a pipe gets JSON', () => {
    const at = Date.UTC(2026, 11, 7, 6, 3, 7);
    const line = formatLogLine(JSON.stringify({ level: 30, time: at, pid: 1, hostname: 'h', reqId: 'r1', method: 'POST', url: '/api/cases', status: 200, ms: 12, msg: 'request' }));
    expect(line).toBe('14:03:07 INFO  POST /api/cases 200 12 ms');
    const warn = formatLogLine(JSON.stringify({ level: 40, time: at, msg: 'shutdown: slow', database: 'pglite' }));
    expect(warn).toBe('14:03:07 WARN  shutdown: slow  database=pglite');
    expect(formatLogLine(JSON.stringify({ level: 50, time: at, msg: 'failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } }))).toContain('ERROR failed  \nError: boom');
    expect(formatLogLine('not json')).toBe('not json');
    const tty = { isTTY: true, write: () => true } as unknown as NodeJS.WriteStream;
    const pipe = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
    expect(logStream('auto', tty)).toBeDefined();
    expect(logStream('auto', pipe)).toBeUndefined();
    expect(logStream('json', tty)).toBeUndefined();
    expect(logStream('pretty', pipe)).toBeDefined();
  });
});
