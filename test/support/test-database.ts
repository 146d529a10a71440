import { randomBytes } from 'node:crypto';
import { databaseUrl, withAdminClient } from './services';

/** A database of the test file's own, cloned from the run's migrated template. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  const run = process.env.RECOURSE_TEST_RUN;
  const template = process.env.RECOURSE_TEST_TEMPLATE;
  if (!run || !template) throw new Error('The e2e global setup did not run');
  const name = `recourse_test_${run}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) =>
    client.query(
      options.migrated === false ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`,
    ),
  );
  return databaseUrl(name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
