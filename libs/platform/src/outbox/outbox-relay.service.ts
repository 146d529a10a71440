import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { OutboxEventJob, QUEUES } from '../queues/queue-catalogue';
import { DEFAULT_JOB_OPTIONS } from '../queues/queues.module';
import { producerRedisOptions } from '../redis/redis-connection';
import { EventHandlersRegistry } from './event-handlers.registry';
import { eventsQueueJobs } from './events-queue-jobs';
import { OUTBOX_CHANNEL } from './outbox-insert';

const BATCH = 500;

interface PendingRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Moves committed outbox events to the `events` queue. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of workers relay side by side without sending an
 * event twice; the event id is the job id, so a relay that crashes between enqueue and commit
 * re-enqueues a job BullMQ already has, which it ignores. While Redis is away the rows stay
 * pending and the relay retries on its next tick. Events of a type that has a batch consumer leave
 * as one job per claimed batch (events-queue-jobs.ts).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queue: Queue;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failing = false;
  /** Set when an event is announced while a batch is being relayed: go again straight after. */
  private again = false;
  private listener?: Client;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly registry: EventHandlersRegistry,
  ) {
    // Its own fail-fast producer: a transaction must never wait on Redis while holding row locks.
    this.queue = new Queue(QUEUES.events, {
      connection: producerRedisOptions(env.REDIS_URL),
      prefix: env.REDIS_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.queue.on('error', () => undefined); // an outage is logged once by tick(), not per reconnect
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
    void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.running;
    await this.queue.close().catch(() => undefined);
  }

  /**
   * LISTENs for committed events so they leave at once; polling stays as the fallback, so a lost
   * connection only costs latency. The connection is re-made after a failure.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'recourse-outbox-relay' });
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), 5_000).unref();
    };
    client.on('notification', () => this.wake());
    client.on('error', retry);
    client.on('end', retry);
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch {
      retry();
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Relays one batch; returns how many events left the outbox. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, type, payload, occurred_at FROM outbox_events
          WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const events = rows.map((row): OutboxEventJob => ({
        eventId: row.id,
        type: row.type,
        payload: row.payload,
        occurredAt: row.occurred_at.toISOString(),
      }));
      await this.queue.addBulk(eventsQueueJobs(events, this.registry.batchedTypes()));
      await manager.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    this.again = false;
    let relayed = 0;
    try {
      relayed = await this.relayOnce();
      if (this.failing) this.logger.log('Outbox relay recovered');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(`Outbox relay paused: ${(error as Error).message}; events wait in the outbox`);
      }
      this.failing = true;
    }
    // A full batch means more are waiting: go again at once.
    this.schedule(relayed === BATCH || this.again ? 0 : this.env.OUTBOX_POLL_MS);
  }
}
