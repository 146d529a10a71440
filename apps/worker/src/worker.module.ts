import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';
import { ResultsWorkerModule } from '@app/results';
import { NotificationsWorkerModule } from '@app/notifications';

/** The background process: the outbox relay and the queue processors. */
@Module({
  imports: [
    PlatformModule,
    QueuesModule.forWorkers(),
    OutboxWorkerModule,
    ResultsWorkerModule,
    NotificationsWorkerModule,
  ],
})
export class WorkerModule {}
