import { Logger, Provider } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ALL_QUEUES } from './queue-catalogue';
import { connectionErrorLog } from './connection-error-log';

export const QUEUE_ERROR_LISTENER = Symbol('QUEUE_ERROR_LISTENER');

/**
 * Gives every queue an error listener as soon as it exists, so a Redis outage is logged once in a
 * while, not dumped to stderr on every reconnect attempt.
 */
export const queueErrorListener: Provider = {
  provide: QUEUE_ERROR_LISTENER,
  inject: ALL_QUEUES.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => {
    const logger = new Logger('Queues');
    for (const queue of queues)
      queue.on('error', connectionErrorLog(logger, `Queue "${queue.name}" cannot reach Redis`));
    return true;
  },
};
