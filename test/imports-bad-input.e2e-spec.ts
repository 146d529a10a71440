import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { communeElection, SHEET_HEADER, STATIONS } from './support/import-fixtures';
import { connect, csv, importFile, upload } from './support/imports';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  startWorker,
  TestApi,
  TestEnvironment,
} from './support/test-app';

const ELECTION = 'KH-2017-BAD';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const GOOD_ROW = ['S01', 42, 200, 500, 400, 8, 392, 150, null, null, null, ''];

describe('imports of bad files and bad requests', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let smallApi: TestApi;
  let worker: INestApplicationContext;
  let db: Client;
  let storage: string;
  let token: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'recourse-bad-imports-'));
    env = await createTestEnvironment({ STORAGE_DIR: storage, IMPORT_MAX_BYTES: '10000000' });
    api = await startApi(env);
    // The same system with a 4 KB import limit.
    smallApi = await startApi({ ...env, IMPORT_MAX_BYTES: '4096' });
    worker = await startWorker({ ...env, IMPORT_MAX_BYTES: '10000000' });
    db = await connect(env.DATABASE_URL);
    token = (await signIn(api, { role: 'admin' })).accessToken;
    await api.http.post('/api/v1/elections').set(bearer(token)).send(communeElection(ELECTION)).expect(201);
    expect(await importFile(api, ELECTION, STATIONS, { kind: 'stations', token })).toMatchObject({
      status: 'succeeded',
    });
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await smallApi?.close();
    await api?.close();
    await destroyTestEnvironment(env);
    await rm(storage, { recursive: true, force: true });
  });

  const failure = async (body: string | Buffer, kind = 'sheets') => {
    const done = await importFile(api, ELECTION, body, {
      kind,
      source: kind === 'sheets' ? 'observer' : undefined,
      token,
    });
    expect(done).toMatchObject({ status: 'failed', rowsAccepted: 0, rowsChanged: 0, errors: [] });
    return done.failure;
  };

  it('a PNG image, an Excel workbook or a UTF-16 file fails with the reason', async () => {
    expect(await failure(PNG)).toBe('The file is a PNG image, not CSV text; export it as CSV (UTF-8).');
    expect(await failure(Buffer.from('504b030414000600080000002100', 'hex'))).toMatch(/Excel workbook \(\.xlsx\)/);
    expect(await failure(Buffer.from('\ufeffstation_code,seats\n', 'utf16le'))).toMatch(/UTF-16/);
  });

  it('Latin-1 bytes fail as a wrong encoding, naming the line, near the start or deep in the file', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const early = csv([SHEET_HEADER, GOOD_ROW]) + 'S02,1,2,3,4,5,6,7,,,,café\n';
    expect(await failure(latin1(early))).toBe(
      'The file is not valid UTF-8: line 3 has the byte 0xE9. Save it as CSV UTF-8 (it may be Latin-1 or Windows-1252).',
    );
    // Far beyond the first 64 KB that are checked up front: COPY finds it.
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `X${i}`,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      null,
      null,
      null,
      'filler text'.repeat(2),
    ]);
    const late = csv([SHEET_HEADER, ...rows]) + 'S02,1,2,3,4,5,6,7,,,,Phnom Penh café\n';
    expect(await failure(latin1(late))).toMatch(/^The file is not valid UTF-8: line 3002 has the byte 0xE9\./);
  });

  it('a missing required column, an unknown party column or a missing party column fails, naming it', async () => {
    const without = (name: string) => SHEET_HEADER.filter((h) => h !== name);
    expect(await failure(csv([without('ballots_cast'), GOOD_ROW.slice(0, 11)]))).toBe(
      'Missing required column: ballots_cast.',
    );
    expect(
      await failure(
        csv([
          [...SHEET_HEADER, 'SRP'],
          [...GOOD_ROW, 3],
        ]),
      ),
    ).toBe('Unknown column "SRP": the election has no such party (its parties: CPP, CNRP, FUN).');
    expect(await failure(csv([without('FUN'), GOOD_ROW.slice(0, 11)]))).toBe(
      'Missing party column: FUN; every party needs one.',
    );
    expect(
      await failure(
        csv([
          ['area', 'count'],
          ['x', 1],
        ]),
        'seats',
      ),
    ).toMatch(
      /^The first line is not the header of a seats file: it has none of the required columns \(area_code, seats\)/,
    );
    // Other kinds ignore columns they do not know.
    const extra = await importFile(
      api,
      ELECTION,
      csv([
        ['area_code', 'seats', 'remark'],
        ['120101', 5, 'ok'],
      ]),
      {
        kind: 'seats',
        token,
      },
    );
    expect(extra).toMatchObject({ status: 'succeeded', rowsAccepted: 1 });
  });

  it('an empty file, a header without rows and malformed CSV fail with the reason', async () => {
    expect(await failure('')).toBe('The file is empty.');
    expect(await failure(SHEET_HEADER.join(',') + '\n')).toBe('The file has a header but no rows.');
    expect(await failure(csv([SHEET_HEADER, GOOD_ROW]) + 'S02,1,2,3,4,5,6,7,,,,,extra\n')).toBe(
      'The file is not well-formed CSV at line 3: it has more cells than the header.',
    );
    expect(await failure(csv([SHEET_HEADER]) + 'S02,1,2,3\n')).toBe(
      'The file is not well-formed CSV at line 2: it has fewer cells than the header.',
    );
    expect(await failure(csv([SHEET_HEADER, GOOD_ROW]) + 'S02,1,2,3,4,5,6,7,,,,"open quote\n')).toBe(
      'The file is not well-formed CSV: a quoted cell is never closed (the file ends inside it, at line 4).',
    );
  });

  it('a file over the limit is refused with 413 while it streams, and nothing of it is kept', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM result_imports')).rows[0].n;
    const big = csv([SHEET_HEADER, ...Array.from({ length: 200 }, () => GOOD_ROW)]);
    expect(big.length).toBeGreaterThan(4096);
    const res = await upload(smallApi, ELECTION, big, { kind: 'sheets', source: 'observer', token });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(res.body.detail).toMatch(/larger than the import limit of 4096 bytes/);
    expect((await db.query('SELECT count(*)::int AS n FROM result_imports')).rows[0].n).toBe(before);
  });

  it('a request that is not multipart is 415; a missing or unknown kind or source is 400 naming the field', async () => {
    const json = await api.http
      .post(`/api/v1/elections/${ELECTION}/imports`)
      .set(bearer(token))
      .send({ kind: 'sheets' });
    expect(json.status).toBe(415);
    const cases: [Parameters<typeof upload>[3], { field: string; message: RegExp }][] = [
      [
        { kind: 'ballots', token },
        { field: 'kind', message: /must be one of: stations, seats, sheets/ },
      ],
      [{ token }, { field: 'kind', message: /must be one of/ }],
      [
        { kind: 'sheets', token },
        { field: 'source', message: /is required for sheets/ },
      ],
      [
        { kind: 'sheets', source: 'recount', token },
        { field: 'source', message: /recounts are entered by officers/ },
      ],
      [
        { kind: 'sheets', source: 'party:SRP', token },
        { field: 'source', message: /SRP is not a party of election/ },
      ],
      [
        { kind: 'stations', source: 'observer', token },
        { field: 'source', message: /is only for sheets/ },
      ],
    ];
    for (const [options, error] of cases) {
      const res = await upload(api, ELECTION, STATIONS, options);
      expect({ options, status: res.status }).toEqual({ options, status: 400 });
      expect(res.body.errors).toEqual([{ field: error.field, message: expect.stringMatching(error.message) }]);
    }
    const noFile = await api.http
      .post(`/api/v1/elections/${ELECTION}/imports`)
      .set(bearer(token))
      .field('kind', 'stations');
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual([{ field: 'file', message: 'is required' }]);
    const unknownField = await upload(api, ELECTION, STATIONS, { kind: 'stations', token }).field('colour', 'red');
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([{ field: 'colour', message: 'is not an allowed field' }]);
  });

  it('an unknown election is 404, and so is an unknown or malformed import id', async () => {
    const res = await upload(api, 'XX-1999', STATIONS, { kind: 'stations', token });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('No election with code "XX-1999".');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expect((await api.http.get(`/api/v1/imports/${id}`).set(bearer(token))).status).toBe(404);
    }
  });

  it('after all that, no sheet was written and only the accepted uploads were kept on disk', async () => {
    expect((await db.query('SELECT count(*)::int AS n FROM result_sheets')).rows[0].n).toBe(0);
    const imports = (await db.query('SELECT stored_as FROM result_imports')).rows.map((r) => r.stored_as.split('/')[1]);
    expect((await readdir(join(storage, 'imports'))).sort()).toEqual(imports.sort());
  });
});
