import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { connectionErrorLog, DeadlineJob, QUEUES } from '@app/platform';
import { DeadlineAlarms } from './deadline-alarms.service';
import { DEADLINE_JOB_KINDS, DeadlineJobKind } from './deadline-jobs';

/** The delayed reminders, breaches and closings of the `deadlines` queue, as they fall due. */
@Processor(QUEUES.deadlines, { concurrency: 4 })
export class DeadlinesProcessor extends WorkerHost {
  private readonly logger = new Logger(DeadlinesProcessor.name);
  private readonly logConnectionError = connectionErrorLog(this.logger, 'Deadlines worker cannot reach Redis');

  constructor(private readonly alarms: DeadlineAlarms) {
    super();
  }

  async process(job: Job<DeadlineJob>): Promise<string> {
    if (!DEADLINE_JOB_KINDS.includes(job.name as DeadlineJobKind))
      throw new Error(`Unknown deadline job "${job.name}"`);
    const outcome = await this.alarms.fire(job.name as DeadlineJobKind, job.data, job.id!);
    this.logger.debug(`Deadline job ${job.id}: ${outcome}`);
    return outcome;
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logConnectionError(error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeadlineJob> | undefined, error: Error): void {
    this.logger.warn(`Deadline job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
