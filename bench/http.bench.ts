import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { logIn } from './support/api-client';
import { ensureBuilt } from './support/build';
import { foreignLoad } from './support/cpu';
import { LOAD, LoadResult, LoadTarget, measure } from './support/load';
import { Child, portOpen, waitUntil } from './support/processes';
import {
  distinctFreePorts,
  prepareBenchRun,
  runCli,
  startApi,
  startNode,
  STARTUP_TIMEOUT_MS,
} from './support/recourse-app';
import { figure, Figure, figuresTable, jsonLine, roundTo, saveResults, table } from './support/report';
import { Teardown, withTeardown } from './support/teardown';

/**
 * HTTP overhead of Recourse against raw Fastify on the same machine, in the same run:
 * GET /health/live (framework path only) and GET /api/v1/auth/me (JWT + one user row), each next to
 * a baseline doing the same work by hand. Progress goes to stderr; the tables and JSON lines to stdout.
 */

const ROOT = resolve(__dirname, '..');
const BENCH = 'http';
/** Everything after the build: about 15 s of setup, 4 × (2 + 8) s of load, clean-up. */
const BUDGET_MS = 100_000;
/** Foreign load above this many cores gets a warning printed with the figures. */
const BUSY_CORES = 0.25;
const USERNAME = 'bench.officer';
/** The baselines are TypeScript; transpiling once at start-up costs nothing per request. */
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

const log = (line: string) => process.stderr.write(`[http] ${line}\n`);

export async function run(): Promise<void> {
  await ensureBuilt(ROOT, log);
  await withTeardown(benchmark, BUDGET_MS, 'the http benchmark', log);
}

async function benchmark(teardown: Teardown): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  const [apiPort, livePort, mePort] = await distinctFreePorts(3);
  const run = await prepareBenchRun(ROOT, teardown, log);

  // The baselines need no schema to start: boot them while the database is migrated.
  const start = (name: string, args: string[], port: number) => startNode(run, name, args, { PORT: String(port) });
  const rawLive = start('raw fastify', [...TS_NODE, 'bench/support/raw-live-server.ts'], livePort);
  const rawMe = start('raw fastify+pg+jwt', [...TS_NODE, 'bench/support/raw-me-server.ts'], mePort);

  await runCli(run, ['migrate']);
  await runCli(run, ['user:create', '--username', USERNAME, '--password', password, '--role', 'officer']);

  const { child: api, url: apiUrl, ready } = startApi(run, apiPort);
  await Promise.all([
    ready(),
    waitUntil(rawLive, `port ${livePort}`, () => portOpen(livePort), STARTUP_TIMEOUT_MS),
    waitUntil(rawMe, `port ${mePort}`, () => portOpen(mePort), STARTUP_TIMEOUT_MS),
  ]);
  const bearer = { authorization: `Bearer ${await logIn(apiUrl, USERNAME, password)}` };

  const cpuOf = (child: Child) => () => child.cpuSeconds();
  const targets: LoadTarget[] = [
    { label: 'raw Fastify GET /live', url: `http://127.0.0.1:${livePort}/live`, serverCpuSeconds: cpuOf(rawLive) },
    { label: 'Recourse GET /health/live', url: `${apiUrl}/health/live`, serverCpuSeconds: cpuOf(api) },
    {
      label: 'raw Fastify+pg+JWT GET /me',
      url: `http://127.0.0.1:${mePort}/me`,
      headers: bearer,
      serverCpuSeconds: cpuOf(rawMe),
    },
    {
      label: 'Recourse GET /api/v1/auth/me',
      url: `${apiUrl}/api/v1/auth/me`,
      headers: bearer,
      serverCpuSeconds: cpuOf(api),
    },
  ];
  await checkSameAnswers(targets);
  // Other engineers' jobs (tests, builds) on this 2-core machine skew every figure: say so next to them.
  const busy = await foreignLoad([api.pid, rawLive.pid, rawMe.pid]);
  if (busy !== undefined && busy > BUSY_CORES) log(`warning: other processes keep ${busy.toFixed(2)} cores busy`);

  const results: LoadResult[] = [];
  for (const target of targets) {
    log(`${target.label}: ${LOAD.warmUpSeconds} s warm-up, ${LOAD.seconds} s measured`);
    results.push(await measure(target));
  }
  report(results, busy);
}

/** A baseline only counts if it does the same job: the same status and the same body as Recourse. */
async function checkSameAnswers([rawLive, apiLive, rawMe, apiMe]: LoadTarget[]): Promise<void> {
  const pairs: [LoadTarget, LoadTarget][] = [
    [rawLive, apiLive],
    [rawMe, apiMe],
  ];
  for (const [raw, recourse] of pairs) {
    const [a, b] = await Promise.all([getJson(raw), getJson(recourse)]);
    if (!isDeepStrictEqual(a, b)) {
      throw new Error(`${raw.label} answers ${JSON.stringify(a)} but ${recourse.label} ${JSON.stringify(b)}`);
    }
  }
}

async function getJson(target: LoadTarget): Promise<unknown> {
  const response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(5_000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`${target.label}: ${response.status} ${body}`);
  return JSON.parse(body);
}

function report([rawLive, apiLive, rawMe, apiMe]: LoadResult[], busy: number | undefined): void {
  const figures: Figure[] = [
    figure(BENCH, 'health_live_rps', 'rps', apiLive.rps, rawLive.rps, '>=0.75'),
    figure(BENCH, 'health_live_p99_ms', 'ms', apiLive.p99Ms, rawLive.p99Ms, 'reported'),
    figure(BENCH, 'auth_me_rps', 'rps', apiMe.rps, rawLive.rps, '>=0.5'),
    figure(BENCH, 'auth_me_rps_vs_raw_pg', 'rps', apiMe.rps, rawMe.rps, 'reported'),
    figure(BENCH, 'auth_me_p99_ms', 'ms', apiMe.p99Ms, rawMe.p99Ms, 'reported'),
  ];
  const rows: [LoadResult, LoadResult | undefined, string][] = [
    [rawLive, undefined, 'baseline'],
    [apiLive, rawLive, 'raw /live'],
    [rawMe, rawLive, 'raw /live'],
    [apiMe, rawMe, 'raw+pg /me'],
  ];
  const cores = (share?: number) => (share === undefined ? 'n/a' : share.toFixed(2));
  const out: string[] = [
    '',
    `HTTP: ${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${LOAD.warmUpSeconds} s warm-up + ${LOAD.seconds} s per target, 127.0.0.1`,
    '',
    table(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'vs', 'server µs/req', 'cpu server', 'client', 'other'],
      rows.map(([r, base, vs]) => [
        r.label,
        String(Math.round(r.rps)),
        String(roundTo(r.p50Ms, 2)),
        String(roundTo(r.p99Ms, 2)),
        base ? (r.rps / base.rps).toFixed(2) : '1.00',
        vs,
        r.serverCpuUsPerRequest === undefined ? 'n/a' : String(Math.round(r.serverCpuUsPerRequest)),
        cores(r.serverCpu),
        cores(r.clientCpu),
        cores(r.otherCpu),
      ]),
    ),
    '',
    figuresTable(figures),
    '',
    'Notes: the API runs with LOG_LEVEL=warn. pino-http skips request logging of /health/* by design',
    '(autoLogging.ignore), so /health/live writes no log line at any level; /auth/me would log one line',
    'per request at info. server µs/req = server CPU time per request (less sensitive to noise than req/s).',
    'cpu = cores used while measuring by the server, by autocannon (client) and by everything else',
    `(other: PostgreSQL, other jobs). The machine has ${availableParallelism()} cores; a client near 1.00 means the`,
    'target is client-bound and its req/s is a floor.',
    ...(busy !== undefined && busy > BUSY_CORES
      ? [`WARNING: before measuring, other processes kept ${busy.toFixed(2)} cores busy; figures are noisy.`]
      : []),
    '',
    ...figures.map(jsonLine),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  log(`JSON lines saved to ${saveResults(__dirname, BENCH, figures)}`);
}
