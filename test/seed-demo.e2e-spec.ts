import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, killAllSpawned, spawnTs } from './support/processes';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

jest.setTimeout(120_000);

describe('npm run cli -- seed:demo', () => {
  let databaseUrl: string;
  let storage: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    storage = await mkdtemp(join(tmpdir(), 'recourse-demo-'));
    // The demo loads through the in-process import pipeline: no Redis needed.
    env = {
      DATABASE_URL: databaseUrl,
      STORAGE_DIR: storage,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    };
  });

  afterAll(async () => {
    await killAllSpawned();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    if (storage) await rm(storage, { recursive: true, force: true });
  });

  const seed = (args: string[]) => spawnTs('apps/cli/src/main.ts', ['seed:demo', ...args], env, 110_000).finished;

  it('loads a labelled synthetic election on all 1,652 communes, with disagreements to find, and only once', async () => {
    const run = await seed(['--stations', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Demo election DEMO-KH-CC loaded \(synthetic\): 3304 stations/);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const [election] = (await db.query("SELECT id, name, status FROM elections WHERE code = 'DEMO-KH-CC'")).rows;
      expect(election.name).toMatch(/synthetic/i);
      expect(election.status).toBe('complaints_open');
      const counts = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM areas WHERE election_id = $1 AND level = 'commune' AND seats BETWEEN 5 AND 11) AS units,
                  (SELECT count(*)::int FROM polling_stations WHERE election_id = $1) AS stations,
                  (SELECT count(*)::int FROM result_sheets WHERE election_id = $1 AND source = 'observer') AS observer,
                  (SELECT count(*)::int FROM result_sheets WHERE election_id = $1 AND 'VOTES_SUM' = ANY(findings)
                      AND source = 'official_preliminary') AS broken`,
          [election.id],
        )
      ).rows[0];
      expect(counts).toMatchObject({ units: 1652, stations: 3304, observer: 3304 });
      expect(counts.broken).toBeGreaterThan(0);
      const [{ khmer }] = (
        await db.query("SELECT name_km AS khmer FROM areas WHERE election_id = $1 AND code = '12'", [election.id])
      ).rows;
      expect(khmer).toBe('ភ្នំពេញ');
    } finally {
      await db.end();
    }

    const again = await seed([]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already loaded/);
  });

  it('refuses a bad --stations with exit 2', async () => {
    const run = await seed(['--stations', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--stations/);
  });
});
