import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/client.js';
import { acquireDataDirLock } from './db/lock.js';
import { gracefulShutdown } from './platform/shutdown.js';
import { ensureInitialAdmin, initialPasswordFile, seedReferenceData } from './seed.js';

async function main() {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const releaseLock = config.databaseUrl ? () => undefined : acquireDataDirLock(config.dataDir);
  const database = await openDb({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    poolSize: config.dbPool,
  });
  await database.migrate();
  await seedReferenceData(database.db);
  const admin = await ensureInitialAdmin(database.db, config.adminPassword);

  const app = await buildApp({ config, database });
  if (admin) {
    const file = initialPasswordFile(config.dataDir);
    if (admin.generated) {
      fs.writeFileSync(file, `${admin.username}\n${admin.password}\n`, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      // printed once, on purpose: the operator needs it for the first login, which forces a change
      console.log(
        `\n================ 商秘通 Shangmi ================\n初始管理员 Initial administrator: ${admin.username}\n初始密码 Initial password:        ${admin.password}\n(also in ${file}; you must change it at first login)\n================================================\n`,
      );
    } else {
      app.log.info({ username: admin.username }, 'initial administrator created with SHANGMI_ADMIN_PASSWORD');
    }
  }

  // the budget from SIGTERM to exit: requests drain for all but the last 5 s, then what is left is cut and named
  const limitMs = config.shutdownLimitMs;
  gracefulShutdown(app, {
    limitMs,
    drainMs: Math.max(1000, limitMs - 5000),
    finish: async () => {
      // a database that does not close (a query stuck on the server) must not hold the exit past the limit
      const closed = await Promise.race([database.close().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3000).unref())]);
      if (!closed) app.log.warn('shutdown: the database did not close within 3 s; leaving it to the operating system');
      releaseLock();
    },
  });

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { url: `http://localhost:${config.port}`, database: database.driver, dataDir: config.dataDir },
    `商秘通 Shangmi is running at http://localhost:${config.port}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
