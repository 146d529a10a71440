import { JwtService } from '@nestjs/jwt';
import { Environment } from '@app/platform';
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

describe('auth', () => {
  let env: TestEnvironment;
  let api: TestApi;

  beforeAll(async () => {
    env = await createTestEnvironment({ LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: { status: number } },
    status: number,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
  };

  it('a correct password returns a token pair, and /me tells who is signed in', async () => {
    const agent = await signIn(api, { role: 'party_agent', partyCode: 'CPP', displayName: 'Sok Dara' });
    const me = await api.http.get('/api/v1/auth/me').set(bearer(agent.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: agent.id,
      username: agent.username,
      displayName: 'Sok Dara',
      role: 'party_agent',
      partyCode: 'CPP',
    });
  });

  it('a wrong password is 401 problem+json, the same answer as an unknown username', async () => {
    const user = await signIn(api, { role: 'officer' });
    const wrong = await api.http
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: 'not-it-at-all' });
    const unknown = await api.http.post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'whatever' });
    expectProblem(wrong, 401);
    expect(wrong.body.type).toBe('/problems/invalid-credentials');
    expect({ ...unknown.body, requestId: undefined }).toEqual({ ...wrong.body, requestId: undefined });
  });

  it('usernames are case-insensitive', async () => {
    const user = await signIn(api, { role: 'officer', username: 'chan.sopheap' });
    const res = await api.http.post('/api/v1/auth/login').send({ username: 'Chan.Sopheap', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(user.username).toBe('chan.sopheap');
  });

  it('no token, a tampered token and a token signed with another key are 401', async () => {
    const user = await signIn(api, { role: 'officer' });
    const none = await api.http.get('/api/v1/auth/me');
    expectProblem(none, 401);

    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = await api.http.get('/api/v1/auth/me').set(bearer(`${header}.${forged}.${signature}`));
    expectProblem(tampered, 401);

    const otherKey = new JwtService().sign(claims, { secret: 'another-secret-that-is-long-enough-000' });
    const foreign = await api.http.get('/api/v1/auth/me').set(bearer(otherKey));
    expectProblem(foreign, 401);
  });

  it('an expired token is 401', async () => {
    const user = await signIn(api, { role: 'officer' });
    const secret = api.app.get(Environment).jwtSecret;
    const expired = new JwtService().sign(
      { sub: user.id, tv: 0, role: 'officer', exp: Math.floor(Date.now() / 1000) - 10 },
      { secret, issuer: 'recourse', audience: 'recourse-api' },
    );
    const res = await api.http.get('/api/v1/auth/me').set(bearer(expired));
    expectProblem(res, 401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('a refresh token works once: the new pair works, the used token is 401', async () => {
    const user = await signIn(api, { role: 'observer' });
    const first = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const me = await api.http.get('/api/v1/auth/me').set(bearer(first.body.accessToken));
    expect(me.status).toBe(200);

    const again = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expectProblem(again, 401);
  });

  it('reusing a refresh token revokes its whole family, including the newest token', async () => {
    const user = await signIn(api, { role: 'observer' });
    const rotated = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);

    const replay = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expectProblem(replay, 401);
    expect(replay.body.detail).toMatch(/already used/);

    const newest = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expectProblem(newest, 401);
  });

  it('other sessions of the same user survive a family revocation', async () => {
    const user = await signIn(api, { role: 'officer' });
    const second = await api.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
    await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    const other = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(other.status).toBe(200);
  });

  it('logout revokes the refresh token', async () => {
    const user = await signIn(api, { role: 'officer' });
    const out = await api.http.post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken });
    expect(out.status).toBe(204);
    const after = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expectProblem(after, 401);
  });

  it('a garbage refresh token is 401, not 500', async () => {
    const res = await api.http.post('/api/v1/auth/refresh').send({ refreshToken: 'not-a-token' });
    expectProblem(res, 401);
  });

  it("a deactivated user's access token is 401 at once, and its refresh token too", async () => {
    const admin = await signIn(api, { role: 'admin' });
    const user = await signIn(api, { role: 'officer' });
    const patched = await api.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin.accessToken))
      .send({ active: false });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);

    expectProblem(await api.http.get('/api/v1/auth/me').set(bearer(user.accessToken)), 401);
    expectProblem(await api.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
    expectProblem(await api.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD }), 401);
  });

  it('a password change ends the sessions signed in with the old one', async () => {
    const admin = await signIn(api, { role: 'admin' });
    const user = await signIn(api, { role: 'officer' });
    await api.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin.accessToken))
      .send({ password: 'a-brand-new-password' })
      .expect(200);
    expectProblem(await api.http.get('/api/v1/auth/me').set(bearer(user.accessToken)), 401);
    const fresh = await api.http
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: 'a-brand-new-password' });
    expect(fresh.status).toBe(200);
  });

  it('login is rate-limited per address and username: the 6th attempt in a minute is 429 problem+json', async () => {
    const user = await signIn(api, { role: 'officer' });
    const attempt = () =>
      api.http.post('/api/v1/auth/login').send({ username: user.username, password: 'wrong-guess' });
    // signIn used one attempt of the five.
    for (let i = 0; i < 4; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expectProblem(limited, 429);
    expect(limited.body.type).toBe('/problems/rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another username from the same address is not held back.
    const other = await signIn(api, { role: 'officer' });
    expect(other.accessToken).toEqual(expect.any(String));
  });
});
