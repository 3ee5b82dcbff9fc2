import path from 'node:path';
import { loadConfig } from './config.js';
import { openDb, type Database } from './db/client.js';
import { acquireDataDirLock } from './db/lock.js';
import type { CliIo } from './cli/io.js';

/**
 * `shangmi <command>`: operator commands. Each lives in src/cli/<name>.ts and exports `run(args, io)` (io: cli/io.ts).
 * With the embedded database the server must be stopped first (one process per data folder); the lock says so.
 */
const COMMANDS: Record<string, { usage: string; load: () => Promise<{ run: (args: string[], io: CliIo) => Promise<number> }> }> = {
  admin: { usage: 'admin reset-password <user> [--password <pw>]   reset a password (printed once; must be changed at login)', load: () => import('./cli/admin.js') },
  audit: { usage: 'audit verify                                    check the operation log hash chain (exit 1 on a bad row)', load: () => import('./cli/audit.js') },
  backup: { usage: 'backup <file>                                   write every table to <file> (gzip JSON lines)', load: () => import('./cli/backup.js') },
  restore: { usage: 'restore <file>                                  load a backup into an empty data folder or database', load: () => import('./cli/restore.js') },
  verify: { usage: 'verify RECEIPT FILE… --key VKEY|FILE           check an existence-proof receipt offline; verify --log re-derives the proof log', load: () => import('./cli/verify.js') },
  'log-key': { usage: 'log-key show | rotate                         the proof log\'s verifier key; rotate: a new signing key (old ones stay listed)', load: () => import('./cli/log-key.js') },
  witness: { usage: 'witness --log URL --key FILE [--once]          cosign a proof log\'s checkpoints, checking consistency; refuses forks', load: () => import('./cli/witness.js') },
  demo: { usage: 'demo [--users N] [--enterprises N] [--sites N]    sample data for a tour (npm run demo): refuses a database with real users', load: () => import('./cli/demo.js') },
  'seed-scale': { usage: 'seed-scale [--users N] [--enterprises N] [--sites N]  generate benchmark data (users across the org tree, registry enterprises, protection sites)', load: () => import('./cli/seed-scale.js') },
};

function usage(): string {
  return ['usage: shangmi <command>', '', ...Object.values(COMMANDS).map((c) => `  shangmi ${c.usage}`), '', 'Configuration comes from the environment (DATABASE_URL, SHANGMI_DATA_DIR …), as for the server.'].join('\n');
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...args] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd) {
    console.error(usage());
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  const config = loadConfig(env);
  let release: (() => void) | undefined;
  const opened: Database[] = [];
  const io: CliIo = {
    config,
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    async open({ migrate = true } = {}) {
      if (!config.databaseUrl && !release) release = acquireDataDirLock(config.dataDir);
      const database = await openDb({
        databaseUrl: config.databaseUrl,
        pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
        poolSize: 4,
      });
      opened.push(database);
      if (migrate) await database.migrate();
      return database;
    },
  };
  try {
    const mod = await cmd.load();
    return await mod.run(args, io);
  } finally {
    for (const d of opened) await d.close().catch(() => undefined);
    release?.();
  }
}

// run when executed as the program (bin/shangmi.js imports this file)
const isMain = process.argv[1] && /shangmi(\.js)?$|cli\.ts$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
