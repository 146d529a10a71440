import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import { In, Not } from 'typeorm';
import { AuditTrail } from '@app/audit';
import { DEADLINE_POLICY_CHANGED } from '@app/elections';
import { DeadlineJob, EventConsumer, EventHandlersRegistry, OutboxEventJob, QUEUES } from '@app/platform';
import { Case } from '../case.entity';
import { CaseViewService } from '../case-view.service';
import { TERMINAL_STATES } from '../workflow/case-terms';
import { nextDeadline } from './case-deadline';
import { deadlineJobs } from './deadline-jobs';

/**
 * An election's deadline policy changed: every open case of it runs against its deadline worked out
 * again. The stored due instant (the queue's sort and its overdue filter) moves, the audit trail says
 * why, and the new deadline's jobs are queued; the old deadline's jobs find it moved and do nothing.
 * A case that was overdue and now has time left is overdue no longer. Runs in the consumer's
 * transaction with the cases locked, so a redelivered event finds nothing left to change.
 */
@Injectable()
export class DeadlinePolicyChangeConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'cases.reschedule-deadlines';
  readonly events = [DEADLINE_POLICY_CHANGED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly views: CaseViewService,
    private readonly audit: AuditTrail,
    @InjectQueue(QUEUES.deadlines) private readonly queue: Queue<DeadlineJob>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob, now = new Date()): Promise<void> {
    const electionId = Number(event.payload.electionId);
    const { policy } = await this.views.election(electionId);
    const open = await this.txHost.tx.getRepository(Case).find({
      where: { electionId, state: Not(In([...TERMINAL_STATES])) },
      order: { id: 'ASC' }, // one lock order for every consumer
      lock: { mode: 'pessimistic_write' },
    });
    for (const c of open) {
      const deadline = nextDeadline(c, policy);
      const dueAt = deadline?.dueAt ?? null;
      if (dueAt?.getTime() === c.dueAt?.getTime()) continue;
      const overdue = c.overdue && !(deadline && !deadline.paused && deadline.dueAt > now);
      await this.txHost.tx.query(`UPDATE cases SET due_at = $2, overdue = $3 WHERE id = $1`, [c.id, dueAt, overdue]);
      await this.audit.append({
        subjectType: 'case',
        subjectId: c.id,
        actorId: null,
        actorRole: 'system',
        action: 'deadline_rescheduled',
        before: { dueAt: c.dueAt?.toISOString() ?? null, overdue: c.overdue },
        after: { dueAt: dueAt?.toISOString() ?? null, overdue, ...(deadline ? { window: deadline.window } : {}) },
        reason: deadline
          ? `The election's deadline policy changed: the ${deadline.window} deadline is now ` +
            `${deadline.explanation.within} from ${deadline.explanation.startEvent.replace(/_/g, ' ')} ` +
            `at ${deadline.explanation.startAt.toISOString()}.`
          : `The election's deadline policy changed: the case runs against no deadline now.`,
      });
      // Queued after the commit would be safer, but the job ids come from the deadline, so a job of
      // a change that rolls back finds the deadline different when it fires and does nothing.
      const jobs = deadlineJobs(c.id, deadline, now);
      if (jobs.length > 0) await this.queue.addBulk(jobs);
    }
  }
}
