import { Module } from '@nestjs/common';
import { LoggingModule } from './logging/logging.module';
import { PersistenceModule } from './persistence.module';
import { RedisModule } from './redis/redis.module';

/** The plumbing every long-running process needs: persistence, structured logs and Redis. */
@Module({
  imports: [PersistenceModule, LoggingModule, RedisModule],
  exports: [PersistenceModule, LoggingModule, RedisModule],
})
export class PlatformModule {}
