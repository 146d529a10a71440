import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait-for';

describe('outages of PostgreSQL', () => {
  let env: TestEnvironment;
  let api: TestApi;
  const proxy = new TcpProxy(5432);
  let token: string;

  beforeAll(async () => {
    await proxy.start();
    env = await createTestEnvironment();
    const viaProxy = new URL(env.DATABASE_URL);
    viaProxy.port = String(proxy.port);
    api = await startApi({ ...env, DATABASE_URL: viaProxy.toString() });
    token = (await signIn(api, { role: 'officer' })).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await proxy.stop();
    await destroyTestEnvironment(env);
  });

  it('while PostgreSQL is unreachable, calls that need it answer 503 problem+json with Retry-After; the process stays up and recovers', async () => {
    await proxy.stop();

    const me = await api.http.get('/api/v1/auth/me').set(bearer(token));
    expect(me.status).toBe(503);
    expect(me.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(me.body.type).toBe('/problems/service-unavailable');
    expect(Number(me.headers['retry-after'])).toBeGreaterThan(0);

    const login = await api.http.post('/api/v1/auth/login').send({ username: 'anyone', password: 'whatever' });
    expect(login.status).toBe(503);

    const ready = await api.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database.status).toBe('down');
    expect((await api.http.get('/health/live')).status).toBe(200);

    await proxy.start();
    const back = await waitFor(
      async () => (await api.http.get('/api/v1/auth/me').set(bearer(token))).status,
      (status) => status === 200,
      20_000,
    );
    expect(back).toBe(200);
    expect((await api.http.get('/health/ready')).status).toBe(200);
  }, 40_000);
});
