import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import {
  Environment,
  EventConsumer,
  EventHandlersRegistry,
  NotificationJob,
  OutboxEventJob,
  QUEUES,
} from '@app/platform';
import { deliveryJobOptions, EMAIL_JOB, emailJobId } from '../delivery/delivery-jobs';
import { EMAIL_RESEND_REQUESTED } from './email-failures.service';

/** Puts an email an admin sends again back on the queue, with a job id of its own. */
@Injectable()
export class EmailResendConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'notifications.email-resend';
  readonly events = [EMAIL_RESEND_REQUESTED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly env: Environment,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<NotificationJob>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    const eventId = String(event.payload.eventId);
    const userId = String(event.payload.userId);
    await this.queue.add(
      EMAIL_JOB,
      { eventId, userId },
      { ...deliveryJobOptions(this.env), jobId: emailJobId(eventId, userId, event.eventId) },
    );
  }
}
