import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { TransactionHost, TransactionNotActiveError } from '@nestjs-cls/transactional';
import { Client } from 'pg';
import { canonicalJson, OutboxService } from '@app/platform';
import {
  AppendRequest,
  leafHash,
  parseVerifierKey,
  rootFromLeafHashes,
  signCheckpoint,
  TRANSPARENCY_APPEND_REQUESTED,
  TRANSPARENCY_APPENDED,
  TransparencyLog,
  VerifierState,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyLog,
} from '@app/transparency';
import { connect } from './support/imports';
import { killAllSpawned, spawnTs } from './support/processes';
import {
  createTestEnvironment,
  destroyTestEnvironment,
  startApi,
  startWorker,
  TestApi,
  TestEnvironment,
} from './support/test-app';
import { waitFor } from './support/wait-for';

// log:verify runs the CLI under ts-node: slow to start on a busy machine.
jest.setTimeout(300_000);

const CLI = 'apps/cli/src/main.ts';
const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

describe('the transparency log', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let base: string;
  let log: TransparencyLog;
  let tx: TransactionHost;
  let db: Client;
  let dir: string;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment({ TRANSPARENCY_LOG_ORIGIN: 'test.recourse.example/log' });
    api = await startApi(env);
    await api.app.listen(0, '127.0.0.1');
    base = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    log = api.app.get(TransparencyLog);
    tx = api.app.get(TransactionHost);
    db = await connect(env.DATABASE_URL);
    dir = mkdtempSync(join(tmpdir(), 'recourse-tlog-'));
  });

  afterAll(async () => {
    await killAllSpawned();
    await worker?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await api?.close().catch(() => undefined);
    await destroyTestEnvironment(env);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const record = (n: number) => ({
    reference: `KH-2017-CC-${String(n).padStart(6, '0')}`,
    decision: { outcome: n % 2 ? 'upheld' : 'dismissed', reasoning: `ហេតុផល ${n}: the sheets disagree.` },
    stations: [n, n + 1],
  });
  const request = (n: number): AppendRequest => ({
    kind: 'decision',
    reference: record(n).reference,
    record: record(n),
  });
  const append = (r: AppendRequest) => tx.withTransaction(() => log.append(r));
  const get = (path: string) => api.http.get(`/api/v1/transparency${path}`);

  /** Changes rows behind the triggers' back, as someone with the database's password could. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    await db.query(sql, params);
    await db.query('COMMIT');
  };
  const cli = (...args: string[]) => spawnTs(CLI, ['log:verify', ...args], { LOG_LEVEL: 'silent' }, 240_000).finished;

  it('serves an empty log: a signed checkpoint of size 0 and no entries', async () => {
    const key = await get('/key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ name: 'test.recourse.example/log', algorithm: 'ed25519' });
    const checkpoint = await get('/checkpoint');
    expect(checkpoint.headers['content-type']).toMatch(/^text\/plain/);
    expect(verifyCheckpoint(checkpoint.text, key.body.name, unb64(key.body.publicKey))).toMatchObject({ treeSize: 0 });
    expect((await get('/entries?start=0')).body).toEqual({ items: [] });
    expect((await get('/proof/consistency?from=1')).status).toBe(422);
  });

  it('appends only inside a transaction, and a rolled-back append leaves nothing', async () => {
    await expect(async () => log.append(request(0))).rejects.toThrow(TransactionNotActiveError);
    await expect(
      tx.withTransaction(async () => {
        await log.append(request(0));
        throw new Error('the publication failed');
      }),
    ).rejects.toThrow('the publication failed');
    expect(await log.treeSize()).toBe(0);
  });

  it('numbers leaves 0, 1, 2… without gaps, also under concurrent appends', async () => {
    const first = await append(request(0));
    expect(first).toEqual({ leafIndex: 0, treeSize: 1, rootHash: b64(leafHash(canonicalJson(record(0)))) });
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => append(request(i + 1))));
    expect(results.map((r) => r.leafIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(await log.treeSize()).toBe(25);
    const { rows } = await db.query(`SELECT count(*)::int AS n, max("index")::int AS last FROM transparency_leaves`);
    expect(rows[0]).toEqual({ n: 25, last: 24 });
  });

  it('serves the key, a checkpoint it verifies, and entries whose leaves give the signed root', async () => {
    const key = (await get('/key')).body;
    const parsed = parseVerifierKey(key.verifierKey);
    expect(parsed?.name).toBe(key.name);
    expect(b64(parsed!.publicKey)).toBe(key.publicKey);
    const res = await get('/checkpoint');
    expect(res.headers['cache-control']).toMatch(/public/);
    const checkpoint = verifyCheckpoint(res.text, key.name, unb64(key.publicKey));
    expect(checkpoint).toMatchObject({ origin: key.name, treeSize: 25 });

    const entries = (await get('/entries?start=0&end=25')).body.items;
    expect(entries).toHaveLength(25);
    const third = entries.find((e: { reference: string }) => e.reference === record(3).reference);
    expect(third).toEqual({
      index: expect.any(Number),
      kind: 'decision',
      reference: record(3).reference,
      leaf: canonicalJson(record(3)),
      leafHash: b64(leafHash(canonicalJson(record(3)))),
    });
    const byIndex = new Map<string, number>(
      entries.map((e: { reference: string; index: number }) => [e.reference, e.index]),
    );
    expect(byIndex.size).toBe(25);
    const root = rootFromLeafHashes(entries.map((e: { leaf: string }) => leafHash(e.leaf)));
    expect(root.equals(checkpoint!.rootHash)).toBe(true);
    expect((await get('/entries?start=20')).body.items.map((e: { index: number }) => e.index)).toEqual([
      20, 21, 22, 23, 24,
    ]);
    expect((await get('/entries?start=25')).body.items).toEqual([]);
  });

  it('serves inclusion proofs, by index or leaf hash, for any tree size, that verify', async () => {
    const entries: { leaf: string; leafHash: string }[] = (await get('/entries?start=0')).body.items;
    const hashes = entries.map((e) => leafHash(e.leaf));
    for (const size of [1, 2, 7, 8, 13, 25]) {
      const root = rootFromLeafHashes(hashes.slice(0, size));
      for (let index = 0; index < size; index += 1) {
        const res = await get(`/proof/inclusion?leaf=${index}&treeSize=${size}`);
        expect(res.status).toBe(200);
        expect(res.body.leafIndex).toBe(index);
        expect(verifyInclusion(index, size, hashes[index], res.body.hashes.map(unb64), root)).toBe(true);
      }
    }
    const byHash = await get(`/proof/inclusion?leaf=${encodeURIComponent(entries[11].leafHash)}`);
    expect(byHash.body).toMatchObject({ leafIndex: 11, treeSize: 25 });
    const raw = await get(`/proof/inclusion?leaf=${entries[11].leafHash}`); // "+" unescaped arrives as a space
    expect(raw.body.leafIndex).toBe(11);
    expect(verifyInclusion(11, 25, hashes[11], byHash.body.hashes.map(unb64), rootFromLeafHashes(hashes))).toBe(true);
  });

  it('serves consistency proofs between any two sizes that verify', async () => {
    const entries: { leaf: string }[] = (await get('/entries?start=0')).body.items;
    const hashes = entries.map((e) => leafHash(e.leaf));
    for (const [from, to] of [
      [1, 25],
      [3, 7],
      [8, 25],
      [13, 16],
      [24, 25],
      [25, 25],
    ]) {
      const res = await get(`/proof/consistency?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ from, to });
      const proof = res.body.hashes.map(unb64);
      const [r1, r2] = [rootFromLeafHashes(hashes.slice(0, from)), rootFromLeafHashes(hashes.slice(0, to))];
      expect(verifyConsistency(from, to, proof, r1, r2)).toBe(true);
    }
    expect((await get('/proof/consistency?from=5')).body).toMatchObject({ from: 5, to: 25 });
  });

  it('answers bad parameters with 400 naming the field, and sizes beyond the tree with 422', async () => {
    const field = async (path: string, status: number) => {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return [...new Set(res.body.errors?.map((e: { field: string }) => e.field))];
    };
    expect(await field('/entries', 400)).toEqual(['start']);
    expect(await field('/entries?start=-1', 400)).toEqual(['start']);
    expect(await field('/entries?start=x', 400)).toEqual(['start']);
    expect(await field('/entries?start=5&end=2', 400)).toEqual(['end']);
    expect(await field('/entries?start=26', 422)).toEqual(['start']);
    expect(await field('/proof/inclusion?leaf=abc', 400)).toEqual(['leaf']);
    expect(await field('/proof/inclusion?leaf=1&treeSize=0', 400)).toEqual(['treeSize']);
    expect(await field('/proof/inclusion?leaf=1&treeSize=26', 422)).toEqual(['treeSize']);
    expect(await field('/proof/inclusion?leaf=9&treeSize=9', 422)).toEqual(['leaf']);
    expect(await field('/proof/consistency?from=0', 400)).toEqual(['from']);
    expect(await field('/proof/consistency?from=9&to=8', 400)).toEqual(['from']);
    expect(await field('/proof/consistency?from=1&to=99', 422)).toEqual(['to']);
    expect(await field(`/proof/inclusion?leaf=${encodeURIComponent(b64(leafHash('never logged')))}`, 404)).toEqual([]);
  });

  it('appends what a transparency.append_requested event asks for, once, and announces the index', async () => {
    worker = await startWorker(env);
    const outbox = api.app.get(OutboxService);
    await tx.withTransaction(() =>
      outbox.append(TRANSPARENCY_APPEND_REQUESTED, {
        kind: 'recount',
        reference: 'KH-2017-RC-000001',
        record: { n: 1 },
      }),
    );
    await waitFor(
      () => log.treeSize(),
      (size) => size === 26,
    );
    const [entry] = await log.entries(25, 26);
    expect(entry).toMatchObject({ index: 25, kind: 'recount', reference: 'KH-2017-RC-000001', leaf: '{"n":1}' });
    const announced = await waitFor(
      async () => (await db.query(`SELECT payload FROM outbox_events WHERE type = $1`, [TRANSPARENCY_APPENDED])).rows,
      (rows) => rows.length === 1,
    );
    expect(announced[0].payload).toMatchObject({
      kind: 'recount',
      reference: 'KH-2017-RC-000001',
      leafIndex: 25,
      treeSize: 26,
    });
    await worker.close();
    worker = undefined;
  });

  it('the verifier accepts the intact log, then checks consistency with its saved state', async () => {
    const first = await verifyLog({ baseUrl: base, checkLeaf: null });
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ ok: true, treeSize: 26, leavesChecked: 26 });
    const batch = await tx.withTransaction(() => log.appendMany(Array.from({ length: 14 }, (_, i) => request(26 + i))));
    expect(batch.map((r) => r.leafIndex)).toEqual(Array.from({ length: 14 }, (_, i) => 26 + i));
    expect(batch.at(-1)).toMatchObject({ treeSize: 40, rootHash: b64((await log.checkpoint()).rootHash) });
    const second = await verifyLog({ baseUrl: base, checkLeaf: null, state: first.state });
    expect(second).toMatchObject({ ok: true, treeSize: 40 });

    const rewritten: VerifierState = { ...first.state!, rootHash: b64(leafHash('another history')) };
    const refused = await verifyLog({ baseUrl: base, checkLeaf: null, state: rewritten });
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/not consistent with the saved checkpoint 26/)]),
    );
    const shrunk = await verifyLog({ baseUrl: base, checkLeaf: null, state: { ...second.state!, treeSize: 41 } });
    expect(shrunk.problems[0].message).toMatch(/shrank from 41 to 40/);
  });

  it('checks every leaf against its public record through a pluggable check', async () => {
    const seen: number[] = [];
    const report = await verifyLog({
      baseUrl: base,
      checkLeaf: async (entry) => {
        seen.push(entry.index);
        return entry.index === 7 ? 'its public record differs from the logged leaf' : null;
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        index: 7,
        message: expect.stringMatching(/^leaf 7 \(decision KH-2017-CC-\d{6}\): its public/),
      }),
    ]);
  });

  it('names a leaf altered in the database, whether or not its hash was altered with it', async () => {
    const original = (await db.query(`SELECT reference, leaf, leaf_hash FROM transparency_leaves WHERE "index" = 3`))
      .rows[0];
    const named = new RegExp(`leaf 3 \\(decision ${original.reference}\\) was altered`);
    const altered = canonicalJson({
      ...JSON.parse(original.leaf),
      decision: { outcome: 'upheld', reasoning: 'rewritten' },
    });
    try {
      await tamper(`UPDATE transparency_leaves SET leaf = $1 WHERE "index" = 3`, [altered]);
      const naive = await verifyLog({ baseUrl: base, checkLeaf: null });
      expect(naive.ok).toBe(false);
      expect(naive.problems.filter((p) => p.index !== undefined).map((p) => p.index)).toEqual([3]);
      expect(naive.problems.map((p) => p.message).join('\n')).toMatch(named);

      await tamper(`UPDATE transparency_leaves SET leaf_hash = $1 WHERE "index" = 3`, [leafHash(altered)]);
      const careful = await verifyLog({ baseUrl: base, checkLeaf: null });
      expect(careful.ok).toBe(false);
      expect(careful.problems.filter((p) => p.index !== undefined).map((p) => p.index)).toEqual([3]);
      expect(careful.problems.map((p) => p.message)).toEqual(
        expect.arrayContaining([
          "the leaves do not give the checkpoint's root",
          expect.stringMatching(/^leaf 3 .*not the leaf the checkpoint signed/),
        ]),
      );

      const state = join(dir, 'altered.json');
      const run = await cli('--url', base, '--state', state, '--skip-records');
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAILED/);
      expect(run.stdout).toMatch(named);
      expect(() => readFileSync(state)).toThrow(); // nothing saved from a failed run
    } finally {
      await tamper(`UPDATE transparency_leaves SET leaf = $1, leaf_hash = $2 WHERE "index" = 3`, [
        original.leaf,
        original.leaf_hash,
      ]);
    }
    expect((await verifyLog({ baseUrl: base, checkLeaf: null })).ok).toBe(true);
  });

  it('names a removed leaf', async () => {
    const row = (await db.query(`SELECT * FROM transparency_leaves WHERE "index" = 10`)).rows[0];
    await tamper(`DELETE FROM transparency_leaves WHERE "index" = 10`);
    const report = await verifyLog({ baseUrl: base, checkLeaf: null });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['entry 10 is missing: it was removed']),
    );
    await tamper(
      `INSERT INTO transparency_leaves ("index", kind, reference, leaf, leaf_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.index, row.kind, row.reference, row.leaf, row.leaf_hash, row.created_at],
    );
  });

  it('refuses a checkpoint signed by another key, and an altered one', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const { treeSize, rootHash } = await log.checkpoint();
    const forged = signCheckpoint(
      { origin: 'test.recourse.example/log', treeSize, rootHash },
      'test.recourse.example/log',
      other,
    );
    const serving =
      (note: (real: string) => string): typeof fetch =>
      async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/transparency/checkpoint')) return response;
        return new Response(note(await response.text()), { status: 200, headers: { 'content-type': 'text/plain' } });
      };
    for (const note of [() => forged, (real: string) => real.replace(/\n40\n/, '\n41\n')]) {
      const report = await verifyLog({ baseUrl: base, checkLeaf: null, fetch: serving(note) });
      expect(report.ok).toBe(false);
      expect(report.problems[0].message).toMatch(
        /not validly signed by test.recourse.example\/log: it is forged or altered/,
      );
    }
  });

  it('log:verify exits 0 with a summary, saves its state, and checks consistency with it next time', async () => {
    const state = join(dir, 'state.json');
    const first = await cli('--url', base, '--state', state, '--skip-records');
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Verified test.recourse.example\/log: 40 entries, root \S+: signature valid/);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({
      treeSize: 40,
      keyName: 'test.recourse.example/log',
    });
    await append(request(40));
    const second = await cli('--url', base, '--state', state, '--skip-records');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/41 entries.*consistent with the saved checkpoint of 40/);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ treeSize: 41 });
  });

  it('refuses to change or remove the log through SQL while the triggers stand', async () => {
    for (const sql of [
      `UPDATE transparency_leaves SET leaf = '{}' WHERE "index" = 0`,
      `DELETE FROM transparency_nodes WHERE level = 0 AND "index" = 0`,
      `DELETE FROM transparency_checkpoints WHERE tree_size = 1`,
      `TRUNCATE transparency_leaves`,
    ]) {
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
    }
  });
});
