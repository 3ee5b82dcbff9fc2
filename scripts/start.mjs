// `npm start`: builds the web app when it has not been built yet, then runs the server in this process
// (so SIGTERM from npm or a supervisor reaches it directly and shuts it down gracefully).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webIndex = path.join(root, 'apps/web/dist/index.html');
if (!process.env.SHANGMI_WEB_DIR && !fs.existsSync(webIndex)) {
  console.log('构建前端 Building the web app (first start only)…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
register();
await import('../apps/server/src/main.ts');
