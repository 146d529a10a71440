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

const communeElection = (code: string) => ({
  code,
  name: 'Commune council elections 2017',
  nameKm: 'ការបោះឆ្នោតក្រុមប្រឹក្សាឃុំ សង្កាត់',
  kind: 'commune_council',
  pollingDate: '2017-06-04',
  seatMethod: 'dhondt',
  contestLevel: 'commune',
  parties: [
    { code: 'CPP', name: "Cambodian People's Party", nameKm: 'គណបក្សប្រជាជនកម្ពុជា' },
    { code: 'CNRP', name: 'Cambodia National Rescue Party' },
  ],
});

describe('elections and reference data', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    admin = (await signIn(api, { role: 'admin' })).accessToken;
    officer = (await signIn(api, { role: 'officer' })).accessToken;
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  it('an admin creates an election; omitted policy and thresholds take the defaults of its kind', async () => {
    const res = await api.http.post('/api/v1/elections').set(bearer(admin)).send(communeElection('KH-2017-CC'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'KH-2017-CC',
      status: 'preparation',
      version: 1,
      parties: [
        { code: 'CPP', name: "Cambodian People's Party", nameKm: 'គណបក្សប្រជាជនកម្ពុជា' },
        { code: 'CNRP', name: 'Cambodia National Rescue Party', nameKm: null },
      ],
      thresholds: { highInvalidShare: 0.05, highTurnout: 0.98 },
      deadlinePolicy: { timeZone: 'Asia/Phnom_Penh', cutOff: '17:00', holidays: [] },
    });
    // Commune law: 3 days to file and to decide, no appeal from the NEC's decision.
    expect(res.body.deadlinePolicy.windows).toMatchObject({
      filing: { within: '3d' },
      decision: { within: '3d' },
      appeal: null,
    });
  });

  it('a national-assembly election gets 72h windows and an appeal', async () => {
    const res = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        ...communeElection('KH-2018-NA'),
        kind: 'national_assembly',
        contestLevel: 'province',
        pollingDate: '2018-07-29',
      });
    expect(res.status).toBe(201);
    expect(res.body.deadlinePolicy.windows).toMatchObject({ filing: { within: '72h' }, appeal: { within: '72h' } });
  });

  it('a given policy is laid over the defaults, window by window', async () => {
    const res = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        ...communeElection('KH-2022-CC'),
        pollingDate: '2022-06-05',
        deadlinePolicy: { holidays: ['2022-06-06'], windows: { decision: { within: '5wd' } } },
        thresholds: { highInvalidShare: 0.04 },
      });
    expect(res.status).toBe(201);
    expect(res.body.deadlinePolicy).toMatchObject({ holidays: ['2022-06-06'], cutOff: '17:00' });
    expect(res.body.deadlinePolicy.windows).toMatchObject({ filing: { within: '3d' }, decision: { within: '5wd' } });
    expect(res.body.thresholds).toEqual({ highInvalidShare: 0.04, highTurnout: 0.98 });
  });

  it('an unusable policy is 400 naming each field', async () => {
    const res = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        ...communeElection('KH-BAD-1'),
        deadlinePolicy: {
          timeZone: 'Mars/Olympus',
          windows: { filing: { within: '3 days' }, verdict: { within: '1d' } },
        },
      });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual([
      'deadlinePolicy.timeZone',
      'deadlinePolicy.windows.filing.within',
      'deadlinePolicy.windows.verdict',
    ]);
    const stored = await api.http.get('/api/v1/elections/KH-BAD-1');
    expect(stored.status).toBe(404);
  });

  it('bad bodies are 400 with their fields: nested party fields, duplicate party codes', async () => {
    const nested = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({ ...communeElection('KH-BAD-2'), parties: [{ code: 'cpp', name: '' }] });
    expect(nested.status).toBe(400);
    expect(nested.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'parties.0.code',
      'parties.0.name',
    ]);

    const twice = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        ...communeElection('KH-BAD-3'),
        parties: [
          { code: 'CPP', name: 'A' },
          { code: 'CPP', name: 'B' },
        ],
      });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'parties', message: 'party code CPP appears twice' }]);
  });

  it('a taken code is 409, and only admins may create', async () => {
    const again = await api.http.post('/api/v1/elections').set(bearer(admin)).send(communeElection('KH-2017-CC'));
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'code', message: 'is taken' }]);
    const byOfficer = await api.http.post('/api/v1/elections').set(bearer(officer)).send(communeElection('KH-X'));
    expect(byOfficer.status).toBe(403);
    const anonymous = await api.http.post('/api/v1/elections').send(communeElection('KH-Y'));
    expect(anonymous.status).toBe(401);
  });

  it('anyone reads elections, with an ETag that answers 304 when unchanged', async () => {
    const first = await api.http.get('/api/v1/elections/KH-2017-CC');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(/public/);
    const etag = first.headers['etag'];
    expect(etag).toMatch(/^".+"$/);
    const again = await api.http.get('/api/v1/elections/KH-2017-CC').set('if-none-match', etag);
    expect(again.status).toBe(304);

    const parties = await api.http.get('/api/v1/elections/KH-2017-CC/parties');
    expect(parties.body.map((p: { code: string }) => p.code)).toEqual(['CPP', 'CNRP']);
    expect((await api.http.get('/api/v1/elections/NOPE')).status).toBe(404);
  });

  it('lists elections newest first, page by page, filtered by kind', async () => {
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { code: string }[]; nextCursor: string | null } } = await api.http
        .get('/api/v1/elections')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) });
      pages.push(...res.body.items.map((e) => e.code));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(['KH-2022-CC', 'KH-2018-NA', 'KH-2017-CC']);
    const national = await api.http.get('/api/v1/elections?kind=national_assembly');
    expect(national.body.items.map((e: { code: string }) => e.code)).toEqual(['KH-2018-NA']);
  });

  it('status moves forward only; a stale version is 409', async () => {
    const forward = await api.http
      .patch('/api/v1/elections/KH-2017-CC')
      .set(bearer(admin))
      .send({ status: 'complaints_open', preliminaryResultsAt: '2017-06-05T03:00:00Z', expectedVersion: 1 });
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      status: 'complaints_open',
      version: 2,
      preliminaryResultsAt: '2017-06-05T03:00:00.000Z',
    });

    const back = await api.http.patch('/api/v1/elections/KH-2017-CC').set(bearer(admin)).send({ status: 'polling' });
    expect(back.status).toBe(409);
    const stale = await api.http
      .patch('/api/v1/elections/KH-2017-CC')
      .set(bearer(admin))
      .send({ name: 'Renamed', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
  });

  it('areas and stations list by level, parent, area and text', async () => {
    const db: DataSource = api.app.get(getDataSourceToken());
    const [{ id }] = await db.query("SELECT id FROM elections WHERE code = 'KH-2017-CC'");
    await db.query(
      `INSERT INTO areas (election_id, code, level, parent_code, name_en, name_km, seats) VALUES
       ($1, '12', 'province', NULL, 'Phnom Penh', 'ភ្នំពេញ', NULL),
       ($1, '1201', 'district', '12', 'Chamkar Mon', 'ចំការមន', NULL),
       ($1, '120101', 'commune', '1201', 'Tonle Basak', 'ទន្លេបាសាក់', 11),
       ($1, '120102', 'commune', '1201', 'Boeng Keng Kang Ti Muoy', NULL, 9)`,
      [id],
    );
    await db.query(
      `INSERT INTO polling_stations (election_id, code, name, commune_code, district_code, province_code, registered_voters)
       VALUES ($1, '0001', 'Wat Lanka school', '120101', '1201', '12', 700),
              ($1, '0002', 'Tonle Basak primary', '120101', '1201', '12', 650),
              ($1, '0003', 'BKK1 pagoda', '120102', '1201', '12', 800)`,
      [id],
    );
    const communes = await api.http.get('/api/v1/elections/KH-2017-CC/areas?level=commune&parent=1201');
    expect(communes.body.items.map((a: { code: string; seats: number }) => [a.code, a.seats])).toEqual([
      ['120101', 11],
      ['120102', 9],
    ]);
    expect(communes.body.items[0].nameKm).toBe('ទន្លេបាសាក់');

    const inCommune = await api.http.get('/api/v1/elections/KH-2017-CC/stations?area=120101');
    expect(inCommune.body.items.map((s: { code: string }) => s.code)).toEqual(['0001', '0002']);
    const inProvince = await api.http.get('/api/v1/elections/KH-2017-CC/stations?area=12&limit=2');
    expect(inProvince.body.items).toHaveLength(2);
    expect(inProvince.body.nextCursor).toEqual(expect.any(String));
    const byText = await api.http.get('/api/v1/elections/KH-2017-CC/stations?q=pagoda');
    expect(byText.body.items.map((s: { code: string }) => s.code)).toEqual(['0003']);
    const otherElection = await api.http.get('/api/v1/elections/KH-2018-NA/stations');
    expect(otherElection.body.items).toEqual([]);
    const badLevel = await api.http.get('/api/v1/elections/KH-2017-CC/areas?level=village');
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.errors[0].field).toBe('level');
  });
});
