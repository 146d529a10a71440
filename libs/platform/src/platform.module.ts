import { Module } from '@nestjs/common';
import { PlatformConfigModule } from './config/platform-config.module';
import { DatabaseModule } from './database/database.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { OutboxModule } from './outbox/outbox.module';
import { RedisModule } from './redis/redis.module';

/** The plumbing every process needs: validated config, logs, the database, Redis and the outbox. */
@Module({
  imports: [PlatformConfigModule, LoggingModule, DatabaseModule, RedisModule, OutboxModule, IdempotencyModule],
  exports: [PlatformConfigModule, LoggingModule, DatabaseModule, RedisModule, OutboxModule, IdempotencyModule],
})
export class PlatformModule {}
