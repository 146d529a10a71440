/**
 * Every queue and the payload of its jobs. Payloads carry ids, never whole entities, and every
 * handler is idempotent: a job may run twice after a crash.
 */
export const QUEUES = {
  /** Fan-out of committed outbox events; job id = event id (or, for a batch, derived from its event ids). */
  events: 'events',
  /** Inbox, email and webhook deliveries, with retries and a dead-letter list. */
  notifications: 'notifications',
  /** Delayed reminder and breach jobs. */
  deadlines: 'deadlines',
  /** Large import files, with progress. */
  imports: 'imports',
  /** Transparency-log appends, feeds and caches. */
  publication: 'publication',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/** The job of the `events` queue: one committed outbox event. */
export interface OutboxEventJob {
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/**
 * A job of the `events` queue carrying several committed events of one type, in outbox order, for a
 * type with a batch consumer (`EventConsumer.handleBatch`). Its id is derived from the event ids.
 */
export interface OutboxEventBatchJob {
  type: string;
  events: OutboxEventJob[];
}

export type EventsQueueJob = OutboxEventJob | OutboxEventBatchJob;

/** The job of the `imports` queue: one uploaded file to import; job id = import id. */
export interface ImportJob {
  importId: string;
}

/**
 * Jobs of the `notifications` queue: one email to one user, or one webhook POST to one
 * subscription, each named by its event so the job id is derived from it and enqueued once.
 */
export interface EmailNotificationJob {
  eventId: string;
  userId: string;
}
export interface WebhookNotificationJob {
  eventId: string;
  subscriptionId: string;
}
export type NotificationJob = EmailNotificationJob | WebhookNotificationJob;

/**
 * The delayed jobs of the `deadlines` queue (named `reminder`, `breach` or `close`): one deadline
 * of one case, named by the case, the window and the due instant. The job id is derived from them,
 * so scheduling the same deadline twice adds nothing, and a moved deadline gets new jobs.
 */
export interface DeadlineJob {
  caseId: string;
  window: string;
  /** ISO instant. */
  dueAt: string;
}

export interface JobCatalogue {
  events: EventsQueueJob;
  imports: ImportJob;
  notifications: NotificationJob;
  deadlines: DeadlineJob;
}
