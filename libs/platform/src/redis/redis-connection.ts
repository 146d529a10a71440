import type { RedisOptions } from 'ioredis';

/** ioredis options that BullMQ's narrower option type accepts too. */
export type RedisConnectionOptions = RedisOptions & { retryStrategy: (times: number) => number };

/** ioredis options from a `redis://user:pass@host:port/db` URL. */
export function redisOptionsFromUrl(url: string): RedisConnectionOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // Reconnect for ever, never faster than every 2 s: Redis coming back must be noticed by itself.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
}

/**
 * For producers (API requests, the outbox relay): a command fails at once while Redis is away,
 * instead of queueing in memory and holding a request or a transaction open.
 */
export function producerRedisOptions(url: string): RedisConnectionOptions {
  return { ...redisOptionsFromUrl(url), enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 };
}

/** For BullMQ workers, as BullMQ requires: blocking commands wait for Redis to return. */
export function workerRedisOptions(url: string): RedisConnectionOptions {
  return { ...redisOptionsFromUrl(url), maxRetriesPerRequest: null };
}
