import { INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Client } from 'pg';
import { OutboxService } from '@app/platform';
import {
  rootFromLeafHashes,
  TRANSPARENCY_APPEND_REQUESTED,
  TRANSPARENCY_APPENDED,
  TransparencyAppended,
  TransparencyAppendRequested,
  TransparencyLog,
} from '@app/transparency';
import { connect } from './support/imports';
import { createTestEnvironment, destroyTestEnvironment, startWorker, TestEnvironment } from './support/test-app';
import { sleep, waitFor } from './support/wait-for';

jest.setTimeout(120_000);

/** Append requests through the outbox and the worker, as the publishing libraries send them, in batches. */
describe('transparency appends through the outbox, batched', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;
  let db: Client;
  let log: TransparencyLog;
  let outbox: OutboxService;
  let tx: TransactionHost;

  beforeAll(async () => {
    env = await createTestEnvironment({ TRANSPARENCY_LOG_ORIGIN: 'batch.recourse.example/log' });
    worker = await startWorker(env);
    db = await connect(env.DATABASE_URL);
    log = worker.get(TransparencyLog);
    outbox = worker.get(OutboxService);
    tx = worker.get(TransactionHost);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await destroyTestEnvironment(env);
  });

  const request = (n: number): TransparencyAppendRequested => ({
    kind: 'recount',
    reference: `KH-2017-RC-${String(n).padStart(6, '0')}`,
    record: { n, station: `0${n}` },
  });
  /** Commits the requests in one transaction, one outbox event each: the relay claims them together. */
  const requestAppends = (ns: number[]) =>
    tx.withTransaction(async () => {
      const ids: string[] = [];
      for (const n of ns) ids.push(await outbox.append(TRANSPARENCY_APPEND_REQUESTED, { ...request(n) }));
      return ids;
    });
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const announced = async (): Promise<TransparencyAppended[]> =>
    (
      await db.query(`SELECT payload FROM outbox_events WHERE type = $1 ORDER BY seq`, [TRANSPARENCY_APPENDED])
    ).rows.map((r) => r.payload);
  const checkpointSizes = async (): Promise<number[]> =>
    (await db.query(`SELECT tree_size FROM transparency_checkpoints ORDER BY tree_size`)).rows.map((r) =>
      Number(r.tree_size),
    );
  const untilSize = (size: number) =>
    waitFor(
      () => log.treeSize(),
      (s) => s >= size,
      60_000,
    );

  it('300 requests committed together become leaves 0…299 in their order, one checkpoint, one announcement per leaf', async () => {
    const ids = await requestAppends(range(0, 300));
    expect(await untilSize(300)).toBe(300);

    const entries = await log.entries(0, 300);
    expect(entries.map((e) => e.index)).toEqual(range(0, 300));
    expect(entries.map((e) => e.reference)).toEqual(range(0, 300).map((n) => request(n).reference));
    const checkpoint = await log.checkpoint();
    expect(checkpoint.rootHash).toEqual(rootFromLeafHashes(entries.map((e) => e.leafHash)));
    // Signed once for the batch, not once per leaf.
    expect(await checkpointSizes()).toEqual([300]);

    const appended = await waitFor(announced, (rows) => rows.length >= 300);
    expect(appended).toHaveLength(300);
    expect(appended).toEqual(
      range(0, 300).map((n) => ({
        kind: 'recount',
        reference: request(n).reference,
        leafIndex: n,
        treeSize: 300,
        requestId: ids[n],
      })),
    );
  });

  it('redelivered requests append nothing; a new one delivered with them appends once', async () => {
    // As a relay that crashed after enqueueing them would leave them: 100 requests pending again,
    // committed with a new one, so the relay claims all 101 as one batch.
    await db.query('BEGIN');
    const [{ id: redelivered }] = (
      await db.query(
        `UPDATE outbox_events SET dispatched_at = NULL
          WHERE id IN (SELECT id FROM outbox_events WHERE type = $1 ORDER BY seq OFFSET 100 LIMIT 100)
          RETURNING id`,
        [TRANSPARENCY_APPEND_REQUESTED],
      )
    ).rows;
    const [{ id: fresh }] = (
      await db.query(
        `INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id, pg_notify('recourse_outbox', '')`,
        [TRANSPARENCY_APPEND_REQUESTED, JSON.stringify(request(300))],
      )
    ).rows;
    await db.query('COMMIT');
    expect(await untilSize(301)).toBe(301);
    await waitFor(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n,
      (n) => n === 0,
    );
    await sleep(1_000); // time for a duplicate, if one were coming
    expect(await log.treeSize()).toBe(301);
    expect((await log.entries(300, 301))[0].reference).toBe(request(300).reference);
    const appended = await waitFor(announced, (rows) => rows.length >= 301);
    expect(appended).toHaveLength(301);
    expect(appended[300]).toMatchObject({ leafIndex: 300, treeSize: 301, requestId: fresh });
    expect(appended.filter((a) => a.requestId === redelivered)).toHaveLength(1);
    expect(await checkpointSizes()).toEqual([300, 301]);
  });

  it('a batch that fails after writing its leaves leaves nothing, and its retry appends it whole', async () => {
    const crash = jest.spyOn(outbox, 'appendMany').mockRejectedValue(new Error('the worker lost its connection'));
    await requestAppends(range(301, 311));
    // The batch, then each of its 10 requests alone (the fallback), all fail on the announcement.
    await waitFor(
      async () => crash.mock.calls.length,
      (n) => n >= 11,
    );
    expect(await log.treeSize()).toBe(301);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'transparency.append'`)).rows[0]
        .n,
    ).toBe(301);
    crash.mockRestore();

    // BullMQ retries the job (after a 1 s backoff): the batch is appended in one piece, in its order.
    expect(await untilSize(311)).toBe(311);
    expect((await log.entries(301, 311)).map((e) => e.reference)).toEqual(
      range(301, 311).map((n) => request(n).reference),
    );
    expect(await checkpointSizes()).toEqual([300, 301, 311]);
    const appended = await waitFor(announced, (rows) => rows.length >= 311);
    expect(appended.slice(301).map((a) => [a.leafIndex, a.treeSize])).toEqual(range(301, 311).map((i) => [i, 311]));
  });

  it('a bad request does not hold back the others of its batch', async () => {
    const ids = await tx.withTransaction(async () => [
      await outbox.append(TRANSPARENCY_APPEND_REQUESTED, { ...request(311) }),
      await outbox.append(TRANSPARENCY_APPEND_REQUESTED, { ...request(312), kind: 'not-a-kind' }),
      await outbox.append(TRANSPARENCY_APPEND_REQUESTED, { ...request(313) }),
    ]);
    expect(await untilSize(313)).toBe(313);
    await sleep(500);
    expect(await log.treeSize()).toBe(313);
    expect((await log.entries(311, 313)).map((e) => e.reference)).toEqual(
      [request(311), request(313)].map((r) => r.reference),
    );
    const processed = await db.query(`SELECT event_id FROM processed_events WHERE event_id = ANY($1::uuid[])`, [ids]);
    expect(processed.rows.map((r) => r.event_id).sort()).toEqual([ids[0], ids[2]].sort());
  });
});
