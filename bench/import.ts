/** The bulk import scenario: an .xlsx built as users fill the template, driven through the real API, and its INSERTs replayed. */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, type ImportColumnKey } from '@shangmi/shared';
import { GBT4754_2017 } from '@shangmi/shared/data/industries';
import { BENCH_ACCOUNTS, enterpriseGenerator, type DistrictRef } from '../apps/server/src/cli/seed-scale.js';
import { DICT_SEEDS } from '../apps/server/src/seed.js';
import { type Child, ndjson, type Session } from './child.js';
import { log, rate } from './common.js';
import { withCpu, type CpuUse } from './cpu.js';
import type { CaptureSummary, ReplayResult } from './lib.js';
import { type Backend, IMPORT_INDEX_BASE } from './options.js';

/** The bulk import through the API, and its writes replayed as raw SQL. */
export interface ImportRun {
  backend: Backend;
  rows: number;
  fileBytes: number;
  /** building the .xlsx in the driver (not part of any timing) */
  buildMs: number;
  uploadMs: number;
  /**
   * POST /api/enterprises/imports: reading the file and checking its rows, then the registry (the duplicate check, 1,000
   * codes a statement) and the job; split where the first duplicate-check statement was issued (the server's clock)
   */
  check: { ms: number; readMs: number; registryMs: number; validRows: number; errorRows: number } | null;
  /** POST …/commit: reading and checking again (in the transaction), then writing (from the first id allocation on) */
  commit: { ms: number; recheckMs: number; writeMs: number; inserted: number } | null;
  /** imported records with U+FFFD (a character the reader broke) in a text column */
  garbled: number | null;
  totalMs: number;
  /** the commit's INSERT statements, replayed in order in one transaction (rolled back) */
  raw: ReplayResult | null;
  captured: CaptureSummary | null;
  cpu: { check: CpuUse | null; commit: CpuUse | null };
  error?: string;
}

/** A captured request's time before the first statement matching `re` was issued, and from then to its last answer. */
function splitAt(c: CaptureSummary, re: RegExp): { before: number; after: number } {
  const t0 = c.timeline[0]?.startedAt ?? NaN;
  const end = Math.max(...c.timeline.map((x) => x.endedAt));
  const at = c.timeline.find((x) => re.test(x.text))?.startedAt ?? end;
  return { before: at - t0, after: end - at };
}

/**
 * An .xlsx as a user fills the import template: the template's header row (IMPORT_COLUMNS, in order), one enterprise a
 * row with 企业名称, 统一社会信用代码, 所属区县, 所属行业, 企业规模, 企业类型, 主营产品, 经营地址, 联系人, 联系电话 filled
 * the way people write them (district names, industry as C39 / 39 / its name, size and kind labels). Generated like the
 * seeded enterprises, from credit-code indexes no seeded enterprise uses, so no row collides with the registry.
 */
export async function buildImportFile(file: string, rows: number, seed: number, districts: DistrictRef[]): Promise<{ file: string; bytes: number; ms: number }> {
  const t = performance.now();
  const gen = enterpriseGenerator(seed + 1, districts);
  const label = (type: string) => new Map((DICT_SEEDS.find((d) => d.code === type)?.items ?? []).map((i) => [i.value, i.labelZh]));
  const sizes = label('enterprise_size');
  const kinds = label('enterprise_kind');
  const industryName = new Map(GBT4754_2017.map((e) => [e.code, e.nameZh]));
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.zh)).commit();
  for (let k = 0; k < rows; k++) {
    const e = gen(IMPORT_INDEX_BASE + k);
    const r = e.draw[0];
    const cells: Partial<Record<ImportColumnKey, string>> = {
      name: e.name,
      creditCode: e.creditCode,
      district: districtName.get(e.districtCode) ?? e.districtCode,
      industry: r < 0.6 ? `${e.industrySection}${e.industryCode}` : r < 0.85 ? e.industryCode : (industryName.get(e.industryCode) ?? e.industryCode),
      size: e.size ? (sizes.get(e.size) ?? e.size) : '',
      kinds: e.kinds.map((x) => kinds.get(x) ?? x).join('、'),
      products: e.products ?? '',
      opAddress: e.opAddress ?? e.regAddress ?? '',
      contactName: e.contactName ?? '',
      contactPhone: e.contactPhone ?? '',
    };
    ws.addRow(IMPORT_COLUMNS.map((c) => cells[c.key] ?? '')).commit();
  }
  ws.commit();
  await wb.commit();
  return { file, bytes: fs.statSync(file).size, ms: performance.now() - t };
}

/**
 * The import through the real API, as the import page drives it: upload the bytes (POST /api/files), check
 * (POST /api/enterprises/imports, NDJSON), commit (POST …/commit, NDJSON) with its SQL captured; then the commit's
 * INSERT statements (orgs, then enterprises, per batch) replayed in order in one transaction on the database as it
 * was before the commit (the imported rows deleted first, inside that transaction), and rolled back.
 */
export async function runImport(a: {
  backend: Backend;
  base: string;
  child: Child;
  session: Session;
  file: { file: string; bytes: number; ms: number };
  rows: number;
  pids: { server?: number; postmaster?: number };
  settle: () => Promise<void>;
}): Promise<ImportRun> {
  const { backend, base, child, session } = a;
  const run: ImportRun = {
    backend,
    rows: a.rows,
    fileBytes: a.file.bytes,
    buildMs: a.file.ms,
    uploadMs: NaN,
    check: null,
    commit: null,
    totalMs: NaN,
    raw: null,
    captured: null,
    cpu: { check: null, commit: null },
    garbled: null,
  };
  log(`${backend}: import — upload ${(a.file.bytes / 2 ** 20).toFixed(1)} MB …`);
  const t0 = performance.now();
  const up = await fetch(`${base}/api/files`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(path.basename(a.file.file)),
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: fs.readFileSync(a.file.file),
  });
  if (up.status !== 200) throw new Error(`upload: HTTP ${up.status} ${await up.text()}`);
  const { id: fileId } = (await up.json()) as { id: number };
  run.uploadMs = performance.now() - t0;

  log(`${backend}: import — check …`);
  await child.call({ cmd: 'capture-start' });
  const { result: checked, cpu: checkCpu } = await withCpu(a.pids, () => ndjson(base, '/api/enterprises/imports', session, { fileId, mode: 'insert' }));
  const checkSql = await child.call<CaptureSummary>({ cmd: 'capture-stop', keep: true });
  run.cpu.check = checkCpu;
  if (!checked.result) {
    run.error = `check: ${JSON.stringify(checked.error)}`;
    log(`${backend}: import — ${run.error}`);
    return run;
  }
  const job = checked.result as { id: number; validRows: number; errorRows: number; errors: { row: number; column: string; message: string }[] };
  const registry = splitAt(checkSql, /from "enterprises" where .*"credit_code" in \(/);
  run.check = { ms: checked.ms, readMs: registry.before, registryMs: registry.after, validRows: job.validRows, errorRows: job.errorRows };
  if (job.errorRows) log(`${backend}: import — ${job.errorRows} rows with errors, e.g. ${JSON.stringify(job.errors.slice(0, 3))}`);

  log(`${backend}: import — commit ${job.validRows.toLocaleString('en-US')} rows …`);
  await child.call({ cmd: 'capture-start' });
  const { result: committed, cpu: commitCpu } = await withCpu(a.pids, () => ndjson(base, `/api/enterprises/imports/${job.id}/commit`, session, {}));
  run.captured = await child.call<CaptureSummary>({ cmd: 'capture-stop', keep: true });
  run.cpu.commit = commitCpu;
  run.totalMs = performance.now() - t0;
  if (!committed.result) {
    run.error = `commit: ${JSON.stringify(committed.error)}`;
    log(`${backend}: import — ${run.error}`);
    return run;
  }
  const write = splitAt(run.captured, /^select nextval\(/);
  run.commit = { ms: committed.ms, recheckMs: write.before, writeMs: write.after, inserted: Number((committed.result as { inserted?: number }).inserted ?? 0) };
  log(
    `${backend}: import — upload ${(run.uploadMs / 1000).toFixed(1)} s, check ${(run.check.ms / 1000).toFixed(1)} s, commit ${(run.commit.ms / 1000).toFixed(1)} s: ` +
      `${rate(a.rows / (run.totalMs / 1000))} rows/s end to end; raw SQL …`,
  );

  await a.settle();
  const me = `(select id from users where username = '${BENCH_ACCOUNTS.city}')`;
  const [{ n: garbled }] = await child.call<{ n: number }[]>({
    cmd: 'query',
    text: `select count(*)::int as n from enterprises where source = 'import' and created_by = ${me}
              and concat_ws('|', name, products, op_address, contact_name, contact_phone) like '%' || chr(65533) || '%'`,
  });
  run.garbled = garbled;
  if (garbled) log(`${backend}: import — ${garbled} imported records hold U+FFFD (characters broken while reading the workbook)`);
  // the state before the commit, inside the replay's transaction: the imported rows deleted (foreign-key triggers off
  // meanwhile: nothing refers to them, and enterprises.merged_into_id has no index to make that check cheap)
  run.raw = await child.call<ReplayResult>({
    cmd: 'replay-tx',
    before: [
      `set local session_replication_role = replica`,
      `with gone as (delete from enterprises where source = 'import' and created_by = ${me} returning org_id)
       delete from orgs where id in (select org_id from gone)`,
      `set local session_replication_role = origin`,
    ],
    match: '^\\s*insert into "?(orgs|enterprises)"? ',
  });
  log(`${backend}: import — raw SQL: ${run.raw.statements} INSERT statements, ${run.raw.rows.toLocaleString('en-US')} rows in ${(run.raw.ms / 1000).toFixed(1)} s`);
  return run;
}
