import type { Response } from 'supertest';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  PASSWORD,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

type Res = Response;

const expectNotReady = (res: Res, failing: string[], up: string[]) => {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: '/problems/not-ready', status: 503, title: expect.any(String) });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  for (const name of failing) {
    expect(res.body.checks?.[name]).toMatchObject({ status: 'down' });
    expect(res.body.detail).toContain(name);
  }
  for (const name of up) {
    expect(res.body.checks?.[name]).toEqual({ status: 'up' });
    expect(res.body.detail).not.toContain(name);
  }
};

describe('health', () => {
  describe('with every service up', () => {
    let env: TestEnvironment;
    let api: TestApi;

    beforeAll(async () => {
      env = await createTestEnvironment();
      api = await startApi(env);
    });

    afterAll(async () => {
      await api?.close();
      await destroyTestEnvironment(env);
    });

    it('GET /health/live is 200 {status:"ok"} without a token', async () => {
      const res = await api.http.get('/health/live');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /health/ready is 200 with database, redis and migrations up, without a token', async () => {
      const res = await api.http.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info).toEqual({
        database: { status: 'up' },
        redis: { status: 'up' },
        migrations: { status: 'up' },
      });
      expect(res.body.error).toEqual({});
      expect(res.headers['cache-control']).toMatch(/no-store/);
    });

    it('a token, even a garbage one, does not stand in the way of the probes', async () => {
      expect((await api.http.get('/health/live').set(bearer('garbage'))).status).toBe(200);
      expect((await api.http.get('/health/ready').set(bearer('garbage'))).status).toBe(200);
    });
  });

  describe('on a database with no migrations applied', () => {
    let env: TestEnvironment;
    let unmigrated: string;
    let api: TestApi;

    beforeAll(async () => {
      env = await createTestEnvironment();
      unmigrated = await createTestDatabase({ migrated: false });
      api = await startApi({ ...env, DATABASE_URL: unmigrated });
    });

    afterAll(async () => {
      await api?.close();
      if (unmigrated) await dropTestDatabase(unmigrated);
      await destroyTestEnvironment(env);
    });

    it('ready is 503 not-ready naming migrations, with database and redis up', async () => {
      const res = await api.http.get('/health/ready');
      expectNotReady(res, ['migrations'], ['database', 'redis']);
      expect(res.body.checks.migrations.message).toMatch(/migrat/);
    });

    it('the probe does not apply the migrations behind the operator’s back', async () => {
      await api.http.get('/health/ready');
      const db = api.app.get<DataSource>(getDataSourceToken());
      const [{ exists }] = await db.query(`SELECT to_regclass('public.users') IS NOT NULL AS exists`);
      expect(exists).toBe(false);
      expect((await api.http.get('/health/ready')).status).toBe(503);
    });

    it('live stays 200', async () => {
      const res = await api.http.get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });
  });

  describe('with Redis unreachable', () => {
    let env: TestEnvironment;
    let healthy: TestApi | undefined;
    let api: TestApi;
    let user: { username: string };
    let adminToken: string;

    beforeAll(async () => {
      env = await createTestEnvironment();
      // Accounts are made while Redis is there, then the API is started against a dead Redis.
      healthy = await startApi(env);
      user = await signIn(healthy, { role: 'officer' });
      adminToken = (await signIn(healthy, { role: 'admin' })).accessToken;
      await healthy.close();
      healthy = undefined;
      api = await startApi({ ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    });

    afterAll(async () => {
      await healthy?.close();
      await api?.close();
      await destroyTestEnvironment(env);
    });

    it('ready is 503 not-ready naming redis, with database and migrations up', async () => {
      const started = Date.now();
      const res = await api.http.get('/health/ready');
      expectNotReady(res, ['redis'], ['database', 'migrations']);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('live stays 200', async () => {
      const res = await api.http.get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('login, which needs only the database, still works', async () => {
      const res = await api.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      const me = await api.http.get('/api/v1/auth/me').set(bearer(res.body.accessToken));
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(user.username);
    });

    it('a write still commits, its event waiting in the outbox', async () => {
      const res = await api.http
        .post('/api/v1/users')
        .set(bearer(adminToken))
        .send({ username: 'made.without.redis', password: PASSWORD, role: 'officer' });
      expect(res.status).toBe(201);
      const db = api.app.get<DataSource>(getDataSourceToken());
      const events = await db.query(`SELECT type, dispatched_at FROM outbox_events WHERE payload->>'userId' = $1`, [
        res.body.id,
      ]);
      expect(events).toEqual([{ type: 'identity.user_created', dispatched_at: null }]);
    });
  });
});
