import type { CliIo } from './io.js';
import { verifyOplogChain } from '../platform/audit.js';

const USAGE = 'usage: shangmi audit verify';

/** `shangmi audit verify`: walks the operation log's hash chain; exit 1 names the first row that was edited or removed. */
export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0] !== 'verify') {
    io.err(USAGE);
    return args[0] === '--help' ? 0 : 2;
  }
  const database = await io.open();
  const started = performance.now();
  const report = await verifyOplogChain(database);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    io.out(`审计链完整 Audit chain intact: ${report.checked} rows checked in ${seconds} s`);
    return 0;
  }
  const bad = report.firstBad!;
  io.err(`审计链损坏 Audit chain BROKEN at row seq ${bad.seq}: ${bad.reason}`);
  io.err(`  此前 ${report.checked} 行完好 The ${report.checked} rows before it are intact.`);
  io.err('  操作日志被修改或删除过：请保全现场（先备份），并按安全事件处置。The log was edited or rows were deleted: preserve the evidence (take a backup) and handle it as a security incident.');
  return 1;
}
