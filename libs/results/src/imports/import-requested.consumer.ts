import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { EventConsumer, EventHandlersRegistry, ImportJob, OutboxEventJob, QUEUES } from '@app/platform';
import { IMPORT_REQUESTED } from './imports.service';

/**
 * Puts a committed upload on the `imports` queue. The import id is the job id, so a redelivered
 * event adds nothing; attempts are few because a file's own faults end in a failed report, not a throw.
 */
@Injectable()
export class ImportRequestedConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'results.enqueue-import';
  readonly events = [IMPORT_REQUESTED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue<ImportJob>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    const importId = String(event.payload.importId);
    await this.queue.add('import', { importId }, { jobId: importId, attempts: 3 });
  }
}
