import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_REDIS_URL } from './support/services';
import { createTestDatabase, dropTestDatabase } from './support/test-database';
import { Finished, freePort, killAllSpawned, Spawned, spawnTs, waitForHttp } from './support/processes';

jest.setTimeout(180_000);

const API = 'apps/api/src/main.ts';
const CLI = 'apps/cli/src/main.ts';

/** The lines a process wrote to stderr, blank ones aside. */
const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** A start-up refusal as CONTRACT.md "Operations" wants it: non-zero, fast, one line, no stack trace. */
const expectOneLineRefusal = (run: Finished, names: RegExp) => {
  expect(run.timedOut).toBe(false);
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = linesOf(run.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(names);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0];
};

async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('start-up of the real processes', () => {
  /** This file's own database (cloned from the migrated template) and Redis prefix. */
  let env: { DATABASE_URL: string; REDIS_PREFIX: string };
  /** The settings of a healthy start, which each case spoils one way. */
  let good: Record<string, string>;
  const runs: Record<string, Promise<Finished>> = {};
  let server: Spawned;
  let port: number;

  beforeAll(async () => {
    // Not createTestEnvironment: test-app.ts would load the whole app into Jest for nothing.
    env = { DATABASE_URL: await createTestDatabase(), REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}` };
    good = {
      NODE_ENV: 'development',
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.REDIS_PREFIX,
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
    };
    await withDatabase(env.DATABASE_URL, (client) =>
      client.query(
        `INSERT INTO users (username, display_name, password_hash, role) VALUES ('cli.taken', 'Taken', 'x', 'officer')`,
      ),
    );
    port = await freePort();

    // Every process starts now and side by side: each spends seconds in ts-node and Nest start-up.
    const api = (overrides: Record<string, string>) => spawnTs(API, [], { ...good, ...overrides }, 120_000);
    const cli = (args: string[], overrides: Record<string, string> = {}) =>
      spawnTs(CLI, args, { ...good, ...overrides }, 120_000).finished;
    runs.noSecret = api({ NODE_ENV: 'production' }).finished;
    runs.badPort = api({ PORT: 'abc' }).finished;
    runs.noPostgres = api({ DATABASE_URL: 'postgres://postgres:s3cret-pw@127.0.0.1:1/recourse' }).finished;
    runs.noRedis = api({ REDIS_URL: 'redis://127.0.0.1:1' }).finished;
    server = api({ PORT: String(port) });
    const user = (name: string, role: string) => [
      'user:create',
      '--username',
      name,
      '--password',
      'cli-password-1',
      '--role',
      role,
    ];
    runs.userCreate = cli(user('Cli.Officer', 'officer'));
    runs.userTaken = cli(user('cli.taken', 'admin'));
    runs.badRole = cli(user('cli.king', 'king'));
    runs.badRoleNoDatabase = cli(user('cli.king', 'king'), {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/recourse',
    });
    runs.unknownCommand = cli(['frobnicate']);
  });

  afterAll(async () => {
    await killAllSpawned();
    await Promise.allSettled(Object.values(runs));
    if (env) await dropTestDatabase(env.DATABASE_URL);
  });

  describe('the API refuses to start, with one line naming the problem', () => {
    it('NODE_ENV=production without JWT_SECRET names JWT_SECRET', async () => {
      const line = expectOneLineRefusal(await runs.noSecret, /JWT_SECRET/);
      expect(line).toMatch(/production/);
    });

    it('PORT=abc names PORT, the value, and that it must be a whole number', async () => {
      const line = expectOneLineRefusal(await runs.badPort, /\bPORT\b/);
      expect(line).toContain('abc');
      expect(line).not.toMatch(/PORT PORT/);
      expect(line).toMatch(/integer|whole number|number/i);
    });

    it('an unreachable DATABASE_URL names PostgreSQL and the address, never the password', async () => {
      const run = await runs.noPostgres;
      const line = expectOneLineRefusal(run, /PostgreSQL/);
      expect(line).toContain('127.0.0.1:1');
      expect(run.stderr + run.stdout).not.toContain('s3cret-pw');
    });

    it('an unreachable REDIS_URL names Redis', async () => {
      const line = expectOneLineRefusal(await runs.noRedis, /Redis/);
      expect(line).toContain('127.0.0.1:1');
    });
  });

  it('with valid settings the API listens on PORT, answers /health over real HTTP, and stops on SIGTERM', async () => {
    try {
      const live = await waitForHttp(`http://127.0.0.1:${port}/health/live`, server, 120_000);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ok');
      const missing = await fetch(`http://127.0.0.1:${port}/api/v1/nowhere`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      server.kill('SIGTERM');
    }
    const stopped = await server.finished;
    expect(stopped.timedOut).toBe(false);
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
  });

  describe('the CLI', () => {
    it('user:create creates the account in the database', async () => {
      const run = await runs.userCreate;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/cli\.officer/);
      await withDatabase(env.DATABASE_URL, async (client) => {
        const { rows } = await client.query(
          'SELECT id, username, role, active, jurisdiction, password_hash FROM users WHERE username = $1',
          ['cli.officer'],
        );
        expect(rows).toEqual([
          {
            id: expect.any(String),
            username: 'cli.officer',
            role: 'officer',
            active: true,
            jurisdiction: null,
            password_hash: expect.stringMatching(/^\$argon2id\$/),
          },
        ]);
        const events = await client.query(`SELECT type FROM outbox_events WHERE payload->>'userId' = $1`, [rows[0].id]);
        expect(events.rows).toEqual([{ type: 'identity.user_created' }]);
      });
    });

    it('user:create with a taken username exits 2 with one line naming --username, and changes nothing', async () => {
      const run = await runs.userTaken;
      expect(run.code).toBe(2);
      expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/--username/)]);
      await withDatabase(env.DATABASE_URL, async (client) => {
        const { rows } = await client.query(`SELECT role FROM users WHERE username = 'cli.taken'`);
        expect(rows).toEqual([{ role: 'officer' }]);
      });
    });

    it('an invalid role exits 2 with one line naming --role and the roles there are', async () => {
      const run = await runs.badRole;
      expect(run.code).toBe(2);
      const lines = linesOf(run.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/--role/);
      expect(lines[0]).toMatch(/officer/);
      await withDatabase(env.DATABASE_URL, async (client) => {
        expect((await client.query(`SELECT 1 FROM users WHERE username = 'cli.king'`)).rows).toEqual([]);
      });
    });

    it('an invalid role is refused before the database is reached (a typo must not create or migrate one)', async () => {
      const run = await runs.badRoleNoDatabase;
      expect(run.code).toBe(2);
      expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/--role/)]);
    });

    it('an unknown command exits 2 with one line naming it', async () => {
      const run = await runs.unknownCommand;
      expect(run.code).toBe(2);
      expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/frobnicate/)]);
    });
  });
});
