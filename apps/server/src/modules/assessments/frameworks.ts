import fs from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { framework, type Framework } from '@shangmi/shared';

export const FRAMEWORKS_DIR = path.resolve(import.meta.dirname, '../../../../../config/frameworks');

/** A framework file that failed to load: each problem names its line and its path in the file. */
export class FrameworkFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number | null; path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.line ? `line ${p.line}` : 'file'}${p.path ? ` (${p.path})` : ''}: ${p.message}`).join('; ')}`);
  }
}

/** The line where the node at `at` (or its nearest existing parent) starts. */
export function lineOf(doc: Document, lines: LineCounter, at: PropertyKey[]): number | null {
  for (let n = at.length; n >= 0; n--) {
    const node = doc.getIn(at.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Parses and validates one framework file (YAML or JSON, which is YAML). A syntax error or a schema problem is a
 * FrameworkFileError naming the line and the path (`dimensions.2.requirements.4.weight`).
 */
export function parseFrameworkText(text: string, file = 'framework.yaml'): Framework {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new FrameworkFileError(
      file,
      doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0] })),
    );
  }
  const parsed = framework.safeParse(doc.toJS({ maxAliasCount: 10_000 }));
  if (!parsed.success) {
    throw new FrameworkFileError(
      file,
      parsed.error.issues.slice(0, 20).map((i) => ({ line: lineOf(doc, lines, i.path), path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** The frameworks shipped in config/frameworks/ (a broken file stops the start with its problems). */
export function loadFrameworkFiles(dir = FRAMEWORKS_DIR): Framework[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => parseFrameworkText(fs.readFileSync(path.join(dir, f), 'utf8'), `config/frameworks/${f}`));
}
