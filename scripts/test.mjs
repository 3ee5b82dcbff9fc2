// `npm test`: the whole suite — unit, the API suite on PGlite and on a real PostgreSQL, and the browser journeys.
// The journeys drive the built web app, so it is built first when missing. Arguments pass through to vitest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const wantsE2e = !args.some((a) => a.startsWith('--project')) || args.includes('e2e') || args.includes('--project=e2e');
if (wantsE2e && !fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
  const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...args], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
