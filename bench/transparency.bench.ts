import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { PersistenceModule, runMigrations } from '@app/platform';
import {
  CompactTree,
  leafHash,
  signCheckpoint,
  TransparencyKeys,
  TransparencyLog,
  TransparencyModule,
} from '@app/transparency';
import {
  BENCH_DATABASE_PREFIX,
  benchDatabaseUrl,
  dropDatabase,
  dropLeftoverDatabases,
  newRunId,
} from './support/bench-database';
import { figure, Figure, figuresTable, jsonLine, median, saveResults } from './support/report';
import { Teardown, withTeardown } from './support/teardown';

/**
 * The transparency log, in process against a throwaway database (what the api and the worker run):
 * - inclusion and consistency proofs at 100,000 leaves, served from the stored nodes;
 * - appends per second, each in its own transaction (leaf, completed nodes, signed checkpoint,
 *   commit), from one caller and from 16 at once (they take turns on the log's lock), against raw
 *   one-row commits; and batched, 100 leaves per transaction (appendMany).
 * The 100,000 leaves are loaded in bulk (same hashes and nodes as appends write), so the run is short.
 * Progress goes to stderr; the table and JSON lines to stdout.
 */

const BENCH = 'transparency';
/** A run takes about 60 s on an idle machine; the rest is room for a busy one. */
const BUDGET_MS = 600_000;
const LEAVES = 100_000;
const LOAD_BATCH = 5_000;
const PROOFS = 500;
const APPENDS = 1_000;
const CONCURRENT_CALLERS = 16;
const BATCH = 100;
const GOAL = { proofMs: 5, appendsPerSecond: 500 } as const;

const log = (line: string) => process.stderr.write(`[transparency] ${line}\n`);

@Module({ imports: [PersistenceModule, TransparencyModule] })
class BenchModule {}

export async function run(): Promise<void> {
  await withTeardown(benchmark, BUDGET_MS, 'the transparency benchmark', log);
}

async function benchmark(teardown: Teardown): Promise<void> {
  const database = `${BENCH_DATABASE_PREFIX}${newRunId()}`;
  await dropLeftoverDatabases();
  teardown.add(`drop database ${database}`, () => dropDatabase(database));
  Object.assign(process.env, { DATABASE_URL: benchDatabaseUrl(database), LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  process.env.JWT_SECRET ??= randomBytes(32).toString('hex');

  const app: INestApplicationContext = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  teardown.add('close the app', () => app.close());
  const dataSource = app.get<DataSource>(getDataSourceToken());
  await runMigrations(dataSource);
  const service = app.get(TransparencyLog);
  const tx = app.get(TransactionHost);

  log(`loading ${LEAVES.toLocaleString('en')} leaves`);
  const loadStarted = performance.now();
  await bulkLoad(dataSource, app.get(TransparencyKeys), LEAVES);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  log(`${PROOFS} inclusion and consistency proofs at ${LEAVES.toLocaleString('en')} leaves`);
  for (let i = 0; i < 50; i += 1) await service.inclusionProof(i * 997, LEAVES); // warm up
  const inclusion: number[] = [];
  const consistency: number[] = [];
  for (let i = 0; i < PROOFS; i += 1) {
    const leaf = Math.floor(Math.random() * LEAVES);
    let started = performance.now();
    await service.inclusionProof(leaf, LEAVES);
    inclusion.push(performance.now() - started);
    started = performance.now();
    await service.consistencyProof(1 + leaf, LEAVES);
    consistency.push(performance.now() - started);
  }

  log(`${APPENDS} appends, one caller`);
  const record = (n: number) => ({
    reference: `BENCH-${n}`,
    decision: { outcome: 'upheld', reasoning: 'x'.repeat(400) },
  });
  const append = (n: number) =>
    tx.withTransaction(() => service.append({ kind: 'decision', reference: `BENCH-${n}`, record: record(n) }));
  for (let i = 0; i < 50; i += 1) await append(-i - 1); // warm up
  let started = performance.now();
  for (let i = 0; i < APPENDS; i += 1) await append(i);
  const sequentialRate = APPENDS / ((performance.now() - started) / 1000);

  log(`${APPENDS} appends, ${CONCURRENT_CALLERS} callers`);
  let next = APPENDS;
  started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_CALLERS }, async () => {
      while (next < 2 * APPENDS) await append(next++);
    }),
  );
  const concurrentRate = APPENDS / ((performance.now() - started) / 1000);

  log(`${APPENDS} appends, ${BATCH} per transaction`);
  started = performance.now();
  for (let n = 2 * APPENDS; n < 3 * APPENDS; n += BATCH) {
    await tx.withTransaction(() =>
      service.appendMany(
        Array.from({ length: BATCH }, (_, i) => ({
          kind: 'decision' as const,
          reference: `BENCH-${n + i}`,
          record: record(n + i),
        })),
      ),
    );
  }
  const batchedRate = APPENDS / ((performance.now() - started) / 1000);

  log(`${APPENDS} raw commits (BEGIN, one INSERT, COMMIT): the baseline an append per transaction cannot beat`);
  await dataSource.query(`CREATE TABLE bench_commit_probe (n int, note text)`);
  started = performance.now();
  for (let i = 0; i < APPENDS; i += 1) {
    await dataSource.transaction((manager) =>
      manager.query(`INSERT INTO bench_commit_probe VALUES ($1, $2)`, [i, 'x']),
    );
  }
  const rawCommitRate = APPENDS / ((performance.now() - started) / 1000);

  const size = await service.treeSize();
  if (size !== LEAVES + 50 + 3 * APPENDS)
    throw new Error(`the log has ${size} leaves, not ${LEAVES + 50 + 3 * APPENDS}`);

  const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)];
  const figures: Figure[] = [
    figure(BENCH, 'inclusion_proof_ms_at_100k', 'ms', median(inclusion), GOAL.proofMs, `<${GOAL.proofMs}`),
    figure(BENCH, 'inclusion_proof_p99_ms_at_100k', 'ms', p99(inclusion), null, 'reported'),
    figure(BENCH, 'consistency_proof_ms_at_100k', 'ms', median(consistency), null, 'reported'),
    figure(BENCH, 'append_rate_batched_rps', 'rps', batchedRate, GOAL.appendsPerSecond, `>${GOAL.appendsPerSecond}`),
    figure(BENCH, 'append_rate_rps', 'rps', sequentialRate, rawCommitRate, 'reported'),
    figure(BENCH, 'append_rate_16_callers_rps', 'rps', concurrentRate, rawCommitRate, 'reported'),
    figure(BENCH, 'raw_commit_rps', 'rps', rawCommitRate, null, 'reported'),
    figure(BENCH, 'bulk_load_100k_s', 's', loadSeconds, null, 'reported'),
  ];
  const out = [
    '',
    `Transparency log: ${LEAVES.toLocaleString('en')} leaves, ${PROOFS} random proofs (median), ${APPENDS} appends each way, ${availableParallelism()} cores`,
    '',
    figuresTable(figures),
    '',
    'Proofs are TransparencyLog.inclusionProof/consistencyProof (tree size check + one read of O(log n) stored',
    'nodes); each append is its own transaction: the log lock, the head, the leaf, its completed nodes and a',
    'signed checkpoint, then the commit (synchronous_commit as configured on the server); the appends/s of one',
    'caller are compared with raw commits of one row (same connection pool, same run): a commit is their floor.',
    `Batched: TransparencyLog.appendMany, ${BATCH} leaves and one checkpoint per transaction.`,
    '',
    ...figures.map(jsonLine),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  log(`JSON lines saved to ${saveResults(__dirname, BENCH, figures)}`);
}

/** Writes what `size` appends would have written (leaves, every completed node, the last checkpoint), in batches. */
async function bulkLoad(dataSource: DataSource, keys: TransparencyKeys, size: number): Promise<void> {
  const key = await keys.key();
  const tree = new CompactTree();
  for (let start = 0; start < size; start += LOAD_BATCH) {
    const leaves: string[] = [];
    const nodes: { level: number; index: number; hash: Buffer }[] = [];
    for (let i = start; i < Math.min(size, start + LOAD_BATCH); i += 1) {
      const leaf = JSON.stringify({
        decision: { outcome: 'dismissed', reasoning: `Bulk ${i}` },
        reference: `BULK-${i}`,
      });
      leaves.push(leaf);
      nodes.push(...tree.append(leafHash(leaf)));
    }
    await dataSource.query(
      `WITH l AS (
         INSERT INTO transparency_leaves ("index", kind, reference, leaf, leaf_hash)
         SELECT $1::bigint + o - 1, 'decision', 'BULK-' || ($1::bigint + o - 1), leaf, sha256('\\x00'::bytea || convert_to(leaf, 'UTF8'))
           FROM unnest($2::text[]) WITH ORDINALITY AS t(leaf, o)
       )
       INSERT INTO transparency_nodes (level, "index", hash) SELECT * FROM unnest($3::smallint[], $4::bigint[], $5::bytea[])`,
      [start, leaves, nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
    );
  }
  const note = signCheckpoint({ origin: key.name, treeSize: size, rootHash: tree.root() }, key.name, key.privateKey);
  await dataSource.query(`INSERT INTO transparency_checkpoints (tree_size, root_hash, note) VALUES ($1, $2, $3)`, [
    size,
    tree.root(),
    note,
  ]);
}
