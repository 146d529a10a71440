import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import { Environment, InjectRedis } from '@app/platform';

/** Counts a hit and returns the count and the window's remaining milliseconds, atomically. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

/**
 * Login attempts counted in Redis, so every api process shares one limit. If Redis is away the
 * count falls back to this process's memory: slower guessing stays slowed, and sign-in still works.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly fallback = new ThrottlerStorageService();

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly env: Environment,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, pttl] = (await this.redis.eval(
        INCREMENT,
        1,
        `${this.env.REDIS_PREFIX}:throttle:${throttlerName}:${key}`,
        String(ttl),
      )) as [number, number];
      const timeToExpire = Math.ceil(Math.max(pttl, 0) / 1000);
      const isBlocked = hits > limit;
      return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
    } catch (error) {
      this.logger.warn(`Rate limits counted in memory while Redis is unreachable: ${(error as Error).message}`);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}
