import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/client.js';

/** The committed contract: `npm run openapi` writes it, and a unit test fails when the routes and it differ. */
export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../../../docs/openapi.json');

/**
 * An app built only to be described: an empty embedded database in a throwaway data folder, no jobs (nothing is
 * queried: the document comes from the routes' schemas). `close` removes it all.
 */
export async function documentApp(): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-openapi-'));
  const database = await openDb({});
  const config = loadConfig({ SHANGMI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { logIntervalMs: 0 });
  const app = await buildApp({ config, database, logger: false });
  return {
    app,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The OpenAPI document exactly as the server serves it at /api/openapi.json, as text with a final newline, so that
 * the file and a fresh build compare byte for byte.
 */
export async function openapiText(): Promise<string> {
  const { app, close } = await documentApp();
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await close();
  }
}
