import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeNotificationsController } from './inbox/me-notifications.controller';
import { Notification } from './inbox/notification.entity';
import { NotificationsService } from './inbox/notifications.service';
import { WebhookDeadLetter } from './webhooks/webhook-dead-letter.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookSubscription } from './webhooks/webhook-subscription.entity';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/** The api side: the caller's inbox, and admins' webhook subscriptions and dead letters. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, WebhookSubscription, WebhookDelivery, WebhookDeadLetter])],
  controllers: [MeNotificationsController, WebhooksController],
  providers: [NotificationsService, WebhooksService],
})
export class NotificationsModule {}
