import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { EventsQueueJob, OutboxEventJob } from '../queues/queue-catalogue';

/** The job name of a batch; a single event's job is named by its type. */
export const BATCH_JOB = 'batch';

/**
 * A batch can hold a few MB of payloads, and its id only has to survive the relay's commit (a
 * redelivered event is recognised by processed_events, not by the job id): keep few completed ones.
 */
const BATCH_JOB_OPTIONS: JobsOptions = { removeOnComplete: { age: 3600, count: 1_000 } };

export interface EventsQueueJobSpec {
  name: string;
  data: EventsQueueJob;
  opts: JobsOptions;
}

/**
 * The `events` queue jobs for events claimed together, in outbox order: one job per event, its id the
 * event id, except that the events of each `batched` type become one batch job, in their order, at the
 * place of the first. A batch's id is a hash of its event ids, so a relay that crashes after enqueueing
 * and claims the same events again adds nothing; a different set gets another job, whose events the
 * consumers already handled are skipped (processed_events).
 */
export function eventsQueueJobs(events: OutboxEventJob[], batched: ReadonlySet<string>): EventsQueueJobSpec[] {
  const jobs: EventsQueueJobSpec[] = [];
  const batches = new Map<string, OutboxEventJob[]>();
  for (const event of events) {
    if (!batched.has(event.type)) {
      jobs.push({ name: event.type, data: event, opts: { jobId: event.eventId } });
      continue;
    }
    const batch = batches.get(event.type);
    if (batch) {
      batch.push(event);
      continue;
    }
    const started = [event];
    batches.set(event.type, started);
    jobs.push({ name: BATCH_JOB, data: { type: event.type, events: started }, opts: {} });
  }
  for (const job of jobs) {
    if (job.name !== BATCH_JOB) continue;
    const { events: inBatch } = job.data as { events: OutboxEventJob[] };
    const hash = createHash('sha256');
    for (const event of inBatch) hash.update(`${event.eventId}\n`);
    job.opts = { ...BATCH_JOB_OPTIONS, jobId: `batch-${hash.digest('base64url')}` };
  }
  return jobs;
}

/** The events a job of the `events` queue carries, in outbox order. */
export function eventsOf(job: EventsQueueJob): OutboxEventJob[] {
  return 'events' in job ? job.events : [job];
}
