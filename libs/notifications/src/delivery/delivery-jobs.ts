import type { JobsOptions } from 'bullmq';
import { Environment } from '@app/platform';

/** Job names on the `notifications` queue. */
export const EMAIL_JOB = 'email';
export const WEBHOOK_JOB = 'webhook';

/**
 * Derived from the event, so a redelivered event enqueues nothing new (BullMQ ignores a known id);
 * an email sent again by an admin gets the id of the request to send it.
 */
export const emailJobId = (eventId: string, userId: string, resend?: string) =>
  `email.${eventId}.${userId}${resend ? `.resend.${resend}` : ''}`;

/** A replay needs an id of its own: the first round's job is still known, as failed. */
export const webhookJobId = (eventId: string, subscriptionId: string, replayOf?: string) =>
  `webhook.${eventId}.${subscriptionId}${replayOf ? `.replay.${replayOf}` : ''}`;

export function deliveryJobOptions(env: Environment): JobsOptions {
  return {
    attempts: env.NOTIFICATION_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.NOTIFICATION_BACKOFF_MS },
  };
}
