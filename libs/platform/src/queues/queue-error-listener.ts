import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ALL_QUEUES } from './queue-catalogue';
import { connectionErrorLog } from './connection-error-log';

/** Gives every queue an error listener, so a Redis outage is logged, not dumped to stderr per retry. */
@Injectable()
export class QueueErrorListener implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', connectionErrorLog(this.logger, `Queue "${name}" cannot reach Redis`));
    }
  }
}
