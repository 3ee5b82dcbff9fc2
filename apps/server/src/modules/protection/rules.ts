import fs from 'node:fs';
import path from 'node:path';
import { protectionRules, type ProtectionRules } from '@shangmi/shared';
import { ConfigFileError, parseConfigText } from '../../platform/config-file.js';

/** config/protection/rules.yaml: the protection file's rules as data (kinds, levels, value fields, notice, grants, readiness). */
export const RULES_FILE = path.resolve(import.meta.dirname, '../../../../../config/protection/rules.yaml');

export class RulesFileError extends ConfigFileError {}

/** Parses and validates the rules; a problem names its line and path (`levels.1.reviewMonths`). */
export function parseRulesText(text: string, file = 'config/protection/rules.yaml'): ProtectionRules {
  return parseConfigText(text, file, protectionRules, RulesFileError).data;
}

let cache: ProtectionRules | null = null;

/** The rules, read on first use (register() reads them, so a broken file stops the start). */
export function rules(): ProtectionRules {
  cache ??= parseRulesText(fs.readFileSync(RULES_FILE, 'utf8'));
  return cache;
}
