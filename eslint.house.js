// The house's boundaries as lint rules (docs/architecture.md § Boundaries). eslint.config.js spreads `houseRules`;
// tests/house/boundaries.unit.test.ts lints a deliberate violation of each and shows it fails.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA_DIR = path.join(ROOT, 'apps/server/src/db/schema');

/**
 * The modules on which the others build. They never import a module of the upper layer nor read its tables: what
 * they need from above (a moved subtree, a delete check) the upper modules add through hooks (platform/hooks.ts).
 */
export const FOUNDATION = ['auth', 'dicts', 'files', 'logs', 'orgs', 'regions', 'roles', 'users'];
/** The domain modules, built on the foundation (and home and health, which report on what they hold). */
export const DOMAIN = ['assessments', 'cases', 'cultivation', 'enterprises', 'health', 'home', 'model-documents', 'proofs', 'sites'];

/**
 * Which modules write the tables of each file of db/schema. A module writes only its own tables; another module's
 * rows change through that module's service functions. Outside modules/: platform/audit.ts writes the operation log,
 * platform/session.ts the sessions, seed.ts the reference data, cli/ (backup, restore, seed-scale) everything.
 */
export const TABLE_OWNERS = {
  assessments: ['assessments'],
  audit: ['auth'], // the login log, written at sign-in (the operation log only by platform/audit.ts)
  auth: ['auth'], // the sign-in guard: failures per name and address, users' known addresses, security events
  cases: ['cases'],
  'case-referrals': ['cases'], // referrals to mediation, arbitration, suit (issue 24 item 4)
  credit: ['credit'],
  cultivation: ['cultivation'],
  dicts: ['dicts'],
  enterprises: ['enterprises'],
  funding: ['funding'], // budget lines and spending (issue 19 item 6)
  appraisal: ['appraisal'], // district appraisal rounds, sheets and scores (issue 19 item 4)
  files: ['files'],
  imports: ['enterprises'], // the enterprise import's jobs (sites keep theirs in sites.ts)
  listening: ['listening'], // visits, forums, interviews, needs, surveys (issue 17)
  'listening-associations': ['listening'], // associations and alliances (issue 17 item 5)
  meta: [],
  'model-documents': ['model-documents'], // versions the city publishes after the shipped file (issue 16)
  orgs: ['orgs'],
  outreach: ['outreach'],
  proofs: ['proofs'],
  protection: ['protection'], // the register, measures, people, notices, grants; deposits go through the proofs service
  regions: ['regions'],
  roles: ['roles'],
  services: ['services'],
  'services-consultations': ['services'], // consultations and their threads (issue 15 item 4)
  sites: ['sites'],
  'service-systems': ['sites'], // other public service systems and referrals to them (issue 24 item 5)
  steering: ['steering'], // manual indicator values (issue 19)
  taskforce: ['taskforce'], // member units, meetings, decisions, tasks (issue 19 item 5)
  users: ['users', 'auth'], // auth: sign-in counters, password changes, sessions
  // the engine's instances and steps are written by platform/workflow (no module); notices and the outbox by platform/inbox
  // and platform/outbox; the inbox module marks its user's notices read and keeps their channel preferences
  workflow: ['inbox'],
};

/** Every table of db/schema: its TypeScript name, its SQL name and the file (domain) it is declared in. */
export function readTables(dir = SCHEMA_DIR) {
  const tables = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) tables.push({ name: m[1], sql: m[2], domain: file.replace(/\.ts$/, '') });
  }
  return tables;
}

const WRITES = new Set(['insert', 'update', 'delete']);
const SQL_WRITE = /\b(?:insert\s+into|update|delete\s+from)\s+$/i;
const SQL_WRITE_NAMED = /\b(?:insert\s+into|update|delete\s+from)\s+([a-z_][a-z0-9_]*)/gi;

/** A module writes only the tables its domain owns (TABLE_OWNERS): drizzle's insert/update/delete and sql`` text. */
const ownTables = {
  meta: {
    type: 'problem',
    docs: { description: "a module writes only its own domain's tables; others change through their service" },
    schema: [],
    messages: {
      foreign: "{{module}} writes {{table}}, a table of {{domain}} (owned by {{owners}}): call the owning module's service instead",
    },
  },
  create(context) {
    const file = context.filename.split(path.sep).join('/');
    const m = /apps\/server\/src\/modules\/([^/]+)\//.exec(file);
    if (!m || /\.test\.ts$/.test(file)) return {};
    const module = m[1];
    const tables = readTables();
    const byName = new Map(tables.map((t) => [t.name, t]));
    const bySql = new Map(tables.map((t) => [t.sql, t]));
    const check = (node, t) => {
      if (!t) return;
      const owners = TABLE_OWNERS[t.domain] ?? [];
      if (owners.includes(module)) return;
      context.report({ node, messageId: 'foreign', data: { module, table: t.sql, domain: `db/schema/${t.domain}.ts`, owners: owners.join(', ') || 'no module' } });
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !WRITES.has(callee.property.name)) return;
        const arg = node.arguments[0];
        if (arg?.type === 'Identifier') check(arg, byName.get(arg.name));
      },
      TaggedTemplateExpression(node) {
        if (node.tag.type !== 'Identifier' || node.tag.name !== 'sql') return;
        const { quasis, expressions } = node.quasi;
        quasis.forEach((q, i) => {
          const text = q.value.cooked ?? q.value.raw;
          for (const w of text.matchAll(SQL_WRITE_NAMED)) check(q, bySql.get(w[1].toLowerCase()));
          const e = expressions[i];
          if (e?.type === 'Identifier' && SQL_WRITE.test(text)) check(e, byName.get(e.name));
        });
      },
    };
  },
};

export const housePlugin = { rules: { 'own-tables': ownTables } };

const message = (why) => `${why} (docs/architecture.md § Boundaries)`;
const tablesOf = (domains) => readTables().filter((t) => domains.includes(t.domain)).map((t) => t.name);

/**
 * The web imports no server code. Exported because eslint.config.js's web rooms restrict imports of the same files: a
 * later entry's no-restricted-imports replaces an earlier one's, so each room's entry carries this pattern too.
 */
export const WEB_NO_SERVER = {
  group: ['**/server/**', '@shangmi/server', '@shangmi/server/**'],
  message: message('the web talks to the server over HTTP with the shared schemas; it imports no server code'),
};

/** Flat-config entries: the boundaries, each for the files it binds (one entry per group: a later entry's options replace an earlier one's). */
export function houseRules() {
  const mod = (names) => `apps/server/src/modules/{${names.join(',')}}`;
  const upIntoRoutes = {
    group: ['../**/*.routes', '../**/*.routes.js', '../**/*.module', '../**/*.module.js'],
    message: message("a module's routes and register() are mounted by app.ts only; call its service instead"),
  };
  const noDomainModules = { group: DOMAIN.map((d) => `../${d}/**`), message: message('a foundation module never imports a domain module; let the domain module add a hook handler') };
  const domainSchemaFiles = ['assessments', 'case-referrals', 'cases', 'cultivation', 'enterprises', 'imports', 'proofs', 'service-systems', 'sites'];
  const noDomainSchemaFiles = { group: [`**/db/schema/{${domainSchemaFiles.join(',')}}`, `**/db/schema/{${domainSchemaFiles.join(',')}}.js`], message: message('a foundation module never reads a domain module’s tables') };
  const noDomainTables = ['../../db/schema/index.js', '../../db/schema/index'].map((name) => ({
    name,
    importNames: tablesOf(domainSchemaFiles),
    message: message('a foundation module never reads a domain module’s tables; let that module add a hook handler'),
  }));
  const noZod = { name: 'zod', message: message('a routes file names the shared schemas (packages/shared/src/<domain>.ts); it builds none') };
  const imports = (patterns, paths = []) => ['error', { patterns, paths }];
  const routes = '**/*.routes.ts';
  // a test exercises the assembled app: it may reach any layer (the rules bind the code that ships)
  const tests = '**/*.test.ts';
  return [
    {
      files: ['apps/web/**/*.{ts,tsx}'],
      rules: { 'no-restricted-imports': imports([WEB_NO_SERVER]) },
    },
    {
      files: ['packages/shared/**/*.ts'],
      rules: {
        'no-restricted-imports': imports([
          { group: ['**/apps/**', '@shangmi/server', '@shangmi/server/**', '@shangmi/web', '@shangmi/web/**'], message: message('packages/shared imports nothing of the apps') },
          { group: ['node:*'], message: message('packages/shared runs in the browser too: no Node-only modules') },
        ]),
      },
    },
    {
      files: ['apps/server/src/platform/**/*.ts'],
      ignores: [tests],
      rules: { 'no-restricted-imports': imports([{ group: ['**/modules/**'], message: message('platform/ is below every module and never imports one') }]) },
    },
    {
      files: [`${mod(FOUNDATION)}/**/*.ts`],
      ignores: [routes, tests],
      rules: { 'no-restricted-imports': imports([upIntoRoutes, noDomainModules, noDomainSchemaFiles], noDomainTables) },
    },
    {
      files: [`${mod(FOUNDATION)}/${routes}`],
      rules: { 'no-restricted-imports': imports([upIntoRoutes, noDomainModules, noDomainSchemaFiles], [...noDomainTables, noZod]) },
    },
    {
      files: [`${mod(DOMAIN)}/**/*.ts`],
      ignores: [routes],
      rules: { 'no-restricted-imports': imports([upIntoRoutes]) },
    },
    {
      files: [`${mod(DOMAIN)}/${routes}`],
      rules: { 'no-restricted-imports': imports([upIntoRoutes], [noZod]) },
    },
    {
      files: ['apps/server/src/**/*.ts'],
      ignores: ['apps/server/src/modules/**', 'apps/server/src/platform/**', 'apps/server/src/app.ts'],
      rules: { 'no-restricted-imports': imports([{ group: ['**/*.routes', '**/*.routes.js', '**/*.module', '**/*.module.js'], message: message("modules are mounted by app.ts: elsewhere, call a module's service") }]) },
    },
    {
      files: ['apps/server/src/app.ts'],
      rules: { 'no-restricted-imports': imports([{ group: ['**/*.routes', '**/*.routes.js'], message: message("app.ts lists the modules' register(), not their routes") }]) },
    },
    {
      files: [`apps/server/src/modules/${routes}`],
      rules: {
        'no-restricted-syntax': [
          'error',
          {
            selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(extend|omit|pick|partial|merge|required|array)$/]",
            message: message('a routes file names the shared schemas; compose new ones in packages/shared/src/<domain>.ts'),
          },
          { selector: "CallExpression[callee.name='pageOf']", message: message('a page schema is named in packages/shared/src/<domain>.ts (e.g. sitePage)') },
        ],
      },
    },
    {
      files: ['apps/server/src/modules/**/*.ts'],
      plugins: { house: housePlugin },
      rules: { 'house/own-tables': 'error' },
    },
  ];
}
