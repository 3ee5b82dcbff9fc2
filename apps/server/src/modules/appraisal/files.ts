/**
 * The shipped scheme files (config/appraisal/<region>-<year>.json), read and shape-checked only: the reference-data seed
 * (seed.ts) loads each as its region's and year's version 1, and config.ts checks them fully at start. Kept apart from
 * config.ts so the seed does not import the steering module (whose indicators config.ts checks against).
 */
import fs from 'node:fs';
import path from 'node:path';
import { appraisalScheme, type AppraisalScheme } from '@shangmi/shared';

export const SCHEME_DIR = path.resolve(import.meta.dirname, '../../../../../config/appraisal');

/** Every file with its name, unparsed (config.ts reports a broken file by name). */
export function readSchemeFiles(dir = SCHEME_DIR): { file: string; raw: unknown }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, raw: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown }));
}

/** The files that parse (the seed's version 1 of each region and year). */
export function loadSchemeFiles(dir = SCHEME_DIR): AppraisalScheme[] {
  return readSchemeFiles(dir).flatMap(({ raw }) => {
    const p = appraisalScheme.safeParse(raw);
    return p.success ? [p.data] : [];
  });
}
