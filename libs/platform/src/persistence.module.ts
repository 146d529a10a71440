import { Module } from '@nestjs/common';
import { PlatformConfigModule } from './config/platform-config.module';
import { DatabaseModule } from './database/database.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OutboxModule } from './outbox/outbox.module';

/**
 * What a process needs to run services against the database, and nothing that needs Redis: the
 * CLI imports files and seeds the demo with it while Redis may be away.
 */
@Module({
  imports: [PlatformConfigModule, DatabaseModule, OutboxModule, IdempotencyModule],
  exports: [PlatformConfigModule, DatabaseModule, OutboxModule, IdempotencyModule],
})
export class PersistenceModule {}
