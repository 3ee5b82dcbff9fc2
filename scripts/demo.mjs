// `npm run demo`: sample data for a tour in ./data (or SHANGMI_DATA_DIR / DATABASE_URL), through `shangmi demo`.
// Run it on a new data folder before `npm start`; it refuses one that already has users besides the initial admin.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, [path.join(root, 'apps/server/bin/shangmi.js'), 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
