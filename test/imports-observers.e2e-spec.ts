import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { communeElection, SHEET_HEADER, SHEET_ROWS, STATIONS } from './support/import-fixtures';
import { connect, csv, importFile, upload } from './support/imports';
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

const ELECTION = 'KH-2017-OBS';
const ROOM = 'observer:SITUATION-ROOM';
const NICFEC = 'observer:NICFEC';
/** The first eleven sheets of the fixture (S01–S11), all accepted. */
const OFFICIAL_ROWS = SHEET_ROWS.slice(0, 11);
const CPP = SHEET_HEADER.indexOf('CPP');

/** The official rows with `extra` CPP votes at the given stations (a copy that disagrees on party votes). */
const copyWith = (changes: Record<string, number>) =>
  csv([
    SHEET_HEADER,
    ...OFFICIAL_ROWS.map((row) => {
      const extra = changes[row[0] as string];
      return extra === undefined ? row : row.map((cell, i) => (i === CPP ? (cell as number) + extra : cell));
    }),
  ]);

describe("observer organisations' own sources", () => {
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let admin: string;
  let room: string;
  let nicfec: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'recourse-observers-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage });
    api = await startApi(env);
    worker = await startWorker(env);
    db = await connect(env.DATABASE_URL);
    admin = (await signIn(api, { role: 'admin' })).accessToken;
    room = (await signIn(api, { role: 'observer', organisation: 'Situation Room' })).accessToken;
    nicfec = (await signIn(api, { role: 'observer', organisation: 'NICFEC' })).accessToken;
    expect((await api.http.post('/api/v1/elections').set(bearer(admin)).send(communeElection(ELECTION))).status).toBe(
      201,
    );
    expect((await importFile(api, ELECTION, STATIONS, { kind: 'stations', token: admin })).status).toBe('succeeded');
    const official = await importFile(api, ELECTION, csv([SHEET_HEADER, ...OFFICIAL_ROWS]), {
      kind: 'sheets',
      source: 'official_preliminary',
      token: admin,
    });
    expect(official).toMatchObject({ status: 'succeeded', rowsChanged: 11 });
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  const currentBySource = async () =>
    Object.fromEntries(
      (
        await db.query<{ source: string; n: number }>(
          `SELECT source, count(*)::int AS n FROM result_sheets WHERE is_current GROUP BY source ORDER BY source`,
        )
      ).rows.map((r) => [r.source, r.n]),
    );
  const get = (path: string) => api.http.get(`/api/v1/elections/${ELECTION}/${path}`);

  it("an observer's upload goes to its organisation's source, and never retires another organisation's sheets", async () => {
    // `observer` from an observer means its own organisation's source.
    const first = await importFile(api, ELECTION, copyWith({ S03: 5 }), {
      kind: 'sheets',
      source: 'observer',
      token: room,
    });
    expect(first).toMatchObject({ status: 'succeeded', source: ROOM, rowsChanged: 11 });
    const second = await importFile(api, ELECTION, copyWith({ S05: 7, S06: 1 }), {
      kind: 'sheets',
      source: NICFEC,
      token: nicfec,
    });
    expect(second).toMatchObject({ status: 'succeeded', source: NICFEC, rowsChanged: 11 });
    expect(await currentBySource()).toEqual({ official_preliminary: 11, [ROOM]: 11, [NICFEC]: 11 });

    // A correction by one organisation adds its version 2; the other's stays as it was.
    const corrected = await importFile(api, ELECTION, copyWith({ S03: 6 }), {
      kind: 'sheets',
      source: ROOM,
      token: room,
    });
    expect(corrected).toMatchObject({ status: 'succeeded', rowsChanged: 1 });
    const versions = await db.query(
      `SELECT r.source, r.version, r.is_current FROM result_sheets r JOIN polling_stations p ON p.id = r.station_id
        WHERE p.code = 'S03' AND r.source LIKE 'observer%' ORDER BY r.source, r.version`,
    );
    expect(versions.rows).toEqual([
      { source: NICFEC, version: 1, is_current: true },
      { source: ROOM, version: 1, is_current: false },
      { source: ROOM, version: 2, is_current: true },
    ]);
  });

  it("an observer may not upload under another organisation's source, nor the official ones", async () => {
    const refused = [
      await upload(api, ELECTION, copyWith({}), { kind: 'sheets', source: ROOM, token: nicfec }),
      await upload(api, ELECTION, copyWith({}), { kind: 'sheets', source: 'official_final', token: nicfec }),
      await upload(api, ELECTION, STATIONS, { kind: 'stations', token: nicfec }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(refused[0].headers['content-type']).toContain('application/problem+json');
    expect(refused[0].body.detail).toContain(NICFEC);
    const malformed = await upload(api, ELECTION, copyWith({}), {
      kind: 'sheets',
      source: 'observer:no spaces',
      token: admin,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'source', message: expect.stringContaining('observer:<ORG>') }]);
    expect(await currentBySource()).toEqual({ official_preliminary: 11, [ROOM]: 11, [NICFEC]: 11 });
  });

  it("the match rate and the discrepancies are asked for one organisation's copies", async () => {
    const roomRate = await get(`match-rate?source=${ROOM}`);
    expect(roomRate.status).toBe(200);
    expect(roomRate.body).toMatchObject({ source: ROOM, stationsCompared: 11, stationsMatching: 10 });
    const nicfecRate = await get(`match-rate?source=${NICFEC}`);
    expect(nicfecRate.body).toMatchObject({ source: NICFEC, stationsCompared: 11, stationsMatching: 9 });
    const differ = await get(`discrepancies?source=${NICFEC}`);
    expect(differ.status).toBe(200);
    expect(differ.body.items.map((d: { stationCode: string }) => d.stationCode).sort()).toEqual(['S05', 'S06']);
    expect(differ.body.items.find((d: { stationCode: string }) => d.stationCode === 'S05').fields).toEqual([
      { field: 'CPP', official: 150, other: 157, difference: 7 },
    ]);
    // No sheets of the shared source: nothing to compare.
    expect((await get('match-rate?source=observer')).body).toMatchObject({ stationsCompared: 0 });
  });

  it("recount triggers count every organisation's disagreement, or one organisation's with source", async () => {
    type Trigger = { trigger: string; code: string; source?: string };
    const disagreements = (items: Trigger[]) =>
      items
        .filter((t) => t.trigger === 'SOURCES_DISAGREE')
        .map((t) => `${t.code} ${t.source}`)
        .sort();
    const all = await get('recount-triggers');
    expect(all.status).toBe(200);
    expect(disagreements(all.body.items)).toEqual([`S03 ${ROOM}`, `S05 ${NICFEC}`, `S06 ${NICFEC}`]);
    const one = await get(`recount-triggers?source=${NICFEC}`);
    expect(disagreements(one.body.items)).toEqual([`S05 ${NICFEC}`, `S06 ${NICFEC}`]);
    const bad = await get('recount-triggers?source=official_final');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it("an admin's `observer` stays the shared source; an admin may load any organisation's copy", async () => {
    const shared = await importFile(api, ELECTION, copyWith({}), { kind: 'sheets', source: 'observer', token: admin });
    expect(shared).toMatchObject({ status: 'succeeded', source: 'observer', rowsChanged: 11 });
    const other = await importFile(api, ELECTION, copyWith({}), {
      kind: 'sheets',
      source: 'observer:COMFREL',
      token: admin,
    });
    expect(other).toMatchObject({ status: 'succeeded', source: 'observer:COMFREL' });
    expect(await currentBySource()).toEqual({
      official_preliminary: 11,
      observer: 11,
      'observer:COMFREL': 11,
      [ROOM]: 11,
      [NICFEC]: 11,
    });
    expect((await get('match-rate?source=observer')).body).toMatchObject({
      stationsCompared: 11,
      stationsMatching: 11,
    });
  });
});
