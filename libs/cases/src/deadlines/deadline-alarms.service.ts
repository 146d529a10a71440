import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DateTime } from 'luxon';
import { AuditTrail } from '@app/audit';
import { DeadlinePolicy, RunningDeadline } from '@app/elections';
import { DeadlineJob, Problem } from '@app/platform';
import { Case } from '../case.entity';
import { CaseTransitionsService } from '../case-transitions.service';
import { CaseViewService } from '../case-view.service';
import { Audience, CaseNotifier } from '../notices/case-notifier';
import { nextDeadline } from './case-deadline';
import { DeadlineJobKind, jobUuid } from './deadline-jobs';

/** processed_events remembers the reminders sent, under this consumer name and the job id as a UUID. */
const REMINDER_CONSUMER = 'cases.deadline-reminder';

/**
 * What a deadline job does when it fires. Each runs in one transaction with the case row locked,
 * recomputes the deadline from the case as it is now, and does nothing if the case has moved on
 * (another window, another due instant, a paused clock, a decided or closed case). A job that runs
 * twice changes nothing the second time. Returns what it did, in words, as the job's result.
 */
@Injectable()
export class DeadlineAlarms {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly views: CaseViewService,
    private readonly audit: AuditTrail,
    private readonly notifier: CaseNotifier,
    private readonly transitions: CaseTransitionsService,
  ) {}

  @Transactional()
  async fire(kind: DeadlineJobKind, job: DeadlineJob, jobId: string): Promise<string> {
    const c = await this.txHost.tx
      .getRepository(Case)
      .findOne({ where: { id: job.caseId }, lock: { mode: 'pessimistic_write' } });
    if (!c) return 'skipped: the case no longer exists';
    const election = await this.views.election(c.electionId);
    const deadline = nextDeadline(c, election.policy);
    if (!deadline || deadline.paused || deadline.window !== job.window || deadline.dueAt.toISOString() !== job.dueAt) {
      const now = deadline
        ? `${deadline.window} ${deadline.paused ? 'paused' : `due ${deadline.dueAt.toISOString()}`}`
        : 'none';
      return `skipped: the case moved on (${c.state}; deadline ${now})`;
    }
    const context = { c, deadline, policy: election.policy, electionCode: election.code };
    switch (kind) {
      case 'reminder':
        return this.remind(context, jobId);
      case 'breach':
        return this.breach(context);
      case 'close':
        return this.close(c);
    }
  }

  private async remind({ c, deadline, policy, electionCode }: AlarmContext, jobId: string): Promise<string> {
    const claimed: unknown[] = await this.txHost.tx.query(
      `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [REMINDER_CONSUMER, jobUuid(jobId)],
    );
    if (claimed.length === 0) return 'skipped: already reminded';
    const audience: Audience = c.assigneeId ? { userIds: [c.assigneeId] } : { supervisors: supervisorsOf(c) };
    await this.notifier.notify({
      kind: 'case.deadline_reminder',
      caseReference: c.reference!,
      electionCode,
      title: `Case ${c.reference}: the ${deadline.window} deadline is near`,
      body: `Case ${c.reference} (${c.title ?? c.category}) is due by ${local(deadline.dueAt, policy)}.`,
      audience,
    });
    return c.assigneeId ? 'reminded the assignee' : 'reminded the supervisors (nobody is assigned)';
  }

  private async breach({ c, deadline, policy, electionCode }: AlarmContext): Promise<string> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [, marked]: [unknown[], number] = await this.txHost.tx.query(
      `UPDATE cases SET overdue = true WHERE id = $1 AND version = $2 AND NOT overdue`,
      [c.id, c.version],
    );
    if (marked === 0) return 'skipped: already overdue';
    const { explanation } = deadline;
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: null,
      actorRole: 'system',
      action: 'deadline_breached',
      before: { overdue: false },
      after: { overdue: true, deadline: { window: deadline.window, dueAt: deadline.dueAt.toISOString() } },
      reason:
        `The ${deadline.window} deadline (${explanation.within} from ${explanation.startEvent.replace(/_/g, ' ')} ` +
        `at ${explanation.startAt.toISOString()}) fell due at ${deadline.dueAt.toISOString()} ` +
        `while the case was ${c.state.replace(/_/g, ' ')}.`,
    });
    await this.notifier.notify({
      kind: 'case.deadline_breached',
      caseReference: c.reference!,
      electionCode,
      title: `Case ${c.reference} is overdue`,
      body: `The ${deadline.window} deadline of case ${c.reference} (${c.title ?? c.category}) passed at ${local(deadline.dueAt, policy)}.`,
      audience: { ...(c.assigneeId ? { userIds: [c.assigneeId] } : {}), supervisors: supervisorsOf(c) },
    });
    return 'marked overdue';
  }

  private async close(c: Case): Promise<string> {
    try {
      await this.transitions.transitionAsSystem(c.id, 'close');
      return 'closed after the appeal window';
    } catch (error) {
      // The table refused (remedies still outstanding, say): the case stays published for an officer.
      if (error instanceof Problem) return `not closed: ${error.message}`;
      throw error;
    }
  }
}

interface AlarmContext {
  c: Case;
  deadline: RunningDeadline;
  policy: DeadlinePolicy;
  electionCode: string;
}

/** The supervisors of a case: the adjudicators of its province if it has one, else national ones. */
function supervisorsOf(c: Case): { jurisdiction: string | null } {
  return { jurisdiction: c.provinceCodes.length === 1 ? c.provinceCodes[0] : null };
}

function local(at: Date, policy: DeadlinePolicy): string {
  return DateTime.fromJSDate(at, { zone: policy.timeZone }).toFormat("d LLLL yyyy, HH:mm '('z')'");
}
