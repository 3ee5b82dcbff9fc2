/**
 * Bulk import of enterprises, in two steps over an uploaded file: a check (imports.check.ts, recorded as a job by
 * imports.jobs.ts) and a commit (imports.commit.ts). The routes import from here.
 */
export { getImport, importErrors, listImports, startImport } from './imports.jobs.js';
export { commitImport } from './imports.commit.js';
