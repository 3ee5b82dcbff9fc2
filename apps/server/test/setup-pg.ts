import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/db/client.js';
import { startPgCluster, type PgCluster } from './pg-cluster.js';
import { prepareTemplate } from './template.js';

/**
 * A real PostgreSQL for the API suite: TEST_DATABASE_URL when given (a server whose user may create databases),
 * otherwise a throwaway cluster. The template database is copied per test file with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  let cluster: PgCluster | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    try {
      cluster = await startPgCluster();
    } catch (err) {
      throw new Error(
        `\n\n*** PostgreSQL tests need a server: install PostgreSQL (apt-get install postgresql) or set TEST_DATABASE_URL. (${(err as Error).message}) ***\n`,
      );
    }
    adminUrl = cluster.url('postgres');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const templateName = `shangmi_tpl_${process.pid}`;
  await admin.query(`drop database if exists ${templateName}`);
  await admin.query(`create database ${templateName}`);
  const templateUrl = withDb(adminUrl, templateName);
  const database = await openDb({ databaseUrl: templateUrl, poolSize: 2 });
  await prepareTemplate(database);
  await database.close();
  project.provide('pgTemplateUrl', templateUrl);
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    if (cluster) {
      await admin.end();
      cluster.stop();
    } else {
      await admin.query(`drop database if exists ${templateName} with (force)`).catch(() => undefined);
      await admin.end();
    }
  };
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
