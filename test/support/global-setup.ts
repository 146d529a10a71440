import 'tsconfig-paths/register'; // TypeORM requires the entity files itself, outside Jest's module mapper
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/platform/src/database/data-source-options';
import { runMigrations } from '../../libs/platform/src/database/migrator';
import { databaseUrl, withAdminClient } from './services';

/**
 * Builds one migrated template database per test run; each e2e file clones it
 * (`CREATE DATABASE … TEMPLATE`), which takes a fraction of running the migrations again.
 */
export default async function globalSetup(): Promise<void> {
  // The run's databases carry the pid of the Jest process that made them: `recourse_test_<pid>_…`.
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const template = `recourse_test_${run}_tpl`;
  await withAdminClient(async (client) => {
    // Leftovers of runs killed before their teardown; runs still alive (in parallel) keep theirs.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^recourse_test_[0-9]+_'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^recourse_test_(\d+)_/.exec(datname)?.[1]);
      if (!isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
