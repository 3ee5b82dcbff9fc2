import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files at once. vitest's default is availableParallelism − 1: one on a 2-core machine, so the suite ran one file
 * at a time while the API files mostly wait on PostgreSQL (a server process) or on I/O. Two at least; more where the
 * machine has the cores. SHANGMI_TEST_WORKERS overrides (1 gives the old behaviour). The journeys (e2e) stay one at a
 * time: vitest runs a project without file parallelism in its own group after the others.
 */
const workers = Number(process.env.SHANGMI_TEST_WORKERS) || Math.max(2, os.availableParallelism());

const api = ['apps/server/src/**/*.test.ts'];
const unit = ['packages/shared/src/**/*.unit.test.ts', 'apps/server/src/**/*.unit.test.ts', 'tests/house/**/*.unit.test.ts'];

/**
 * Projects: pure unit tests; the web's own logic in jsdom (api client, form dialogs, list kit, hashing); the API suite
 * twice, on PGlite and on a real PostgreSQL started by the run; the browser journeys in headless Chromium.
 */
export default defineConfig({
  test: {
    maxWorkers: workers,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: 'unit', include: unit, testTimeout: 30_000 } },
      {
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['apps/web/test/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'api-pglite',
          include: api,
          exclude: unit,
          env: { TEST_DB: 'pglite' },
          globalSetup: ['apps/server/test/setup-pglite.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api-pg',
          include: api,
          exclude: unit,
          env: { TEST_DB: 'pg' },
          globalSetup: ['apps/server/test/setup-pg.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
