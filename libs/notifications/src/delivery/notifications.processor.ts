import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import {
  connectionErrorLog,
  EmailNotificationJob,
  NotificationJob,
  QUEUES,
  WebhookNotificationJob,
} from '@app/platform';
import { EmailDelivery } from '../email/email-delivery.service';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';
import { EMAIL_JOB, WEBHOOK_JOB } from './delivery-jobs';

/** How long a job waits for the fan-out that queued it to commit before that counts as a failure. */
const NOT_COMMITTED_PATIENCE_MS = 60_000;

/** Emails and webhook POSTs, each job one message to one recipient, retried with exponential backoff. */
@Processor(QUEUES.notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private readonly logConnectionError = connectionErrorLog(this.logger, 'Notifications worker cannot reach Redis');

  constructor(
    private readonly email: EmailDelivery,
    private readonly webhooks: WebhookDeliveryService,
  ) {
    super();
  }

  async process(job: Job<NotificationJob>, token?: string): Promise<string> {
    const outcome = await this.deliver(job);
    if (outcome !== 'not-committed') return outcome;
    // The fan-out queues its jobs inside its transaction, so a job can start before that commits.
    // Waiting for it is not a failed attempt: the job is put back a little later, attempts untouched.
    if (Date.now() - job.timestamp > NOT_COMMITTED_PATIENCE_MS) {
      throw new Error(`the notification of job ${job.id} was never committed`);
    }
    await job.moveToDelayed(Date.now() + 250, token);
    throw new DelayedError();
  }

  private async deliver(job: Job<NotificationJob>): Promise<string> {
    // attemptsMade counts the attempts that already failed; this one is number attemptsMade + 1.
    const attempt = job.attemptsMade + 1;
    const last = attempt >= (job.opts.attempts ?? 1);
    switch (job.name) {
      case EMAIL_JOB:
        try {
          return await this.email.deliver(job.data as EmailNotificationJob);
        } catch (error) {
          if (last) await this.email.giveUp(job.data as EmailNotificationJob, attempt, (error as Error).message);
          throw error;
        }
      case WEBHOOK_JOB:
        return this.webhooks.deliver(job.data as WebhookNotificationJob, last, attempt);
      default:
        throw new Error(`Unknown notification job "${job.name}"`);
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logConnectionError(error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<NotificationJob> | undefined, error: Error): void {
    this.logger.warn(`Notification job ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`);
  }
}
