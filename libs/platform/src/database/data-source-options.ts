import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How long a new database connection may take before the request that needed it fails. */
export const DATABASE_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The one description of the database, shared by the app, the CLI and the TypeORM migration CLI.
 * Entities and migrations are found by file name so that every library can own its tables
 * without the platform importing them. Relative paths work from ts sources and from dist alike.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  const libs = join(__dirname, '..', '..', '..');
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(libs, '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto', // gen_random_uuid(), built into PostgreSQL 13+
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS, application_name: 'recourse' },
  };
}
