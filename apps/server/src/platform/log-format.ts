import type { FastifyInstance } from 'fastify';

/**
 * Console logs a person can read. On a terminal each pino line becomes `14:03:07 INFO  POST /api/cases 200 12 ms`;
 * piped (a file, journald, a collector) it stays pino's JSON, one object per line. SHANGMI_LOG_FORMAT=json|pretty forces
 * either. A small formatter of our own: pino-pretty would bring a dependency tree for one line of output.
 */
export type LogFormat = 'auto' | 'json' | 'pretty';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };
/** pino's own fields and the ones the request line already shows */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'method', 'url', 'status', 'ms']);

/** One pino JSON line as one human line (hh:mm:ss in Asia/Shanghai, the platform's clock). */
export function formatLogLine(json: string, colour = false): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = typeof o.level === 'number' ? o.level : 30;
  const time = new Date(typeof o.time === 'number' ? o.time : Date.now()).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
  const request = o.method ? `${String(o.method)} ${String(o.url)} ${String(o.status)} ${String(o.ms)} ms` : '';
  const rest = Object.entries(o)
    .filter(([k]) => !SHOWN.has(k))
    .map(([k, v]) => {
      if (k === 'err' && v && typeof v === 'object') {
        const e = v as { message?: string; stack?: string };
        return `\n${e.stack ?? e.message ?? JSON.stringify(v)}`;
      }
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join(' ');
  const text = [request || String(o.msg ?? ''), request && o.msg !== 'request' ? String(o.msg ?? '') : '', rest].filter(Boolean).join('  ');
  const name = LEVELS[level] ?? String(level);
  const tag = colour && COLOURS[level] ? `${COLOURS[level]}${name}\x1b[0m` : name;
  return `${time} ${tag} ${text}`;
}

/** Where pino writes: undefined keeps its JSON on stdout; a terminal (or `pretty`) gets the readable lines. */
export function logStream(format: LogFormat, out: NodeJS.WriteStream = process.stdout): { write(line: string): void } | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  if (!pretty) return undefined;
  const colour = out.isTTY === true && !process.env.NO_COLOR;
  return { write: (line: string) => void out.write(`${formatLogLine(line, colour)}\n`) };
}

/**
 * One line per answered API request (method, path, status, time), none for the web app's static files and pages unless
 * they fail: Fastify's own two lines per request, static files included, made the console unreadable.
 */
export function requestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    const url = req.url.split('?')[0]!;
    if (!url.startsWith('/api/') && reply.statusCode < 400) return;
    const line = { method: req.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) req.log.error(line, 'request');
    else req.log.info(line, 'request');
  });
}
