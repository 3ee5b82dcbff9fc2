/**
 * A node of the platform for the outbox's crash test (platform/outbox.kill.test.ts), run as its own process:
 * - `enqueue N`: writes N notices to the users named `kill_*` in one committed transaction (their e-mails go to the
 *   outbox with them), says `committed`, then sends — the test kills it with SIGKILL while its first e-mail is in flight;
 * - `send`: a fresh node: sends until nothing is pending (leases of the dead node run out first), says how many.
 * Database: OUTBOX_DB_URL (PostgreSQL) or OUTBOX_PGLITE_DIR; SMTP: SHANGMI_SMTP_URL.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/client.js';
import { rowsOf } from '../src/db/sql.js';
import { Sealer } from '../src/platform/crypto.js';
import { notify } from '../src/platform/inbox.js';
import { channelsFor, sendDueMessages } from '../src/platform/outbox.js';

const [mode, count] = process.argv.slice(2);
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const database = await openDb(process.env.OUTBOX_DB_URL ? { databaseUrl: process.env.OUTBOX_DB_URL, poolSize: 2 } : { pgliteDir: process.env.OUTBOX_PGLITE_DIR });
const log = { info() {}, warn() {} };
const deps = { database, sealer: new Sealer(Buffer.alloc(32, 7)), log, config };
const channels = channelsFor(config, log);
const leaseMs = Number(process.env.OUTBOX_LEASE_MS ?? 1500);

if (mode === 'enqueue') {
  await database.db.transaction(async (tx) => {
    const recipients = sql`select id from users where username like 'kill\\_%'`;
    for (let i = 0; i < Number(count); i++) {
      await notify(tx, config, recipients, { event: 'task', title: { zh: `崩溃测试通知 ${i}`, en: `Crash test notice ${i}` }, link: `/inbox` });
    }
  });
  process.stdout.write('committed\n');
  // sends until killed
  for (;;) await sendDueMessages(deps, channels, { leaseMs, owner: 'doomed-node' });
} else {
  const deadline = Date.now() + 60_000;
  let sent = 0;
  for (;;) {
    sent += (await sendDueMessages(deps, channels, { leaseMs, owner: 'fresh-node' })).sent;
    const [left] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`));
    if (Number(left?.n) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stdout.write(`sent ${sent}\n`);
  channels.email?.close?.();
  await database.close();
  process.exit(0);
}
