import { Module } from '@nestjs/common';
import { TransparencyAppendConsumer } from './transparency-append.consumer';
import { TransparencyModule } from './transparency.module';

/** The worker side of the log: appends requested through the outbox. */
@Module({
  imports: [TransparencyModule],
  providers: [TransparencyAppendConsumer],
})
export class TransparencyWorkerModule {}
