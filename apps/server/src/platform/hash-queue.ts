/**
 * A fair, bounded queue for password hashing (scrypt on libuv's threadpool).
 *
 * Why: scrypt does not block the event loop, but every call takes a threadpool thread (4 by default) and ~70 ms of a
 * core. Unqueued, a login flood fills the threadpool's own FIFO queue with thousands of hashes: a real user's hash waits
 * behind all of them (9 s during a 50-connection flood, 75 s after it, issue 21), and file reads that share the pool wait
 * too. Here at most `concurrency` hashes run at once (leaving threadpool threads and a core for the rest), each client
 * key (the client address) may hold at most `perKey` places, and waiting work is served round-robin across keys, so a
 * flood from one address delays another address by at most one round. What does not fit is refused at once
 * (`QueueFull`), before any hashing: the caller answers 429.
 * Round-robin alone is not enough against many flooding addresses (a real user would wait one round over all of them),
 * so `priority` work — a sign-in from an address the account signed in from before — goes ahead of all waiting work
 * and may use `reserved` places of its own beyond `concurrency`: a flood from elsewhere never occupies that lane.
 */
export class QueueFull extends Error {
  constructor(readonly reason: 'key' | 'total') {
    super(reason === 'key' ? 'too many hashes queued for this client' : 'password hashing queue is full');
  }
}

interface Waiting {
  start: () => void;
}


export interface FairQueueOptions {
  /** hashes running at once */
  concurrency: number;
  /** places (running + waiting) one key may hold */
  perKey: number;
  /** places in all */
  total: number;
  /** extra running places only priority work may use */
  reserved?: number;
}

export class FairQueue {
  private running = 0;
  private held = 0;
  private readonly perKeyHeld = new Map<string, number>();
  /** waiting tasks per key, in insertion order of keys: the rotation */
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly urgent: Waiting[] = [];

  constructor(readonly opts: FairQueueOptions) {
    if (opts.concurrency < 1 || opts.perKey < 1 || opts.total < opts.concurrency) throw new Error('bad hash queue limits');
  }

  /** Runs `task` when its turn comes; throws QueueFull at once when the key or the queue has no place left. */
  run<T>(key: string, task: () => Promise<T>, opts: { priority?: boolean } = {}): Promise<T> {
    const mine = this.perKeyHeld.get(key) ?? 0;
    if (mine >= this.opts.perKey) return Promise.reject(new QueueFull('key'));
    if (this.held >= this.opts.total) return Promise.reject(new QueueFull('total'));
    this.perKeyHeld.set(key, mine + 1);
    this.held++;
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.held--;
            const left = (this.perKeyHeld.get(key) ?? 1) - 1;
            if (left > 0) this.perKeyHeld.set(key, left);
            else this.perKeyHeld.delete(key);
            this.next();
          });
      };
      if (opts.priority) {
        if (this.running < this.opts.concurrency + (this.opts.reserved ?? 0)) start();
        else this.urgent.push({ start });
      } else if (this.running < this.opts.concurrency && this.waiting.size === 0 && this.urgent.length === 0) start();
      else {
        const q = this.waiting.get(key);
        if (q) q.push({ start });
        else this.waiting.set(key, [{ start }]);
      }
    });
  }

  /** Starts the first waiting task of the key whose turn it is; that key goes to the back of the rotation. */
  private next() {
    while (this.urgent.length && this.running < this.opts.concurrency + (this.opts.reserved ?? 0)) this.urgent.shift()!.start();
    while (this.running < this.opts.concurrency && this.waiting.size > 0) {
      const [key, q] = this.waiting.entries().next().value as [string, Waiting[]];
      const w = q.shift()!;
      this.waiting.delete(key);
      if (q.length) this.waiting.set(key, q);
      w.start();
    }
  }

  get stats() {
    return { running: this.running, held: this.held, waitingKeys: this.waiting.size, urgent: this.urgent.length };
  }
}
