import { Injectable } from '@nestjs/common';
import { OutboxEventJob } from '../queues/queue-catalogue';

/** A consumer of outbox events. `name` is its identity for idempotency: keep it stable. */
export interface EventConsumer {
  name: string;
  events: string[];
  handle(event: OutboxEventJob): Promise<void>;
  /**
   * Optional: handles several events of one type, in outbox order, in one transaction. When a consumer
   * has it, the relay hands its types over in batches (every event of the type it claims at once), so
   * what costs per transaction is paid once per batch. A batch that fails is retried event by event
   * with `handle`, so one bad event cannot hold back the others.
   */
  handleBatch?(events: OutboxEventJob[]): Promise<void>;
}

/** Feature modules register their consumers here at start-up; the events processor fans out to them. */
@Injectable()
export class EventHandlersRegistry {
  private readonly consumers: EventConsumer[] = [];

  register(consumer: EventConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) {
      throw new Error(`Event consumer "${consumer.name}" is registered twice`);
    }
    this.consumers.push(consumer);
  }

  consumersOf(type: string): EventConsumer[] {
    return this.consumers.filter((c) => c.events.includes(type) || c.events.includes('*'));
  }

  /** The event types (named, not `*`) that a batch consumer handles: the relay groups these into batch jobs. */
  batchedTypes(): Set<string> {
    return new Set(this.consumers.filter((c) => c.handleBatch).flatMap((c) => c.events.filter((e) => e !== '*')));
  }
}
