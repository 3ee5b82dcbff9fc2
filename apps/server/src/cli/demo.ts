import fs from 'node:fs';
import { ne, sql } from 'drizzle-orm';
import type { CliIo } from './io.js';
import { users } from '../db/schema/index.js';
import { ensureInitialAdmin, initialPasswordFile, seedReferenceData } from '../seed.js';
import { seedTour } from './demo-tour.js';
import { seedScale } from './seed-scale.js';

/** The password of the tour accounts (city administrator, district officer, enterprise) and every demo_* account: sample data only. */
export const DEMO_PASSWORD = 'Demo#Shangmi2026';
const USAGE = 'usage: shangmi demo [--users N] [--enterprises N] [--sites N]';

/**
 * `shangmi demo` (`npm run demo`): sample data for a tour, in the data folder or DATABASE_URL the server uses — the 46
 * pilot regions with their bureaus, a few hundred users across the organisation tree, registry enterprises and
 * protection sites (seed-scale at tour size), the initial administrator, and — in Yinchuan, through the modules' own
 * services (demo-tour.ts) — health checks, existence proofs and complaints/cases, with three accounts to sign in with.
 * It refuses a database that already has users other than the initial administrator: sample data never mixes with real data.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const opts = { users: 300, enterprises: 2_000, sites: 1_000 };
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, '') as keyof typeof opts;
    const n = Number(args[i + 1]);
    if (!(key in opts) || !Number.isInteger(n) || n < 0) {
      io.err(USAGE);
      return 2;
    }
    opts[key] = n;
    i++;
  }
  const database = await io.open();
  try {
    const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users).where(ne(users.username, 'admin'));
    if (n > 0) {
      io.err(`数据库中已有 ${n} 个用户：示例数据只能写入新的数据目录。The database already has ${n} users: sample data goes into a new data folder only.`);
      return 1;
    }
    // what the server does at its first start, then the sample data (the initial administrator does not count as a user)
    await seedReferenceData(database.db);
    const admin = await ensureInitialAdmin(database.db, io.config.adminPassword);
    const r = await seedScale(database, { ...opts, password: DEMO_PASSWORD, log: (l) => io.out(`  ${l.trim()}`) });
    io.out(`示例数据已生成 Sample data: ${r.users.toLocaleString('en-US')} users, ${r.enterprises.toLocaleString('en-US')} enterprises, ${r.sites.toLocaleString('en-US')} sites over 46 pilot regions.`);
    const t0 = performance.now();
    const tour = await seedTour(database, io.config, DEMO_PASSWORD);
    for (const l of tour.lines) io.out(`  ${l}`);
    io.out(`  (the tour through the modules' services in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (admin?.generated) {
      fs.mkdirSync(io.config.dataDir, { recursive: true });
      const file = initialPasswordFile(io.config.dataDir);
      fs.writeFileSync(file, `${admin.username}\n${admin.password}\n`, { mode: 0o600 });
      io.out(`初始管理员 Initial administrator: admin / ${admin.password} (also in ${file}; change it at first login)`);
    }
    io.out('体验账号 Tour accounts (sample data only):');
    for (const a of [...r.accounts, ...tour.accounts.map((x) => ({ ...x, password: DEMO_PASSWORD }))]) {
      io.out(`  ${a.username.padEnd(16)} ${a.role.padEnd(16)} ${a.org}   password: ${a.password}`);
    }
    io.out(`  (the other demo_* accounts — district officers, police, site, enterprises — have the same password)`);
    // the address the server will answer on (PORT, or SHANGMI_PUBLIC_URL when set), not a fixed :3000
    io.out(`然后 Then: npm start, and open ${io.config.publicUrl}`);
    return 0;
  } catch (err) {
    io.err(`demo failed: ${(err as Error).message}`);
    return 1;
  }
}
