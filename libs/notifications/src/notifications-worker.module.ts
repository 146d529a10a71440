import { EmailResendConsumer } from './email/email-resend.consumer';
import { Module } from '@nestjs/common';
import { NotificationsProcessor } from './delivery/notifications.processor';
import { EmailDelivery } from './email/email-delivery.service';
import { MailerService } from './email/mailer.service';
import { NotificationRequestedConsumer } from './fan-out/notification-requested.consumer';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { WebhookReplayConsumer } from './webhooks/webhook-replay.consumer';

/** The worker side: the fan-out of `notification.requested` events, then each email and webhook. */
@Module({
  providers: [
    NotificationRequestedConsumer,
    WebhookReplayConsumer,
    EmailResendConsumer,
    NotificationsProcessor,
    EmailDelivery,
    MailerService,
    WebhookDeliveryService,
  ],
})
export class NotificationsWorkerModule {}
