import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, Environment, runMigrations } from '@app/platform';

/** `migrate`: creates the database if missing and applies pending migrations. */
export async function migrate(env: Environment, log: (line: string) => void): Promise<void> {
  await ensureDatabase(env.DATABASE_URL);
  const dataSource = await new DataSource(dataSourceOptions(env.DATABASE_URL)).initialize();
  try {
    const applied = await runMigrations(dataSource);
    log(applied.length === 0 ? 'Database is up to date.' : `Applied ${applied.map((m) => m.name).join(', ')}.`);
  } finally {
    await dataSource.destroy();
  }
}
