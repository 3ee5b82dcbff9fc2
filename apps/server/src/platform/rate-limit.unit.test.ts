import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './rate-limit.js';

describe('FixedWindowLimiter', () => {
  it('allows the limit per key per window, then refuses with the seconds left, and resets with the next window', () => {
    const l = new FixedWindowLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => l.take('a', t0 + i).ok)).toEqual([true, true, true]);
    expect(l.take('a', t0 + 10)).toEqual({ ok: false, retryAfterSec: 60 });
    expect(l.take('a', t0 + 30_500)).toEqual({ ok: false, retryAfterSec: 30 });
    // another key has its own window
    expect(l.take('b', t0 + 20)).toEqual({ ok: true, remaining: 2 });
    // the window started at t0 + 1: it ends 60 s later
    expect(l.take('a', t0 + 60_000).ok).toBe(false);
    expect(l.take('a', t0 + 60_001)).toEqual({ ok: true, remaining: 2 });
  });

  it('never answers less than one second, and drops ended windows when full', () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 1000 }, 2);
    expect(l.take('a', 0).ok).toBe(true);
    expect(l.take('a', 999)).toEqual({ ok: false, retryAfterSec: 1 });
    expect(l.take('b', 10).ok).toBe(true);
    expect(l.size).toBe(2);
    // a third key after both windows ended: the ended ones go first
    expect(l.take('c', 2000).ok).toBe(true);
    expect(l.size).toBe(1);
  });
});
