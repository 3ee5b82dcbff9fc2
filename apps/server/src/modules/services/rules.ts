/** The services rules as data (config/services/rules.json), read and checked when the module loads: a broken file stops the server naming the problem. */
import fs from 'node:fs';
import path from 'node:path';
import { servicesRulesFile, type ServicesRulesFile } from '@shangmi/shared';

const FILE = path.resolve(import.meta.dirname, '../../../../../config/services/rules.json');

function load(): ServicesRulesFile {
  const parsed = servicesRulesFile.safeParse(JSON.parse(fs.readFileSync(FILE, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`config/services/rules.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export const RULES = load();
