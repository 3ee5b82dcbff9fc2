import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPLOG_TARGETS, oplogTargetLabel } from '@shangmi/shared';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') && !d.name.includes('.test.') ? [p] : [];
  });
}

describe('operation log target names', () => {
  it('every target type the server writes has a Chinese and an English name (操作日志 never shows `case #13`)', () => {
    const written = new Set<string>();
    for (const f of sources(SRC)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/targetType(?: =|:) ['"]([a-z_]+)['"]/g)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(20);
    const missing = [...written].filter((t) => !OPLOG_TARGETS[t]?.zh || !OPLOG_TARGETS[t]?.en);
    expect(missing).toEqual([]);
  });

  it('labels a target by its name and id, in the asked language; an unknown type shows its code', () => {
    expect(oplogTargetLabel('case', '13', 'zh')).toBe('案件 #13');
    expect(oplogTargetLabel('case', '13', 'en')).toBe('Case #13');
    expect(oplogTargetLabel('proof_log', null, 'zh')).toBe('存证日志');
    expect(oplogTargetLabel('new_thing', '7', 'zh')).toBe('new_thing #7');
    expect(oplogTargetLabel(null, '7', 'zh')).toBe('');
  });
});
