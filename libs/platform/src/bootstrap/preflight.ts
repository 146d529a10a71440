import Redis from 'ioredis';
import { ConfigurationError, Environment, loadEnvironment, redactUrl } from '../config/environment';
import { ensureDatabase } from '../database/ensure-database';
import { producerRedisOptions } from '../redis/redis-connection';

/**
 * Before a process builds anything: validate the environment and reach PostgreSQL and Redis.
 * Any failure ends the process with one line that names the setting or the service.
 */
export async function preflight(role: string): Promise<Environment> {
  try {
    const env = loadEnvironment();
    await ensureDatabase(env.DATABASE_URL).catch((error: Error) => {
      throw new ConfigurationError(`PostgreSQL is unreachable at ${redactUrl(env.DATABASE_URL)} (${reason(error)})`);
    });
    await pingRedis(env.REDIS_URL).catch((error: Error) => {
      throw new ConfigurationError(`Redis is unreachable at ${redactUrl(env.REDIS_URL)} (${reason(error)})`);
    });
    return env;
  } catch (error) {
    const message = error instanceof ConfigurationError ? error.message : `Start-up failed: ${reason(error as Error)}`;
    process.stderr.write(`recourse ${role}: ${message}\n`);
    process.exit(1);
  }
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis({ ...producerRedisOptions(url), lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

function reason(error: Error): string {
  const code = (error as { code?: string }).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message || String(error);
}
