import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_REDIS_URL } from './support/services';
import { createTestDatabase, dropTestDatabase } from './support/test-database';
import { killAllSpawned, spawnTs } from './support/processes';

describe('user:create --email', () => {
  let databaseUrl: string;
  const cli = (args: string[]) =>
    spawnTs(
      'apps/cli/src/main.ts',
      ['user:create', '--password', 'cli-password-1', '--role', 'party_agent', '--party', 'CNRP', ...args],
      {
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
        LOG_LEVEL: 'silent',
      },
      120_000,
    ).finished;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });

  afterAll(async () => {
    await killAllSpawned();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('stores the address notifications are mailed to; a bad one exits 2 naming --email', async () => {
    const [good, bad] = await Promise.all([
      cli(['--username', 'cli.agent', '--email', 'agent@cnrp.test']),
      cli(['--username', 'cli.bad', '--email', 'nowhere']),
    ]);
    expect(good.code).toBe(0);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/--email must be an email address/);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT username, email FROM users ORDER BY username');
      expect(rows).toEqual([{ username: 'cli.agent', email: 'agent@cnrp.test' }]);
    } finally {
      await client.end();
    }
  }, 150_000);
});
