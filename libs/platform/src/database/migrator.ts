import { DataSource, Migration } from 'typeorm';

/** Applies pending migrations under an advisory lock, so that processes starting together take turns. */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const lockKey = 7_346_301; // arbitrary, fixed: "recourse migrations"
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}
