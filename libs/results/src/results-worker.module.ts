import { Module } from '@nestjs/common';
import { ImportRequestedConsumer } from './imports/import-requested.consumer';
import { ImportsProcessor } from './imports/imports.processor';
import { ResultsModule } from './results.module';

/** The worker side of results: queued imports and the consumer that queues them. */
@Module({
  imports: [ResultsModule],
  providers: [ImportRequestedConsumer, ImportsProcessor],
})
export class ResultsWorkerModule {}
