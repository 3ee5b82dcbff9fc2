import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { Database } from '../db/client.js';

/**
 * The backup file: gzip'd JSON lines. Line 1 is the header, then data lines `{table, columns, rows}` — a table's
 * lines are contiguous and tables come parents-first (foreign keys) — then a trailer `{end: true, …}` whose absence
 * means the file was cut short. Rows are `to_jsonb(row)` text, spliced in without a round trip through JS numbers,
 * so bigint, numeric, bytea ("\\x…"), arrays and timestamps come back exactly.
 */
export const BACKUP_FORMAT = 'shangmi-backup';
export const BACKUP_VERSION = 1;

export interface BackupTable {
  name: string;
  columns: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupSequence {
  name: string;
  /** text: a bigint does not fit a JS number */
  lastValue: string;
  isCalled: boolean;
}

export interface BackupMigration {
  hash: string;
  createdAt: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  driver: 'pglite' | 'postgres';
  serverVersion: string;
  migrations: BackupMigration[];
  tables: BackupTable[];
  sequences: BackupSequence[];
}

export interface BackupTrailer {
  end: true;
  tables: number;
  rows: number;
  /** uploaded files whose bytes the backup carries (lines `{"file": sha256, "size", "data": base64}` after the tables) */
  files?: number;
}

/** One line of an uploaded file's bytes (a file spans several lines, in order; the last one completes `size`). */
export interface BackupFileLine {
  file: string;
  size: number;
  data: string;
}

/** Raw bytes per file line (base64 makes a 4 MiB line of it). */
export const FILE_CHUNK = 3 * 1024 * 1024;

export type Row = Record<string, unknown>;
export type Exec = <T = Row>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * Runs `fn` in one transaction on one connection: raw SQL with bound parameters on either driver.
 * 'snapshot' is REPEATABLE READ, READ ONLY: every table of a backup is read as of the same instant.
 */
export async function withTransaction<T>(database: Database, mode: 'snapshot' | 'write', fn: (exec: Exec) => Promise<T>): Promise<T> {
  const begin = mode === 'snapshot' ? 'begin isolation level repeatable read read only' : 'begin';
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      await client.query(begin);
      try {
        const value = await fn(async (text, params) => (await client.query(text, params as unknown[])).rows);
        await client.query('commit');
        return value;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
    } finally {
      client.release();
    }
  }
  const pglite = database.pglite;
  if (!pglite) throw new Error('database has neither a pool nor a PGlite instance');
  return pglite.transaction(async (tx) => {
    if (mode === 'snapshot') await tx.query('set transaction isolation level repeatable read read only');
    return fn(async <R,>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows);
  });
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const qualified = (name: string) => `public.${ident(name)}`;

export interface TableInfo {
  name: string;
  columns: { name: string; generated: boolean }[];
  primaryKey: string[];
  /** other tables of the public schema this one references */
  refs: string[];
  /** has a foreign key to itself (orgs.parent_id) */
  selfRef: boolean;
}

/** Every ordinary table of the public schema, from the catalog. Drizzle's bookkeeping lives in schema `drizzle`. */
export async function describeTables(exec: Exec): Promise<Map<string, TableInfo>> {
  const tables = new Map<string, TableInfo>();
  const cols = await exec<{ table: string; column: string; generated: string }>(
    `select c.relname as "table", a.attname as "column", a.attgenerated::text as generated
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname, a.attnum`,
  );
  for (const c of cols) {
    let t = tables.get(c.table);
    if (!t) tables.set(c.table, (t = { name: c.table, columns: [], primaryKey: [], refs: [], selfRef: false }));
    t.columns.push({ name: c.column, generated: c.generated !== '' });
  }
  const pks = await exec<{ table: string; column: string }>(
    `select c.relname as "table", a.attname as "column"
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
      where k.contype = 'p' and n.nspname = 'public'
      order by c.relname, array_position(k.conkey, a.attnum)`,
  );
  for (const p of pks) tables.get(p.table)?.primaryKey.push(p.column);
  const fks = await exec<{ from: string; to: string }>(
    `select distinct src.relname as "from", dst.relname as "to"
       from pg_constraint k
       join pg_class src on src.oid = k.conrelid
       join pg_namespace sn on sn.oid = src.relnamespace
       join pg_class dst on dst.oid = k.confrelid
       join pg_namespace dn on dn.oid = dst.relnamespace
      where k.contype = 'f' and sn.nspname = 'public' and dn.nspname = 'public'`,
  );
  for (const fk of fks) {
    const t = tables.get(fk.from);
    if (!t) continue;
    if (fk.from === fk.to) t.selfRef = true;
    else if (!t.refs.includes(fk.to)) t.refs.push(fk.to);
  }
  return tables;
}

/**
 * Tables ordered so each comes after every table it references (Kahn, ties by name, so the order is stable).
 * `cyclic` lists tables caught in a foreign-key cycle between tables; they cannot be loaded one after another.
 */
export function loadOrder(tables: Map<string, TableInfo>): { order: string[]; cyclic: string[] } {
  const pending = new Map([...tables.values()].map((t) => [t.name, t.refs.filter((r) => tables.has(r))]));
  const order: string[] = [];
  for (;;) {
    const ready = [...pending].filter(([, refs]) => refs.every((r) => !pending.has(r))).map(([name]) => name);
    if (!ready.length) break;
    ready.sort();
    for (const name of ready) pending.delete(name);
    order.push(...ready);
  }
  return { order, cyclic: [...pending.keys()].sort() };
}

/** The migrations applied to this database, oldest first (drizzle's journal table; empty when never migrated). */
export async function appliedMigrations(exec: Exec): Promise<BackupMigration[]> {
  const [{ present }] = await exec<{ present: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!present) return [];
  return exec<BackupMigration>(`select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by created_at, id`);
}

/** Every sequence of the public schema (identity and serial columns own theirs) with its current state. */
export async function readSequences(exec: Exec): Promise<BackupSequence[]> {
  const names = await exec<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  const out: BackupSequence[] = [];
  for (const { name } of names) {
    const [s] = await exec<{ lastValue: string; isCalled: boolean }>(
      `select last_value::text as "lastValue", is_called as "isCalled" from ${qualified(name)}`,
    );
    out.push({ name, lastValue: s.lastValue, isCalled: s.isCalled });
  }
  return out;
}

/** The file's lines, decompressed on the fly; errors of the file and of gzip both reach the caller. */
export async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  // a data line can be megabytes: keep its pieces and look for the newline in each new piece only
  let pending: string[] = [];
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const pieces = decoder.write(chunk).split('\n');
      for (let i = 0; i < pieces.length - 1; i++) {
        pending.push(pieces[i]);
        const line = pending.join('');
        pending = [];
        if (line) yield line;
      }
      pending.push(pieces[pieces.length - 1]);
    }
    const last = pending.join('') + decoder.end();
    if (last) yield last;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** Reads and checks the header only (before any database is opened or changed). */
export async function readHeader(file: string): Promise<BackupHeader> {
  let first: string | undefined;
  try {
    for await (const line of readLines(file)) {
      first = line;
      break;
    }
  } catch (err) {
    throw new Error(`不是有效的备份文件 Not a valid backup file (${(err as Error).message})`);
  }
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(first ?? '') as Partial<BackupHeader>;
  } catch {
    throw new Error('不是有效的备份文件 Not a valid backup file (the first line is not JSON)');
  }
  if (header.format !== BACKUP_FORMAT) throw new Error(`不是商秘通备份文件 Not a Shangmi backup (format ${JSON.stringify(header.format)})`);
  if (header.version !== BACKUP_VERSION) {
    throw new Error(`备份格式版本 ${header.version} 不受支持 Backup format version ${header.version} is not supported (this program reads ${BACKUP_VERSION})`);
  }
  return header as BackupHeader;
}

/** Parses `<positional…> --flag --key value --key=value` (only the flags a command declares). */
export function parseArgs(args: string[], spec: { flags?: string[]; options?: string[] }) {
  const positional: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.flags?.includes(key) && eq < 0) flags.add(key);
    else if (spec.options?.includes(key)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) errors.push(`--${key} needs a value`);
      else options.set(key, value);
    } else errors.push(`unknown option ${a}`);
  }
  return { positional, flags, options, errors };
}
