import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { protectionRules, type ProtectionRules } from '@shangmi/shared';
import { lineOf } from '../assessments/frameworks.js';

/** config/protection/rules.yaml: the protection file's rules as data (kinds, levels, value fields, notice, grants, readiness). */
export const RULES_FILE = path.resolve(import.meta.dirname, '../../../../../config/protection/rules.yaml');

export class RulesFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number | null; path: string; message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.line ? `line ${p.line}` : 'file'}${p.path ? ` (${p.path})` : ''}: ${p.message}`).join('; ')}`);
  }
}

/** Parses and validates the rules; a problem names its line and path (`levels.1.reviewMonths`). */
export function parseRulesText(text: string, file = 'config/protection/rules.yaml'): ProtectionRules {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) throw new RulesFileError(file, doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0] })));
  const parsed = protectionRules.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new RulesFileError(file, parsed.error.issues.slice(0, 20).map((i) => ({ line: lineOf(doc, lines, i.path), path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

let cache: ProtectionRules | null = null;

/** The rules, read on first use (register() reads them, so a broken file stops the start). */
export function rules(): ProtectionRules {
  cache ??= parseRulesText(fs.readFileSync(RULES_FILE, 'utf8'));
  return cache;
}
