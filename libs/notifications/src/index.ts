export { NotificationsModule } from './notifications.module';
export { NotificationsWorkerModule } from './notifications-worker.module';
export { NOTIFICATION_REQUESTED, type NotificationRequest, type NotificationAudience } from './notification-request';
export { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from './webhooks/webhook-signature';
