import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { ImportSweeper } from '@app/results/imports/import-sweeper';
import { connect } from './support/imports';
import { killAllSpawned, spawnTs, Spawned } from './support/processes';
import { createTestEnvironment, destroyTestEnvironment, startWorker, TestEnvironment } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(300_000);

const CLI = 'apps/cli/src/main.ts';
const ELECTION = 'KH-2017-INT';
/** Enough rows for the import to be caught running (a few seconds here). */
const STATIONS = 200_000;

describe('interrupted command-line imports', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let file: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'recourse-interrupted-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage });
    db = await connect(env.DATABASE_URL);
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO elections (code, name, kind, polling_date, seat_method, contest_level, deadline_policy, thresholds, version)
       VALUES ($1, 'Commune 2017', 'commune_council', '2017-06-04', 'dhondt', 'commune', '{}',
               '{"highInvalidShare": 0.05, "highTurnout": 0.98}', 1) RETURNING id`,
      [ELECTION],
    );
    const election = rows[0].id;
    await db.query(
      `INSERT INTO parties (election_id, code, name, position) VALUES ($1, 'CPP', 'CPP', 0), ($1, 'CNRP', 'CNRP', 1)`,
      [election],
    );
    await db.query(
      `INSERT INTO polling_stations (election_id, code, name, commune_code, district_code, province_code, registered_voters)
       SELECT $1, 'S' || n, 'Station ' || n, '120101', '1201', '12', 500 FROM generate_series(1, $2) n`,
      [election, STATIONS],
    );
    file = join(storage, 'sheets.csv');
    const out = createWriteStream(file);
    out.write('station_code,registered_voters,ballots_cast,invalid_ballots,valid_ballots,CPP,CNRP\n');
    for (let n = 1; n <= STATIONS; n++) {
      if (!out.write(`S${n},500,400,8,392,200,192\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    worker = await startWorker(env);
  });

  afterAll(async () => {
    await killAllSpawned();
    await db?.end();
    await worker?.close();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  const cliImport = (): Spawned =>
    spawnTs(
      CLI,
      ['import', '--election', ELECTION, '--kind', 'sheets', '--source', 'official_preliminary', file],
      { ...env, STORAGE_DIR: storage },
      200_000,
    );
  /** The CLI's import once it runs (its row is written and its transaction holds the lock). */
  const running = async () => {
    const seen = await waitFor(
      async () =>
        (
          await db.query<{ id: string; status: string; runner: string }>(
            `SELECT id, status, runner FROM result_imports ORDER BY created_at DESC LIMIT 1`,
          )
        ).rows[0],
      // ts-node's start-up takes a while on a busy machine.
      (row) => row?.status === 'running',
      150_000,
    );
    expect(seen).toMatchObject({ status: 'running', runner: 'cli' });
    return seen.id;
  };
  const reportOf = async (id: string) =>
    (await db.query(`SELECT status, failure, rows_changed FROM result_imports WHERE id = $1`, [id])).rows[0];
  const sheets = async () => (await db.query('SELECT count(*)::int AS n FROM result_sheets')).rows[0].n as number;

  it('SIGINT rolls the import back, fails its report naming the signal, and exits 130', async () => {
    const cli = cliImport();
    const id = await running();
    cli.kill('SIGINT');
    const done = await cli.finished;
    expect(done.code).toBe(130);
    expect(await reportOf(id)).toEqual({
      status: 'failed',
      failure: 'The import was interrupted (SIGINT); nothing was applied.',
      rows_changed: 0,
    });
    expect(await sheets()).toBe(0);
  });

  it('a killed CLI import is failed by the sweeper; a live one is left alone', async () => {
    const sweeper = worker.get(ImportSweeper);
    const cli = cliImport();
    const id = await running();
    // Alive: it holds its lock, so the sweep passes it by.
    expect(await sweeper.sweep()).toEqual([]);
    expect((await reportOf(id)).status).toBe('running');

    cli.kill('SIGKILL');
    await cli.finished;
    // PostgreSQL notices the dropped connection and rolls its transaction back, lock and all.
    const swept = await waitFor(
      () => sweeper.sweep(),
      (ids) => ids.length > 0,
      60_000,
    );
    expect(swept).toEqual([id]);
    expect(await reportOf(id)).toEqual({
      status: 'failed',
      failure: 'The command-line import stopped before it finished (its process ended); nothing was applied.',
      rows_changed: 0,
    });
    expect(await sheets()).toBe(0);
    expect(await sweeper.sweep()).toEqual([]);
  });

  it('a queued CLI import is swept only after its grace period; queued worker imports never are', async () => {
    const insert = async (runner: string, age: string) =>
      (
        await db.query<{ id: string }>(
          `INSERT INTO result_imports (election_id, kind, source, status, file_name, file_sha256, file_size, stored_as,
                                       runner, created_at)
           SELECT id, 'sheets', 'observer', 'queued', 'x.csv', 'x', 1, 'imports/x.csv', $1, now() - $2::interval
             FROM elections WHERE code = $3
           RETURNING id`,
          [runner, age, ELECTION],
        )
      ).rows[0].id;
    const young = await insert('cli', '5 seconds');
    const old = await insert('cli', '5 minutes');
    const queued = await insert('worker', '5 hours');
    expect(await worker.get(ImportSweeper).sweep()).toEqual([old]);
    expect((await reportOf(young)).status).toBe('queued');
    expect((await reportOf(queued)).status).toBe('queued');
  });
});
