import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BENCH_DATABASE_PREFIX,
  benchDatabaseUrl,
  deleteRedisKeys,
  dropDatabase,
  dropLeftoverDatabases,
  newRunId,
  REDIS_URL,
} from './bench-database';
import { Child, freePort, httpOk, runCommand, waitUntil } from './processes';
import { Teardown } from './teardown';

export const STARTUP_TIMEOUT_MS = 30_000;

/** One benchmark's own Recourse: its database, Redis prefix, storage dir and the processes' environment. */
export interface BenchRun {
  root: string;
  database: string;
  redisPrefix: string;
  storage: string;
  /** What every Recourse process of the run gets: production mode, warn logs, 127.0.0.1 only. */
  env: NodeJS.ProcessEnv;
  teardown: Teardown;
}

/**
 * Sets up a throwaway database name, Redis prefix and storage dir; their clean-up is registered on
 * `teardown` before anything exists (IF EXISTS makes it safe whenever setup stops). The database is
 * created by `runCli(run, ['migrate'])`.
 */
export async function prepareBenchRun(
  root: string,
  teardown: Teardown,
  log: (line: string) => void,
  overrides: NodeJS.ProcessEnv = {},
): Promise<BenchRun> {
  const id = newRunId();
  const database = `${BENCH_DATABASE_PREFIX}${id}`;
  const redisPrefix = `bench-${id}`;
  const leftovers = await dropLeftoverDatabases();
  if (leftovers.length > 0) log(`dropped ${leftovers.length} database(s) left by killed runs`);
  // BENCH_KEEP_DATABASE=1 leaves the database behind for EXPLAIN ANALYZE (a later run drops it after 10 minutes).
  if (process.env.BENCH_KEEP_DATABASE === '1') log(`keeping database ${database}`);
  else teardown.add(`drop database ${database}`, () => dropDatabase(database));
  teardown.add(`delete Redis keys ${redisPrefix}:*`, () => deleteRedisKeys(redisPrefix));
  const storage = mkdtempSync(join(tmpdir(), 'recourse-bench-'));
  teardown.add('remove storage dir', () => rmSync(storage, { recursive: true, force: true }));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: benchDatabaseUrl(database),
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    // One login here, but a low limit left over from a developer's shell must not turn it into a 429.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    STORAGE_DIR: storage,
    ...overrides,
  };
  log(`database ${database}, Redis prefix ${redisPrefix}, LOG_LEVEL=${env.LOG_LEVEL}`);
  return { root, database, redisPrefix, storage, env, teardown };
}

/** A Node child in the run's environment (plus `extraEnv`), stopped by the run's teardown. */
export function startNode(run: BenchRun, name: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Child {
  const child = new Child(name, 'node', args, { cwd: run.root, env: { ...run.env, ...extraEnv } });
  run.teardown.add(`stop ${name}`, () => child.stop());
  return child;
}

/** The built CLI (`migrate`, `user:create`, …) against the run's database. */
export function runCli(run: BenchRun, args: string[], timeoutMs = STARTUP_TIMEOUT_MS): Promise<string> {
  return runCommand(`cli ${args[0]}`, 'node', ['dist/apps/cli/src/main.js', ...args], {
    cwd: run.root,
    env: run.env,
    timeoutMs,
  });
}

export interface StartedApi {
  child: Child;
  url: string;
  /** Resolves once GET /health/ready answers 200; fails with the API's output if it dies first. */
  ready: () => Promise<void>;
}

/** The built API on `port`. */
export function startApi(run: BenchRun, port: number): StartedApi {
  const child = startNode(run, 'recourse api', ['dist/apps/api/src/main.js'], { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const ready = () =>
    waitUntil(child, 'GET /health/ready = 200', () => httpOk(`${url}/health/ready`), STARTUP_TIMEOUT_MS);
  return { child, url, ready };
}

/** The built worker (outbox relay and queue processors); it listens on no port. */
export const startWorker = (run: BenchRun): Child =>
  startNode(run, 'recourse worker', ['dist/apps/worker/src/main.js']);

/** Asked for one by one, the OS could hand the same port out twice. */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
