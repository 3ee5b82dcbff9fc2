import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from './io.js';
import { verifyOplogChain } from '../platform/audit.js';
import { FileStore } from '../platform/storage.js';
import {
  appliedMigrations,
  describeTables,
  ident,
  parseArgs,
  qualified,
  readHeader,
  readLines,
  withTransaction,
  type BackupFileLine,
  type BackupHeader,
  type BackupTrailer,
  type Exec,
  type TableInfo,
} from './backup-format.js';

const USAGE = 'usage: shangmi restore <file>';
const STAGE = 'pg_temp.shangmi_restore_stage';

/**
 * `shangmi restore <file>`: loads a backup into an empty database (a new data folder, or an empty PostgreSQL database),
 * all in one transaction — a failed restore leaves the target as empty as it was. The target is migrated by this
 * code but not seeded: every row comes from the backup.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, errors } = parseArgs(args, {});
  if (errors.length || positional.length !== 1) {
    io.err([...errors, USAGE].join('\n'));
    return 2;
  }
  const file = path.resolve(positional[0]);
  if (!fs.existsSync(file)) {
    io.err(`文件不存在 ${file} does not exist`);
    return 1;
  }
  let header: BackupHeader;
  try {
    header = await readHeader(file);
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  }

  const database = await io.open({ migrate: true });
  const exec: Exec = (text, params) => database.query(text, params);

  const tables = await describeTables(exec);
  const nonEmpty: string[] = [];
  for (const name of tables.keys()) {
    const [{ n }] = await exec<{ n: string }>(`select count(*)::text as n from ${qualified(name)}`);
    if (n !== '0') nonEmpty.push(`${name} (${n})`);
  }
  if (nonEmpty.length) {
    io.err('目标数据库不是空的，拒绝恢复 The target database is not empty; restore refused.');
    io.err(`  有数据的表 Tables with rows: ${nonEmpty.join(', ')}`);
    io.err('  请恢复到新的数据目录（SHANGMI_DATA_DIR）或新建的空 PostgreSQL 数据库（DATABASE_URL）。');
    io.err('  Restore into a new data folder (SHANGMI_DATA_DIR) or a newly created, empty PostgreSQL database (DATABASE_URL).');
    return 1;
  }

  const problem = checkCompatible(header, tables, await appliedMigrations(exec));
  if (problem) {
    io.err(problem);
    return 1;
  }

  const started = performance.now();
  let loaded: { tables: number; rows: number; files: number };
  try {
    loaded = await withTransaction(database, 'write', (tx) => load(tx, file, header, tables, new FileStore(io.config.dataDir)));
  } catch (err) {
    io.err(`恢复失败，已全部回滚，目标仍为空 Restore failed and was rolled back; the target is still empty:\n  ${(err as Error).message}`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`恢复完成 Restore complete: ${loaded.tables} 张表 tables, ${loaded.rows} 行 rows, ${loaded.files} 个文件 files in ${seconds} s`);
  io.out(`  来源 from ${header.driver} backup of ${header.createdAt} → ${database.driver}`);

  const chain = await verifyOplogChain(database);
  if (!chain.ok) {
    io.err(`审计链校验失败 Audit chain check FAILED after restore: row ${chain.firstBad!.seq}: ${chain.firstBad!.reason}`);
    io.err('  数据已完整恢复，但备份中的操作日志链已不完整。The data was restored as it was in the backup, but its operation log chain is broken.');
    return 1;
  }
  io.out(`  审计链完整 Audit chain intact: ${chain.checked} rows`);
  return 0;
}

/** Same migrations, same tables and columns, and a table order in which foreign keys hold; else why not. */
function checkCompatible(header: BackupHeader, tables: Map<string, TableInfo>, migrations: { hash: string }[]): string | null {
  const theirs = header.migrations.map((m) => m.hash);
  const ours = migrations.map((m) => m.hash);
  if (theirs.length !== ours.length || theirs.some((h, i) => h !== ours[i])) {
    const common = theirs.findIndex((h, i) => h !== ours[i]);
    return [
      '备份的数据库结构版本与本程序不一致，拒绝恢复 The backup was taken at a different schema version than this program has; restore refused.',
      `  backup: ${theirs.length} migrations; this program: ${ours.length} migrations${common >= 0 ? `; they differ from migration #${common + 1}` : ''}.`,
      '  请用备份时的程序版本恢复，再启动新版本自动升级。Restore with the program version the backup was made with, then start the newer version to upgrade.',
    ].join('\n');
  }
  const names = header.tables.map((t) => t.name);
  const missing = names.filter((n) => !tables.has(n));
  const extra = [...tables.keys()].filter((n) => !names.includes(n));
  if (missing.length || extra.length) {
    return `备份与数据库的表不一致 Tables differ: ${missing.length ? `not in this database: ${missing.join(', ')}; ` : ''}${extra.length ? `not in the backup: ${extra.join(', ')}` : ''}`;
  }
  for (const t of header.tables) {
    const ours = tables.get(t.name)!.columns.map((c) => c.name);
    if (ours.length !== t.columns.length || ours.some((c) => !t.columns.includes(c))) {
      return `表 ${t.name} 的列不一致 Columns of ${t.name} differ: backup (${t.columns.join(', ')}), database (${ours.join(', ')})`;
    }
  }
  for (const [i, t] of header.tables.entries()) {
    const late = tables.get(t.name)!.refs.filter((r) => !names.slice(0, i).includes(r));
    if (late.length) return `备份中表的顺序不满足外键 In the backup, ${t.name} comes before ${late.join(', ')}, which it references`;
  }
  return null;
}

async function load(exec: Exec, file: string, header: BackupHeader, tables: Map<string, TableInfo>, store: FileStore) {
  const files = new FileCollector(store);
  const order = header.tables.map((t) => t.name);
  let current: TableInfo | undefined;
  let trailer: BackupTrailer | undefined;
  let first = true;
  let rows = 0;

  const columnList = (t: TableInfo) =>
    t.columns
      .filter((c) => !c.generated)
      .map((c) => ident(c.name))
      .join(', ');
  // a table that references itself (orgs.parent_id) is gathered first and inserted in one statement: foreign keys
  // are checked at the end of a statement, so a child may come before its parent and no row order is needed
  const finish = async (t: TableInfo | undefined) => {
    if (!t?.selfRef) return;
    const cols = columnList(t);
    await exec(`insert into ${qualified(t.name)} (${cols}) overriding system value select ${cols} from ${STAGE}`);
    await exec(`drop table ${STAGE}`);
  };

  for await (const line of readLines(file)) {
    if (first) {
      first = false;
      continue;
    }
    if (trailer) throw new Error('备份文件在结束标记后还有内容 The backup has content after its end marker');
    const data = JSON.parse(line) as { table?: string; end?: true; tables?: number; rows?: number; file?: string };
    if (data.end) {
      trailer = data as BackupTrailer;
      continue;
    }
    if (data.file !== undefined) {
      await files.add(data as BackupFileLine);
      continue;
    }
    const name = data.table ?? '';
    if (name !== current?.name) {
      const from = current ? order.indexOf(current.name) : -1;
      const to = order.indexOf(name);
      if (to <= from) throw new Error(`备份文件中表 ${name} 的位置不对 Table ${name} is out of place in the backup file`);
      await finish(current);
      current = tables.get(name)!;
      if (current.selfRef) await exec(`create temp table ${STAGE.slice('pg_temp.'.length)} (like ${qualified(name)}) on commit drop`);
    }
    const cols = columnList(current);
    const target = current.selfRef ? `${STAGE} (${cols})` : `${qualified(name)} (${cols}) overriding system value`;
    const inserted = await exec<{ n: string }>(
      `with ins as (insert into ${target} select ${cols} from jsonb_populate_recordset(null::${qualified(name)}, ($1::jsonb)->'rows') returning 1)
       select count(*)::text as n from ins`,
      [line],
    );
    rows += Number(inserted[0].n);
  }
  await finish(current);

  if (!trailer) throw new Error('备份文件不完整（缺少结束标记）The backup file is incomplete (no end marker): it was cut short');
  if (trailer.rows !== rows) throw new Error(`备份文件行数不符 The backup says ${trailer.rows} rows but holds ${rows}`);
  files.finish();
  if ((trailer.files ?? 0) !== files.count) throw new Error(`备份文件中的文件数不符 The backup says ${trailer.files ?? 0} files but holds ${files.count}`);
  for (const t of header.tables) {
    const [{ n }] = await exec<{ n: string }>(`select count(*)::text as n from ${qualified(t.name)}`);
    if (Number(n) !== t.rows) throw new Error(`表 ${t.name} 行数不符 Table ${t.name}: the backup lists ${t.rows} rows, ${n} were loaded`);
  }

  await restoreSequences(exec, header);
  return { tables: header.tables.length, rows, files: files.count };
}

/**
 * Sequences get the state they had, not merely max(id): an id once handed out (to a row deleted since) is never
 * handed out again, so old log rows never point at a new record. Then, as a safety net, every owned sequence is
 * moved past the largest id its column holds.
 */
async function restoreSequences(exec: Exec, header: BackupHeader) {
  const present = new Set(
    (
      await exec<{ name: string }>(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S'`,
      )
    ).map((r) => r.name),
  );
  const next = new Map<string, bigint>();
  for (const s of header.sequences ?? []) {
    if (!present.has(s.name)) continue;
    await exec('select setval($1::regclass, $2::bigint, $3::boolean)', [qualified(s.name), s.lastValue, s.isCalled]);
    next.set(s.name, BigInt(s.lastValue) + (s.isCalled ? 1n : 0n));
  }
  const owned = await exec<{ seq: string; table: string; column: string }>(
    `select s.relname as seq, t.relname as "table", a.attname as "column"
       from pg_class s
       join pg_namespace n on n.oid = s.relnamespace
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       join pg_class t on t.oid = d.refobjid
       join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S' and n.nspname = 'public'`,
  );
  for (const o of owned) {
    const [{ max }] = await exec<{ max: string | null }>(`select max(${ident(o.column)})::text as max from ${qualified(o.table)}`);
    if (max === null) continue;
    const n = next.get(o.seq);
    if (n === undefined || n <= BigInt(max)) await exec('select setval($1::regclass, $2::bigint, true)', [qualified(o.seq), max]);
  }
}

/**
 * Uploaded files from the backup, put back into the data folder's store as each completes. A file's content must hash
 * to its name, or the restore fails. (Files are content-addressed: writing one the folder already holds changes nothing,
 * and a rolled-back restore leaves only harmless, unreferenced bytes.)
 */
class FileCollector {
  count = 0;
  private current: { sha256: string; size: number; parts: Buffer[]; got: number } | null = null;
  constructor(private readonly store: FileStore) {}

  async add(line: BackupFileLine) {
    if (!/^[0-9a-f]{64}$/.test(line.file)) throw new Error(`备份中的文件名无效 Bad file name in the backup: ${line.file}`);
    if (this.current && this.current.sha256 !== line.file) throw new Error(`文件 ${this.current.sha256} 不完整 File ${this.current.sha256} is cut short`);
    this.current ??= { sha256: line.file, size: line.size, parts: [], got: 0 };
    const bytes = Buffer.from(line.data, 'base64');
    this.current.parts.push(bytes);
    this.current.got += bytes.length;
    if (this.current.got >= this.current.size) {
      const { sha256, parts } = this.current;
      this.current = null;
      const stored = await this.store.putBuffer(Buffer.concat(parts));
      if (stored.sha256 !== sha256) throw new Error(`文件内容与其散列不符 File ${sha256} does not match its hash`);
      this.count++;
    }
  }

  finish() {
    if (this.current) throw new Error(`文件 ${this.current.sha256} 不完整 File ${this.current.sha256} is cut short`);
  }
}
