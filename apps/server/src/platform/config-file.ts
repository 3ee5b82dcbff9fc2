/**
 * Configuration kept as files (YAML, or JSON which is YAML) and validated with a zod schema: a syntax error or a schema
 * problem names the file, the line and the path in it (`dimensions.2.requirements.4.weight`), so a broken file stops
 * the start — or an administrator's upload — with what to fix.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export interface ConfigProblem {
  line: number | null;
  path: string;
  message: string;
}

/** A configuration file that failed to load: each problem names its line and its path in the file. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
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
 * Parses `text` and validates it with `schema`, throwing `new Failure(file, problems)` (the first 20 schema problems);
 * the parsed document and its line counter come back too, for checks the schema cannot make.
 */
export function parseConfigText<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  Failure: new (file: string, problems: ConfigProblem[]) => ConfigFileError = ConfigFileError,
  opts: { maxAliasCount?: number } = {},
): { data: T; doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new Failure(
      file,
      doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0] })),
    );
  }
  const parsed = schema.safeParse(doc.toJS(opts.maxAliasCount === undefined ? {} : { maxAliasCount: opts.maxAliasCount }));
  if (!parsed.success) {
    throw new Failure(
      file,
      parsed.error.issues.slice(0, 20).map((i) => ({ line: lineOf(doc, lines, i.path), path: i.path.join('.'), message: i.message })),
    );
  }
  return { data: parsed.data, doc, lines };
}
