import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from './cases.module';
import { DeadlineAlarms } from './deadlines/deadline-alarms.service';
import { DeadlinePolicyChangeConsumer } from './deadlines/deadline-policy-change.consumer';
import { DeadlineSchedulerConsumer } from './deadlines/deadline-scheduler.consumer';
import { DeadlinesProcessor } from './deadlines/deadlines.processor';
import { CaseNotifier } from './notices/case-notifier';

/**
 * The worker side of cases: deadline jobs scheduled after each transition (and again for every open
 * case when its election's deadline policy changes), and run as they fall due.
 */
@Module({
  imports: [CasesModule, AuditModule],
  providers: [
    DeadlineSchedulerConsumer,
    DeadlinePolicyChangeConsumer,
    DeadlineAlarms,
    DeadlinesProcessor,
    CaseNotifier,
  ],
  exports: [DeadlineSchedulerConsumer],
})
export class CasesWorkerModule {}
