import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';
import { ResultsWorkerModule } from '@app/results';

/** The background process: the outbox relay and the queue processors. */
@Module({
  imports: [PlatformModule, QueuesModule.forWorkers(), OutboxWorkerModule, ResultsWorkerModule],
})
export class WorkerModule {}
