import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { verifyLog } from '@app/transparency';
import { act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase } from './support/case-fixtures';
import { connect } from './support/imports';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

/*
 * The public record over HTTP, as the public reads it: search in Khmer and English, the redacted
 * detail with its timeline and sheets side by side, the CSV, the Atom feed, the statistics,
 * caching — and that no private field ever reaches any of them.
 */
const CANARIES = {
  internalNote: 'CANARY-INTERNAL-NOTE-7f3a',
  message: 'CANARY-INFORMATION-REQUEST-91bc',
  privateEvidence: 'CANARY-PRIVATE-EVIDENCE-55de.pdf',
  privateDescription: 'CANARY-PRIVATE-DESCRIPTION-2c4e',
};

describe('the public record of decisions', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let db: Client;
  let http: CaseWorld['api']['http'];
  let reference: string;

  const waitForRecord = async (ref: string) => {
    for (let i = 0; i < 100; i++) {
      const res = await http.get(`/api/v1/public/decisions/${ref}`);
      if (res.status === 200 && res.body.transparency?.leafIndex !== null) return res;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${ref} was not published to the record`);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    world = await caseWorld(env);
    http = world.api.http;
    db = await connect(env.DATABASE_URL);

    reference = (await fileCase(world)).reference;
    const ok = async (res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(JSON.stringify(r.body));
    };
    await ok(act(world, world.officer, reference, 'register'));
    await ok(act(world, world.officer, reference, 'assign', { assignee: world.officer.username }));
    await ok(act(world, world.officer, reference, 'request_information', { message: CANARIES.message }));
    await ok(act(world, world.cnrp, reference, 'provide_information', { message: 'Our copies, attached.' }));
    await ok(
      http
        .post(`/api/v1/cases/${reference}/notes`)
        .set(world.officer.headers)
        .send({ body: CANARIES.internalNote, visibility: 'internal' }),
    );
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM cases WHERE reference = $1`, [reference]);
    await db.query(
      `INSERT INTO case_evidence (case_id, uploaded_by, file_name, media_type, size, sha256, stored_as, description, public)
       VALUES ($1, $2, $3, 'application/pdf', 10, repeat('a', 64), 'evidence/x', $4, false),
              ($1, $2, 'sheet-scan.pdf', 'application/pdf', 20, repeat('b', 64), 'evidence/y', 'Scan of form 1102', true)`,
      [rows[0].id, world.cnrp.id, CANARIES.privateEvidence, CANARIES.privateDescription],
    );
    await ok(http.put(`/api/v1/cases/${reference}/decision`).set(world.officer.headers).send(DECISION_DRAFT));
    await ok(act(world, world.officer, reference, 'propose_decision'));
    await ok(act(world, world.adjudicator, reference, 'approve'));
    await ok(act(world, world.adjudicator, reference, 'publish'));
    await waitForRecord(reference);
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await closeWorld(world);
    await destroyTestEnvironment(env);
  });

  it('serves the redacted record with its timeline, linked stations, sheets and leaf index', async () => {
    const res = await http.get(`/api/v1/public/decisions/${reference}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({
      kind: 'decision',
      reference,
      election: { code: world.electionCode },
      case: {
        category: 'result_sheet_discrepancy',
        complainant: { kind: 'party', partyCode: 'CNRP' },
        respondentPartyCode: 'CPP',
      },
      decision: { outcome: 'partially_upheld', reasoning: DECISION_DRAFT.reasoning, legalBasis: ['LEC Art. 113'] },
      transparency: { leafIndex: 0 },
    });
    expect(res.body.timeline.map((t: { action: string }) => t.action)).toEqual([
      'submit',
      'register',
      'assign',
      'request_information',
      'provide_information',
      'propose_decision',
      'approve',
      'publish',
    ]);
    const s01 = res.body.linkedStations.find((s: { stationCode: string }) => s.stationCode === 'S01');
    expect(s01.sheets).toEqual([
      expect.objectContaining({
        source: 'official_final',
        ballotsCast: 400,
        votes: { CPP: 200, CNRP: 150, FUN: 42 },
        isCurrentOfficial: true,
      }),
    ]);
    expect(res.body.evidence).toEqual([
      {
        fileName: 'sheet-scan.pdf',
        mediaType: 'application/pdf',
        size: 20,
        sha256: 'b'.repeat(64),
        description: 'Scan of form 1102',
      },
    ]);
  });

  it('answers 304 to a matching If-None-Match, and 404 for what is not published', async () => {
    const first = await http.get(`/api/v1/public/decisions/${reference}`);
    expect(first.headers.etag).toBeDefined();
    expect(first.headers['cache-control']).toContain('public');
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/); // served ahead of Nest, with the request id all the same
    const again = await http.get(`/api/v1/public/decisions/${reference}`).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    const unpublished = (await fileCase(world)).reference;
    expect((await http.get(`/api/v1/public/decisions/${unpublished}`)).status).toBe(404);
    const search = await http.get('/api/v1/public/decisions');
    expect((await http.get('/api/v1/public/decisions').set('If-None-Match', search.headers.etag)).status).toBe(304);
  });

  it('finds the decision by a Khmer substring and by an English word, and not by other words', async () => {
    const khmer = await http.get('/api/v1/public/decisions').query({ q: 'សន្លឹកឆ្នោត' });
    expect(khmer.body.items.map((i: { reference: string }) => i.reference)).toEqual([reference]);
    const english = await http.get('/api/v1/public/decisions').query({ q: 'recounts' }); // stemmed: "recount"
    expect(english.body.items.map((i: { reference: string }) => i.reference)).toEqual([reference]);
    const none = await http.get('/api/v1/public/decisions').query({ q: 'ឃុំថ្មី' });
    expect(none.body.items).toEqual([]);
    const filtered = await http.get('/api/v1/public/decisions').query({ outcome: 'dismissed' });
    expect(filtered.body.items).toEqual([]);
    const byArea = await http.get('/api/v1/public/decisions').query({ area: '12', election: world.electionCode });
    expect(byArea.body.items).toHaveLength(1);
    expect((await http.get('/api/v1/public/decisions').query({ outcome: 'won' })).status).toBe(400);
  });

  it('answers a forged search cursor with a 400 problem naming it, not a 500', async () => {
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [forged(['2026-01-01T00:00:00Z', 'not-a-number']), forged(['not-a-date', '1'])]) {
      const res = await http.get('/api/v1/public/decisions').query({ q: 'recount', cursor });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
    }
  });

  it('runs searches on their own few connections, so that a burst of them cannot take the shared pool', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => http.get('/api/v1/public/decisions').query({ q: `recount ${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const { rows } = await db.query<{ application_name: string; n: number }>(
      `SELECT application_name, count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'recourse%' GROUP BY 1`,
    );
    const searchConnections = rows.find((r) => r.application_name === 'recourse-public-search')?.n ?? 0;
    expect(searchConnections).toBeGreaterThan(0);
    expect(searchConnections).toBeLessThanOrEqual(4); // PUBLIC_SEARCH_CONNECTIONS' default
  });

  it('streams decisions.csv and a valid Atom feed', async () => {
    const csv = await http
      .get('/api/v1/public/decisions.csv')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe(
      'reference,election,category,outcome,areas,published_at,title,legal_basis,reasoning,leaf_index',
    );
    expect(
      lines[1].startsWith(`${reference},${world.electionCode},result_sheet_discrepancy,partially_upheld,12,`),
    ).toBe(true);
    const atom = await http
      .get('/api/v1/public/feed.atom')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    const feed = atom.body as string;
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    for (const element of ['<id>', '<title>', '<updated>', '<author><name>']) expect(feed).toContain(element);
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain(`/api/v1/public/decisions/${reference}</id>`);
  });

  it('reports the statistics', async () => {
    const stats = (await http.get('/api/v1/public/stats').query({ election: world.electionCode })).body;
    expect(stats.byOutcome).toEqual({ partially_upheld: 1 });
    expect(stats.byState).toMatchObject({ published: 1, filed: 1 });
    expect(stats.byArea).toEqual({ '12': 2 });
    expect(stats.decidedWithinDeadline).toBe(1);
    expect(stats.medianDaysToDecision).toBeGreaterThanOrEqual(0);
    expect(stats.medianDaysToDecision).toBeLessThan(0.01);
    expect(stats.matchRate).toMatchObject({ source: 'observer', stationsCompared: 0 });
    expect((await http.get('/api/v1/public/stats').query({ election: 'NO-SUCH' })).status).toBe(404);
  });

  it('never lets a private field reach any public response, download or feed', async () => {
    const bodies = await Promise.all(
      [
        `/api/v1/public/decisions/${reference}`,
        '/api/v1/public/decisions',
        `/api/v1/public/decisions?q=${encodeURIComponent('CANARY')}`,
        '/api/v1/public/decisions.csv',
        '/api/v1/public/feed.atom',
        `/api/v1/public/stats?election=${world.electionCode}`,
      ].map(async (path) => (await http.get(path).buffer(true)).text),
    );
    const people = [world.cnrp, world.officer, world.adjudicator].flatMap((a) => [a.username, a.id]);
    for (const body of bodies) {
      for (const secret of [...Object.values(CANARIES), ...people]) expect(body).not.toContain(secret);
    }
    // The search for a private word finds nothing either.
    expect(JSON.parse(bodies[2]).items).toEqual([]);
  });

  describe('the transparency log over the record', () => {
    let baseUrl: string;
    beforeAll(async () => {
      await world.api.app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(world.api.app.getHttpServer().address() as AddressInfo).port}`;
    });

    it('a certified recount is a public record and a leaf too', async () => {
      const recount = async (action: string, fields: Record<string, unknown>, who = world.officer) => {
        const [r] = (await http.get(`/api/v1/cases/${caseRef}/recounts`).set(who.headers)).body.items;
        const res = await http
          .post(`/api/v1/recounts/${r.id}/transitions`)
          .set(who.headers)
          .send({ action, expectedVersion: r.version, ...fields });
        if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      const caseRef = (await fileCase(world)).reference;
      for (const [who, action, fields] of [
        [world.officer, 'register', {}],
        [world.officer, 'assign', { assignee: world.officer.username }],
        [world.officer, 'order_recount', { stationCodes: ['S02'] }],
      ] as const) {
        expect((await act(world, who, caseRef, action, fields)).status).toBe(200);
      }
      await recount('schedule', { at: '2017-06-10T02:00:00Z', place: 'Chamkar Mon district hall' });
      await recount('enter_figures', {
        sheet: {
          registeredVoters: 500,
          ballotsCast: 400,
          invalidBallots: 24,
          validBallots: 376,
          votes: { CPP: 190, CNRP: 160, FUN: 26 },
        },
      });
      const certified = await recount('certify', {}, world.adjudicator);
      let record:
        { status: number; body: Record<string, unknown> & { transparency: { leafIndex: number | null } } } | undefined;
      for (let i = 0; i < 100 && !(record?.status === 200 && record.body.transparency.leafIndex !== null); i++) {
        await new Promise((r) => setTimeout(r, 100));
        record = await http.get(`/api/v1/public/recounts/${certified.id}`);
      }
      expect(record!.body).toMatchObject({
        kind: 'recount',
        caseReference: caseRef,
        station: { code: 'S02', provinceCode: '12' },
        replaced: { source: 'official_final', votes: { CPP: 200, CNRP: 150, FUN: 24 } },
        recount: { source: 'recount', votes: { CPP: 190, CNRP: 160, FUN: 26 } },
        transparency: { leafIndex: 1 },
      });
    });

    it('log:verify passes on the record as published, and names a decision whose row was altered', async () => {
      const intact = await verifyLog({ baseUrl });
      expect(intact.problems).toEqual([]);
      expect(intact).toMatchObject({ ok: true, treeSize: 2 });
      await db.query(`SET session_replication_role = replica`); // past the trigger that refuses it
      await db.query(
        `UPDATE public_records SET document = replace(document, '"partially_upheld"', '"dismissed"')
          WHERE kind = 'decision' AND reference = $1`,
        [reference],
      );
      await db.query(`SET session_replication_role = origin`);
      expect((await http.get(`/api/v1/public/decisions/${reference}`)).body.decision.outcome).toBe('dismissed');
      const altered = await verifyLog({ baseUrl, state: intact.state });
      expect(altered.ok).toBe(false);
      expect(altered.problems.map((p) => p.message)).toEqual([
        expect.stringContaining(`leaf 0 (decision ${reference})`),
      ]);
    });

    it('a public record cannot be changed or removed through the database', async () => {
      await expect(
        db.query(`UPDATE public_records SET outcome = 'upheld' WHERE reference = $1`, [reference]),
      ).rejects.toThrow('public records are never changed');
      await expect(db.query(`DELETE FROM public_records WHERE reference = $1`, [reference])).rejects.toThrow(
        'public records are never deleted',
      );
    });
  });
});
