import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** run raw SQL text with bound parameters; rows come back as plain objects */
  /** `name` makes it a prepared statement on PostgreSQL: parsed and planned once per connection, not on every call */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: { name?: string }): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel: `onNotify` gets each payload (sent at the sender's commit, from any node); `onLost` is called
   * once if the connection breaks (notifications may have been missed since). Resolves to the function that stops.
   */
  listen(channel: string, onNotify: (payload: string) => void, onLost: () => void): Promise<() => Promise<void>>;
  /** the PGlite instance, when embedded (backup and tests use it) */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, 'migrations');

/** Serialises migrations when several app nodes start at once against one PostgreSQL. */
const MIGRATION_LOCK = 7_310_001;

export interface OpenDbOptions {
  databaseUrl?: string;
  /** folder for PGlite's files; undefined keeps it in memory */
  pgliteDir?: string;
  /** start PGlite from a dumped data folder (tests copy a migrated template this way) */
  pgliteLoad?: Blob | File;
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // JIT compiles large counts for 60–365 ms before running them (bench/results/enterprises-1m.md): never worth it for
    // this workload. Set at connection start-up (a pooler in front must pass the `options` parameter through).
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20, options: '-c jit=off' });
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      pool,
      async query(text, params = [], opts) {
        const r = await pool.query({ text, values: params as unknown[], ...(opts?.name ? { name: opts.name } : {}) });
        return r.rows;
      },
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
          await migratePg(drizzlePg(client, { schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
          client.release();
        }
      },
      async close() {
        await pool.end();
      },
      async listen(channel, onNotify, onLost) {
        // its own connection, outside the pool: it stays in LISTEN for the node's life
        const client = new pg.Client({ connectionString: opts.databaseUrl });
        let lost = false;
        const lose = () => {
          if (lost) return;
          lost = true;
          onLost();
        };
        client.on('notification', (m) => m.channel === channel && onNotify(m.payload ?? ''));
        client.on('error', lose);
        client.on('end', lose);
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        return async () => {
          lost = true;
          await client.end().catch(() => undefined);
        };
      },
    };
  }
  if (opts.pgliteDir) fs.mkdirSync(opts.pgliteDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: opts.pgliteDir,
    loadDataDir: opts.pgliteLoad,
    relaxedDurability: false,
    // partial-word enterprise search (migration 0001 creates the extension)
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    pglite: client,
    async query(text, params = []) {
      const r = await client.query(text, params as unknown[]);
      return r.rows as never[];
    },
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      if (!client.closed) await client.close();
    },
    async listen(channel, onNotify) {
      // one process, one database: notifications of every commit arrive in-process and cannot be lost
      const stop = await client.listen(channel, onNotify);
      return async () => {
        if (!client.closed) await stop();
      };
    },
  };
}

export async function ping(database: Database): Promise<number> {
  const t = performance.now();
  await database.db.execute(sql`select 1`);
  return Math.round((performance.now() - t) * 10) / 10;
}
