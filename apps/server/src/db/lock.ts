import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: two processes on one data folder corrupt it. The server and the CLI take
 * this lock; a stale lock (its process gone) is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'shangmi.pid');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `数据目录 ${dataDir} 正被进程 ${pid} 使用（内置数据库一次只能由一个进程打开）。请先停止它。\n` +
          `The data folder ${dataDir} is in use by process ${pid} (the embedded database allows one process). Stop it first.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
