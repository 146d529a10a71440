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

const basic = (username: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

const expectRefused = (res: Res, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
  // Nothing of the board leaks with the refusal.
  expect(res.text).not.toMatch(/<html|Recourse queues/i);
};

describe('queue dashboard (/admin/queues)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: { id: string; username: string; accessToken: string };

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    admin = await signIn(api, { role: 'admin' });
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  const deactivate = async (id: string) => {
    const res = await api.http.patch(`/api/v1/users/${id}`).set(bearer(admin.accessToken)).send({ active: false });
    expect(res.status).toBe(200);
  };

  it('without credentials is 401 problem+json asking for HTTP Basic', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues']) {
      const res = await api.http.get(path);
      expectRefused(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+"/);
    }
  });

  it("an officer's bearer token is 403", async () => {
    const officer = await signIn(api, { role: 'officer' });
    expectRefused(await api.http.get('/admin/queues').set(bearer(officer.accessToken)), 403);
    expectRefused(await api.http.get('/admin/queues/api/queues').set(bearer(officer.accessToken)), 403);
  });

  it.each(['adjudicator', 'party_agent', 'observer'] as const)('a bearer token of the %s role is 403', async (role) => {
    const user = await signIn(api, { role });
    expectRefused(await api.http.get('/admin/queues/api/queues').set(bearer(user.accessToken)), 403);
  });

  it('a garbage or forged bearer token is refused', async () => {
    expectRefused(await api.http.get('/admin/queues').set(bearer('not.a.token')), 403);
    const [header, payload] = admin.accessToken.split('.');
    expectRefused(await api.http.get('/admin/queues').set(bearer(`${header}.${payload}.forgedsignature`)), 403);
  });

  it("an admin's bearer token gets the board as HTML", async () => {
    const res = await api.http.get('/admin/queues').set(bearer(admin.accessToken));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html/i);
  });

  it("an admin's username and password over HTTP Basic get the board", async () => {
    const res = await api.http.get('/admin/queues').set(basic(admin.username, PASSWORD));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // The username is case-insensitive, as at login.
    const upper = await api.http.get('/admin/queues').set(basic(admin.username.toUpperCase(), PASSWORD));
    expect(upper.status).toBe(200);
  });

  it('HTTP Basic with a wrong password, an unknown user or a malformed value is refused', async () => {
    for (const auth of [
      basic(admin.username, 'not-the-password'),
      basic('nobody-at-all', PASSWORD),
      basic(admin.username, ''),
      { Authorization: `Basic ${Buffer.from('no-colon-here').toString('base64')}` },
      { Authorization: 'Basic !!!not-base64!!!' },
    ]) {
      const res = await api.http.get('/admin/queues').set(auth);
      expect([401, 403]).toContain(res.status);
      expectRefused(res, res.status);
    }
  });

  it("HTTP Basic with an officer's correct password is refused", async () => {
    const officer = await signIn(api, { role: 'officer' });
    const res = await api.http.get('/admin/queues').set(basic(officer.username, PASSWORD));
    expect([401, 403]).toContain(res.status);
    expectRefused(res, res.status);
  });

  it("a deactivated admin's bearer token is refused at once", async () => {
    const other = await signIn(api, { role: 'admin' });
    expect((await api.http.get('/admin/queues/api/queues').set(bearer(other.accessToken))).status).toBe(200);
    await deactivate(other.id);
    const res = await api.http.get('/admin/queues/api/queues').set(bearer(other.accessToken));
    expect([401, 403]).toContain(res.status);
    expectRefused(res, res.status);
  });

  it("a demoted admin's bearer token is refused at once", async () => {
    const other = await signIn(api, { role: 'admin' });
    const demoted = await api.http
      .patch(`/api/v1/users/${other.id}`)
      .set(bearer(admin.accessToken))
      .send({ role: 'officer' });
    expect(demoted.status).toBe(200);
    const res = await api.http.get('/admin/queues').set(bearer(other.accessToken));
    expect([401, 403]).toContain(res.status);
  });

  it("a deactivated admin's Basic credentials are refused at once, even right after they were accepted", async () => {
    const other = await signIn(api, { role: 'admin' });
    expect((await api.http.get('/admin/queues').set(basic(other.username, PASSWORD))).status).toBe(200);
    await deactivate(other.id);
    const res = await api.http.get('/admin/queues').set(basic(other.username, PASSWORD));
    expect([401, 403]).toContain(res.status);
  });

  it("an admin's old password stops opening the board once an admin changes it", async () => {
    const other = await signIn(api, { role: 'admin' });
    expect((await api.http.get('/admin/queues').set(basic(other.username, PASSWORD))).status).toBe(200);
    await api.http
      .patch(`/api/v1/users/${other.id}`)
      .set(bearer(admin.accessToken))
      .send({ password: 'a-brand-new-password' })
      .expect(200);
    expect([401, 403]).toContain((await api.http.get('/admin/queues').set(basic(other.username, PASSWORD))).status);
    expect((await api.http.get('/admin/queues').set(basic(other.username, 'a-brand-new-password'))).status).toBe(200);
  });

  it("the board's API lists the five queues for an admin", async () => {
    const res = await api.http.get('/admin/queues/api/queues').set(bearer(admin.accessToken));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['deadlines', 'events', 'imports', 'notifications', 'publication']);
  });

  it("the board's write API is refused without admin credentials", async () => {
    const officer = await signIn(api, { role: 'officer' });
    expectRefused(await api.http.put('/admin/queues/api/queues/pause'), 401);
    expectRefused(await api.http.put('/admin/queues/api/queues/pause').set(bearer(officer.accessToken)), 403);
    const queues = await api.http.get('/admin/queues/api/queues').set(bearer(admin.accessToken));
    expect((queues.body.queues as { isPaused: boolean }[]).every((q) => !q.isPaused)).toBe(true);
  });
});
