// The import graph of the source (server, web, shared) and its circles, for the house test and for a look by hand:
//   node scripts/import-graph.mjs            prints every circle (exit 1 when there is one)
// Every import counts, `import type` too: a type-only circle still ties the files' meanings together.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIRS = ['apps/server/src', 'apps/web/src', 'packages/shared/src'];
const SHARED = path.join(ROOT, 'packages/shared/src');

const isSource = (f) => /\.(ts|tsx)$/.test(f) && !/\.d\.ts$/.test(f) && !/\.test\.tsx?$/.test(f);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'migrations') walk(p, out);
    } else if (isSource(p)) out.push(p);
  }
  return out;
}

/** The import specifiers of a file: static imports and re-exports at the start of a line, and dynamic import('…'). */
export function specifiers(text) {
  const out = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function resolve(from, spec) {
  let base;
  if (spec === '@shangmi/shared') base = path.join(SHARED, 'index');
  else if (spec.startsWith('@shangmi/shared/')) base = path.join(SHARED, spec.slice('@shangmi/shared/'.length));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, path.join(stem, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/** file (relative to the root) → the files it imports (relative), for every source file under `dirs`. */
export function importGraph(dirs = SOURCE_DIRS) {
  const graph = new Map();
  for (const file of dirs.flatMap((d) => walk(path.join(ROOT, d)))) {
    const targets = new Set();
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      const to = resolve(file, spec);
      if (to && isSource(to)) targets.add(path.relative(ROOT, to));
    }
    graph.set(path.relative(ROOT, file), [...targets].sort());
  }
  return graph;
}

/** The circles: strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const found = circles(graph);
  console.log(`${graph.size} files, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports, ${found.length} circle(s)`);
  for (const c of found) console.log(`circle of ${c.length}:\n  ${c.join('\n  ')}`);
  process.exit(found.length ? 1 : 0);
}
