import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { act, caseWorld, CaseWorld, closeWorld, fileCase } from './support/case-fixtures';
import { TcpProxy } from './support/tcp-proxy';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';
import { sleep, waitFor } from './support/wait-for';

/*
 * CONTRACT.md "Operations": with Redis gone a transition still commits, its notice waits in the
 * outbox, and when Redis returns the notice is delivered — exactly once.
 */
describe('a transition while Redis is unreachable', () => {
  const proxy = new TcpProxy(6379);
  let env: TestEnvironment;
  let world: CaseWorld;

  beforeAll(async () => {
    await proxy.start();
    env = await createTestEnvironment();
    // Every process reaches Redis only through the proxy, so the test can cut it off.
    world = await caseWorld({ ...env, REDIS_URL: proxy.url });
  }, 120_000);

  afterAll(async () => {
    await proxy.start().catch(() => undefined); // a stopped proxy would keep the worker retrying
    await closeWorld(world);
    await proxy.stop();
    await destroyTestEnvironment(env);
  }, 120_000);

  it('commits, and the complainant’s notice arrives once after Redis returns', async () => {
    const { reference } = await fileCase(world);
    const inbox = async () =>
      (
        (await world.api.http.get('/api/v1/me/notifications').set(world.cnrp.headers)).body.items as {
          kind: string;
          caseReference: string;
        }[]
      ).filter((n) => n.kind === 'case.register' && n.caseReference === reference);

    await proxy.stop();
    const registered = await act(world, world.officer, reference, 'register');
    expect(registered.status).toBe(200);
    expect(registered.body.state).toBe('registered');
    await sleep(1_500);
    const db = world.worker.get<DataSource>(getDataSourceToken());
    const [waiting] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'notification.requested' AND dispatched_at IS NULL
          AND payload->>'caseReference' = $1 AND payload->>'kind' = 'case.register'`,
      [reference],
    );
    expect(waiting.n).toBe(1);
    expect(await inbox()).toEqual([]);

    await proxy.start();
    const arrived = await waitFor(inbox, (items) => items.length > 0, 30_000);
    expect(arrived).toHaveLength(1);
    await sleep(2_000); // a second delivery would have had time to land
    expect(await inbox()).toHaveLength(1);
  });
});
