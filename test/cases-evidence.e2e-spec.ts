import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { act, caseWorld, CaseWorld, closeWorld, fileCase } from './support/case-fixtures';
import { connect } from './support/imports';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

const MAX = 1024 * 1024; // EVIDENCE_MAX_BYTES for this file
const PNG = Buffer.concat([
  Buffer.from([0x89]),
  Buffer.from('PNG\r\n\x1a\n', 'latin1'),
  Buffer.from([0, 0, 0, 13]),
  Buffer.from('IHDR'),
  randomBytes(200),
]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), randomBytes(5000)]);
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), randomBytes(300)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('case evidence', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let storageDir: string;
  let db: Client;
  let reference: string;
  let caseId: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'recourse-evidence-'));
    env = await createTestEnvironment({ STORAGE_DIR: storageDir, EVIDENCE_MAX_BYTES: String(MAX) });
    world = await caseWorld(env);
    db = await connect(env.DATABASE_URL);
    const filed = await fileCase(world);
    ({ reference, id: caseId } = filed);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await closeWorld(world);
    await destroyTestEnvironment(env);
    await rm(storageDir, { recursive: true, force: true });
  });

  const upload = (
    who: { headers: Record<string, string> },
    file: Buffer | null,
    fields: Record<string, string> = { public: 'false' },
    options: { fileName?: string; contentType?: string; ref?: string; key?: string } = {},
  ) => {
    let req = world.api.http.post(`/api/v1/cases/${options.ref ?? reference}/evidence`).set(who.headers);
    if (options.key) req = req.set('Idempotency-Key', options.key);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    if (file) {
      req = req.attach('file', file, {
        filename: options.fileName ?? 'upload.bin',
        contentType: options.contentType ?? 'application/octet-stream',
      });
    }
    return req;
  };
  const filesOnDisk = async (id = caseId) => readdir(join(storageDir, 'evidence', id)).catch(() => [] as string[]);
  const rows = async (id = caseId) =>
    (await db.query('SELECT count(*)::int AS n FROM case_evidence WHERE case_id = $1', [id])).rows[0].n as number;

  it('streams a file to storage with its SHA-256, size and the media type its bytes say (not its name)', async () => {
    const res = await upload(
      world.cnrp,
      PNG,
      { public: 'false', description: 'Sheet posted at S01' },
      {
        fileName: 'photo.jpg',
        contentType: 'image/jpeg',
      },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseReference: reference,
      fileName: 'photo.jpg',
      mediaType: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      description: 'Sheet posted at S01',
      public: false,
      uploadedBy: world.cnrp.username,
    });
    expect(await filesOnDisk()).toContain(`${res.body.id}.png`);
    const row = await db.query('SELECT size, sha256, stored_as FROM case_evidence WHERE id = $1', [res.body.id]);
    expect(row.rows[0]).toEqual({
      size: String(PNG.length),
      sha256: sha256(PNG),
      stored_as: `evidence/${caseId}/${res.body.id}.png`,
    });
  });

  it('lists evidence, gives its metadata, and streams its content with type, name and SHA-256 in headers', async () => {
    const name = 'សេចក្តីថ្លែងការណ៍ (S02).pdf';
    const created = await upload(world.cnrp, PDF, { public: 'true' }, { fileName: name });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const list = await world.api.http.get(`/api/v1/cases/${reference}/evidence`).set(world.officer.headers);
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);

    const meta = await world.api.http.get(`/api/v1/cases/${reference}/evidence/${id}`).set(world.officer.headers);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ id, mediaType: 'application/pdf', public: true, fileName: name });

    for (const path of [`${id}/content`, `${id}?download=1`]) {
      const res = await world.api.http
        .get(`/api/v1/cases/${reference}/evidence/${path}`)
        .set(world.officer.headers)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-length']).toBe(String(PDF.length));
      expect(res.headers['x-content-sha256']).toBe(sha256(PDF));
      expect(res.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name).replace('(', '%28').replace(')', '%29')}`,
      );
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    }
  });

  it('an upload appends add_evidence to the case history', async () => {
    const history = await world.api.http.get(`/api/v1/cases/${reference}/history`).set(world.officer.headers);
    const entries = history.body.items.filter((e: { action: string }) => e.action === 'add_evidence');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]).toMatchObject({ actor: world.cnrp.username, from: 'filed', to: 'filed' });
    expect(entries[0].after).toMatchObject({ mediaType: 'image/png', sha256: sha256(PNG), public: false });
  });

  it('a type not accepted is 415, judged by its bytes, and nothing is kept', async () => {
    const before = await rows();
    const onDisk = (await filesOnDisk()).length;
    const res = await upload(
      world.cnrp,
      EXE,
      { public: 'false' },
      { fileName: 'decision.pdf', contentType: 'application/pdf' },
    );
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: '/problems/unsupported-media-type',
      errors: [{ field: 'file', message: 'application/octet-stream is not an accepted evidence type' }],
    });
    expect(await rows()).toBe(before);
    expect((await filesOnDisk()).length).toBe(onDisk);
  });

  it('a file over EVIDENCE_MAX_BYTES is 413 problem+json, and nothing is kept', async () => {
    const before = await rows();
    const onDisk = (await filesOnDisk()).length;
    const big = Buffer.concat([PDF, Buffer.alloc(MAX)]);
    const res = await upload(world.cnrp, big, { public: 'false' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(res.body.detail).toMatch(/larger than the evidence limit of 1048576 bytes/);
    expect(await rows()).toBe(before);
    expect((await filesOnDisk()).length).toBe(onDisk);
    // Exactly the limit is fine.
    const exact = await upload(world.cnrp, Buffer.concat([PDF, Buffer.alloc(MAX - PDF.length)]), { public: 'false' });
    expect(exact.status).toBe(201);
    expect(exact.body.size).toBe(MAX);
  });

  describe('a 2 GB upload', () => {
    let port: number;
    beforeAll(async () => {
      const server = world.api.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    it.each([
      ['chunked, of unknown length', false],
      ['declaring its 2 GB Content-Length', true],
    ])(
      '%s is refused with 413 long before its end, and nothing is left on disk or in the table',
      async (_, declared) => {
        const before = await rows();
        const onDisk = await filesOnDisk();
        const result = await hugeUpload(
          port,
          `/api/v1/cases/${reference}/evidence`,
          world.cnrp.headers,
          2 * 1024 ** 3,
          declared,
        );
        expect(result.status).toBe(413);
        expect(result.contentType).toContain('application/problem+json');
        expect(JSON.parse(result.body)).toMatchObject({ type: '/problems/payload-too-large' });
        expect(result.sentBytes).toBeLessThan(64 * 1024 * 1024); // of 2 GiB
        expect(result.ms).toBeLessThan(10_000);
        expect(await rows()).toBe(before);
        expect((await filesOnDisk()).sort()).toEqual(onDisk.sort()); // no .part either
      },
      30_000,
    );
    it('a client that goes on sending after the 413 is cut off within seconds, not read to 2 GB', async () => {
      const result = await sendRegardless(port, `/api/v1/cases/${reference}/evidence`, world.cnrp.headers);
      expect(result.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.ms).toBeLessThan(10_000);
      expect(result.sentBytes).toBeLessThan(1024 ** 3);
    }, 30_000);
  });

  it('bad form fields are 400 naming the field; a request that is not multipart is 415', async () => {
    const cases: [Record<string, string>, Buffer | null, { field: string; message: RegExp }][] = [
      [{}, PNG, { field: 'public', message: /true or false/ }],
      [{ public: 'yes' }, PNG, { field: 'public', message: /true or false/ }],
      [{ public: 'true', colour: 'red' }, PNG, { field: 'colour', message: /not an allowed field/ }],
      [{ public: 'true' }, null, { field: 'file', message: /is required/ }],
      [{ public: 'true' }, Buffer.alloc(0), { field: 'file', message: /is empty/ }],
    ];
    const before = await rows();
    const onDisk = (await filesOnDisk()).length;
    for (const [fields, file, error] of cases) {
      const res = await upload(world.cnrp, file, fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 400 });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([{ field: error.field, message: expect.stringMatching(error.message) }]),
      );
    }
    const other = await world.api.http
      .post(`/api/v1/cases/${reference}/evidence`)
      .set(world.cnrp.headers)
      .attach('photo', PNG, 'a.png');
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ field: 'photo', message: expect.stringMatching(/not an allowed field/) }]);
    const json = await world.api.http
      .post(`/api/v1/cases/${reference}/evidence`)
      .set(world.cnrp.headers)
      .send({ public: true });
    expect(json.status).toBe(415);
    expect(await rows()).toBe(before);
    expect((await filesOnDisk()).length).toBe(onDisk);
  });

  it('when the transaction fails after the file is stored, the file is removed and no audit entry remains', async () => {
    await db.query(`CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.description = 'explode' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await db.query(
      `CREATE TRIGGER refuse_evidence BEFORE INSERT ON case_evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence()`,
    );
    try {
      const before = await rows();
      const onDisk = (await filesOnDisk()).length;
      const audits = (await db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1`, [caseId]))
        .rows[0].n;
      const res = await upload(world.cnrp, PNG, { public: 'false', description: 'explode' });
      expect(res.status).toBe(500);
      expect(await rows()).toBe(before);
      expect((await filesOnDisk()).length).toBe(onDisk);
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1`, [caseId])).rows[0].n,
      ).toBe(audits);
    } finally {
      await db.query(`DROP TRIGGER refuse_evidence ON case_evidence; DROP FUNCTION refuse_evidence()`);
    }
  });

  it('Idempotency-Key: a retry with the same file gets the first answer; another file under the key is 422', async () => {
    const key = `evidence-${randomBytes(4).toString('hex')}`;
    const first = await upload(world.cnrp, PDF, { public: 'true' }, { key, fileName: 'a.pdf' });
    expect(first.status).toBe(201);
    const before = await rows();
    const onDisk = (await filesOnDisk()).length;
    const again = await upload(world.cnrp, PDF, { public: 'true' }, { key, fileName: 'a.pdf' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await upload(world.cnrp, PNG, { public: 'true' }, { key, fileName: 'a.pdf' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    expect(await rows()).toBe(before);
    expect((await filesOnDisk()).length).toBe(onDisk);
  });

  it('the complainant may not add evidence to a closed case (409); a caseworker still may', async () => {
    const filed = await fileCase(world);
    expect((await act(world, world.cnrp, filed.reference, 'withdraw', { reason: 'settled' })).status).toBe(200);
    const complainant = await upload(world.cnrp, PNG, { public: 'false' }, { ref: filed.reference });
    expect(complainant.status).toBe(409);
    expect(complainant.body.type).toBe('/problems/case-closed');
    expect(await rows(filed.id)).toBe(0);
    const officer = await upload(world.officer, PNG, { public: 'false' }, { ref: filed.reference });
    expect(officer.status).toBe(201);
  });

  it('unknown evidence, evidence of another case and a malformed id are 404', async () => {
    const other = await fileCase(world);
    const mine = await upload(world.cnrp, PNG, { public: 'true' }, { ref: other.reference });
    for (const path of [
      `${reference}/evidence/00000000-0000-4000-8000-000000000000`,
      `${reference}/evidence/${mine.body.id}`,
      `${reference}/evidence/${mine.body.id}/content`,
      `${reference}/evidence/not-a-uuid`,
      `${reference}/evidence/not-a-uuid/content`,
    ]) {
      const res = await world.api.http.get(`/api/v1/cases/${path}`).set(world.cnrp.headers);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });
});

/**
 * POSTs a multipart upload whose file part is `fileBytes` long, generated as it is read, over a
 * real socket; resolves at the response with how much the server had taken by then.
 */
function hugeUpload(
  port: number,
  path: string,
  headers: Record<string, string>,
  fileBytes: number,
  declareLength: boolean,
): Promise<{ status: number; contentType: string; body: string; sentBytes: number; ms: number }> {
  const boundary = `recourse${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="public"\r\n\r\nfalse\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    'latin1',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let produced = 0;
  const fileEnd = head.length + fileBytes - 9;
  const body = new Readable({
    read() {
      if (produced === 0) {
        produced += head.length;
        this.push(head);
      } else if (produced < fileEnd) {
        const piece = chunk.subarray(0, Math.min(chunk.length, fileEnd - produced));
        produced += piece.length;
        this.push(piece);
      } else {
        this.push(tail);
        this.push(null);
      }
    },
  });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declareLength ? { 'content-length': String(fileEnd + tail.length) } : {}),
      },
    });
    req.on('response', (res) => {
      const sentBytes = produced;
      const ms = Date.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        body.unpipe(req);
        body.destroy();
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
          sentBytes,
          ms,
        });
      });
    });
    // The server cuts the connection a moment after its answer; only an error with no answer counts.
    req.on('error', (error) => setTimeout(() => reject(error), 1000).unref());
    body.pipe(req);
  });
}

/**
 * A client that ignores the answer: it writes a chunked multipart upload as fast as the socket takes
 * it until the server closes the connection, and says how much it sent and what came back.
 */
function sendRegardless(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ answer: string; sentBytes: number; ms: number }> {
  const boundary = `recourse${randomBytes(8).toString('hex')}`;
  const part =
    `--${boundary}\r\nContent-Disposition: form-data; name="public"\r\n\r\nfalse\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n` +
    `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Type: multipart/form-data; boundary=${boundary}`,
    'Transfer-Encoding: chunked',
  ];
  const chunk = (data: Buffer) =>
    Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
  const filler = chunk(Buffer.alloc(64 * 1024, 0x20));
  const started = Date.now();
  let sentBytes = 0;
  let answer = '';
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      socket.write(chunk(Buffer.from(part, 'latin1')));
      const pump = () => {
        while (!socket.destroyed && sentBytes < 2 * 1024 ** 3) {
          sentBytes += filler.length;
          if (!socket.write(filler)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, sentBytes, ms: Date.now() - started }));
  });
}
