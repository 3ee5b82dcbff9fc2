/**
 * The house's boundaries hold because lint fails on a violation: each case below lints a few lines as if they were a
 * file at `path` (ESLint's Node API with the project's own eslint.config.js) and expects the rule to fire — or, for
 * the allowed twin of a violation, to stay quiet. The rules themselves: eslint.house.js, docs/architecture.md § Boundaries.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/import-graph.mjs';

const eslint = new ESLint({ cwd: ROOT });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

interface Case {
  what: string;
  path: string;
  code: string;
  /** the rule that must fire (part of the message), or null: the file is allowed */
  fails: RegExp | null;
}

const cases: Case[] = [
  {
    what: 'the web imports server code',
    path: 'apps/web/src/pages/orgs/Fixture.tsx',
    code: "import { buildApp } from '../../../../server/src/app.js';\nexport const x = buildApp;\n",
    fails: /no-restricted-imports: .*imports no server code/,
  },
  { what: 'the web imports the shared schemas', path: 'apps/web/src/pages/orgs/Fixture.tsx', code: "import { org } from '@shangmi/shared';\nexport const x = org;\n", fails: null },
  {
    what: 'shared imports an app',
    path: 'packages/shared/src/fixture.ts',
    code: "import { VERSION } from '../../../apps/server/src/config.js';\nexport const x = VERSION;\n",
    fails: /no-restricted-imports: .*imports nothing of the apps/,
  },
  { what: 'shared imports a Node-only module', path: 'packages/shared/src/fixture.ts', code: "import fs from 'node:fs';\nexport const x = fs;\n", fails: /no-restricted-imports: .*no Node-only modules/ },
  {
    what: 'platform imports a module',
    path: 'apps/server/src/platform/fixture.ts',
    code: "import { listOrgs } from '../modules/orgs/orgs.service.js';\nexport const x = listOrgs;\n",
    fails: /no-restricted-imports: .*never imports one/,
  },
  {
    what: "a module imports another module's routes",
    path: 'apps/server/src/modules/cases/fixture.ts',
    code: "import { sitesRoutes } from '../sites/sites.routes.js';\nexport const x = sitesRoutes;\n",
    fails: /no-restricted-imports: .*mounted by app\.ts only/,
  },
  {
    what: "a module imports another module's register()",
    path: 'apps/server/src/modules/cases/fixture.ts',
    code: "import { register } from '../sites/sites.module.js';\nexport const x = register;\n",
    fails: /no-restricted-imports: .*mounted by app\.ts only/,
  },
  {
    what: "a module calls another module's service",
    path: 'apps/server/src/modules/cases/fixture.ts',
    code: "import { findBureau } from '../orgs/orgs.service.js';\nexport const x = findBureau;\n",
    fails: null,
  },
  { what: 'a module mounts its own routes', path: 'apps/server/src/modules/cases/fixture.module.ts', code: "import { casesRoutes } from './cases.routes.js';\nexport const x = casesRoutes;\n", fails: null },
  {
    what: "the CLI imports a module's routes",
    path: 'apps/server/src/cli/fixture.ts',
    code: "import { casesRoutes } from '../modules/cases/cases.routes.js';\nexport const x = casesRoutes;\n",
    fails: /no-restricted-imports: .*mounted by app\.ts/,
  },
  {
    what: 'a foundation module imports a domain module',
    path: 'apps/server/src/modules/orgs/fixture.ts',
    code: "import { getEnterprise } from '../enterprises/enterprises.service.js';\nexport const x = getEnterprise;\n",
    fails: /no-restricted-imports: .*never imports a domain module/,
  },
  {
    what: "a foundation module reads a domain module's table",
    path: 'apps/server/src/modules/orgs/fixture.ts',
    code: "import { sites } from '../../db/schema/index.js';\nexport const x = sites;\n",
    fails: /no-restricted-imports: 'sites' import .* never reads a domain module/,
  },
  {
    what: "a domain module reads another domain's table (a read-only join is allowed)",
    path: 'apps/server/src/modules/cases/fixture.ts',
    code: "import { sites } from '../../db/schema/index.js';\nexport const x = sites;\n",
    fails: null,
  },
  {
    what: "a module writes another domain's table with drizzle",
    path: 'apps/server/src/modules/cases/fixture.ts',
    code: "import type { Ctx } from '../../platform/context.js';\nimport { users } from '../../db/schema/index.js';\nexport const x = (ctx: Ctx) => ctx.db.update(users).set({ phone: null });\n",
    fails: /house\/own-tables: cases writes users, a table of db\/schema\/users\.ts/,
  },
  {
    what: "a module writes another domain's table in sql`` (a table object)",
    path: 'apps/server/src/modules/sites/fixture.ts',
    code: "import { sql } from 'drizzle-orm';\nimport { orgs } from '../../db/schema/index.js';\nexport const x = sql`update ${orgs} set name = 'x'`;\n",
    fails: /house\/own-tables: sites writes orgs/,
  },
  {
    what: "a module writes another domain's table in sql`` (by name)",
    path: 'apps/server/src/modules/enterprises/fixture.ts',
    code: "import { sql } from 'drizzle-orm';\nexport const x = sql`insert into orgs (id) values (1)`;\n",
    fails: /house\/own-tables: enterprises writes orgs/,
  },
  {
    what: 'a module writes its own table',
    path: 'apps/server/src/modules/sites/fixture.ts',
    code: "import { sql } from 'drizzle-orm';\nimport { sites } from '../../db/schema/index.js';\nexport const x = sql`update ${sites} set name = 'x'`;\n",
    fails: null,
  },
  {
    what: 'a routes file builds a schema',
    path: 'apps/server/src/modules/sites/fixture.routes.ts',
    code: "import { z } from 'zod';\nexport const params = z.object({ id: z.number() });\n",
    fails: /no-restricted-imports: 'zod' import is restricted/,
  },
  {
    what: 'a routes file composes a shared schema',
    path: 'apps/server/src/modules/sites/fixture.routes.ts',
    code: "import { pageQuery, siteListQuery } from '@shangmi/shared';\nexport const q = siteListQuery.extend(pageQuery.shape);\n",
    fails: /no-restricted-syntax: .*compose new ones in packages\/shared/,
  },
];

describe('lint keeps the boundaries', () => {
  it.each(cases)('$what', async ({ path, code, fails }) => {
    const found = await problems(path, code);
    if (fails) expect(found.some((p) => fails.test(p)), found.join('\n') || 'no problem found').toBe(true);
    else expect(found).toEqual([]);
  });
});
