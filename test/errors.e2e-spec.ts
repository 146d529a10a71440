import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';

describe('errors are RFC 9457 problem+json', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let adminToken: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ BODY_LIMIT_BYTES: '4096' });
    api = await startApi(env);
    adminToken = (await signIn(api, { role: 'admin' })).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  const post = (path: string) => api.http.post(path).set(bearer(adminToken));

  it('malformed JSON is 400 malformed-json', async () => {
    const res = await post('/api/v1/users').set('content-type', 'application/json').send('{"username": "x",');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400, title: 'Malformed JSON' });
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('an empty JSON body is 400 malformed-json', async () => {
    const res = await post('/api/v1/users').set('content-type', 'application/json').send('');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/malformed-json');
  });

  it('a prototype-poisoning body is refused as malformed', async () => {
    const res = await post('/api/v1/users')
      .set('content-type', 'application/json')
      .send('{"username":"abc","__proto__":{"role":"admin"}}');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/malformed-json');
  });

  it('an unknown field is 400 and names the field', async () => {
    const res = await post('/api/v1/users').send({
      username: 'new.user',
      password: 'long-enough-password',
      role: 'officer',
      isSuperuser: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/validation-failed');
    expect(res.body.errors).toEqual([{ field: 'isSuperuser', message: 'is not an allowed field' }]);
  });

  it('every invalid field is listed with its reason', async () => {
    const res = await post('/api/v1/users').send({ username: 'A', password: 'short', role: 'king' });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['password', 'role', 'username']);
    for (const error of res.body.errors) expect(error.message.length).toBeGreaterThan(3);
  });

  it('a wrong type in a nested query is a validation problem, not a 500', async () => {
    const res = await api.http.get('/api/v1/users?limit=many').set(bearer(adminToken));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('limit');
  });

  it('an unknown route is 404 problem+json', async () => {
    const res = await api.http.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/not-found', status: 404, instance: '/api/v1/no-such-thing' });
  });

  it('an oversize body is 413', async () => {
    const res = await post('/api/v1/users').send({ username: 'big', password: 'x'.repeat(10_000), role: 'officer' });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('a content type the route does not take is 415', async () => {
    const res = await post('/api/v1/users').set('content-type', 'application/xml').send('<user/>');
    expect(res.status).toBe(415);
    expect(res.body.type).toBe('/problems/unsupported-media-type');
  });

  it('a webhook to this host or a private network is 422 naming the url, and nothing is registered', async () => {
    for (const url of [
      'http://127.0.0.1:9000/hook',
      'http://localhost/hook',
      'https://10.0.0.7/hook',
      'http://[::1]/',
    ]) {
      const res = await post('/api/v1/webhooks').send({ partyCode: 'CNRP', url });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        {
          field: 'url',
          message: expect.stringMatching(
            /(is this host|is a private or local address); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/,
          ),
        },
      ]);
    }
    const list = await api.http.get('/api/v1/webhooks?partyCode=CNRP').set(bearer(adminToken));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    // A public address is taken (delivery checks the address its name resolves to).
    const taken = await post('/api/v1/webhooks').send({ partyCode: 'CNRP', url: 'https://party.example.org/hook' });
    expect(taken.status).toBe(201);
  });

  it('a wrong method on a known path is a problem too', async () => {
    const res = await api.http.delete('/api/v1/auth/login');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('echoes a sane X-Request-Id and puts it in the problem', async () => {
    const res = await api.http.get('/api/v1/nowhere').set('x-request-id', 'trace-abc-123');
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    expect(res.body.requestId).toBe('trace-abc-123');
    const generated = await api.http.get('/api/v1/nowhere').set('x-request-id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('no input of a fuzzed batch yields a 500', async () => {
    const bodies: unknown[] = [
      null,
      42,
      'text',
      [],
      [{}],
      { username: null },
      { username: { $gt: '' } },
      { password: Number.MAX_VALUE },
    ];
    const paths = ['/api/v1/users', '/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout'];
    for (const path of paths) {
      for (const body of bodies) {
        const res = await post(path).set('content-type', 'application/json').send(JSON.stringify(body));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });
});
