import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { Actor } from './context.js';

/**
 * The resolved actors of sessions, kept per node so a request does not run the session's five-table lookup.
 *
 * Invalidation comes from the database itself (migration 0020_scale): triggers on sessions, users, user_roles, roles and orgs
 * call `shangmi_actor_notify(<user ids>|*)` in the changing transaction. That NOTIFY reaches every node's listener at
 * commit; the node that commits also reads the transaction's list back with its audit row (req.mutate) and forgets
 * before it answers, so its own next request never sees the old actor. Entries are used only while the listener is
 * connected (a lost connection may have lost notifications: everything is forgotten and the cache stays off until it
 * listens again), and live at most ACTOR_TTL_MS (what another node's missed NOTIFY could cost, at worst).
 */
export const ACTOR_TTL_MS = 30_000;
const CHANNEL = 'shangmi_actor';
const MAX_ENTRIES = 50_000;
const RETRY_MS = 1_000;

export interface CachedSession {
  actor: Actor;
  lastSeenAt: number;
  expiresAt: number;
}

interface Entry extends CachedSession {
  loadedAt: number;
}

export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private stopped = false;
  private stop: (() => Promise<void>) | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** bumped by every forget: a lookup that began before one must not store what it read */
  private generation = 0;

  private onError: (e: unknown) => void = () => undefined;

  constructor(private readonly database: Database) {}

  /** Starts listening; the cache serves nothing until the listener is in place. */
  async start(onError?: (e: unknown) => void): Promise<void> {
    if (onError) this.onError = onError;
    this.stopped = false;
    try {
      this.stop = await this.database.listen(CHANNEL, (payload) => this.forget(payload), () => this.lost());
      if (this.stopped) return void (await this.stop());
      this.listening = true;
    } catch (e) {
      this.onError(e);
      this.lost();
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    this.entries.clear();
    this.release();
    await this.stop?.();
    this.stop = null;
  }

  private lost(): void {
    this.listening = false;
    this.forget('*');
    this.release();
    this.stop = null;
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.start();
    }, RETRY_MS);
    this.retry.unref();
  }

  /** The session's cached actor, if fresh; the caller checks idleness and expiry. */
  get(sessionId: string, now: number): CachedSession | undefined {
    if (!this.listening) return undefined;
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (now - e.loadedAt > ACTOR_TTL_MS) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e;
  }

  /** Marks the start of a lookup in the database: pass the result to `set` with it. */
  mark(): number {
    return this.generation;
  }

  set(sessionId: string, value: CachedSession, mark: number, now: number): void {
    if (!this.listening || mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(sessionId, { ...value, loadedAt: now });
  }

  /** After the session's last-seen time was written. */
  touched(sessionId: string, at: number): void {
    const e = this.entries.get(sessionId);
    if (e) e.lastSeenAt = at;
  }

  /**
   * Resolves once every notice committed before the call has reached this node's listener (a marker sent now arrives
   * after them: notices are delivered in commit order). For a change written to the database outside req.mutate (a
   * job, a test) that this node must see before its next request.
   */
  async sync(): Promise<void> {
    if (!this.listening) return;
    const token = `sync:${randomUUID()}`; // other nodes hear it too: never another node's marker
    const arrived = new Promise<void>((resolve) => this.waiting.set(token, resolve));
    await this.database.query(`select pg_notify('${CHANNEL}', $1)`, [token]);
    await arrived;
  }
  private readonly waiting = new Map<string, () => void>();

  /** nothing is cached any more: whoever waits for a marker has what they waited for */
  private release(): void {
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }

  /** `*` or comma-separated user ids (the triggers' payload). */
  forget(who: string | null | undefined): void {
    if (!who) return;
    if (who.startsWith('sync:')) {
      this.waiting.get(who)?.();
      this.waiting.delete(who);
      return;
    }
    this.generation++;
    const ids = who.split(',');
    if (ids.includes('*')) {
      this.entries.clear();
      return;
    }
    const users = new Set(ids.map(Number));
    for (const [id, e] of this.entries) if (users.has(e.actor.userId)) this.entries.delete(id);
  }
}

const caches = new WeakMap<Database, ActorCache>();

/** The node's cache for a database handle (buildApp starts and closes it; without start it serves nothing). */
export function actorCache(database: Database): ActorCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new ActorCache(database);
    caches.set(database, cache);
  }
  return cache;
}
