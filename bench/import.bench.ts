import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ApiClient, logIn, RequestTimeout, runMsOf, TimedImport } from './support/api-client';
import { ensureBuilt } from './support/build';
import { foreignLoad, machineBusySeconds } from './support/cpu';
import { SYNTHETIC_PARTIES, SyntheticFiles, syntheticFiles, ugandaFiles } from './support/import-files';
import { PeakRss, statusMb } from './support/memory';
import { Child } from './support/processes';
import { distinctFreePorts, prepareBenchRun, runCli, startApi, startWorker } from './support/recourse-app';
import { figure, Figure, figuresTable, FLAT_MAX_GROWTH, jsonLine, median, saveResults, table } from './support/report';
import { Teardown, withTeardown } from './support/teardown';

/**
 * Imports end to end through the built API and worker (child processes, throwaway database, own Redis
 * prefix): a multipart upload as an admin, then GET /api/v1/imports/{id} every 20 ms until `succeeded`.
 * - sheets rows/s of the real Uganda 2021 file against a raw COPY of the same file (pg-copy-streams);
 * - a synthetic Cambodia-scale commune election (seed:demo's generator), its three sheet sources;
 * - the real file's stations and sheets, end to end;
 * - the read endpoints on the real-file election once a second source (an altered copy) is in;
 * - the worker's peak RSS importing sheets of 1× and 10× as many stations.
 * Progress goes to stderr; the tables and JSON lines to stdout.
 */

const ROOT = resolve(__dirname, '..');
const BENCH = 'import';
const UGANDA_CSV = resolve(ROOT, '..', 'shared', 'data', 'ug-2021-presidential-stations.csv');
const KH_AREAS_CSV = join(ROOT, 'data', 'kh-areas.csv');
/**
 * Everything after the build. A run takes about 35 s here (files and setup 10 s, Uganda 10 s, Cambodia 3 s,
 * the 10× imports 10 s); the rest is room for a busy machine. A read that hangs is cut at READ_PROBE_CAP_MS.
 */
const BUDGET_MS = 300_000;
const POLL_MS = 20;
const IMPORT_TIMEOUT_MS = 120_000;
const REPETITIONS = 3;
const READ_WARM_UPS = 2;
const READ_CALLS = 7;
const READ_PROBE_CAP_MS = 2_000;
const STATIONS_PER_COMMUNE = 14;
const SCALE = 10;
/** Foreign load above this many cores gets a warning printed with the figures. */
const BUSY_CORES = 0.25;
const USERNAME = 'bench.admin';
const GOAL = { sheetsVsCopy: '>=0.15', cambodiaSeconds: 3, readMs: 250, rssGrowth: 'flat' } as const;
const ELECTION = { warmUp: 'BENCH-WARM-UP', uganda: 'UG-2021-PE', cambodia: 'BENCH-KH-CC', rss: 'BENCH-KH-RSS' };

const log = (line: string) => process.stderr.write(`[import] ${line}\n`);

export async function run(): Promise<void> {
  await ensureBuilt(ROOT, log);
  await withTeardown(benchmark, BUDGET_MS, 'the import benchmark', log);
}

/** One import as measured here: the end-to-end timings and who used the CPU meanwhile. */
interface Measured extends TimedImport {
  label: string;
  rows: number;
  /** CPU seconds used while it ran by the worker, the API, and everything else (PostgreSQL, this poller). */
  workerCpu: number;
  apiCpu: number;
  otherCpu: number;
}

interface Stack {
  client: ApiClient;
  api: Child;
  worker: Child;
  databaseUrl: string;
}

async function benchmark(teardown: Teardown): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  const [apiPort] = await distinctFreePorts(1);
  // 10× the Cambodian stations make a stations file of tens of MB: the default limit (100 MB) must not be the test.
  const run = await prepareBenchRun(ROOT, teardown, log, { IMPORT_MAX_BYTES: String(512 * 1024 * 1024) });
  const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-files-'));
  teardown.add('remove generated files', () => rmSync(dir, { recursive: true, force: true }));

  log('writing the import files (Uganda 2021; synthetic Cambodia at 1, 14 and 140 stations per commune)');
  const ug = await ugandaFiles(UGANDA_CSV, dir);
  const warm = await syntheticFiles(KH_AREAS_CSV, 1, dir);
  const kh = await syntheticFiles(KH_AREAS_CSV, STATIONS_PER_COMMUNE, dir);
  const kh10 = await syntheticFiles(KH_AREAS_CSV, STATIONS_PER_COMMUNE * SCALE, dir);

  await runCli(run, ['migrate']);
  await runCli(run, ['user:create', '--username', USERNAME, '--password', password, '--role', 'admin']);
  const api = startApi(run, apiPort);
  const worker = startWorker(run);
  await api.ready();
  const stack: Stack = {
    client: new ApiClient(api.url, await logIn(api.url, USERNAME, password)),
    api: api.child,
    worker,
    databaseUrl: String(run.env.DATABASE_URL),
  };
  const importOf = importer(stack);

  // A small election first: the worker is up, the code paths and plans warm, before any clock runs.
  log('warm-up: 1,652 stations and their sheets');
  await createElection(stack, ELECTION.warmUp, 'commune', SYNTHETIC_PARTIES);
  await importOf('warm-up stations', ELECTION.warmUp, warm.stations, { kind: 'stations' }, warm.rows.stations);
  await importOf('warm-up seats', ELECTION.warmUp, warm.seats, { kind: 'seats' }, warm.rows.seats);
  await importOf('warm-up sheets', ELECTION.warmUp, warm.official, sheets('official_preliminary'), warm.rows.official);

  // Other engineers' jobs (tests, builds) on this 2-core machine skew every figure: say so next to them.
  const busy = await foreignLoad([stack.api.pid, stack.worker.pid]);
  if (busy !== undefined && busy > BUSY_CORES) log(`warning: other processes keep ${busy.toFixed(2)} cores busy`);

  // --- The real file: stations, then the sheets (rep 1), the altered copy, seats; reads; reps 2 and 3.
  log(`Uganda 2021: ${ug.count} stations, ${ug.candidates.length} candidates, ${ug.districts} districts`);
  const ugParties = ug.candidates.map((code) => ({ code, name: code }));
  await createElection(stack, ELECTION.uganda, 'province', ugParties);
  const ugStations = await importOf('UG stations', ELECTION.uganda, ug.stations, { kind: 'stations' }, ug.count);
  log(`raw COPY of the sheets file into a bare table, unlogged and logged, ${REPETITIONS}× each`);
  const copyMs = await rawCopyMs(stack.databaseUrl, ug.sheets, ug.count, REPETITIONS, 'unlogged');
  const loggedCopyMs = await rawCopyMs(stack.databaseUrl, ug.sheets, ug.count, REPETITIONS, 'logged');
  // Each repetition is a new source, so each writes all 34,684 sheets.
  const repSources = ['official_preliminary', `party:${ug.candidates.at(-1)}`, `party:${ug.candidates[4]}`];
  const reps: Measured[] = [];
  const sheetsRep = async (source: string) =>
    reps.push(await importOf(`UG sheets (${source})`, ELECTION.uganda, ug.sheets, sheets(source), ug.count));
  await sheetsRep(repSources[0]);
  const ugObserver = await importOf(
    'UG altered copy (observer)',
    ELECTION.uganda,
    ug.altered,
    sheets('observer'),
    ug.count,
  );
  await importOf('UG seats (stand-in)', ELECTION.uganda, ug.seats, { kind: 'seats' }, ug.districts);
  const endpoints = readEndpoints(stack.client, ELECTION.uganda, ug.count, ug.alteredStations, ug.districts);
  log(`read endpoints right after the imports, once each (cap ${READ_PROBE_CAP_MS} ms)`);
  const probes = await probeReads(endpoints, stack.databaseUrl);
  const analyzed = await analyzeDatabase(stack.databaseUrl);
  log(`ANALYZE (autovacuum is ${analyzed.autovacuum} here): ${Math.round(analyzed.ms)} ms`);
  log(`read endpoints: ${READ_WARM_UPS} warm-up + ${READ_CALLS} measured calls each`);
  const reads = await measureReads(endpoints);
  for (const source of repSources.slice(1)) await sheetsRep(source);
  log(`write floor: the official sheets inserted again as a new source, rolled back, ${REPETITIONS}×`);
  const floorMs = await writeFloorMs(stack.databaseUrl, ELECTION.uganda, ug.count, REPETITIONS);

  // --- Cambodia scale: stations and seats (timed apart), then three sources uploaded back to back.
  log(`synthetic Cambodia: ${kh.rows.stations} stations`);
  await createElection(stack, ELECTION.cambodia, 'commune', SYNTHETIC_PARTIES);
  const khStations = await importOf(
    'KH stations',
    ELECTION.cambodia,
    kh.stations,
    { kind: 'stations' },
    kh.rows.stations,
  );
  const khSeats = await importOf('KH seats', ELECTION.cambodia, kh.seats, { kind: 'seats' }, kh.rows.seats);
  const khSheets = await threeSources(stack, kh);

  // --- Peak RSS of the worker: the official sheets at 1× and 10× the stations, each a fresh election.
  // Both elections' stations go in first, so that both sheets imports start from the same worker.
  const rssElections: [string, SyntheticFiles][] = [
    [`${ELECTION.rss}-1X`, kh],
    [`${ELECTION.rss}-10X`, kh10],
  ];
  const stationsPeaks: number[] = [];
  for (const [election, files] of rssElections) {
    await createElection(stack, election, 'commune', SYNTHETIC_PARTIES);
    const label = `${election} stations`;
    const imported = await withPeakRss(stack, () =>
      importOf(label, election, files.stations, { kind: 'stations' }, files.rows.stations),
    );
    stationsPeaks.push(imported.workerMb);
  }
  const rss: RssRun[] = [];
  for (const [i, [election, files]] of rssElections.entries()) {
    const official = sheets('official_preliminary');
    const imported = await withPeakRss(stack, () =>
      importOf(`${election} sheets`, election, files.official, official, files.rows.official),
    );
    rss.push({
      stations: files.rows.stations,
      fileMb: files.officialBytes / 1e6,
      stationsPeakMb: stationsPeaks[i],
      restMb: imported.restMb,
      peakMb: imported.workerMb,
      apiPeakMb: imported.apiMb,
      hwmReset: imported.hwmReset,
      sheets: imported.result,
    });
    log(`worker peak RSS ${imported.workerMb.toFixed(1)} MB (at rest ${imported.restMb.toFixed(1)} MB)`);
  }

  report({
    busy,
    copyMs,
    loggedCopyMs,
    floorMs,
    reps,
    realFile: [ugStations, reps[0]],
    ugObserver,
    probes,
    analyzed,
    reads,
    khReference: [khStations, khSeats],
    khSheets,
    rss: [rss[0], rss[1]],
  });
}

const sheets = (source: string) => ({ kind: 'sheets', source });

async function createElection(
  stack: Stack,
  code: string,
  contestLevel: 'commune' | 'province',
  parties: { code: string; name: string; nameKm?: string }[],
): Promise<void> {
  await stack.client.postJson('/api/v1/elections', {
    code,
    name: `Benchmark ${code} (synthetic or public data, not an election of record)`,
    kind: contestLevel === 'commune' ? 'commune_council' : 'presidential',
    pollingDate: '2021-01-14',
    seatMethod: 'dhondt',
    contestLevel,
    parties,
  });
}

type Importer = (
  label: string,
  election: string,
  file: string,
  fields: Record<string, string>,
  rows: number,
) => Promise<Measured>;

/** Imports end to end; a report that did not accept and write every row makes the measurement invalid. */
function importer(stack: Stack): Importer {
  return async (label, election, file, fields, rows) => {
    const cpu = cpuMeter(stack);
    const timed = await stack.client.importFile(election, file, fields, waitOptions(stack));
    const { report } = timed;
    const wroteAll = report.kind === 'seats' || report.rowsChanged === rows;
    if (report.rowsTotal !== rows || report.rowsAccepted !== rows || report.rowsRejected !== 0 || !wroteAll) {
      throw new Error(
        `${label}: expected ${rows} rows accepted and written, got total ${report.rowsTotal}, accepted ` +
          `${report.rowsAccepted}, rejected ${report.rowsRejected}, changed ${report.rowsChanged}`,
      );
    }
    const measured = { ...timed, label, rows, ...cpu() };
    log(
      `${label}: ${rows} rows in ${Math.round(measured.totalMs)} ms end to end ` +
        `(upload ${Math.round(measured.uploadMs)} ms, worker run ${measured.runMs} ms)`,
    );
    return measured;
  };
}

const waitOptions = (stack: Stack) => ({
  pollMs: POLL_MS,
  timeoutMs: IMPORT_TIMEOUT_MS,
  alive: () => {
    for (const child of [stack.api, stack.worker]) {
      if (!child.running) throw new Error(`${child.name} exited (code ${child.exitCode}):\n${child.tail()}`);
    }
  },
});

/** CPU seconds used from now until the returned function is called, by the worker, the API and the rest. */
function cpuMeter(stack: Stack): () => { workerCpu: number; apiCpu: number; otherCpu: number } {
  const worker0 = stack.worker.cpuSeconds() ?? 0;
  const api0 = stack.api.cpuSeconds() ?? 0;
  const machine0 = machineBusySeconds() ?? 0;
  return () => {
    const workerCpu = (stack.worker.cpuSeconds() ?? 0) - worker0;
    const apiCpu = (stack.api.cpuSeconds() ?? 0) - api0;
    const machine = (machineBusySeconds() ?? 0) - machine0;
    return { workerCpu, apiCpu, otherCpu: Math.max(0, machine - workerCpu - apiCpu) };
  };
}

/**
 * The baseline: the same sheets file COPY'd from disk into a bare table of text columns. Unlogged is the
 * goal's baseline; logged (WAL-written, as the sheets are) is reported beside it.
 */
async function rawCopyMs(
  databaseUrl: string,
  file: string,
  rows: number,
  repetitions: number,
  table: 'unlogged' | 'logged',
): Promise<number[]> {
  const text = readFileSync(file, 'utf8');
  const columns = text.slice(0, text.indexOf('\n')).split(',');
  return withDatabase(databaseUrl, async (client) => {
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      await client.query('DROP TABLE IF EXISTS bench_bare_copy');
      await client.query(
        `CREATE ${table === 'unlogged' ? 'UNLOGGED ' : ''}TABLE bench_bare_copy (${columns.map((c) => `${client.escapeIdentifier(c)} text`).join(', ')})`,
      );
      const started = performance.now();
      const copy = client.query(copyFrom('COPY bench_bare_copy FROM STDIN (FORMAT csv, HEADER true)'));
      await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), copy);
      times.push(performance.now() - started);
      if (copy.rowCount !== rows) throw new Error(`raw COPY: ${copy.rowCount} rows, expected ${rows}`);
    }
    await client.query('DROP TABLE IF EXISTS bench_bare_copy');
    return times;
  });
}

interface ReadEndpoint {
  name: string;
  path: string;
  /** One full answer (every page), checked; RequestTimeout past `timeoutMs` per request. */
  call: (timeoutMs?: number) => Promise<{ ms: number; note: string }>;
}

interface ReadFigure {
  name: string;
  path: string;
  times: number[];
  note: string;
}

interface ReadProbe {
  path: string;
  ms: number;
  timedOut: boolean;
}

/** The four reads of the goal, each answer checked against what the files hold. */
function readEndpoints(
  client: ApiClient,
  election: string,
  stations: number,
  altered: string[],
  units: number,
): ReadEndpoint[] {
  const base = `/api/v1/elections/${election}`;
  const expect = (what: string, ok: boolean, detail: string) => {
    if (!ok) throw new Error(`${what}: unexpected answer (${detail})`);
  };
  return [
    {
      name: 'match_rate_ms',
      path: 'match-rate?source=observer',
      call: async (timeoutMs) => {
        const { ms, body } = await client.timedGet<{ stationsCompared: number; stationsMatching: number }>(
          `${base}/match-rate?source=observer`,
          timeoutMs,
        );
        const detail = JSON.stringify(body);
        expect('match-rate', body.stationsCompared === stations, detail);
        expect('match-rate', body.stationsMatching === stations - altered.length, detail);
        return { ms, note: `${body.stationsMatching}/${body.stationsCompared} match` };
      },
    },
    {
      name: 'discrepancies_ms',
      path: 'discrepancies?source=observer',
      call: async (timeoutMs) => {
        const { ms, body } = await client.timedGet<{ items: { stationCode: string }[] }>(
          `${base}/discrepancies?source=observer`,
          timeoutMs,
        );
        const codes = body.items.map((d) => d.stationCode).sort();
        expect('discrepancies', codes.join() === altered.join(), codes.join());
        return { ms, note: `${codes.length} stations (one page)` };
      },
    },
    {
      name: 'recount_triggers_ms',
      path: 'recount-triggers',
      call: async (timeoutMs) => {
        const { ms, body } = await client.timedGet<{ items: unknown[] }>(`${base}/recount-triggers`, timeoutMs);
        expect('recount-triggers', Array.isArray(body.items) && body.items.length > 0, 'no items');
        return { ms, note: `${body.items.length} triggers` };
      },
    },
    {
      name: 'contest_units_ms',
      path: 'contest-units?limit=500 (all pages)',
      call: async (timeoutMs) => {
        let ms = 0;
        let count = 0;
        let pages = 0;
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
          const page = await client.timedGet<{ items: unknown[]; nextCursor: string | null }>(
            `${base}/contest-units?limit=500${query}`,
            timeoutMs,
          );
          ms += page.ms;
          count += page.body.items.length;
          pages += 1;
          cursor = page.body.nextCursor;
        } while (cursor);
        expect('contest-units', count === units, `${count} units, expected ${units}`);
        return { ms, note: `${count} units in ${pages} page(s), summed` };
      },
    },
  ];
}

/**
 * Each read once, right after the imports, with the statistics the imports left: none on this server
 * (autovacuum off), and none in production either until autovacuum gets round to the tables. A read
 * still running after READ_PROBE_CAP_MS is recorded at the cap and its statement cancelled, so that it
 * does not load the machine for the rest of the run.
 */
async function probeReads(endpoints: ReadEndpoint[], databaseUrl: string): Promise<ReadProbe[]> {
  const probes: ReadProbe[] = [];
  for (const endpoint of endpoints) {
    try {
      probes.push({ path: endpoint.path, ms: (await endpoint.call(READ_PROBE_CAP_MS)).ms, timedOut: false });
    } catch (error) {
      if (!(error instanceof RequestTimeout)) throw error;
      const cancelled = await withDatabase(databaseUrl, async (db) => {
        const { rows } = await db.query<{ cancelled: boolean }>(
          `SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
              AND backend_type = 'client backend'`,
        );
        return rows.length;
      });
      probes.push({ path: endpoint.path, ms: READ_PROBE_CAP_MS, timedOut: true });
      log(`${endpoint.path}: no answer within ${READ_PROBE_CAP_MS} ms; cancelled ${cancelled} statement(s)`);
    }
  }
  return probes;
}

/** What autovacuum would do a minute or so after the imports: ANALYZE the run's database. */
async function analyzeDatabase(databaseUrl: string): Promise<{ ms: number; autovacuum: string }> {
  return withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
    const started = performance.now();
    await db.query('ANALYZE');
    return { ms: performance.now() - started, autovacuum: rows[0].autovacuum };
  });
}

/** Each endpoint warmed, then called READ_CALLS times. */
async function measureReads(endpoints: ReadEndpoint[]): Promise<ReadFigure[]> {
  const figures: ReadFigure[] = [];
  for (const { name, path, call } of endpoints) {
    for (let i = 0; i < READ_WARM_UPS; i++) await call();
    const times: number[] = [];
    let note = '';
    for (let i = 0; i < READ_CALLS; i++) {
      const result = await call();
      times.push(result.ms);
      note = result.note;
    }
    figures.push({ name, path, times, note });
    log(`${path}: median ${median(times).toFixed(1)} ms (${note})`);
  }
  return figures;
}

/**
 * What writing the sheets alone costs: the election's official rows inserted again as one new source
 * by a single INSERT … SELECT into result_sheets (its three indexes and checks), in a transaction
 * rolled back. No import can be faster than this; it says how much of the goal the write leaves.
 */
async function writeFloorMs(
  databaseUrl: string,
  election: string,
  rows: number,
  repetitions: number,
): Promise<number[]> {
  const columns = `registered_voters, ballots_received, ballots_cast, ballots_unused, ballots_spoiled,
                   invalid_ballots, valid_ballots, votes, note, findings, import_id, row_number, created_by`;
  return withDatabase(databaseUrl, async (client) => {
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      await client.query('BEGIN');
      await client.query('SET LOCAL jit = off');
      const started = performance.now();
      const inserted = await client.query(
        `INSERT INTO result_sheets (election_id, station_id, source, version, is_current, ${columns})
         SELECT s.election_id, s.station_id, 'party:BENCH-FLOOR', 1, true, ${columns}
           FROM result_sheets s JOIN elections e ON e.id = s.election_id
          WHERE e.code = $1 AND s.source = 'official_preliminary' AND s.is_current`,
        [election],
      );
      times.push(performance.now() - started);
      await client.query('ROLLBACK');
      if (inserted.rowCount !== rows) throw new Error(`write floor: ${inserted.rowCount} rows, expected ${rows}`);
    }
    return times;
  });
}

async function withDatabase<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface ThreeSources {
  seconds: number;
  imports: { source: string; runMs: number; seenAt: number }[];
}

/**
 * The official, observer and party sheets of the Cambodian election, uploaded one after another as they
 * would arrive on election night (the worker takes them in turn): from the first upload until the last
 * is seen `succeeded`.
 */
async function threeSources(stack: Stack, kh: SyntheticFiles): Promise<ThreeSources> {
  const files: [string, string, number][] = [
    ['official_preliminary', kh.official, kh.rows.official],
    ['observer', kh.observer, kh.rows.observer],
    ['party:CNRP', kh.partyCopy, kh.rows.partyCopy],
  ];
  const started = performance.now();
  const uploaded: { source: string; id: string; rows: number }[] = [];
  for (const [source, file, rows] of files) {
    uploaded.push({ source, id: await stack.client.upload(ELECTION.cambodia, file, sheets(source)), rows });
  }
  const imports: ThreeSources['imports'] = [];
  // Polled one at a time (they finish in turn): three pollers would load the API three times over.
  for (const { source, id, rows } of uploaded) {
    const { report, seenAt } = await stack.client.waitForImport(id, waitOptions(stack));
    if (report.rowsAccepted !== rows || report.rowsChanged !== rows) {
      throw new Error(`KH ${source}: ${report.rowsAccepted} accepted, ${report.rowsChanged} written of ${rows}`);
    }
    imports.push({ source, runMs: runMsOf(report), seenAt });
  }
  const seconds = (Math.max(...imports.map((i) => i.seenAt)) - started) / 1000;
  log(`KH three sources (${files.map((f) => f[2]).join(' + ')} sheets): ${seconds.toFixed(2)} s`);
  return { seconds, imports };
}

interface RssRun {
  stations: number;
  fileMb: number;
  /** The worker's peak while importing the stations (the larger file), for comparison. */
  stationsPeakMb: number;
  restMb: number;
  peakMb: number;
  apiPeakMb: number;
  hwmReset: boolean;
  sheets: Measured;
}

/** The peak RSS of the worker and of the API while `work` runs, and the worker's RSS before it. */
async function withPeakRss<T>(
  stack: Stack,
  work: () => Promise<T>,
): Promise<{ result: T; restMb: number; workerMb: number; apiMb: number; hwmReset: boolean }> {
  const restMb = statusMb(stack.worker.pid, 'VmRSS') ?? NaN;
  const worker = PeakRss.start(stack.worker.pid);
  const api = PeakRss.start(stack.api.pid);
  let result: T;
  let workerMb: number;
  let apiMb: number;
  try {
    result = await work();
  } finally {
    workerMb = worker.stop();
    apiMb = api.stop();
  }
  return { result, restMb, workerMb, apiMb, hwmReset: worker.hwmReset };
}

interface Results {
  busy: number | undefined;
  copyMs: number[];
  loggedCopyMs: number[];
  floorMs: number[];
  reps: Measured[];
  realFile: [Measured, Measured];
  ugObserver: Measured;
  probes: ReadProbe[];
  analyzed: { ms: number; autovacuum: string };
  reads: ReadFigure[];
  khReference: [Measured, Measured];
  khSheets: ThreeSources;
  rss: [RssRun, RssRun];
}

function report(r: Results): void {
  const rows = r.reps[0].rows;
  const rate = (ms: number) => (rows * 1000) / ms;
  const importRate = median(r.reps.map((m) => rate(m.totalMs)));
  const copyRate = median(r.copyMs.map(rate));
  const floorRate = median(r.floorMs.map(rate));
  const [rss1, rss10] = r.rss;
  const growth = rss10.peakMb / rss1.peakMb;
  const sum = (ms: Measured[]) => ms.reduce((s, m) => s + m.totalMs, 0) / 1000;

  const figures: Figure[] = [
    figure(BENCH, 'sheets_rows_per_s', 'rps', importRate, copyRate, GOAL.sheetsVsCopy),
    figure(BENCH, 'raw_copy_logged_rows_per_s', 'rps', median(r.loggedCopyMs.map(rate)), copyRate, 'reported'),
    figure(BENCH, 'sheets_write_floor_rows_per_s', 'rps', floorRate, copyRate, 'reported'),
    figure(BENCH, 'sheets_rows_per_s_vs_write_floor', 'rps', importRate, floorRate, 'reported'),
    figure(
      BENCH,
      'synthetic_cambodia_import_s',
      's',
      r.khSheets.seconds,
      GOAL.cambodiaSeconds,
      `<${GOAL.cambodiaSeconds}`,
    ),
    figure(BENCH, 'synthetic_cambodia_stations_seats_s', 's', sum(r.khReference), null, 'reported'),
    figure(BENCH, 'real_file_import_s', 's', sum(r.realFile), null, 'reported'),
    ...r.reads.map((read) => figure(BENCH, read.name, 'ms', median(read.times), GOAL.readMs, `<${GOAL.readMs}`)),
    figure(
      BENCH,
      'slowest_read_before_analyze_ms',
      'ms',
      Math.max(...r.probes.map((p) => p.ms)),
      GOAL.readMs,
      `<${GOAL.readMs}`,
    ),
    figure(BENCH, 'peak_rss_mb_1x', 'mb', rss1.peakMb, null, 'reported'),
    figure(BENCH, 'peak_rss_mb_10x', 'mb', rss10.peakMb, rss1.peakMb, 'reported'),
    figure(BENCH, 'rss_growth_ratio', 'x', growth, FLAT_MAX_GROWTH, GOAL.rssGrowth),
  ];

  const ms = (n: number) => String(Math.round(n));
  const imports = [r.realFile[0], ...r.reps, r.ugObserver, ...r.khReference, rss1.sheets, rss10.sheets];
  const out: string[] = [
    '',
    `Imports end to end: upload (multipart, admin) until GET /api/v1/imports/{id} says succeeded, polled every ${POLL_MS} ms;`,
    `built API + worker as child processes (NODE_ENV=production, LOG_LEVEL=warn, OUTBOX_POLL_MS default), 127.0.0.1,`,
    `${availableParallelism()} cores. The raw COPY baseline: the same sheets file from disk into a bare UNLOGGED table of text`,
    `columns (pg + pg-copy-streams): ${r.copyMs.map((t) => `${t.toFixed(1)} ms`).join(', ')}; into a logged one:`,
    `${r.loggedCopyMs.map((t) => `${t.toFixed(1)} ms`).join(', ')}. The write floor (the same rows INSERTed into`,
    `result_sheets as one new source by one statement, rolled back): ${r.floorMs.map((t) => `${t.toFixed(1)} ms`).join(', ')}.`,
    '',
    table(
      [
        'import',
        'rows',
        'total ms',
        'rows/s',
        'upload ms',
        'worker run ms',
        'queue+poll ms',
        'cpu worker',
        'api',
        'other',
      ],
      imports.map((m) => [
        m.label,
        String(m.rows),
        ms(m.totalMs),
        ms((m.rows * 1000) / m.totalMs),
        ms(m.uploadMs),
        ms(m.runMs),
        ms(m.totalMs - m.uploadMs - m.runMs),
        m.workerCpu.toFixed(2),
        m.apiCpu.toFixed(2),
        m.otherCpu.toFixed(2),
      ]),
    ),
    '',
    `Cambodia, three sources uploaded back to back: ${r.khSheets.imports
      .map((i) => `${i.source} run ${i.runMs} ms`)
      .join(', ')}; ${r.khSheets.seconds.toFixed(2)} s from the first upload to the last succeeded.`,
    `Reads (median of ${READ_CALLS} after ${READ_WARM_UPS} warm-up): ${r.reads
      .map((read) => `${read.path}: ${read.times.map((t) => t.toFixed(0)).join('/')} ms, ${read.note}`)
      .join('; ')}.`,
    `Right after the imports, before any ANALYZE (each read once, cut at ${READ_PROBE_CAP_MS} ms): ${r.probes
      .map(
        (p) => `${p.path}: ${p.timedOut ? `no answer in ${p.ms} ms (statement cancelled)` : `${p.ms.toFixed(0)} ms`}`,
      )
      .join(
        '; ',
      )}. Then ANALYZE, as autovacuum (${r.analyzed.autovacuum} on this server) would: ${r.analyzed.ms.toFixed(0)} ms.`,
    `Peak RSS (${rss1.hwmReset ? 'VmHWM reset before each import, and VmRSS sampled every 10 ms' : 'VmRSS sampled every 10 ms'}):` +
      ` worker at rest ${rss1.restMb.toFixed(0)} / ${rss10.restMb.toFixed(0)} MB; sheets files ${rss1.fileMb.toFixed(1)} /` +
      ` ${rss10.fileMb.toFixed(1)} MB (${rss1.stations} / ${rss10.stations} stations); API peak during the upload` +
      ` ${rss1.apiPeakMb.toFixed(0)} / ${rss10.apiPeakMb.toFixed(0)} MB; worker peak importing the stations files` +
      ` ${rss1.stationsPeakMb.toFixed(0)} / ${rss10.stationsPeakMb.toFixed(0)} MB.`,
    '',
    figuresTable(figures),
    '',
    'Conventions: sheets_rows_per_s: median of 3 imports of the real 34,684-row sheets file, each a new source (each',
    '  writes every row); baseline = median rows/s of the raw COPY; ratio = value / baseline, and the goal applies to it.',
    '  raw_copy_logged_rows_per_s and sheets_write_floor_rows_per_s: against the same (unlogged) raw COPY;',
    '  sheets_rows_per_s_vs_write_floor: the import end to end against the write floor alone.',
    '  Goals "<x": baseline = the bound in the figure\'s unit, ratio = value / bound (ok below 1). "reported": no baseline.',
    '  synthetic_cambodia_import_s: official + observer + party sheets of ~23,000 stations, uploaded back to back;',
    '  its stations and seats are timed apart (synthetic_cambodia_stations_seats_s). real_file_import_s = stations +',
    '  sheets of the real file, end to end. Reads: the real-file election with official + altered observer sheets and',
    '  a stand-in seats file, after ANALYZE; contest_units_ms sums the pages of contest-units?limit=500.',
    '  slowest_read_before_analyze_ms: the slowest of the four, called once before the ANALYZE (cut at the cap).',
    `  peak_rss_mb_10x: baseline = the 1× peak. rss_growth_ratio = 10× / 1×; "flat" = at most ${FLAT_MAX_GROWTH}`,
    `  (baseline ${FLAT_MAX_GROWTH}, ratio = value / ${FLAT_MAX_GROWTH}).`,
    ...(r.busy !== undefined && r.busy > BUSY_CORES
      ? [`WARNING: before measuring, other processes kept ${r.busy.toFixed(2)} cores busy; figures are noisy.`]
      : []),
    '',
    ...figures.map(jsonLine),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  log(`JSON lines saved to ${saveResults(__dirname, BENCH, figures)}`);
}
