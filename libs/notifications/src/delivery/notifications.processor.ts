import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
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

  async process(job: Job<NotificationJob>): Promise<string> {
    switch (job.name) {
      case EMAIL_JOB:
        return this.email.deliver(job.data as EmailNotificationJob);
      case WEBHOOK_JOB: {
        // attemptsMade counts the attempts that already failed; this one is number attemptsMade + 1.
        const attempt = job.attemptsMade + 1;
        return this.webhooks.deliver(job.data as WebhookNotificationJob, attempt >= (job.opts.attempts ?? 1), attempt);
      }
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
