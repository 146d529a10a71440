import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionHost, TransactionNotActiveError } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { EventHandlersRegistry, OutboxEventJob, OutboxService } from '@app/platform';
import { createTestEnvironment, destroyTestEnvironment, startWorker, TestEnvironment } from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';
import { sleep, waitFor } from './support/wait-for';

/** The consumer every worker in this file registers; `handled` is shared, as a mailbox would be. */
const handled: OutboxEventJob[] = [];
const registerCounter = (ctx: INestApplicationContext) =>
  ctx.get(EventHandlersRegistry).register({
    name: 'test.counter',
    events: ['test.ping'],
    handle: async (event) => {
      handled.push(event);
    },
  });

describe('the transactional outbox', () => {
  let env: TestEnvironment;
  const proxy = new TcpProxy(6379);
  const workers: INestApplicationContext[] = [];
  let db: DataSource;

  beforeAll(async () => {
    await proxy.start();
    env = await createTestEnvironment();
    // Worker A reaches Redis only through the proxy, so the test can cut it off.
    workers.push(await startWorker({ ...env, REDIS_URL: proxy.url }, registerCounter));
    db = workers[0].get(getDataSourceToken());
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await proxy.stop();
    await destroyTestEnvironment(env);
  });

  /** Commits an event the way every feature does: inside the transaction of its change. */
  const commitEvent = (payload: Record<string, unknown>, ctx = workers[0]) =>
    ctx.get(TransactionHost).withTransaction(() => ctx.get(OutboxService).append('test.ping', payload));

  const timesHandled = (eventId: string) => handled.filter((e) => e.eventId === eventId).length;

  it('an event committed with its transaction is relayed and handled once', async () => {
    const eventId = await commitEvent({ n: 1 });
    await waitFor(
      async () => timesHandled(eventId),
      (n) => n > 0,
    );
    expect(timesHandled(eventId)).toBe(1);
    const [row] = await db.query('SELECT dispatched_at FROM outbox_events WHERE id = $1', [eventId]);
    expect(row.dispatched_at).toBeInstanceOf(Date);
    expect(handled.find((e) => e.eventId === eventId)?.payload).toEqual({ n: 1 });
  });

  it('an event of a rolled-back transaction never leaves', async () => {
    const tx = workers[0].get(TransactionHost);
    let eventId = '';
    await expect(
      tx.withTransaction(async () => {
        eventId = await workers[0].get(OutboxService).append('test.ping', { n: 'rolled back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await sleep(500);
    expect(await db.query('SELECT 1 FROM outbox_events WHERE id = $1', [eventId])).toHaveLength(0);
    expect(timesHandled(eventId)).toBe(0);
  });

  it('appending outside a transaction is refused, so no event can escape its change', async () => {
    await expect(async () => workers[0].get(OutboxService).append('test.ping', {})).rejects.toThrow(
      TransactionNotActiveError,
    );
  });

  it('an event committed while Redis is unreachable waits, then is handled exactly once after Redis returns', async () => {
    await proxy.stop();
    const eventId = await commitEvent({ n: 2 });
    await sleep(1_500);
    const [waiting] = await db.query('SELECT dispatched_at FROM outbox_events WHERE id = $1', [eventId]);
    expect(waiting.dispatched_at).toBeNull();
    expect(timesHandled(eventId)).toBe(0);

    await proxy.start();
    await waitFor(
      async () => timesHandled(eventId),
      (n) => n > 0,
      20_000,
    );
    await sleep(1_000); // time for a duplicate, if one were coming
    expect(timesHandled(eventId)).toBe(1);
    const processed = await db.query('SELECT consumer FROM processed_events WHERE event_id = $1', [eventId]);
    expect(processed).toEqual([{ consumer: 'test.counter' }]);
  }, 40_000);

  it('two workers side by side relay and handle 200 events, each exactly once', async () => {
    workers.push(await startWorker(env, registerCounter));
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => commitEvent({ n: 100 + i }, workers[i % 2])));
    await waitFor(
      async () => ids.filter((id) => timesHandled(id) > 0).length,
      (n) => n === ids.length,
      20_000,
    );
    await sleep(500);
    expect(ids.map(timesHandled)).toEqual(ids.map(() => 1));
    const [{ pending }] = await db.query(
      'SELECT count(*)::int AS pending FROM outbox_events WHERE dispatched_at IS NULL',
    );
    expect(pending).toBe(0);
  }, 40_000);

  it('a redelivered event is ignored by a consumer that already handled it', async () => {
    const eventId = await commitEvent({ n: 3 });
    await waitFor(
      async () => timesHandled(eventId),
      (n) => n > 0,
    );
    // Simulate a relay that crashed after enqueueing but before committing: the row is pending again.
    await db.query('UPDATE outbox_events SET dispatched_at = NULL WHERE id = $1', [eventId]);
    await waitFor(
      async () => (await db.query('SELECT dispatched_at FROM outbox_events WHERE id = $1', [eventId]))[0].dispatched_at,
      (at) => at !== null,
    );
    await sleep(500);
    expect(timesHandled(eventId)).toBe(1);
  });
});
