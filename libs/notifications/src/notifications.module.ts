import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailFailuresController } from './email/email-failures.controller';
import { EmailFailuresService } from './email/email-failures.service';
import { MeNotificationsController } from './inbox/me-notifications.controller';
import { Notification } from './inbox/notification.entity';
import { NotificationsService } from './inbox/notifications.service';
import { WebhookDeadLetter } from './webhooks/webhook-dead-letter.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookSubscription } from './webhooks/webhook-subscription.entity';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/** The api side: the caller's inbox, and admins' webhook subscriptions, dead letters and failed emails. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, WebhookSubscription, WebhookDelivery, WebhookDeadLetter])],
  controllers: [MeNotificationsController, WebhooksController, EmailFailuresController],
  providers: [NotificationsService, WebhooksService, EmailFailuresService],
})
export class NotificationsModule {}
