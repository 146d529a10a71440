import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';

/** The background process: the outbox relay and the queue processors. */
@Module({
  imports: [PlatformModule, QueuesModule.forWorkers(), OutboxWorkerModule],
})
export class WorkerModule {}
