import { Module } from '@nestjs/common';
import { EventsProcessor } from './events.processor';
import { OutboxRelay } from './outbox-relay.service';

/** The worker side of the outbox: the relay to BullMQ and the fan-out to event consumers. */
@Module({
  providers: [OutboxRelay, EventsProcessor],
  exports: [OutboxRelay],
})
export class OutboxWorkerModule {}
