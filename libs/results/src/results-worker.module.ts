import { Module } from '@nestjs/common';
import { FindingsRefreshConsumer } from './imports/findings-refresh.consumer';
import { ImportRequestedConsumer } from './imports/import-requested.consumer';
import { ImportSweeper } from './imports/import-sweeper';
import { ImportsProcessor } from './imports/imports.processor';
import { ResultsModule } from './results.module';

/**
 * The worker side of results: queued imports, the consumer that queues them, findings kept current,
 * and the sweeper that fails CLI imports whose process died.
 */
@Module({
  imports: [ResultsModule],
  providers: [ImportRequestedConsumer, ImportsProcessor, FindingsRefreshConsumer, ImportSweeper],
})
export class ResultsWorkerModule {}
