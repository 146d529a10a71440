import type { Response } from 'supertest';
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

type Res = Response;

const expectProblem = (res: Res, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
};

/** ARCHITECTURE.md: "Any number of each can run side by side: the api is stateless (JWT)". */
describe('two API instances side by side on one database and Redis', () => {
  let env: TestEnvironment;
  let a: TestApi;
  let b: TestApi;

  beforeAll(async () => {
    env = await createTestEnvironment({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    a = await startApi(env);
    b = await startApi(env);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await destroyTestEnvironment(env);
  });

  it('are two distinct applications', () => {
    expect(a.app).not.toBe(b.app);
    expect(a.app.getHttpServer()).not.toBe(b.app.getHttpServer());
  });

  it('an access token issued by one is accepted by the other, both ways', async () => {
    const onA = await signIn(a, { role: 'officer' });
    const meOnB = await b.http.get('/api/v1/auth/me').set(bearer(onA.accessToken));
    expect(meOnB.status).toBe(200);
    expect(meOnB.body).toMatchObject({ id: onA.id, username: onA.username, role: 'officer' });

    const loginOnB = await b.http.post('/api/v1/auth/login').send({ username: onA.username, password: PASSWORD });
    expect(loginOnB.status).toBe(200);
    const meOnA = await a.http.get('/api/v1/auth/me').set(bearer(loginOnB.body.accessToken));
    expect(meOnA.status).toBe(200);
    expect(meOnA.body.id).toBe(onA.id);
  });

  it('an admin signed in on one manages users on the other', async () => {
    const admin = await signIn(a, { role: 'admin' });
    const created = await b.http
      .post('/api/v1/users')
      .set(bearer(admin.accessToken))
      .send({ username: 'made.on.b', password: PASSWORD, role: 'adjudicator' });
    expect(created.status).toBe(201);
    const fetched = await a.http.get(`/api/v1/users/${created.body.id}`).set(bearer(admin.accessToken));
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('a refresh token rotated on A is refused when replayed on B', async () => {
    const user = await signIn(a, { role: 'observer' });
    const rotated = await a.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);

    const replay = await b.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expectProblem(replay, 401);
    expect(replay.body.detail).toMatch(/already used/);
    // The replay revoked the whole family, wherever its newest token is presented.
    expectProblem(await a.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }), 401);
  });

  it('the pair rotated on A goes on working on B', async () => {
    const user = await signIn(a, { role: 'officer' });
    const rotated = await a.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    expect((await b.http.get('/api/v1/auth/me').set(bearer(rotated.body.accessToken))).status).toBe(200);
    const again = await b.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expect(again.status).toBe(200);
    expect(again.body.refreshToken).not.toBe(rotated.body.refreshToken);
  });

  it('the same refresh token sent to both at once is honoured by at most one', async () => {
    const user = await signIn(a, { role: 'officer' });
    const [fromA, fromB] = await Promise.all([
      a.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
      b.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
    ]);
    const statuses = [fromA.status, fromB.status].sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('logout on B revokes a refresh token issued by A', async () => {
    const user = await signIn(a, { role: 'officer' });
    expect((await b.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken })).status).toBe(204);
    expectProblem(await a.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
  });

  it('deactivating a user on A refuses its access token on B at once', async () => {
    const admin = await signIn(b, { role: 'admin' });
    const user = await signIn(b, { role: 'officer' });
    expect((await b.http.get('/api/v1/auth/me').set(bearer(user.accessToken))).status).toBe(200);
    const patched = await a.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin.accessToken))
      .send({ active: false });
    expect(patched.status).toBe(200);
    expectProblem(await b.http.get('/api/v1/auth/me').set(bearer(user.accessToken)), 401);
  });

  it('the login rate limit holds across instances: alternating between them buys no extra guesses', async () => {
    const user = await signIn(a, { role: 'officer' }); // one of the 3 attempts
    const guess = (api: TestApi) =>
      api.http.post('/api/v1/auth/login').send({ username: user.username, password: 'wrong-guess' });
    expect((await guess(b)).status).toBe(401);
    expect((await guess(a)).status).toBe(401);
    // The 4th attempt within the minute, whichever instance it reaches.
    expectProblem(await guess(b), 429);
    expectProblem(await guess(a), 429);
  });
});
