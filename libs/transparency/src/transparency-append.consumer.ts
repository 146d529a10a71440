import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumer, EventHandlersRegistry, OutboxEventJob, OutboxService } from '@app/platform';
import { TransparencyLog } from './log/transparency-log.service';
import { LeafKind } from './store/transparency-leaf.entity';
import { TRANSPARENCY_APPEND_REQUESTED, TRANSPARENCY_APPENDED, TransparencyAppended } from './transparency-events';

/**
 * Appends what `transparency.append_requested` events ask for. It runs in the events processor's
 * transaction, which also records the event as processed: a redelivered event appends nothing.
 * The leaf's index is announced as `transparency.appended` in the same transaction.
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

  async handle(event: OutboxEventJob): Promise<void> {
    const { kind, reference, record } = event.payload as { kind: LeafKind; reference: string; record: unknown };
    const appended = await this.log.append({ kind, reference, record });
    await this.outbox.append(TRANSPARENCY_APPENDED, {
      kind,
      reference,
      leafIndex: appended.leafIndex,
      treeSize: appended.treeSize,
      requestId: event.eventId,
    } satisfies TransparencyAppended);
  }
}
