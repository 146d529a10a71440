import { Module } from '@nestjs/common';
import { TransparencyKeys } from './log/transparency-keys.service';
import { TransparencyLog } from './log/transparency-log.service';
import { TransparencyController } from './transparency.controller';

/** The transparency log and its public endpoints. Needs the platform's database in the process. */
@Module({
  controllers: [TransparencyController],
  providers: [TransparencyLog, TransparencyKeys],
  exports: [TransparencyLog, TransparencyKeys],
})
export class TransparencyModule {}
