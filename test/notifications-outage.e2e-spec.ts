import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { OutboxService } from '@app/platform';
import { NOTIFICATION_REQUESTED, NotificationRequest } from '@app/notifications';
import { SmtpSink } from './support/smtp-sink';
import { TcpProxy } from './support/tcp-proxy';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  startWorker,
  TestApi,
  TestEnvironment,
} from './support/test-app';
import { sleep, waitFor } from './support/wait-for';

describe('notifications while Redis is unreachable', () => {
  const proxy = new TcpProxy(6379);
  const smtp = new SmtpSink();
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    await proxy.start();
    await smtp.start();
    env = await createTestEnvironment({ SMTP_URL: smtp.url, NOTIFICATION_BACKOFF_MS: '100' });
    // Every process reaches Redis only through the proxy, so the test can cut it off.
    api = await startApi({ ...env, REDIS_URL: proxy.url });
    worker = await startWorker({ ...env, REDIS_URL: proxy.url });
    db = worker.get(getDataSourceToken());
  });

  afterAll(async () => {
    await proxy.start().catch(() => undefined); // a stopped proxy would keep the worker retrying
    await worker?.close();
    await api?.close();
    await proxy.stop();
    await smtp.stop();
    await destroyTestEnvironment(env);
  });

  it('a notice committed while Redis is down reaches the inbox and the mailbox exactly once after it returns', async () => {
    const agent = await signIn(api, { role: 'party_agent', partyCode: 'CNRP', email: 'agent@cnrp.test' });
    await proxy.stop();

    const notice: NotificationRequest = {
      kind: 'case.rejected',
      caseReference: 'KH-2017-CC-000777',
      title: 'Complaint rejected',
      body: 'The complaint was filed after the filing window closed.',
      audience: { partyCodes: ['CNRP'] },
    };
    const eventId = await worker
      .get(TransactionHost)
      .withTransaction(() =>
        worker.get(OutboxService).append(NOTIFICATION_REQUESTED, notice as unknown as Record<string, unknown>),
      );
    await sleep(1_500);
    const [waiting] = await db.query('SELECT dispatched_at FROM outbox_events WHERE id = $1', [eventId]);
    expect(waiting.dispatched_at).toBeNull();
    // The inbox is read from PostgreSQL alone, so it still answers: empty for now.
    const during = await api.http.get('/api/v1/me/notifications').set(bearer(agent.accessToken));
    expect(during.status).toBe(200);
    expect(during.body.items).toEqual([]);
    expect(smtp.messages).toEqual([]);

    await proxy.start();
    const inbox = await waitFor(
      async () => (await api.http.get('/api/v1/me/notifications').set(bearer(agent.accessToken))).body.items,
      (items: unknown[]) => items.length > 0,
      30_000,
    );
    await waitFor(
      async () => smtp.messages.length,
      (n) => n > 0,
      30_000,
    );
    await sleep(1_500); // time for a duplicate, if one were coming

    expect(inbox).toEqual([expect.objectContaining({ kind: 'case.rejected', caseReference: 'KH-2017-CC-000777' })]);
    const after = await api.http.get('/api/v1/me/notifications').set(bearer(agent.accessToken));
    expect(after.body.items).toHaveLength(1);
    expect(await db.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = $1', [eventId])).toEqual([
      { n: 1 },
    ]);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({
      to: ['agent@cnrp.test'],
      subject: 'KH-2017-CC-000777: Complaint rejected',
      text: notice.body,
    });
  }, 90_000);
});
