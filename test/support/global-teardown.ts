import { withAdminClient } from './services';

export default async function globalTeardown(): Promise<void> {
  const run = process.env.RECOURSE_TEST_RUN;
  if (!run) return;
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `recourse_test_${run}_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
