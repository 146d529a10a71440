import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Job } from 'bullmq';
import { EventsQueueJob, OutboxEventJob, QUEUES } from '../queues/queue-catalogue';
import { connectionErrorLog } from '../queues/connection-error-log';
import { EventConsumer, EventHandlersRegistry } from './event-handlers.registry';
import { eventsOf } from './events-queue-jobs';

/**
 * Hands each event to its consumers. Each consumer runs in its own transaction that also records
 * `(consumer, eventId)`: if the record exists the consumer already ran, so a redelivered job
 * changes nothing; if the consumer fails, neither its work nor the record is kept and the job retries.
 * A batch job's events go to a batch consumer together: one transaction records them all and hands
 * over those not handled yet; if it fails, each event is tried alone, so only the bad ones retry.
 */
@Processor(QUEUES.events, { concurrency: 8 })
export class EventsProcessor extends WorkerHost {
  private readonly logger = new Logger(EventsProcessor.name);
  private readonly logConnectionError = connectionErrorLog(this.logger, 'Events worker cannot reach Redis');
  /** Per batch consumer, the end of its last batch: batches run one after another, in the order they arrive. */
  private readonly batchTurns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    super();
  }

  async process(job: Job<EventsQueueJob>): Promise<{ handledBy: string[] }> {
    const events = eventsOf(job.data);
    if (events.length === 0) return { handledBy: [] };
    const handledBy: string[] = [];
    for (const consumer of this.registry.consumersOf(events[0].type)) {
      const handled = consumer.handleBatch
        ? await this.inTurn(consumer.name, () => this.runBatch(consumer, events))
        : await this.runEach(consumer, events);
      if (handled > 0) handledBy.push(consumer.name);
    }
    this.logger.debug(`${describe(job.data)} handled by ${handledBy.join(', ') || 'nobody new'}`);
    return { handledBy };
  }

  /** Runs `work` after the consumer's previous batch has finished (whether or not it succeeded). */
  private inTurn<T>(consumer: string, work: () => Promise<T>): Promise<T> {
    const previous = this.batchTurns.get(consumer) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const settled = turn.catch(() => undefined);
    this.batchTurns.set(consumer, settled);
    void settled.then(() => {
      if (this.batchTurns.get(consumer) === settled) this.batchTurns.delete(consumer);
    });
    return turn;
  }

  /** The events not handled yet, in one transaction with their records; falls back to one at a time. */
  private async runBatch(consumer: EventConsumer, events: OutboxEventJob[]): Promise<number> {
    try {
      return await this.txHost.withTransaction(async () => {
        const claimed: { event_id: string }[] = await this.txHost.tx.query(
          `INSERT INTO processed_events (consumer, event_id)
           SELECT $1, id FROM unnest($2::uuid[]) WITH ORDINALITY AS e(id, o) ORDER BY o
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumer.name, events.map((e) => e.eventId)],
        );
        const fresh = new Set(claimed.map((r) => r.event_id));
        const batch = events.filter((e) => fresh.has(e.eventId));
        if (batch.length > 0) await consumer.handleBatch!(batch);
        return batch.length;
      });
    } catch (error) {
      if (events.length === 1) throw error;
      this.logger.warn(
        `A batch of ${events.length} ${events[0].type} events failed in ${consumer.name} (${(error as Error).message}); trying them one by one`,
      );
      return this.runEach(consumer, events);
    }
  }

  /** Each event in its own transaction; every one is tried, then the first failure is thrown. */
  private async runEach(consumer: EventConsumer, events: OutboxEventJob[]): Promise<number> {
    let handled = 0;
    let failure: unknown;
    for (const event of events) {
      try {
        if (await this.runOne(consumer, event)) handled++;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return handled;
  }

  private runOne(consumer: EventConsumer, event: OutboxEventJob): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const claimed: unknown[] = await this.txHost.tx.query(
        `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer.name, event.eventId],
      );
      if (claimed.length === 0) return false;
      await consumer.handle(event);
      return true;
    });
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logConnectionError(error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<EventsQueueJob> | undefined, error: Error): void {
    const what = job ? describe(job.data) : 'Event job';
    this.logger.warn(`${what} (job ${job?.id}) failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}

function describe(job: EventsQueueJob): string {
  return 'events' in job ? `Batch of ${job.events.length} ${job.type} events` : `Event ${job.type} ${job.eventId}`;
}
