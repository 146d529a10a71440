import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/platform/src/database/data-source-options';
import { runMigrations } from '../../libs/platform/src/database/migrator';
import { databaseUrl, withAdminClient } from './services';

/**
 * Builds one migrated template database per test run; each e2e file clones it
 * (`CREATE DATABASE … TEMPLATE`), which takes a fraction of running the migrations again.
 */
export default async function globalSetup(): Promise<void> {
  const run = `${Date.now().toString(36)}${process.pid}`;
  const template = `recourse_test_tpl_${run}`;
  await withAdminClient(async (client) => {
    // Leftovers of runs that were killed before their teardown.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'recourse\\_test\\_%'
         AND (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = pg_database.datname) = 0`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}"`);
    await client.query(`CREATE DATABASE "${template}"`);
  });
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl(template))).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  process.env.RECOURSE_TEST_RUN = run;
  process.env.RECOURSE_TEST_TEMPLATE = template;
}
