import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import {
  Environment,
  EventConsumer,
  EventHandlersRegistry,
  NotificationJob,
  OutboxEventJob,
  QUEUES,
} from '@app/platform';
import { deliveryJobOptions, WEBHOOK_JOB, webhookJobId } from '../delivery/delivery-jobs';
import { WEBHOOK_REPLAY_REQUESTED } from './webhooks.service';

/** Puts a replayed dead letter's delivery back on the queue, with a job id of its own. */
@Injectable()
export class WebhookReplayConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'notifications.webhook-replay';
  readonly events = [WEBHOOK_REPLAY_REQUESTED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly env: Environment,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<NotificationJob>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    const [delivery]: { event_id: string; subscription_id: string }[] = await this.txHost.tx.query(
      'SELECT event_id, subscription_id FROM webhook_deliveries WHERE id = $1',
      [String(event.payload.deliveryId)],
    );
    if (!delivery) return; // its subscription was removed since
    const { event_id: eventId, subscription_id: subscriptionId } = delivery;
    await this.queue.add(
      WEBHOOK_JOB,
      { eventId, subscriptionId },
      {
        ...deliveryJobOptions(this.env),
        jobId: webhookJobId(eventId, subscriptionId, String(event.payload.deadLetterId)),
      },
    );
  }
}
