import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Job } from 'bullmq';
import { OutboxEventJob, QUEUES } from '../queues/queue-catalogue';
import { connectionErrorLog } from '../queues/connection-error-log';
import { EventHandlersRegistry } from './event-handlers.registry';

/**
 * Hands each event to its consumers. Each consumer runs in its own transaction that also records
 * `(consumer, eventId)`: if the record exists the consumer already ran, so a redelivered job
 * changes nothing; if the consumer fails, neither its work nor the record is kept and the job retries.
 */
@Processor(QUEUES.events, { concurrency: 8 })
export class EventsProcessor extends WorkerHost {
  private readonly logger = new Logger(EventsProcessor.name);
  private readonly logConnectionError = connectionErrorLog(this.logger, 'Events worker cannot reach Redis');

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    super();
  }

  async process(job: Job<OutboxEventJob>): Promise<{ handledBy: string[] }> {
    const event = job.data;
    const handledBy: string[] = [];
    for (const consumer of this.registry.consumersOf(event.type)) {
      const ran = await this.txHost.withTransaction(async () => {
        const claimed: unknown[] = await this.txHost.tx.query(
          `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumer.name, event.eventId],
        );
        if (claimed.length === 0) return false;
        await consumer.handle(event);
        return true;
      });
      if (ran) handledBy.push(consumer.name);
    }
    this.logger.debug(`Event ${event.type} ${event.eventId} handled by ${handledBy.join(', ') || 'nobody new'}`);
    return { handledBy };
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logConnectionError(error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<OutboxEventJob> | undefined, error: Error): void {
    this.logger.warn(`Event ${job?.data.type} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
