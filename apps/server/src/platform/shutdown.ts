import type { FastifyInstance } from 'fastify';

interface InFlight {
  id: string;
  method: string;
  url: string;
  ip: string;
  since: number;
}

export interface ShutdownPlan {
  /** the whole budget from the signal to the exit (a supervisor kills after its own, usually 30 s) */
  limitMs: number;
  /** how long requests in flight may finish before they are cut */
  drainMs: number;
  /** closes the database and whatever else is left once no request runs; given what remains of the budget */
  finish: () => Promise<void>;
}

/**
 * A shutdown that keeps to its limit (issue 21 item 7). On SIGTERM/SIGINT: stop listening and close idle keep-alive
 * connections (Fastify's close), let the requests in flight finish for `drainMs`, then cut the rest — their sockets
 * destroyed — and log each one cut (method, URL, request id, address, age), close the database, exit 0. Without the
 * cut, one client that never finishes sending its body holds the process until Node's own request timeout (5 min).
 * A last timer exits 1 at `limitMs` whatever still hangs, saying so.
 */
export function gracefulShutdown(app: FastifyInstance, plan: ShutdownPlan): void {
  const inFlight = new Map<string, InFlight>();
  let closing = false;
  app.addHook('onRequest', async (req) => {
    inFlight.set(req.id, { id: req.id, method: req.method, url: req.url.split('?')[0].slice(0, 200), ip: req.ip, since: Date.now() });
    // a client that goes away is no longer in flight, whether or not its handler ran
    req.raw.once('close', () => inFlight.delete(req.id));
  });
  app.addHook('onResponse', async (req) => {
    inFlight.delete(req.id);
  });
  // answers sent while shutting down close their connection, so keep-alive clients do not hold the exit
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  const describe = () => [...inFlight.values()].map((r) => ({ method: r.method, url: r.url, requestId: r.id, ip: r.ip, ageMs: Date.now() - r.since }));
  const sleep = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    app.log.info({ signal, inFlight: inFlight.size, limitMs: plan.limitMs }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error({ cut: describe() }, `shutdown exceeded its ${plan.limitMs / 1000} s; exiting with what is left`);
      process.exit(1);
    }, plan.limitMs);
    force.unref();
    try {
      const closed = app.close();
      if ((await Promise.race([closed, sleep(plan.drainMs)])) === 'timeout') {
        const cut = describe();
        app.log.warn({ cut }, `shutdown: cut ${cut.length} requests still in flight after ${plan.drainMs / 1000} s`);
        app.server.closeAllConnections();
        await Promise.race([closed, sleep(2000)]);
      }
      await plan.finish();
      app.log.info({ ms: Date.now() - started }, 'shut down');
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
