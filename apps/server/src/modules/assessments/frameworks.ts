import fs from 'node:fs';
import path from 'node:path';
import { framework, type Framework } from '@shangmi/shared';
import { ConfigFileError, parseConfigText } from '../../platform/config-file.js';

export const FRAMEWORKS_DIR = path.resolve(import.meta.dirname, '../../../../../config/frameworks');

/** A framework file that failed to load: each problem names its line and its path in the file. */
export class FrameworkFileError extends ConfigFileError {}

/**
 * Parses and validates one framework file (YAML or JSON, which is YAML). A syntax error or a schema problem is a
 * FrameworkFileError naming the line and the path (`dimensions.2.requirements.4.weight`).
 */
export function parseFrameworkText(text: string, file = 'framework.yaml'): Framework {
  // a framework reuses its choice scales by YAML alias, many times over
  return parseConfigText(text, file, framework, FrameworkFileError, { maxAliasCount: 10_000 }).data;
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
