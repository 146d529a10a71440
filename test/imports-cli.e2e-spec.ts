import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { STATIONS } from './support/import-fixtures';
import { connect, csv } from './support/imports';
import { freePort, killAllSpawned, spawnTs } from './support/processes';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

jest.setTimeout(180_000);

const CLI = 'apps/cli/src/main.ts';

describe('npm run cli -- import', () => {
  let databaseUrl: string;
  let storage: string;
  let db: Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    storage = await mkdtemp(join(tmpdir(), 'recourse-cli-imports-'));
    db = await connect(databaseUrl);
    await db.query(
      `INSERT INTO elections (code, name, kind, polling_date, seat_method, contest_level, deadline_policy, thresholds, version)
       VALUES ('KH-2017-CLI', 'Commune 2017', 'commune_council', '2017-06-04', 'dhondt', 'commune', '{}',
               '{"highInvalidShare": 0.05, "highTurnout": 0.98}', 1)`,
    );
    // No Redis at all: the CLI runs the import itself.
    env = {
      DATABASE_URL: databaseUrl,
      STORAGE_DIR: storage,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    };
    await writeFile(join(storage, 'stations.csv'), STATIONS);
    await writeFile(
      join(storage, 'seats.csv'),
      csv([
        ['area_code', 'seats'],
        ['120101', 5],
        ['999999', 3],
      ]),
    );
    await writeFile(join(storage, 'empty.csv'), '');
  });

  afterAll(async () => {
    await killAllSpawned();
    await db?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await rm(storage, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    spawnTs(CLI, ['import', '--election', 'KH-2017-CLI', ...args], env, 120_000).finished;

  it('imports a file in-process without Redis, with progress on stderr and the report on stdout (exit 0)', async () => {
    const run = await cli('--kind', 'stations', join(storage, 'stations.csv'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Import [0-9a-f-]{36} \(stations\): succeeded in [\d.]+ s$/m);
    expect(run.stdout).toMatch(/rows: 15 read \(\d+ rows\/s\), 15 accepted, 0 rejected, 15 changed/);
    expect(run.stderr).toMatch(/^import: copying 0%$/m);
    expect(run.stderr).toMatch(/^import: done 100%$/m);
    const { rows } = await db.query("SELECT status, created_by FROM result_imports WHERE kind = 'stations'");
    expect(rows).toEqual([{ status: 'succeeded', created_by: null }]);
    expect((await db.query('SELECT count(*)::int AS n FROM polling_stations')).rows[0].n).toBe(15);
  });

  it('lists the rejected rows of a file that succeeded', async () => {
    const run = await cli('--kind', 'seats', join(storage, 'seats.csv'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 read .*, 1 accepted, 1 rejected, 1 changed/);
    expect(run.stdout).toContain('Rejected rows:\n  line 3, area_code: no area "999999" in this election');
  });

  it('exits 1 with the reason when the import fails', async () => {
    const run = await cli('--kind', 'sheets', '--source', 'observer', join(storage, 'empty.csv'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\(sheets, observer\): failed in [\d.]+ s\n {2}The file is empty\.\n/);
  });

  it('exits 2 on a usage error, before storing anything', async () => {
    const before = await readdir(join(storage, 'imports'));
    const runs = await Promise.all([
      cli('--kind', 'ballots', join(storage, 'seats.csv')),
      cli('--kind', 'sheets', join(storage, 'seats.csv')),
      cli('--kind', 'seats', join(storage, 'missing.csv')),
      spawnTs(CLI, ['import', '--election', 'XX-1999', '--kind', 'seats', join(storage, 'seats.csv')], env, 120_000)
        .finished,
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.trim())).toEqual([
      'recourse: --kind must be one of: stations, seats, sheets.',
      'recourse: --source is required for sheets (recount figures are entered by officers)',
      `recourse: No file ${join(storage, 'missing.csv')}.`,
      'recourse: No election with code "XX-1999".',
    ]);
    expect(await readdir(join(storage, 'imports'))).toEqual(before);
  });
});
