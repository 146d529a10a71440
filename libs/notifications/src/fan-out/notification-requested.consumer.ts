import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
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
import { deliveryJobOptions, EMAIL_JOB, emailJobId, WEBHOOK_JOB, webhookJobId } from '../delivery/delivery-jobs';
import { NOTIFICATION_REQUESTED, ParsedNotificationRequest, parseNotificationRequest } from '../notification-request';

/**
 * Turns one `notification.requested` event into inbox rows (one per recipient, set-based), webhook
 * deliveries (one per subscription of a named party) and one queued job per email and per
 * webhook. It runs in the consumer's transaction with its processed_events record; the jobs' ids
 * come from the event, so a run that is rolled back and repeated enqueues nothing twice.
 */
@Injectable()
export class NotificationRequestedConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'notifications.fan-out';
  readonly events = [NOTIFICATION_REQUESTED];
  private readonly logger = new Logger(NotificationRequestedConsumer.name);

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
    const parsed = parseNotificationRequest(event.payload);
    if ('error' in parsed) {
      // The producer's bug: no retry would fix it. Recorded as handled, and said loudly.
      this.logger.error(`Event ${event.eventId} is not a notification request (${parsed.error}); nobody was told`);
      return;
    }
    const { request } = parsed;
    const { audience } = request;
    const tx = this.txHost.tx;
    await tx.query(
      `INSERT INTO notifications (event_id, user_id, kind, case_reference, election_code, title, body, created_at)
       SELECT $1, u.id, $2, $3, $4, $5, $6, $12 FROM users u
        WHERE u.active AND (
              u.id::text = ANY($7::text[])
           OR (u.role = 'party_agent' AND u.party_code = ANY($8::text[]))
           OR (u.role = 'observer' AND u.organisation = ANY($9::text[]))
           OR ($10 AND u.role = 'adjudicator' AND (u.jurisdiction IS NULL OR u.jurisdiction = $11)))
       ON CONFLICT (event_id, user_id) DO NOTHING`,
      [
        event.eventId,
        request.kind,
        request.caseReference ?? null,
        request.electionCode ?? null,
        request.title,
        request.body,
        audience.userIds,
        audience.partyCodes,
        audience.organisations,
        audience.supervisors !== undefined,
        audience.supervisors?.jurisdiction ?? null,
        event.occurredAt,
      ],
    );
    const emailTo: { user_id: string }[] = this.env.SMTP_URL
      ? await tx.query(
          `SELECT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.event_id = $1 AND n.emailed_at IS NULL AND u.email IS NOT NULL`,
          [event.eventId],
        )
      : [];
    await tx.query(
      `INSERT INTO webhook_deliveries (event_id, subscription_id, payload)
       SELECT $1, s.id, $2::jsonb || jsonb_build_object('partyCode', s.party_code)
         FROM webhook_subscriptions s WHERE s.party_code = ANY($3::text[])
       ON CONFLICT (event_id, subscription_id) DO NOTHING`,
      [event.eventId, JSON.stringify(webhookPayload(event, request)), audience.partyCodes],
    );
    const webhooks: { subscription_id: string }[] = await tx.query(
      `SELECT subscription_id FROM webhook_deliveries WHERE event_id = $1 AND status = 'pending'`,
      [event.eventId],
    );
    const options = deliveryJobOptions(this.env);
    await this.queue.addBulk([
      ...emailTo.map((r) => ({
        name: EMAIL_JOB,
        data: { eventId: event.eventId, userId: r.user_id },
        opts: { ...options, jobId: emailJobId(event.eventId, r.user_id) },
      })),
      ...webhooks.map((r) => ({
        name: WEBHOOK_JOB,
        data: { eventId: event.eventId, subscriptionId: r.subscription_id },
        opts: { ...options, jobId: webhookJobId(event.eventId, r.subscription_id) },
      })),
    ]);
  }
}

/** The JSON a party system receives, less the delivery id and the party, which are added per subscription. */
function webhookPayload(event: OutboxEventJob, request: ParsedNotificationRequest) {
  return {
    type: 'notification',
    occurredAt: event.occurredAt,
    notification: {
      kind: request.kind,
      caseReference: request.caseReference ?? null,
      electionCode: request.electionCode ?? null,
      title: request.title,
      body: request.body,
    },
  };
}
