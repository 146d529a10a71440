import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, EventHandlersRegistry, OutboxEventJob, OutboxService } from '@app/platform';
import { TransparencyLog } from './log/transparency-log.service';
import {
  TRANSPARENCY_APPEND_REQUESTED,
  TRANSPARENCY_APPENDED,
  TransparencyAppended,
  TransparencyAppendRequested,
} from './transparency-events';

/**
 * Appends what `transparency.append_requested` events ask for. It runs in the events processor's
 * transaction, which also records the events as processed: a redelivered event appends nothing.
 * The relay hands the requests over in batches (handleBatch): each batch is appended in outbox order
 * with one `appendMany`, so one lock, one statement and one signed checkpoint, and each leaf's index
 * is announced as `transparency.appended` in the same transaction. A failed batch leaves nothing.
 */
@Injectable()
export class TransparencyAppendConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'transparency.append';
  readonly events = [TRANSPARENCY_APPEND_REQUESTED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly log: TransparencyLog,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  handle(event: OutboxEventJob): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: OutboxEventJob[]): Promise<void> {
    const requests = events.map((event) => {
      const { kind, reference, record } = event.payload as unknown as TransparencyAppendRequested;
      return { kind, reference, record };
    });
    const appended = await this.log.appendMany(requests);
    // The size of the checkpoint the batch signed: the first signed tree that holds each of its leaves.
    const treeSize = appended[appended.length - 1].treeSize;
    await this.outbox.appendMany(
      TRANSPARENCY_APPENDED,
      appended.map(
        ({ leafIndex }, i) =>
          ({
            kind: requests[i].kind,
            reference: requests[i].reference,
            leafIndex,
            treeSize,
            requestId: events[i].eventId,
          }) satisfies TransparencyAppended,
      ),
    );
  }
}
