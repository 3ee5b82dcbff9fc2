import type { Config } from '../config.js';
import type { Database } from '../db/client.js';

/** What a command of `shangmi` (cli.ts) gets: the configuration, its output, and the database when it asks. */
export interface CliIo {
  config: Config;
  out: (line: string) => void;
  err: (line: string) => void;
  /** opens the configured database (PGlite folder or DATABASE_URL), applying migrations */
  open: (opts?: { migrate?: boolean }) => Promise<Database>;
}
