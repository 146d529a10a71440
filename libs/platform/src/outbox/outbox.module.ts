import { Global, Module } from '@nestjs/common';
import { EventHandlersRegistry } from './event-handlers.registry';
import { OutboxService } from './outbox.service';

/** Writing events (any process); see OutboxWorkerModule for relaying and consuming them. */
@Global()
@Module({
  providers: [OutboxService, EventHandlersRegistry],
  exports: [OutboxService, EventHandlersRegistry],
})
export class OutboxModule {}
