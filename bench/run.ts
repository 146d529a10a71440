import { runActiveTeardowns } from './support/teardown';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>...` runs the named ones.
 * A benchmark module exports `run()`, which throws when the measurement is invalid; it is loaded only
 * when selected, so one benchmark's dependencies never slow another down.
 */
interface Benchmark {
  name: string;
  summary: string;
  load: () => Promise<{ run: () => Promise<void> }>;
}

/** The one table: add cases, … here. */
const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'http',
    summary: 'req/s and p99 of /health/live and /api/v1/auth/me against raw Fastify baselines',
    load: () => import('./http.bench'),
  },
  {
    name: 'import',
    summary:
      'imports end to end (API + worker) against a raw COPY; Cambodia-scale and real-file imports; reads; peak RSS 1×/10×',
    load: () => import('./import.bench'),
  },
  {
    name: 'cases',
    summary:
      'transitions/s (20 clients) against the raw UPDATE + audit + outbox statements; filings/s; the materiality queue at 100k cases',
    load: () => import('./cases.bench'),
  },
  {
    name: 'public',
    summary:
      'public decision detail and search (100 connections) against raw Fastify+pg; inclusion proofs at 100k leaves; log appends/s',
    load: () => import('./public.bench'),
  },
  {
    name: 'transparency',
    summary: 'the transparency log: inclusion and consistency proofs at 100,000 leaves; appends/s, 1 and 16 callers',
    load: () => import('./transparency.bench'),
  },
];

function listing(): string {
  const width = Math.max(...BENCHMARKS.map((b) => b.name.length));
  return BENCHMARKS.map((b) => `  ${b.name.padEnd(width)}  ${b.summary}`).join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === 'list')) {
    process.stdout.write(`Usage: npm run bench [-- <name>...]\n\nBenchmarks:\n${listing()}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => !BENCHMARKS.some((b) => b.name === arg));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}. Available:\n${listing()}\n`);
    return 2;
  }
  const selected = argv.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => argv.includes(b.name));
  let failed = 0;
  for (const benchmark of selected) {
    const started = Date.now();
    try {
      await (await benchmark.load()).run();
      process.stderr.write(`bench ${benchmark.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(`bench ${benchmark.name}: FAILED: ${(error as Error).message ?? String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

// Ctrl-C must not leave an API running or a database behind; a second Ctrl-C gives up at once.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    process.once(signal, () => process.exit(code));
    void runActiveTeardowns().finally(() => process.exit(code));
  });
}

// Exit explicitly: a stray socket or timer of a failed benchmark must not keep the process alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
