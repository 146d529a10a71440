import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { communeElection, SHEETS, STATIONS } from './support/import-fixtures';
import { connect, importFile } from './support/imports';
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
import { waitFor } from './support/wait-for';

const ELECTION = 'KH-2017-TH';

describe('findings follow the election thresholds', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let token: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'recourse-thresholds-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage });
    api = await startApi(env);
    worker = await startWorker(env);
    db = await connect(env.DATABASE_URL);
    token = (await signIn(api, { role: 'admin' })).accessToken;
    await api.http.post('/api/v1/elections').set(bearer(token)).send(communeElection(ELECTION)).expect(201);
    expect((await importFile(api, ELECTION, STATIONS, { kind: 'stations', token })).status).toBe('succeeded');
    const sheets = await importFile(api, ELECTION, SHEETS, { kind: 'sheets', source: 'official_preliminary', token });
    expect(sheets.status).toBe('succeeded');
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await destroyTestEnvironment(env);
    if (storage) await rm(storage, { recursive: true, force: true });
  });

  const findingsOf = async (station: string): Promise<string[]> =>
    (
      await db.query(
        `SELECT r.findings FROM result_sheets r JOIN polling_stations p ON p.id = r.station_id
          WHERE p.code = $1 AND r.is_current`,
        [station],
      )
    ).rows[0].findings;

  it('new thresholds re-check every current sheet: HIGH_TURNOUT and HIGH_INVALID move, the rest stays', async () => {
    expect(await findingsOf('S06')).toEqual([]); // 98% turnout: not above 98%
    expect(await findingsOf('S02')).toEqual(['VOTES_SUM', 'HIGH_INVALID']); // 6% invalid > 5%

    const patched = await api.http
      .patch(`/api/v1/elections/${ELECTION}`)
      .set(bearer(token))
      .send({ thresholds: { highTurnout: 0.97, highInvalidShare: 0.07 } });
    expect(patched.status).toBe(200);

    // 98% is now above 97%; 6% is under 7% and under 3 × the commune's median (2.6%).
    expect(
      await waitFor(
        () => findingsOf('S06'),
        (f) => f.includes('HIGH_TURNOUT'),
      ),
    ).toEqual(['HIGH_TURNOUT']);
    expect(
      await waitFor(
        () => findingsOf('S02'),
        (f) => !f.includes('HIGH_INVALID'),
      ),
    ).toEqual(['VOTES_SUM']);
    expect(await findingsOf('S04')).toEqual(['OVER_REGISTERED', 'HIGH_TURNOUT']);
    expect(await findingsOf('S11')).toEqual(['HIGH_INVALID']); // still above 3 × its commune's median
  });
});
