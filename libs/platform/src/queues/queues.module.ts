import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { DefaultJobOptions } from 'bullmq';
import { Environment } from '../config/environment';
import { producerRedisOptions, workerRedisOptions } from '../redis/redis-connection';
import { ALL_QUEUES } from './queue-catalogue';
import { queueErrorListener } from './queue-error-listener';

/** Every queue's job options, also the outbox relay's (its own producer): retries, and ids kept a day. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed job ids are kept a day so that a re-enqueued event id is recognised and ignored.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * BullMQ queues, configured as its docs advise for production: producers (the API) fail fast
 * when Redis is away; workers wait for it (`maxRetriesPerRequest: null`).
 */
@Module({})
export class QueuesModule {
  static forProducers(): DynamicModule {
    return QueuesModule.build(producerRedisOptions);
  }

  static forWorkers(): DynamicModule {
    return QueuesModule.build(workerRedisOptions);
  }

  private static build(connection: (url: string) => object): DynamicModule {
    const bullModules = [
      BullModule.forRootAsync({
        inject: [Environment],
        useFactory: (env: Environment) => ({
          connection: connection(env.REDIS_URL),
          prefix: env.REDIS_PREFIX,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
      }),
      ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name })),
    ];
    return {
      module: QueuesModule,
      global: true,
      imports: bullModules,
      providers: [queueErrorListener],
      exports: bullModules,
    };
  }
}
