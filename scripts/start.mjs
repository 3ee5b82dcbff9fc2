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
  console.log('构建前端 Building the web app (first start only, ~1 min)…');
  // the build's ~170 lines are shown only when it fails: a first start should end on the server's address, readable
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    process.exit(r.status ?? 1);
  }
  console.log('构建完成 Web app built (apps/web/dist).');
}
register();
await import('../apps/server/src/main.ts');
