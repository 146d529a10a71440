import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';

describe('Idempotency-Key on creating requests', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: string;
  let otherAdmin: string;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    admin = (await signIn(api, { role: 'admin' })).accessToken;
    otherAdmin = (await signIn(api, { role: 'admin' })).accessToken;
    db = api.app.get(getDataSourceToken());
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  const newUser = (username: string) => ({ username, password: 'long-enough-password', role: 'officer' });
  const count = async (username: string) =>
    (await db.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [username]))[0].n as number;

  it('a retry with the same key and body returns the first response and creates nothing more', async () => {
    const first = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'create-sokha-1')
      .send(newUser('sokha'));
    expect(first.status).toBe(201);
    const retry = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'create-sokha-1')
      .send(newUser('sokha'));
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await count('sokha')).toBe(1);
  });

  it('the same key with another body is 422', async () => {
    await api.http.post('/api/v1/users').set(bearer(admin)).set('Idempotency-Key', 'k-2').send(newUser('dara'));
    const other = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'k-2')
      .send(newUser('vanna'));
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    expect(await count('vanna')).toBe(0);
  });

  it('keys are per user: another user may use the same key', async () => {
    const mine = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'shared-key')
      .send(newUser('bopha'));
    const theirs = await api.http
      .post('/api/v1/users')
      .set(bearer(otherAdmin))
      .set('Idempotency-Key', 'shared-key')
      .send(newUser('chenda'));
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.username).toBe('chenda');
  });

  it('a failed request leaves no key behind, so the corrected retry is not blocked', async () => {
    const bad = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'k-fail')
      .send({ ...newUser('kosal'), role: 'party_agent' });
    expect(bad.status).toBe(422);
    const again = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'k-fail')
      .send({ ...newUser('kosal'), role: 'party_agent', partyCode: 'CPP' });
    expect(again.status).toBe(201);
  });

  it('concurrent requests with one key create one record; the others replay it or are told to retry', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.http.post('/api/v1/users').set(bearer(admin)).set('Idempotency-Key', 'race').send(newUser('rithy')),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(await count('rithy')).toBe(1);
  });

  it('a malformed key is 400 naming the header', async () => {
    const res = await api.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'has spaces in it')
      .send(newUser('nimol'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('an upload retried with the same key and file returns the first import; another file is 422', async () => {
    const election = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        code: 'IDEM-1',
        name: 'Idempotent uploads',
        kind: 'commune_council',
        pollingDate: '2017-06-04',
        contestLevel: 'commune',
        parties: [{ code: 'A', name: 'Party A' }],
      });
    expect(election.status).toBe(201);
    const header =
      'station_code,station_name,commune_code,commune_name_en,commune_name_km,district_code,district_name_en,' +
      'district_name_km,province_code,province_name_en,province_name_km,registered_voters\n';
    const file = (voters: number) =>
      Buffer.from(`${header}S1,School,010101,Commune,,0101,District,,01,Province,,${voters}\n`);
    const upload = (voters: number) =>
      api.http
        .post('/api/v1/elections/IDEM-1/imports')
        .set(bearer(admin))
        .set('Idempotency-Key', 'upload-1')
        .field('kind', 'stations')
        .attach('file', file(voters), 'stations.csv');

    const first = await upload(500);
    expect(first.status).toBe(202);
    const retry = await upload(500);
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    const imports = await db.query(
      "SELECT count(*)::int AS n FROM result_imports i JOIN elections e ON e.id = i.election_id WHERE e.code = 'IDEM-1'",
    );
    expect(imports[0].n).toBe(1);

    const other = await upload(600);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
  });
});
