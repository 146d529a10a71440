import { Injectable } from '@nestjs/common';
import { OutboxEventJob } from '../queues/queue-catalogue';

/** A consumer of outbox events. `name` is its identity for idempotency: keep it stable. */
export interface EventConsumer {
  name: string;
  events: string[];
  handle(event: OutboxEventJob): Promise<void>;
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
}
