import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import { DeadlineJob, EventConsumer, EventHandlersRegistry, OutboxEventJob, QUEUES } from '@app/platform';
import { Case } from '../case.entity';
import { CASE_TRANSITIONED } from '../case-transitions.service';
import { CaseViewService } from '../case-view.service';
import { CASE_FILED } from '../cases.service';
import { nextDeadline } from './case-deadline';
import { deadlineJobs } from './deadline-jobs';

/**
 * After every filing and transition, schedules the delayed jobs of the deadline the case runs
 * against now. It reads the case as it is, not as the event describes it, so events handled out
 * of order still end with the current deadline scheduled; the job ids come from the deadline, so
 * a redelivered event or an unchanged deadline adds nothing. Jobs of a deadline that has since
 * moved stay queued and do nothing when they fire.
 */
@Injectable()
export class DeadlineSchedulerConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'cases.schedule-deadlines';
  readonly events = [CASE_FILED, CASE_TRANSITIONED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly views: CaseViewService,
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue<DeadlineJob>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    await this.schedule(String(event.payload.caseId));
  }

  /** Schedules the jobs of the case's current deadline; returns their ids. */
  async schedule(caseId: string, now = new Date()): Promise<string[]> {
    const c = await this.txHost.tx.getRepository(Case).findOneBy({ id: caseId });
    if (!c) return [];
    const { policy } = await this.views.election(c.electionId);
    const jobs = deadlineJobs(c.id, nextDeadline(c, policy), now);
    await this.queue.addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }
}
