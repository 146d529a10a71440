import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';
import { ResultsWorkerModule } from '@app/results';
import { NotificationsWorkerModule } from '@app/notifications';
import { CasesWorkerModule } from '@app/cases';

/** The background process: the outbox relay and the queue processors. */
@Module({
  imports: [
    PlatformModule,
    QueuesModule.forWorkers(),
    OutboxWorkerModule,
    ResultsWorkerModule,
    NotificationsWorkerModule,
    CasesWorkerModule,
  ],
})
export class WorkerModule {}
