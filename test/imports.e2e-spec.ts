import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import {
  communeElection,
  EXPECTED_FINDINGS,
  EXPECTED_REJECTIONS,
  SHEET_HEADER,
  SHEET_ROWS,
  SHEETS,
  STATIONS,
} from './support/import-fixtures';
import { connect, csv, finished, importFile, report, STATIONS_HEADER, upload } from './support/imports';
import { waitFor } from './support/wait-for';
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

const ELECTION = 'KH-2017-CC';

describe('imports of stations, seats and sheets', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let admin: { id: string; accessToken: string };
  let token: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'recourse-imports-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage, IMPORT_MAX_BYTES: '10000000' });
    api = await startApi(env);
    worker = await startWorker(env);
    db = await connect(env.DATABASE_URL);
    admin = await signIn(api, { role: 'admin' });
    token = admin.accessToken;
    const created = await api.http.post('/api/v1/elections').set(bearer(token)).send(communeElection(ELECTION));
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  const sheetsOf = async (station: string, source = 'official_preliminary') =>
    (
      await db.query(
        `SELECT r.version, r.is_current, r.votes, r.findings, r.import_id, r.row_number, r.created_by, r.note
           FROM result_sheets r JOIN polling_stations p ON p.id = r.station_id
          WHERE p.code = $1 AND r.source = $2 ORDER BY r.version`,
        [station, source],
      )
    ).rows;
  const sheetCount = async () => (await db.query('SELECT count(*)::int AS n FROM result_sheets')).rows[0].n as number;

  it('a stations file adds the areas and stations; the upload answers 202 and the worker imports it', async () => {
    const res = await upload(api, ELECTION, STATIONS, { kind: 'stations', token });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
    const done = await finished(api, res.body.id, token);
    expect(done).toMatchObject({
      electionCode: ELECTION,
      kind: 'stations',
      source: null,
      status: 'succeeded',
      progress: 1,
      rowsTotal: 15,
      rowsAccepted: 15,
      rowsRejected: 0,
      rowsChanged: 15,
      errors: [],
      failure: null,
      createdBy: admin.id,
    });
    const communes = await api.http.get(`/api/v1/elections/${ELECTION}/areas?level=commune`);
    expect(communes.body.items.map((a: { code: string; parentCode: string }) => [a.code, a.parentCode])).toEqual([
      ['010201', '0102'],
      ['120101', '1201'],
      ['120102', '1201'],
    ]);
    expect(communes.body.items[1]).toMatchObject({ nameEn: 'Tonle Basak', nameKm: 'ទន្លេបាសាក់' });
    expect(communes.body.items[0].nameKm).toBeNull(); // an empty Khmer name
    const stations = await api.http.get(`/api/v1/elections/${ELECTION}/stations?q=S01`);
    expect(stations.body.items).toEqual([
      {
        code: 'S01',
        name: 'Wat Lanka, hall 1',
        communeCode: '120101',
        districtCode: '1201',
        provinceCode: '12',
        registeredVoters: 500,
      },
    ]);
  });

  it('re-importing an identical stations file changes nothing; a changed station is updated', async () => {
    const again = await importFile(api, ELECTION, STATIONS, { kind: 'stations', token });
    expect(again).toMatchObject({ status: 'succeeded', rowsAccepted: 15, rowsChanged: 0 });
    const changed = await importFile(
      api,
      ELECTION,
      STATIONS.replace('S04,Tonle Basak school', 'S04,Tonle Basak high school'),
      {
        kind: 'stations',
        token,
      },
    );
    expect(changed).toMatchObject({ status: 'succeeded', rowsAccepted: 15, rowsChanged: 1 });
    const s04 = await api.http.get(`/api/v1/elections/${ELECTION}/stations?q=S04`);
    expect(s04.body.items[0].name).toBe('Tonle Basak high school');
  });

  it('a stations file reports each rejected row with its line, field and reason, and imports the rest', async () => {
    const row = (code: string, name: string, commune: string, district: string, voters: string | number) => [
      code,
      name,
      commune,
      'Commune',
      '',
      district,
      'District',
      '',
      district.slice(0, 2),
      'Province',
      '',
      voters,
    ];
    const done = await importFile(
      api,
      ELECTION,
      csv([
        STATIONS_HEADER,
        row('S20', 'New station', '010201', '0102', 350), // 2: fine
        row('S21', '', '010201', '0102', 350), // 3
        row('S22', 'Abc', '010201', '0102', 'abc'), // 4
        row('S23', 'Neg', '010201', '0102', -5), // 5
        row('S20', 'Again', '010201', '0102', 350), // 6
        row('S24', 'Fine', '010203', '0102', 300), // 7: a new commune
        row('S25', 'Moved', '010203', '0103', 300), // 8: the same commune under another district
        row('S26', 'Level', '1201', '0102', 300), // 9: a district code used as a commune
      ]),
      { kind: 'stations', token },
    );
    expect(done).toMatchObject({ status: 'succeeded', rowsTotal: 8, rowsAccepted: 2, rowsRejected: 6, rowsChanged: 2 });
    expect(done.errors).toEqual([
      { row: 3, field: 'station_name', message: 'is missing' },
      { row: 4, field: 'registered_voters', message: 'is not a whole number: "abc"' },
      { row: 5, field: 'registered_voters', message: 'is negative: "-5"' },
      { row: 6, field: 'station_code', message: 'station "S20" is already on line 2' },
      { row: 8, field: 'commune_code', message: 'commune 010203 is in district 0102 on line 7' },
      { row: 9, field: 'commune_code', message: 'area code "1201" names areas of more than one level' },
    ]);
    const { rows } = await db.query("SELECT code FROM polling_stations WHERE code LIKE 'S2%' ORDER BY code");
    expect(rows.map((r) => r.code)).toEqual(['S20', 'S24']);
  });

  it('a seats file sets the seats of contest units and rejects areas that are not one', async () => {
    const seats = csv([
      ['area_code', 'seats'],
      ['120101', 5],
      ['120102', 'abc'],
      ['010201', 7],
      ['1201', 2],
      ['999999', 3],
      ['120101', 4],
    ]);
    const done = await importFile(api, ELECTION, seats, { kind: 'seats', token });
    expect(done).toMatchObject({ status: 'succeeded', rowsTotal: 6, rowsAccepted: 2, rowsRejected: 4, rowsChanged: 2 });
    expect(done.errors).toEqual([
      { row: 3, field: 'seats', message: 'is not a whole number: "abc"' },
      {
        row: 5,
        field: 'area_code',
        message: 'area 1201 is a district; the contest units of this election are communes',
      },
      { row: 6, field: 'area_code', message: 'no area "999999" in this election' },
      { row: 7, field: 'area_code', message: 'area "120101" is already on line 2' },
    ]);
    const { rows } = await db.query("SELECT code, seats FROM areas WHERE level = 'commune' ORDER BY code");
    expect(rows).toEqual([
      { code: '010201', seats: 7 },
      { code: '010203', seats: null },
      { code: '120101', seats: 5 },
      { code: '120102', seats: null },
    ]);
    expect(await importFile(api, ELECTION, seats, { kind: 'seats', token })).toMatchObject({ rowsChanged: 0 });
  });

  it('a sheets file stores version 1 of each accepted row, votes in ballot order, with its findings', async () => {
    const done = await importFile(api, ELECTION, SHEETS, { kind: 'sheets', source: 'official_preliminary', token });
    expect(done).toMatchObject({
      status: 'succeeded',
      rowsTotal: 16,
      rowsAccepted: 11,
      rowsRejected: 5,
      rowsChanged: 11,
    });
    expect(done.errors).toEqual(EXPECTED_REJECTIONS);
    for (const [station, findings] of Object.entries(EXPECTED_FINDINGS)) {
      const [sheet] = await sheetsOf(station);
      expect({ station, findings: sheet.findings }).toEqual({ station, findings });
    }
    const [s01] = await sheetsOf('S01');
    // The file lists FUN, CPP, CNRP; the election's ballot order is CPP, CNRP, FUN.
    expect(s01).toMatchObject({ version: 1, is_current: true, votes: [200, 150, 42], note: 'clean' });
    expect(s01).toMatchObject({ import_id: done.id, row_number: 2, created_by: admin.id });
    expect(await sheetsOf('S12')).toEqual([]);
  });

  it('negative and ten-digit counts are rejected in a file whose cells are all integers', async () => {
    const done = await importFile(
      api,
      ELECTION,
      csv([
        SHEET_HEADER,
        ['S01', 42, 200, 500, 400, 8, 392, 150, null, null, null, ''],
        ['S02', 42, 200, 500, 400, -8, 392, 150, null, null, null, ''],
        ['S03', 42, 200, 500, 400, 8, 392, 150, 1_000_000_000, null, null, ''],
      ]),
      { kind: 'sheets', source: 'party:FUN', token },
    );
    expect(done).toMatchObject({ status: 'succeeded', rowsAccepted: 1, rowsRejected: 2 });
    expect(done.errors).toEqual([
      { row: 3, field: 'invalid_ballots', message: 'is negative: "-8"' },
      { row: 4, field: 'ballots_received', message: 'is too large: "1000000000"' },
    ]);
  });

  it('re-importing the identical sheets file changes nothing', async () => {
    const before = await sheetCount();
    const done = await importFile(api, ELECTION, SHEETS, { kind: 'sheets', source: 'official_preliminary', token });
    expect(done).toMatchObject({ status: 'succeeded', rowsAccepted: 11, rowsRejected: 5, rowsChanged: 0 });
    expect(await sheetCount()).toBe(before);
    expect((await sheetsOf('S07')).map((s) => s.version)).toEqual([1]);
  });

  it('a changed figure from the same source adds version 2 and keeps version 1', async () => {
    const changedRows = SHEET_ROWS.map((r) =>
      r[0] === 'S07' ? ['S07', 47, 149, 400, 300, 3, 297, 101, null, null, null, 'corrected'] : r,
    );
    const done = await importFile(api, ELECTION, csv([SHEET_HEADER, ...changedRows]), {
      kind: 'sheets',
      source: 'official_preliminary',
      token,
    });
    expect(done).toMatchObject({ status: 'succeeded', rowsAccepted: 11, rowsChanged: 1 });
    const versions = await sheetsOf('S07');
    expect(versions).toMatchObject([
      { version: 1, is_current: false, votes: [150, 100, 47] },
      { version: 2, is_current: true, votes: [149, 101, 47], import_id: done.id, row_number: 8, note: 'corrected' },
    ]);
    // Another source is another copy: version 1 of its own.
    await importFile(api, ELECTION, SHEETS, { kind: 'sheets', source: 'observer', token });
    expect((await sheetsOf('S07', 'observer')).map((s) => s.version)).toEqual([1]);
  });

  it('the list shows the election imports to admins, newest first', async () => {
    const res = await api.http.get(`/api/v1/elections/${ELECTION}/imports?limit=2`).set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ kind: 'sheets', source: 'observer', status: 'succeeded' });
    expect(res.body.items[0].errors).toBeUndefined();
    const next = await api.http
      .get(`/api/v1/elections/${ELECTION}/imports?limit=50&cursor=${res.body.nextCursor}`)
      .set(bearer(token));
    expect(next.body.items.length).toBeGreaterThan(5);
    expect(next.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.items[0].id);
  });

  it('observers upload sheets of source observer only, and see only their own reports', async () => {
    const observer = (await signIn(api, { role: 'observer' })).accessToken;
    const other = (await signIn(api, { role: 'observer' })).accessToken;
    const officer = (await signIn(api, { role: 'officer' })).accessToken;
    const res = await upload(api, ELECTION, SHEETS, { kind: 'sheets', source: 'observer', token: observer });
    expect(res.status).toBe(202);
    expect((await finished(api, res.body.id, observer)).status).toBe('succeeded');
    expect((await api.http.get(`/api/v1/imports/${res.body.id}`).set(bearer(other))).status).toBe(404);
    const forbidden = [
      await upload(api, ELECTION, STATIONS, { kind: 'stations', token: observer }),
      await upload(api, ELECTION, SHEETS, { kind: 'sheets', source: 'official_final', token: observer }),
      await upload(api, ELECTION, SHEETS, { kind: 'sheets', source: 'observer', token: officer }),
      await api.http.get(`/api/v1/elections/${ELECTION}/imports`).set(bearer(observer)),
    ];
    expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(forbidden[0].headers['content-type']).toContain('application/problem+json');
  });

  it('progress and the row count are visible while an import runs', async () => {
    // Holds the merge for a while, so the test can look at a running import.
    await db.query(`CREATE FUNCTION hold_import() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN PERFORM pg_sleep(1.5); RETURN NULL; END $$`);
    await db.query(
      `CREATE TRIGGER hold_import BEFORE INSERT ON result_sheets FOR EACH STATEMENT EXECUTE FUNCTION hold_import()`,
    );
    try {
      const res = await upload(api, ELECTION, SHEETS, { kind: 'sheets', source: 'party:CPP', token });
      const seen = await waitFor(
        () => report(api, res.body.id, token),
        (r) => r.status !== 'queued' && (r.status !== 'running' || r.rowsTotal !== null),
      );
      expect(seen).toMatchObject({ status: 'running', rowsTotal: 16 });
      expect(seen.progress).toBeGreaterThanOrEqual(0.7);
      expect(seen.progress).toBeLessThan(1);
      expect(await finished(api, res.body.id, token)).toMatchObject({ status: 'succeeded', progress: 1 });
    } finally {
      await db.query('DROP TRIGGER hold_import ON result_sheets; DROP FUNCTION hold_import()');
    }
  });

  it('an import that fails midway leaves no rows, only a failed report', async () => {
    // The fifth new version breaks the merge after old versions were retired and others inserted.
    await db.query(`CREATE FUNCTION break_import() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await db.query(`CREATE TRIGGER break_import BEFORE INSERT ON result_sheets FOR EACH ROW
                    WHEN (NEW.source = 'observer' AND NEW.row_number = 6) EXECUTE FUNCTION break_import()`);
    const before = (await db.query('SELECT id, is_current, findings FROM result_sheets ORDER BY id')).rows;
    const changed = SHEET_ROWS.map((r) => (typeof r[3] === 'number' ? [...r.slice(0, 3), r[3] + 1, ...r.slice(4)] : r));
    const res = await upload(api, ELECTION, csv([SHEET_HEADER, ...changed]), {
      kind: 'sheets',
      source: 'observer',
      token,
    });
    const done = await finished(api, res.body.id, token);
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/injected failure.*nothing was applied/);
    expect(done).toMatchObject({ rowsAccepted: 0, rowsChanged: 0, errors: [] });
    expect((await db.query('SELECT id, is_current, findings FROM result_sheets ORDER BY id')).rows).toEqual(before);
    expect((await sheetsOf('S07', 'observer')).map((s) => [s.version, s.is_current])).toEqual([[1, true]]);
  });
});
