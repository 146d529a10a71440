import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';
import { ResultsWorkerModule } from '@app/results';
import { NotificationsWorkerModule } from '@app/notifications';
import { CasesWorkerModule } from '@app/cases';
import { TransparencyWorkerModule } from '@app/transparency';

/** The background process: the outbox relay and the queue processors. */
@Module({
  imports: [
    PlatformModule,
    QueuesModule.forWorkers(),
    OutboxWorkerModule,
    ResultsWorkerModule,
    NotificationsWorkerModule,
    CasesWorkerModule,
    TransparencyWorkerModule,
  ],
})
export class WorkerModule {}
