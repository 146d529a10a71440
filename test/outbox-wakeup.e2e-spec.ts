import { INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { EventHandlersRegistry, OutboxService } from '@app/platform';
import { createTestEnvironment, destroyTestEnvironment, startWorker, TestEnvironment } from './support/test-app';
import { sleep, waitFor } from './support/wait-for';

describe('the outbox relay wakes on commit', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;
  const handled: string[] = [];

  beforeAll(async () => {
    // Polling once a minute: only the commit's notification can make the event leave in time.
    env = await createTestEnvironment({ OUTBOX_POLL_MS: '60000' });
    worker = await startWorker(env, (ctx) =>
      ctx.get(EventHandlersRegistry).register({
        name: 'test.wakeup',
        events: ['test.wakeup'],
        handle: async (event) => {
          handled.push(event.eventId);
        },
      }),
    );
    await sleep(500); // the relay's first poll, at start-up, has come and gone
  });

  afterAll(async () => {
    await worker?.close();
    await destroyTestEnvironment(env);
  });

  it('an event is handled within a second of its commit, long before the next poll', async () => {
    const started = Date.now();
    const eventId = await worker
      .get(TransactionHost)
      .withTransaction(() => worker.get(OutboxService).append('test.wakeup', {}));
    await waitFor(
      async () => handled.includes(eventId),
      (done) => done,
      5_000,
    );
    expect(handled).toContain(eventId);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
