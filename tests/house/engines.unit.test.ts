import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// semver comes with npm's own tree (a dependency of several packages here), not added for this test
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, unknown>;

describe('supported Node versions', () => {
  const engines = (read('package.json').engines as { node: string }).node;
  const lock = read('package-lock.json').packages as Record<string, { engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }>;
  // the oldest release of each supported line (vite and rolldown want 20.19 / 22.13): `npm ci` must not warn EBADENGINE on any of them
  const oldest = ['20.19.0', '22.13.0', '24.0.0'];

  it('package.json states them, from Node 20 on', () => {
    for (const v of oldest) expect(semver.satisfies(v, engines), v).toBe(true);
    expect(semver.satisfies('20.18.0', engines)).toBe(false);
  });

  it('every locked package accepts the oldest of each supported line (no EBADENGINE in npm ci)', () => {
    const refused: string[] = [];
    for (const [where, p] of Object.entries(lock)) {
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
      if (!where || !range) continue;
      for (const v of oldest) if (!semver.satisfies(v, range)) refused.push(`${where} wants node ${range}, not ${v}`);
    }
    expect(refused).toEqual([]);
  });

  it('install scripts are settled in the repository: every package with one is approved or denied in allowScripts', () => {
    const allow = (read('package.json').allowScripts ?? {}) as Record<string, boolean>;
    const named = (k: string) => Object.keys(allow).some((a) => a === k || a.startsWith(`${k}@`));
    const withScripts = Object.entries(lock as Record<string, { hasInstallScript?: boolean }>)
      .filter(([where, p]) => where && p.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.filter((name) => !named(name))).toEqual([]);
  });
});
