import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { CliIo } from './io.js';
import { FileStore } from '../platform/storage.js';
import {
  appliedMigrations,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  describeTables,
  FILE_CHUNK,
  ident,
  loadOrder,
  parseArgs,
  qualified,
  readSequences,
  withTransaction,
  type BackupFileLine,
  type BackupHeader,
  type BackupTrailer,
  type Exec,
} from './backup-format.js';

const USAGE = 'usage: shangmi backup <file> [--force]';
/** a data line holds at most this many rows, or about this many characters of them (file chunks are large rows) */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 4 * 1024 * 1024;
const FETCH = 500;

/**
 * `shangmi backup <file>`: a logical, portable copy of every table of the public schema, read in one snapshot.
 * The schema is not migrated first: a backup taken before an upgrade must be of the database as it was.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, flags, errors } = parseArgs(args, { flags: ['force'] });
  if (errors.length || positional.length !== 1) {
    io.err([...errors, USAGE].join('\n'));
    return 2;
  }
  const file = path.resolve(positional[0]);
  if (fs.existsSync(file) && !flags.has('force')) {
    io.err(`文件已存在，未覆盖 ${file} already exists; not overwritten (add --force to replace it)`);
    return 1;
  }
  if (!fs.existsSync(path.dirname(file))) {
    io.err(`目录不存在 Folder ${path.dirname(file)} does not exist`);
    return 1;
  }

  const database = await io.open({ migrate: false });
  // written beside the target and renamed at the end: a failed backup never leaves a file that looks complete
  const partial = `${file}.partial-${process.pid}`;
  const started = performance.now();
  let stats: BackupTrailer;
  let header: BackupHeader;
  try {
    ({ header, stats } = await withTransaction(database, 'snapshot', async (exec) => {
      // output settings that make to_jsonb text load back bit for bit
      await exec(`set local bytea_output = 'hex'`);
      await exec(`set local extra_float_digits = 3`);
      await exec(`set local intervalstyle = 'iso_8601'`);
      const tables = await describeTables(exec);
      const { order, cyclic } = loadOrder(tables);
      if (cyclic.length) {
        io.err(`警告 Warning: foreign keys form a cycle between ${cyclic.join(', ')}; restore will refuse this backup`);
      }
      const names = [...order, ...cyclic];
      const [{ version }] = await exec<{ version: string }>('show server_version');
      const counts: Record<string, number> = {};
      for (const name of names) {
        const [{ n }] = await exec<{ n: string }>(`select count(*)::text as n from ${qualified(name)}`);
        counts[name] = Number(n);
      }
      const h: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        driver: database.driver,
        serverVersion: version,
        migrations: await appliedMigrations(exec),
        tables: names.map((name) => {
          const t = tables.get(name)!;
          return { name, columns: t.columns.map((c) => c.name), primaryKey: t.primaryKey, rows: counts[name] };
        }),
        sequences: await readSequences(exec),
      };
      const trailer: BackupTrailer = { end: true, tables: names.length, rows: 0 };
      await pipeline(
        Readable.from(lines(exec, h, trailer, io)),
        zlib.createGzip(),
        fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
      );
      return { header: h, stats: trailer };
    }));
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    io.err(`备份失败，未写入文件 Backup failed; no file written: ${(err as Error).message}`);
    return 1;
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const size = fs.statSync(file).size;
  io.out(`备份完成 Backup written: ${file}`);
  io.out(`  ${stats.tables} 张表 tables, ${stats.rows} 行 rows, ${stats.files ?? 0} 个文件 files, ${(size / 1024 / 1024).toFixed(2)} MiB, ${seconds} s (${header.driver}, ${header.migrations.length} migrations)`);
  io.out('  注意：备份含密码散列和加密字段，请妥善保管；加密字段的密钥（SHANGMI_SECRET_KEY 或 secret.key）不在备份中，需另行保存。');
  io.out('  Keep it safe (it holds password hashes and sealed fields). The sealing key (SHANGMI_SECRET_KEY or secret.key) is NOT in it: keep that separately.');
  return 0;
}

async function* lines(exec: Exec, header: BackupHeader, trailer: BackupTrailer, io: CliIo): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const table of header.tables) {
    if (!table.rows) continue;
    const orderBy = (table.primaryKey.length ? table.primaryKey.map((c) => `t.${ident(c)}`) : ['to_jsonb(t)']).join(', ');
    const prefix = `{"table":${JSON.stringify(table.name)},"columns":${JSON.stringify(table.columns)},"rows":[`;
    await exec(`declare shangmi_backup no scroll cursor for select to_jsonb(t)::text as j from ${qualified(table.name)} t order by ${orderBy}`);
    let batch: string[] = [];
    let chars = 0;
    for (;;) {
      const rows = await exec<{ j: string }>(`fetch forward ${FETCH} from shangmi_backup`);
      for (const r of rows) {
        batch.push(r.j);
        chars += r.j.length;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
          trailer.rows += batch.length;
          yield `${prefix}${batch.join(',')}]}\n`;
          batch = [];
          chars = 0;
        }
      }
      if (rows.length < FETCH) break;
    }
    if (batch.length) {
      trailer.rows += batch.length;
      yield `${prefix}${batch.join(',')}]}\n`;
    }
    await exec('close shangmi_backup');
  }
  yield* fileLines(exec, trailer, io);
  yield `${JSON.stringify(trailer)}\n`;
}

/** The bytes of every uploaded file the `files` table names (from the data folder), so one backup file is the whole platform. */
async function* fileLines(exec: Exec, trailer: BackupTrailer, io: CliIo): AsyncGenerator<string> {
  if (!(await exec(`select 1 from information_schema.tables where table_schema = 'public' and table_name = 'files'`)).length) return;
  const store = new FileStore(io.config.dataDir);
  const shas = await exec<{ sha256: string }>('select distinct sha256 from files order by sha256');
  trailer.files = 0;
  const missing: string[] = [];
  for (const { sha256 } of shas) {
    const file = store.pathOf(sha256);
    if (!fs.existsSync(file)) {
      missing.push(sha256);
      continue;
    }
    const size = fs.statSync(file).size;
    const fh = await fs.promises.open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(FILE_CHUNK, Math.max(size, 1)));
      let pos = 0;
      do {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        pos += bytesRead;
        const line: BackupFileLine = { file: sha256, size, data: buf.subarray(0, bytesRead).toString('base64') };
        yield `${JSON.stringify(line)}\n`;
        if (bytesRead === 0) break;
      } while (pos < size);
    } finally {
      await fh.close();
    }
    trailer.files++;
  }
  if (missing.length) {
    io.err(`警告 Warning: ${missing.length} uploaded file(s) are missing from ${store.root} and are not in the backup (first: ${missing[0]})`);
  }
}
