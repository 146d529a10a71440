import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { OutboxService } from '@app/platform';
import { NOTIFICATION_REQUESTED, NotificationRequest, WEBHOOK_HEADERS } from '@app/notifications';
import { NotificationRequestedConsumer } from '@app/notifications/fan-out/notification-requested.consumer';
import { SmtpSink } from './support/smtp-sink';
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
import { WebhookReceiver } from './support/webhook-receiver';

type Account = Awaited<ReturnType<typeof signIn>>;

describe('notifications: inbox, email and signed webhooks', () => {
  const smtp = new SmtpSink();
  const hooks = new WebhookReceiver();
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: Account;
  let agent: Account; // CNRP, with an email address
  let agentNoEmail: Account; // CNRP, in-app only
  let otherParty: Account; // CPP
  let observer: Account; // Situation Room
  let otherObserver: Account; // another organisation
  let provincial: Account; // adjudicator of province 12
  let national: Account; // adjudicator, national
  let elsewhere: Account; // adjudicator of province 01
  let officer: Account;
  let deactivated: Account;

  beforeAll(async () => {
    await smtp.start();
    await hooks.start();
    env = await createTestEnvironment({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Recourse <notices@recourse.test>',
      NOTIFICATION_ATTEMPTS: '3',
      NOTIFICATION_BACKOFF_MS: '50',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', // the receiver listens on this host
    });
    api = await startApi(env);
    worker = await startWorker(env);
    db = worker.get(getDataSourceToken());
    // In parallel: password hashing is the slow part of making an account.
    [
      admin,
      agent,
      agentNoEmail,
      otherParty,
      observer,
      otherObserver,
      provincial,
      national,
      elsewhere,
      officer,
      deactivated,
    ] = await Promise.all([
      signIn(api, { role: 'admin' }),
      signIn(api, { role: 'party_agent', partyCode: 'CNRP', email: 'agent@cnrp.test' }),
      signIn(api, { role: 'party_agent', partyCode: 'CNRP' }),
      signIn(api, { role: 'party_agent', partyCode: 'CPP', email: 'agent@cpp.test' }),
      signIn(api, { role: 'observer', organisation: 'Situation Room', email: 'obs@sr.test' }),
      signIn(api, { role: 'observer', organisation: 'COMFREL' }),
      signIn(api, { role: 'adjudicator', jurisdiction: '12', email: 'adj12@nec.test' }),
      signIn(api, { role: 'adjudicator', email: 'adj@nec.test' }),
      signIn(api, { role: 'adjudicator', jurisdiction: '01', email: 'adj01@nec.test' }),
      signIn(api, { role: 'officer', email: 'officer@nec.test' }),
      signIn(api, { role: 'party_agent', partyCode: 'CNRP', email: 'gone@cnrp.test' }),
    ]);
    await api.http.patch(`/api/v1/users/${deactivated.id}`).set(bearer(admin.accessToken)).send({ active: false });
    filed = filedNotice();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks.stop();
    await smtp.stop();
    await destroyTestEnvironment(env);
  });

  /** Commits the event as libs/cases does: inside the transaction of its change. */
  const request = (payload: NotificationRequest) =>
    worker
      .get(TransactionHost)
      .withTransaction(() =>
        worker.get(OutboxService).append(NOTIFICATION_REQUESTED, payload as unknown as Record<string, unknown>),
      );

  const inbox = async (who: Account, query = '') => {
    const res = await api.http.get(`/api/v1/me/notifications${query}`).set(bearer(who.accessToken));
    expect(res.status).toBe(200);
    return res.body as { items: Record<string, unknown>[]; nextCursor: string | null };
  };

  const rowsOf = async (eventId: string): Promise<string[]> =>
    (await db.query('SELECT user_id FROM notifications WHERE event_id = $1', [eventId])).map(
      (r: { user_id: string }) => r.user_id,
    );

  const handled = (eventId: string) =>
    waitFor(
      async () => (await db.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length,
      (n) => n > 0,
    );

  const filedNotice = (): NotificationRequest => ({
    kind: 'case.filed',
    caseReference: 'KH-2017-CC-000123',
    electionCode: 'KH-2017-CC',
    title: 'ពាក្យបណ្តឹង KH-2017-CC-000123 ត្រូវបានដាក់',
    body: 'Complaint KH-2017-CC-000123 was filed on 5 June 2017.\nThe decision is due by 8 June 2017, 17:00.',
    audience: {
      userIds: [officer.id],
      partyCodes: ['CNRP'],
      organisations: ['Situation Room'],
      supervisors: { jurisdiction: '12' },
    },
  });
  let filed: NotificationRequest;

  describe('the inbox', () => {
    let eventId: string;

    beforeAll(async () => {
      eventId = await request({ ...filed, audience: { ...filed.audience, userIds: [officer.id, agent.id] } });
      await handled(eventId);
    });

    it("a notice reaches every member of its audience once, and nobody else's inbox", async () => {
      const told = await rowsOf(eventId);
      expect(told.sort()).toEqual(
        [officer, agent, agentNoEmail, observer, provincial, national].map((u) => u.id).sort(),
      );
      for (const nobody of [otherParty, otherObserver, elsewhere, admin])
        expect((await inbox(nobody)).items).toEqual([]);
      expect(await rowsOf(eventId)).not.toContain(deactivated.id);
    });

    it('GET /me/notifications shows the notice as the contract describes it', async () => {
      const page = await inbox(agent);
      expect(page).toEqual({
        items: [
          {
            id: expect.any(String),
            kind: 'case.filed',
            caseReference: 'KH-2017-CC-000123',
            title: filed.title,
            body: filed.body,
            createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          },
        ],
        nextCursor: null,
      });
    });

    it('lists newest first, a page at a time, and filters by unread', async () => {
      const second = await request({
        kind: 'deadline.reminder',
        title: 'Decision due tomorrow',
        body: 'Due.',
        audience: { userIds: [officer.id] },
      });
      const third = await request({
        kind: 'deadline.breached',
        title: 'Decision overdue',
        body: 'Overdue.',
        audience: { userIds: [officer.id] },
      });
      await handled(second);
      await handled(third);

      const first = await inbox(officer, '?limit=2');
      expect(first.items.map((i) => i.kind)).toEqual(['deadline.breached', 'deadline.reminder']);
      expect(first.items[1]).not.toHaveProperty('caseReference');
      const next = await inbox(officer, `?limit=2&cursor=${first.nextCursor}`);
      expect(next.items.map((i) => i.kind)).toEqual(['case.filed']);
      expect(next.nextCursor).toBeNull();

      const read = await api.http
        .post(`/api/v1/me/notifications/${first.items[0].id}/read`)
        .set(bearer(officer.accessToken));
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: first.items[0].id, readAt: expect.any(String) });
      expect((await inbox(officer, '?unread=true')).items.map((i) => i.kind)).toEqual([
        'deadline.reminder',
        'case.filed',
      ]);
      expect((await inbox(officer, '?unread=false')).items.map((i) => i.kind)).toEqual(['deadline.breached']);

      const again = await api.http
        .post(`/api/v1/me/notifications/${first.items[0].id}/read`)
        .set(bearer(officer.accessToken));
      expect(again.body.readAt).toBe(read.body.readAt);
    });

    it("another user's notice, or no notice, answers 404 problem+json", async () => {
      const [mine] = (await inbox(agent)).items;
      for (const id of [mine.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await api.http.post(`/api/v1/me/notifications/${id}/read`).set(bearer(otherParty.accessToken));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await inbox(agent)).items[0]).not.toHaveProperty('readAt');
    });

    it.each([
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?unread=maybe', 'unread'],
      ['?cursor=bogus', 'cursor'],
      ['?sort=up', 'sort'],
    ])('%s answers 400 naming the field', async (query, field) => {
      const res = await api.http.get(`/api/v1/me/notifications${query}`).set(bearer(agent.accessToken));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('needs a token', async () => {
      expect((await api.http.get('/api/v1/me/notifications')).status).toBe(401);
    });

    it('a redelivered event adds no notice and sends no second email', async () => {
      const mails = () => smtp.to('agent@cnrp.test').filter((m) => m.subject.startsWith('KH-2017-CC-000123'));
      await waitFor(
        async () => mails().length,
        (n) => n > 0,
      );
      const before = (await rowsOf(eventId)).length;
      const [row] = await db.query('SELECT type, payload, occurred_at FROM outbox_events WHERE id = $1', [eventId]);
      // What a redelivery does when its processed_events record is lost: the consumer runs again.
      await worker.get(TransactionHost).withTransaction(() =>
        worker.get(NotificationRequestedConsumer).handle({
          eventId,
          type: row.type,
          payload: row.payload,
          occurredAt: row.occurred_at.toISOString(),
        }),
      );
      await sleep(1_000);
      expect((await rowsOf(eventId)).length).toBe(before);
      expect(mails()).toHaveLength(1);
    });

    it('a malformed event tells nobody and is not retried for ever', async () => {
      const bad = await worker
        .get(TransactionHost)
        .withTransaction(() => worker.get(OutboxService).append(NOTIFICATION_REQUESTED, { kind: 'case.filed' }));
      await handled(bad);
      expect(await rowsOf(bad)).toEqual([]);
    });
  });

  describe('email', () => {
    it('each recipient with an address gets the notice once, from MAIL_FROM, with the case in the subject', async () => {
      const eventId = await request({ ...filed, caseReference: 'KH-2017-CC-000124' });
      await handled(eventId);
      const ofEvent = () => smtp.messages.filter((m) => m.subject.startsWith('KH-2017-CC-000124'));
      await waitFor(
        async () => ofEvent().length,
        (n) => n >= 5,
      );
      await sleep(500);
      expect(
        ofEvent()
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual(['adj12@nec.test', 'adj@nec.test', 'agent@cnrp.test', 'obs@sr.test', 'officer@nec.test'].sort());
      const mail = ofEvent().find((m) => m.to.includes('agent@cnrp.test'))!;
      expect(mail.subject).toBe(`KH-2017-CC-000124: ${filed.title}`);
      expect(mail.text).toBe(filed.body);
      expect(mail.headers.from).toBe('Recourse <notices@recourse.test>');
      const [row] = await db.query('SELECT id, emailed_at FROM notifications WHERE event_id = $1 AND user_id = $2', [
        eventId,
        agent.id,
      ]);
      expect(mail.headers['message-id']).toBe(`<${row.id}@notifications.recourse>`);
      expect(row.emailed_at).toBeInstanceOf(Date);
    });
  });

  describe('failed emails', () => {
    const failures = async () => {
      const res = await api.http.get('/api/v1/notifications/email-failures').set(bearer(admin.accessToken));
      expect(res.status).toBe(200);
      return res.body.items as Record<string, unknown>[];
    };

    it('an email refused at every attempt is listed for admins; sent again, it arrives once and leaves the list', async () => {
      const bouncing = await signIn(api, { role: 'observer', organisation: 'Bounce Watch', email: 'bounce@cnrp.test' });
      smtp.refused.add('bounce@cnrp.test');
      const eventId = await request({
        ...filed,
        caseReference: 'KH-2017-CC-000777',
        audience: { userIds: [bouncing.id] },
      });
      const [failure] = await waitFor(failures, (items) => items.some((f) => f.userId === bouncing.id), 20_000);
      const [notice] = await db.query('SELECT id FROM notifications WHERE event_id = $1', [eventId]);
      expect(failure).toEqual({
        id: notice.id,
        userId: bouncing.id,
        username: bouncing.username,
        email: 'bounce@cnrp.test',
        kind: 'case.filed',
        caseReference: 'KH-2017-CC-000777',
        title: filed.title,
        attempts: 3,
        error: expect.stringContaining('550'),
        failedAt: expect.any(String),
      });
      expect(smtp.refusals.filter((a) => a === 'bounce@cnrp.test')).toHaveLength(3);
      expect(smtp.to('bounce@cnrp.test')).toHaveLength(0);

      // Only admins see the list or send again; a bad id is 404, a notice that has not failed 409.
      for (const who of [agent, officer]) {
        const res = await api.http.get('/api/v1/notifications/email-failures').set(bearer(who.accessToken));
        expect(res.status).toBe(403);
      }
      const byAgent = await api.http
        .post(`/api/v1/notifications/email-failures/${notice.id}/resend`)
        .set(bearer(agent.accessToken));
      expect(byAgent.status).toBe(403);

      smtp.refused.delete('bounce@cnrp.test');
      const resend = await api.http
        .post(`/api/v1/notifications/email-failures/${notice.id}/resend`)
        .set(bearer(admin.accessToken));
      expect(resend.status).toBe(202);
      expect(resend.body.id).toBe(notice.id);
      const mails = await waitFor(
        async () => smtp.to('bounce@cnrp.test'),
        (m) => m.length > 0,
        20_000,
      );
      await sleep(300);
      expect(smtp.to('bounce@cnrp.test')).toHaveLength(1);
      expect(mails[0].headers['message-id']).toBe(`<${notice.id}@notifications.recourse>`);
      expect((await failures()).some((f) => f.id === notice.id)).toBe(false);
      const [row] = await db.query('SELECT emailed_at, email_failed_at FROM notifications WHERE id = $1', [notice.id]);
      expect(row.emailed_at).toBeInstanceOf(Date);
      expect(row.email_failed_at).toBeNull();

      const again = await api.http
        .post(`/api/v1/notifications/email-failures/${notice.id}/resend`)
        .set(bearer(admin.accessToken));
      expect(again.status).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const missing = await api.http
          .post(`/api/v1/notifications/email-failures/${id}/resend`)
          .set(bearer(admin.accessToken));
        expect(missing.status).toBe(404);
      }
    }, 60_000);
  });

  describe('users have an email address', () => {
    it('is set, shown, changed and cleared through /users; a bad one is 400 naming it', async () => {
      const created = await api.http
        .post('/api/v1/users')
        .set(bearer(admin.accessToken))
        .send({ username: 'mail.user', password: 'long-enough-password', role: 'officer', email: ' dara@nec.test ' });
      expect(created.status).toBe(201);
      expect(created.body.email).toBe('dara@nec.test');
      const changed = await api.http
        .patch(`/api/v1/users/${created.body.id}`)
        .set(bearer(admin.accessToken))
        .send({ email: null });
      expect(changed.body.email).toBeNull();
      const bad = await api.http
        .post('/api/v1/users')
        .set(bearer(admin.accessToken))
        .send({ username: 'mail.bad', password: 'long-enough-password', role: 'officer', email: 'not-an-address' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'email', message: 'must be an email address' }]);
    });
  });

  describe('webhooks', () => {
    const subscribe = async (partyCode: string, path: string, secret?: string) => {
      const res = await api.http
        .post('/api/v1/webhooks')
        .set(bearer(admin.accessToken))
        .send({ partyCode, url: hooks.url(path), ...(secret ? { secret } : {}) });
      expect(res.status).toBe(201);
      hooks.configure(path, { secret: res.body.secret });
      return res.body as { id: string; secret: string; partyCode: string; url: string };
    };
    const notifyParty = (partyCode: string, title: string) =>
      request({
        kind: 'decision.published',
        caseReference: 'KH-2017-CC-000200',
        title,
        body: 'The decision is published.',
        audience: { partyCodes: [partyCode] },
      });

    it('admins subscribe; the secret is generated when absent and shown only once', async () => {
      const made = await subscribe('FUN', '/fun');
      expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
      const list = await api.http.get('/api/v1/webhooks?partyCode=FUN').set(bearer(admin.accessToken));
      expect(list.body).toEqual({
        items: [{ id: made.id, partyCode: 'FUN', url: hooks.url('/fun'), createdAt: expect.any(String) }],
        nextCursor: null,
      });
      expect(JSON.stringify(list.body)).not.toContain(made.secret);
    });

    it.each([
      [{ partyCode: 'cnrp', url: 'https://x.test/h' }, 'partyCode'],
      [{ partyCode: 'CNRP', url: 'ftp://x.test/h' }, 'url'],
      [{ partyCode: 'CNRP', url: 'https://x.test/h', secret: 'short' }, 'secret'],
      [{ partyCode: 'CNRP', url: 'https://x.test/h', extra: 1 }, 'extra'],
    ])('a bad subscription is 400 naming the field (%#)', async (body, field) => {
      const res = await api.http.post('/api/v1/webhooks').set(bearer(admin.accessToken)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('only admins manage webhooks', async () => {
      for (const path of ['/api/v1/webhooks', '/api/v1/webhooks/dead-letters']) {
        expect((await api.http.get(path).set(bearer(agent.accessToken))).status).toBe(403);
      }
      const res = await api.http
        .post('/api/v1/webhooks')
        .set(bearer(agent.accessToken))
        .send({ partyCode: 'CNRP', url: 'https://x.test' });
      expect(res.status).toBe(403);
    });

    it("a party's notice is POSTed, signed, to that party's subscriptions only", async () => {
      await subscribe('CNRP', '/cnrp', 'a-secret-the-party-chose');
      await subscribe('CPP', '/cpp');
      const eventId = await notifyParty('CNRP', 'Decision published');
      await waitFor(
        async () => hooks.at('/cnrp').length,
        (n) => n > 0,
      );
      await sleep(300);
      expect(hooks.at('/cpp')).toEqual([]);
      const [hook] = hooks.at('/cnrp');
      expect(hook).toMatchObject({ verified: true, answered: 204 });
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers[WEBHOOK_HEADERS.id]).toBe(hook.json.id);
      expect(Number(hook.headers[WEBHOOK_HEADERS.timestamp])).toBeCloseTo(Date.now() / 1000, -2);
      expect(hook.json).toEqual({
        id: expect.any(String),
        type: 'notification',
        occurredAt: expect.any(String),
        partyCode: 'CNRP',
        notification: {
          kind: 'decision.published',
          caseReference: 'KH-2017-CC-000200',
          electionCode: null,
          title: 'Decision published',
          body: 'The decision is published.',
        },
      });
      const [delivery] = await db.query('SELECT status, attempts FROM webhook_deliveries WHERE event_id = $1', [
        eventId,
      ]);
      expect(delivery).toEqual({ status: 'delivered', attempts: 1 });
    });

    it('a receiver failing twice gets the same delivery a third time, and it is delivered', async () => {
      await subscribe('SRP', '/flaky');
      hooks.configure('/flaky', { failFirst: 2 });
      await notifyParty('SRP', 'Flaky receiver');
      await waitFor(
        async () => hooks.at('/flaky').filter((h) => h.answered === 204).length,
        (n) => n > 0,
      );
      const seen = hooks.at('/flaky');
      expect(seen.map((h) => h.answered)).toEqual([503, 503, 204]);
      expect(new Set(seen.map((h) => h.headers[WEBHOOK_HEADERS.id])).size).toBe(1);
      expect(seen.every((h) => h.verified)).toBe(true);
    });

    it('after the last attempt the delivery is a dead letter; a replay sends it again, once', async () => {
      const sub = await subscribe('KNP', '/down');
      hooks.configure('/down', { failFirst: Infinity });
      await notifyParty('KNP', 'Receiver down');
      const deadLetters = async () =>
        (await api.http.get('/api/v1/webhooks/dead-letters').set(bearer(admin.accessToken))).body.items as Record<
          string,
          unknown
        >[];
      const [letter] = await waitFor(deadLetters, (items) => items.some((l) => l.subscriptionId === sub.id), 20_000);
      expect(letter).toMatchObject({
        subscriptionId: sub.id,
        partyCode: 'KNP',
        url: hooks.url('/down'),
        attempts: 3,
        error: 'HTTP 503 Service Unavailable',
        replayedAt: null,
        payload: expect.objectContaining({ partyCode: 'KNP', type: 'notification' }),
      });
      expect(hooks.at('/down').map((h) => h.answered)).toEqual([503, 503, 503]);

      hooks.configure('/down', { failFirst: 0 });
      const replay = await api.http
        .post(`/api/v1/webhooks/dead-letters/${letter.id}/replay`)
        .set(bearer(admin.accessToken));
      expect(replay.status).toBe(202);
      expect(replay.body.replayedAt).toEqual(expect.any(String));
      await waitFor(
        async () => hooks.at('/down').filter((h) => h.answered === 204).length,
        (n) => n > 0,
      );
      await sleep(300);
      expect(hooks.at('/down').map((h) => h.answered)).toEqual([503, 503, 503, 204]);
      expect(hooks.at('/down')[3].headers[WEBHOOK_HEADERS.id]).toBe(letter.deliveryId);
      expect(await deadLetters()).toEqual([]);
      const replayed = await api.http.get('/api/v1/webhooks/dead-letters?replayed=true').set(bearer(admin.accessToken));
      expect(replayed.body.items.map((l: { id: string }) => l.id)).toEqual([letter.id]);

      const twice = await api.http
        .post(`/api/v1/webhooks/dead-letters/${letter.id}/replay`)
        .set(bearer(admin.accessToken));
      expect(twice.status).toBe(409);
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const missing = await api.http
          .post(`/api/v1/webhooks/dead-letters/${id}/replay`)
          .set(bearer(admin.accessToken));
        expect(missing.status).toBe(404);
      }
    }, 40_000);

    it('a removed subscription receives nothing more; removing it again is 404', async () => {
      const sub = await subscribe('LDP', '/removed');
      expect((await api.http.delete(`/api/v1/webhooks/${sub.id}`).set(bearer(admin.accessToken))).status).toBe(204);
      expect((await api.http.delete(`/api/v1/webhooks/${sub.id}`).set(bearer(admin.accessToken))).status).toBe(404);
      const eventId = await notifyParty('LDP', 'Nobody listens');
      await handled(eventId);
      await sleep(300);
      expect(hooks.at('/removed')).toEqual([]);
    });
  });
});
