/**
 * A small in-process limiter per client key (the client IP): fixed windows, counted in memory on each node.
 * Used for public routes (`config.rateLimit` names a bucket in `config.rateLimits`); with several nodes behind a
 * balancer each node counts on its own, so the effective limit is at most nodes × limit — enough to stop one client
 * flooding the public form, not a quota. Login brute force has its own per-account lockout (auth module).
 */
export interface RateRule {
  /** requests allowed per window */
  limit: number;
  windowMs: number;
}

export type RateVerdict = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly rule: RateRule,
    /** above this many keys, ended windows are dropped before a new key is added (memory stays bounded) */
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, now = Date.now()): RateVerdict {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.rule.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.rule.limit) return { ok: false, retryAfterSec: Math.max(1, Math.ceil((w.start + this.rule.windowMs - now) / 1000)) };
    w.count++;
    return { ok: true, remaining: this.rule.limit - w.count };
  }

  /** drops ended windows */
  sweep(now = Date.now()): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.rule.windowMs) this.windows.delete(k);
  }

  get size(): number {
    return this.windows.size;
  }
}

/**
 * Holds a refusal (429) back for a moment before sending it. A flooding client that waits for answers (most do: a
 * fixed number of connections) is slowed to connections ÷ delay requests per second, so the refusals themselves stop
 * costing the event loop — a 50-connection login flood answered at once made ~1,000 refusals a second on 2 cores and
 * delayed a real sign-in by as much. At most `maxHeld` answers are held at once; past that they go out at once, so
 * many connections cannot turn the holding into a cost of its own.
 */
export class Tarpit {
  private held = 0;
  constructor(
    private readonly delayMs: number,
    private readonly maxHeld = 1000,
  ) {}

  async hold(retryAfterSec?: number): Promise<void> {
    const ms = Math.min(this.delayMs, (retryAfterSec ?? Infinity) * 1000);
    if (ms <= 0 || this.held >= this.maxHeld) return;
    this.held++;
    try {
      await new Promise((r) => setTimeout(r, ms));
    } finally {
      this.held--;
    }
  }
}
