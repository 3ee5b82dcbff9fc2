import type { Database } from '../src/db/client.js';
import { ensureInitialAdmin, seedReferenceData } from '../src/seed.js';
import { ADMIN_PASSWORD } from './fixtures.js';

/** Migrated, seeded, with the initial admin: what every test database starts from. */
export async function prepareTemplate(database: Database) {
  await database.migrate();
  await seedReferenceData(database.db);
  await ensureInitialAdmin(database.db, ADMIN_PASSWORD);
}
