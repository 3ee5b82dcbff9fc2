// `npm run bench`: the performance benchmark (bench/run.ts, through tsx). Arguments pass through, e.g.
//   npm run bench -- --users 20000 --duration 3 --backends postgres
// Four modules have their own driver, reached by name: `npm run bench -- assessments [--assessments N …]`
// (bench/assessments.ts, the health check), `npm run bench -- proofs [--entries N …]` (bench/proofs.ts, the proof log),
// `npm run bench -- protection [--secrets N …]` (bench/protection.ts, the enterprise's protection file)
// `npm run bench -- login-flood [--modes …]` (bench/login-flood.ts, sign-in under a login flood),
// `npm run bench -- steering` (bench/steering.ts, the cockpit and the annual report, small scale by default),
// `npm run bench -- services [--ledger N --providers N …]` (bench/services.ts, ledger aggregates and the suggestion)
// and `npm run bench -- portal [--articles N …]` (bench/portal.ts, the public portal under a crowd).
// The driver process is separate from the server it measures (bench/server.ts runs as its child).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [first, ...rest] = process.argv.slice(2);
const own = {
  assessments: 'bench/assessments.ts',
  proofs: 'bench/proofs.ts',
  protection: 'bench/protection.ts',
  'login-flood': 'bench/login-flood.ts',
  'first-paint': 'bench/first-paint.ts',
  portal: 'bench/portal.ts',
  steering: 'bench/steering.ts',
  listening: 'bench/listening.ts',
  services: 'bench/services.ts',
}[first];
const [script, args] = own ? [own, rest] : ['bench/run.ts', process.argv.slice(2)];
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the whole foreground group; the driver cleans up its cluster and child, then exits
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
