import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

/** Benchmarks only ever talk to local services. */
export const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const BENCH_DATABASE_PREFIX = 'recourse_bench_';

export const benchDatabaseUrl = (name: string) => `${PG_SERVER}/${name}`;

/** A run id that starts with the time (8 base-36 digits), so that clean-up can tell old leftovers from a live run. */
export const newRunId = () => `${Date.now().toString(36).padStart(8, '0')}${randomBytes(3).toString('hex')}`;
const LEFTOVER_AGE_MS = 10 * 60_000;

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** FORCE ends the connections a killed API may have left behind. */
export function dropDatabase(name: string): Promise<void> {
  return withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** Databases of runs killed before their clean-up: older than any run can last, and nobody connected. */
export function dropLeftoverDatabases(): Promise<string[]> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database
        WHERE datname LIKE $1
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)`,
      [`${BENCH_DATABASE_PREFIX.replace(/_/g, '\\_')}%`],
    );
    const old = rows
      .map((row) => row.datname)
      .filter((name) => {
        const startedAt = parseInt(name.slice(BENCH_DATABASE_PREFIX.length, BENCH_DATABASE_PREFIX.length + 8), 36);
        return Number.isNaN(startedAt) || Date.now() - startedAt >= LEFTOVER_AGE_MS;
      });
    for (const name of old) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
    return old;
  });
}

/** Removes whatever the run wrote under its own Redis prefix, so runs never see each other's keys. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
