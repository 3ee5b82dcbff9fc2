/**
 * The seed of a region's directory of other service systems (issue 24 item 5): config/service-systems/<region>.json,
 * validated like every config file (a broken file stops the start naming the file and the field). Taken once, when the
 * region has no entry yet: afterwards the city administrator's edits on the web are the directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { serviceSystemFile, type RegionConfig, type ServiceSystemFile } from '@shangmi/shared';
import type { Db } from '../../db/client.js';
import { serviceSystems } from '../../db/schema/index.js';

export const SYSTEMS_DIR = path.resolve(import.meta.dirname, '../../../../../config/service-systems');

/** The region's seed file, checked against the region (file name = code, districts of the region); null when none. */
export function loadSystemsFile(rc: Pick<RegionConfig, 'code' | 'districts'>, dir = SYSTEMS_DIR): ServiceSystemFile | null {
  const file = path.join(dir, `${rc.code}.json`);
  if (!fs.existsSync(file)) return null;
  const where = `config/service-systems/${rc.code}.json`;
  const parsed = serviceSystemFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const data = parsed.data;
  if (data.regionCode !== rc.code) throw new Error(`${where}: regionCode: ${data.regionCode} is not the file's region ${rc.code}`);
  const districts = new Set(rc.districts.map((d) => d.code));
  const names = new Set<string>();
  for (const [i, s] of data.systems.entries()) {
    if (s.districtCode && !districts.has(s.districtCode)) throw new Error(`${where}: systems.${i}.districtCode: ${s.districtCode} is not a district of ${rc.code}`);
    if (names.has(s.name)) throw new Error(`${where}: systems.${i}.name: ${s.name} is repeated`);
    names.add(s.name);
  }
  return data;
}

export async function seedServiceSystems(tx: Db, rc: Pick<RegionConfig, 'code' | 'districts'>, dir = SYSTEMS_DIR): Promise<void> {
  const data = loadSystemsFile(rc, dir);
  if (!data) return;
  const [has] = await tx.select({ id: serviceSystems.id }).from(serviceSystems).where(eq(serviceSystems.regionCode, rc.code)).limit(1);
  if (has) return;
  await tx.insert(serviceSystems).values(data.systems.map((s) => ({ ...s, regionCode: rc.code, districtCode: s.districtCode ?? null, source: 'file' as const })));
}
