import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Environment } from '../config/environment';
import { producerRedisOptions } from './redis-connection';

/** A plain Redis client for health checks and rate limits; BullMQ keeps its own connections. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const InjectRedis = () => Inject(REDIS_CLIENT);

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [Environment],
      useFactory: (env: Environment) =>
        new Redis({ ...producerRedisOptions(env.REDIS_URL), lazyConnect: false, connectionName: 'recourse' }),
    },
    RedisClientCloser,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
