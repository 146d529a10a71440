import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connect, csv, finished, importFile, upload } from './support/imports';
import { SHEET_FIGURES, ugandaCandidates, ugandaSheetRows, ugandaStationRows, UgandaRow } from './support/uganda-files';
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

/** Uganda's 2021 presidential results, one row per station (../shared/data/README.md). */
const DATA = join(__dirname, '..', '..', 'shared', 'data', 'ug-2021-presidential-stations.csv');
const ELECTION = 'UG-2021-PE';

type Row = UgandaRow;

describe('the real 34,684-station file of Uganda 2021', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let token: string;
  let rows: Row[];
  let candidates: string[];

  beforeAll(async () => {
    const text = readFileSync(DATA, 'utf8');
    rows = parse(text, { columns: true }) as Row[];
    candidates = ugandaCandidates(rows);
    storage = await mkdtemp(join(tmpdir(), 'recourse-real-imports-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage, IMPORT_MAX_BYTES: '10000000' });
    api = await startApi(env);
    worker = await startWorker(env);
    db = await connect(env.DATABASE_URL);
    token = (await signIn(api, { role: 'admin' })).accessToken;
    await api.http
      .post('/api/v1/elections')
      .set(bearer(token))
      .send({
        code: ELECTION,
        name: 'Uganda presidential election 2021',
        kind: 'presidential',
        pollingDate: '2021-01-14',
        seatMethod: 'dhondt',
        // Districts stand in for provinces, so each district is a contest unit.
        contestLevel: 'province',
        parties: candidates.map((code) => ({ code, name: code })),
      })
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  const stationsFile = () => csv(ugandaStationRows(rows));
  const sheetsFile = (data: Row[]) => csv(ugandaSheetRows(data, candidates));

  const findingsBySource = async (source: string) => {
    const { rows: found } = await db.query(
      `SELECT f AS finding, array_agg(p.code ORDER BY p.code) AS stations
         FROM result_sheets r JOIN polling_stations p ON p.id = r.station_id, unnest(r.findings) f
        WHERE r.source = $1 AND r.is_current GROUP BY f`,
      [source],
    );
    return Object.fromEntries(found.map((f) => [f.finding, f.stations as string[]]));
  };

  it('imports as sheets, with the findings the test computes on its own, and reports its speed', async () => {
    const stations = await importFile(api, ELECTION, stationsFile(), { kind: 'stations', token });
    expect(stations).toMatchObject({ status: 'succeeded', rowsAccepted: 34_684, rowsChanged: 34_684 });

    const file = sheetsFile(rows);
    const started = Date.now();
    const res = await upload(api, ELECTION, file, { kind: 'sheets', source: 'official_preliminary', token });
    const done = await finished(api, res.body.id, token, 60_000);
    const elapsed = Date.now() - started;
    expect(done).toMatchObject({ status: 'succeeded', rowsTotal: 34_684, rowsAccepted: 34_684, rowsChanged: 34_684 });

    // The same file COPY'd into a bare table: the baseline of the speed goal.
    const copyStarted = Date.now();
    await db.query(
      `CREATE UNLOGGED TABLE bare_copy (${['station_code', ...SHEET_FIGURES, ...candidates].map((c) => `"${c}" text`)})`,
    );
    await pipeline(Readable.from([file]), db.query(copyFrom('COPY bare_copy FROM STDIN (FORMAT csv, HEADER true)')));
    const copyElapsed = Math.max(Date.now() - copyStarted, 1);
    const rate = (ms: number) => Math.round((34_684 / ms) * 1000);
    const running = Date.parse(done.finishedAt as string) - Date.parse(done.startedAt as string);
    console.log(
      `sheets import of 34,684 rows, upload to succeeded: ${elapsed} ms (${rate(elapsed)} rows/s), ` +
        `of which the worker's run ${running} ms (${rate(running)} rows/s); ` +
        `raw COPY: ${copyElapsed} ms (${rate(copyElapsed)} rows/s); ratio ${(copyElapsed / elapsed).toFixed(3)}`,
    );

    const expected: Record<string, string[]> = { HIGH_TURNOUT: [], HIGH_INVALID: [] };
    const shares = new Map<string, number[]>();
    for (const r of rows) {
      if (Number(r.ballots_cast) > 0) {
        const list = shares.get(r.district_code) ?? [];
        list.push(Number(r.invalid_ballots) / Number(r.ballots_cast));
        shares.set(r.district_code, list);
      }
    }
    const medians = new Map([...shares].map(([district, list]) => [district, median(list)]));
    for (const r of rows) {
      const cast = Number(r.ballots_cast);
      if (Number(r.registered_voters) > 0 && cast / Number(r.registered_voters) > 0.98)
        expected.HIGH_TURNOUT.push(r.station_code);
      const share = Number(r.invalid_ballots) / cast;
      if (cast > 0 && (share > 0.05 || share > 3 * (medians.get(r.district_code) as number))) {
        expected.HIGH_INVALID.push(r.station_code);
      }
    }
    const found = await findingsBySource('official_preliminary');
    // The file's arithmetic is clean (README): only the two thresholds can fire.
    expect(Object.keys(found).sort()).toEqual(['HIGH_INVALID', 'HIGH_TURNOUT']);
    expect(found.HIGH_TURNOUT).toEqual(expected.HIGH_TURNOUT.sort());
    expect(found.HIGH_INVALID).toEqual(expected.HIGH_INVALID.sort());
    expect(found.HIGH_TURNOUT.length).toBeGreaterThanOrEqual(409); // the 100% turnout stations at least
  }, 120_000);

  it('imports an altered copy as a second source: exactly the altered stations differ, the broken sums are found', async () => {
    const altered = rows.map((r) => ({ ...r }));
    const shifted = [100, 2_000, 9_000, 20_000, 30_000]; // a vote moved between candidates: sums still right
    const votesBroken = [150, 3_000, 12_000]; // a candidate's figure changed alone
    const ballotsBroken = [500, 25_000]; // invalid ballots changed alone
    for (const i of shifted) {
      altered[i].MUSEVENI = String(Number(altered[i].MUSEVENI) + 1);
      altered[i].KYAGULANYI = String(Number(altered[i].KYAGULANYI) + 1);
      altered[i].valid_ballots = String(Number(altered[i].valid_ballots) + 2);
      altered[i].ballots_cast = String(Number(altered[i].ballots_cast) + 2);
    }
    for (const i of votesBroken) altered[i].KYAGULANYI = String(Number(altered[i].KYAGULANYI) + 7);
    for (const i of ballotsBroken) altered[i].invalid_ballots = String(Number(altered[i].invalid_ballots) + 4);

    const file = sheetsFile(altered);
    const started = Date.now();
    const done = await importFile(api, ELECTION, file, { kind: 'sheets', source: 'observer', token });
    console.log(`second source, 34,684 new sheets: ${Date.now() - started} ms`);
    expect(done).toMatchObject({ status: 'succeeded', rowsAccepted: 34_684, rowsChanged: 34_684 });

    const codes = (indexes: number[]) => indexes.map((i) => rows[i].station_code).sort();
    const found = await findingsBySource('observer');
    expect(found.VOTES_SUM).toEqual(codes(votesBroken));
    expect(found.BALLOTS_SUM).toEqual(codes(ballotsBroken));
    const over = shifted.filter((i) => Number(altered[i].ballots_cast) > Number(altered[i].registered_voters));
    expect(found.OVER_REGISTERED ?? []).toEqual(codes(over));

    const { rows: differing } = await db.query(
      `SELECT p.code FROM result_sheets o
         JOIN result_sheets x ON x.station_id = o.station_id AND x.source = 'observer' AND x.is_current
         JOIN polling_stations p ON p.id = o.station_id
        WHERE o.source = 'official_preliminary' AND o.is_current
          AND (o.registered_voters, o.ballots_cast, o.invalid_ballots, o.valid_ballots, o.votes)
              IS DISTINCT FROM (x.registered_voters, x.ballots_cast, x.invalid_ballots, x.valid_ballots, x.votes)
        ORDER BY p.code`,
    );
    expect(differing.map((d) => d.code)).toEqual(codes([...shifted, ...votesBroken, ...ballotsBroken]));

    const againStarted = Date.now();
    const again = await importFile(api, ELECTION, file, { kind: 'sheets', source: 'observer', token });
    console.log(`the same 34,684 rows again (nothing changes): ${Date.now() - againStarted} ms`);
    expect(again).toMatchObject({ status: 'succeeded', rowsAccepted: 34_684, rowsChanged: 0 });
  }, 120_000);
});

/** The median as PostgreSQL's percentile_cont(0.5) computes it. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) / 2;
  const low = sorted[Math.floor(position)];
  const high = sorted[Math.ceil(position)];
  return low + (position - Math.floor(position)) * (high - low);
}
