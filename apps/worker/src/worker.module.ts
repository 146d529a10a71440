import { Module } from '@nestjs/common';
import { OutboxWorkerModule, PlatformModule, QueuesModule } from '@app/platform';
import { ResultsWorkerModule } from '@app/results';
import { NotificationsWorkerModule } from '@app/notifications';
import { CasesWorkerModule } from '@app/cases';
import { DecisionsWorkerModule } from '@app/decisions';
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
    DecisionsWorkerModule,
    TransparencyWorkerModule,
  ],
})
export class WorkerModule {}
