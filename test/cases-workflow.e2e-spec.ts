import {
  Account,
  act,
  caseWorld,
  CaseWorld,
  closeWorld,
  complaint,
  DECISION_DRAFT,
  fileCase,
} from './support/case-fixtures';
import { auditInsert, AuditTrail } from '@app/audit';
import { connect, csv, importFile } from './support/imports';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

/*
 * The workflow over HTTP: every row of DOMAIN.md's table taken at least once on a real case, the
 * refusals (403, 409, 422, 400), the version race, gap-free references, snapshots and materiality.
 */
describe('cases: the workflow over HTTP', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let http: CaseWorld['api']['http'];

  beforeAll(async () => {
    env = await createTestEnvironment();
    world = await caseWorld(env);
    http = world.api.http;
  }, 120_000);
  afterAll(async () => {
    await closeWorld(world);
    await destroyTestEnvironment(env);
  });

  const get = async (reference: string, who: Account = world.officer) =>
    (await http.get(`/api/v1/cases/${reference}`).set(who.headers)).body;

  /** Moves a fresh case along the happy path until it is in `state`; returns its reference (or draft id). */
  async function caseIn(state: string, overrides: Record<string, unknown> = {}): Promise<string> {
    if (state === 'draft') {
      const res = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .send(complaint(world.electionCode, overrides));
      expect(res.status).toBe(201);
      return res.body.id;
    }
    const ref = (await fileCase(world, world.cnrp, overrides)).reference;
    const path: [string, string, Account, Record<string, unknown>?][] = [
      ['registered', 'register', world.officer],
      ['under_review', 'assign', world.officer, { assignee: world.officer.username }],
    ];
    for (const [reached, action, who, fields] of path) {
      if (state === 'filed') return ref;
      await step(who, ref, action, reached, fields);
      if (state === reached) return ref;
    }
    if (state === 'awaiting_information') {
      await step(world.officer, ref, 'request_information', state, {
        message: 'Send the agents’ copies of form 1102.',
      });
      return ref;
    }
    if (state === 'hearing_scheduled') {
      await step(world.officer, ref, 'schedule_hearing', state, {
        at: '2017-06-10T03:00:00Z',
        place: 'NEC, Phnom Penh',
      });
      return ref;
    }
    expect(
      (await http.put(`/api/v1/cases/${ref}/decision`).set(world.officer.headers).send(DECISION_DRAFT)).status,
    ).toBe(200);
    await step(world.officer, ref, 'propose_decision', 'decision_proposed');
    if (state === 'decision_proposed') return ref;
    await step(world.adjudicator, ref, 'approve', 'decided');
    if (state === 'decided') return ref;
    await step(world.adjudicator, ref, 'publish', 'published');
    if (state === 'published') return ref;
    throw new Error(`no path to ${state}`);
  }

  /** A case's body without the one figure that moves between two reads (the time left). */
  const withoutClock = (body: { nextDeadline: Record<string, unknown> | null }) => ({
    ...body,
    nextDeadline: body.nextDeadline && { ...body.nextDeadline, timeLeftMs: undefined },
  });

  async function step(
    who: Account,
    ref: string,
    action: string,
    expected: string,
    fields: Record<string, unknown> = {},
  ) {
    const res = await act(world, who, ref, action, fields);
    if (res.status !== 200) throw new Error(`${action} on ${ref}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body.state).toBe(expected);
    // The answer is built from the UPDATE's row, not a reload: it must be the case as a read then shows it.
    expect(withoutClock(res.body)).toEqual(withoutClock(await get(res.body.reference ?? ref, who)));
    return res.body;
  }

  describe('every row of the table', () => {
    it('draft --submit--> filed, with a reference and snapshots', async () => {
      const id = await caseIn('draft');
      const draft = await get(id, world.cnrp);
      expect(draft).toMatchObject({ reference: null, state: 'draft', allowedActions: ['submit', 'withdraw'] });
      // Another agent of the same party may see and submit the party's draft; officers do not see drafts.
      expect((await http.get(`/api/v1/cases/${id}`).set(world.officer.headers)).status).toBe(404);
      const filed = await step(world.cnrp2, id, 'submit', 'filed');
      expect(filed.reference).toMatch(new RegExp(`^${world.electionCode}-\\d{6}$`));
      expect(filed.linkedStations.map((s: { stationCode: string }) => s.stationCode)).toEqual(['S01', 'S02']);
      expect(filed.linkedStations[0].snapshot[0]).toMatchObject({
        source: 'official_final',
        ballotsCast: 400,
        isCurrentOfficial: true,
      });
      expect(filed.nextDeadline).toMatchObject({ window: 'admissibility', paused: false });
      expect(filed.late).toBe(false);
    });

    it('a case filed at once is measured by its submit, and its notice goes to its province’s adjudicators', async () => {
      const filed = await fileCase(world, world.cnrp, { stationCodes: ['S01', 'S02'] });
      const c = await get(filed.reference);
      expect(c.materiality.units.map((u: { areaCode: string }) => u.areaCode)).toEqual(['120101']);
      expect(c.linkedStations.every((s: { snapshot: unknown[] }) => s.snapshot.length > 0)).toBe(true);
      const db = await connect(env.DATABASE_URL);
      try {
        const { rows } = await db.query(
          `SELECT payload FROM outbox_events WHERE type = 'notification.requested'
              AND payload->>'kind' = 'case.submit' AND payload->>'caseReference' = $1`,
          [filed.reference],
        );
        expect(rows.map((r) => r.payload.audience)).toEqual([{ supervisors: { jurisdiction: '12' } }]);
      } finally {
        await db.end();
      }
    });

    it('filed --reject--> inadmissible, with the written notice in the record', async () => {
      const ref = await caseIn('filed');
      const rejected = await step(world.officer, ref, 'reject', 'inadmissible', {
        reason: 'Filed by a party without standing.',
      });
      expect(rejected).toMatchObject({
        closingReason: 'Filed by a party without standing.',
        allowedActions: [],
        nextDeadline: null,
      });
      const history = (await http.get(`/api/v1/cases/${ref}/history`).set(world.officer.headers)).body.items;
      const notice = history.at(-1).after.notice as string;
      expect(notice).toContain('Filed by a party without standing.');
      expect(notice).toContain('final'); // commune elections: no appeal
    });

    it('filed --register--> registered --assign--> under_review, the decision clock running', async () => {
      const ref = await caseIn('under_review');
      const c = await get(ref);
      expect(c).toMatchObject({
        assignee: world.officer.username,
        nextDeadline: { window: 'decision', paused: false },
      });
    });

    it('under_review --request_information--> awaiting_information --provide_information--> under_review, the clock paused between', async () => {
      const ref = await caseIn('awaiting_information');
      const waiting = await get(ref, world.cnrp);
      expect(waiting.nextDeadline).toMatchObject({ window: 'informationResponse' });
      expect(waiting.allowedActions).toEqual(['provide_information', 'withdraw']);
      const back = await step(world.cnrp, ref, 'provide_information', 'under_review', { message: 'Copies attached.' });
      expect(back.nextDeadline.window).toBe('decision');
      expect(back.nextDeadline.explanation.pauses).toHaveLength(1);
      expect(back.nextDeadline.explanation.pauses[0].ms).toBeGreaterThanOrEqual(0);
    });

    it('under_review --schedule_hearing--> hearing_scheduled --record_hearing--> under_review', async () => {
      const ref = await caseIn('hearing_scheduled');
      expect((await get(ref)).hearing).toEqual({ at: '2017-06-10T03:00:00.000Z', place: 'NEC, Phnom Penh' });
      const back = await step(world.officer, ref, 'record_hearing', 'under_review', { minutes: 'Both parties heard.' });
      expect(back.hearing.minutes).toBe('Both parties heard.');
    });

    it('under_review --order_recount--> under_review, creating the recount tasks', async () => {
      const ref = await caseIn('under_review');
      const before = await get(ref);
      const after = await step(world.officer, ref, 'order_recount', 'under_review', { stationCodes: ['S01'] });
      expect(after.version).toBe(before.version + 1);
      const history = (await http.get(`/api/v1/cases/${ref}/history`).set(world.officer.headers)).body.items;
      expect(history.at(-1)).toMatchObject({ action: 'order_recount', from: 'under_review', to: 'under_review' });
      expect(history.at(-1).after.recounts).toHaveLength(1);
    });

    it('a recount can only be ordered for the stations of the case (422)', async () => {
      const ref = await caseIn('under_review');
      const res = await act(world, world.officer, ref, 'order_recount', { stationCodes: ['S07'] });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'stationCodes', message: 'station S07 is not linked to this case' }]);
    });

    it('decision_proposed --return--> under_review, then approve by another adjudicator, then publish', async () => {
      const ref = await caseIn('decision_proposed');
      const returned = await step(world.adjudicator, ref, 'return', 'under_review', { comments: 'Cite the article.' });
      expect(returned.allowedActions).toContain('propose_decision');
      const decision = (await http.get(`/api/v1/cases/${ref}/decision`).set(world.officer.headers)).body;
      expect(decision).toMatchObject({ returnComments: 'Cite the article.', proposedBy: null });
      // The adjudicator proposes this time, so it may not approve its own proposal.
      await step(world.adjudicator, ref, 'propose_decision', 'decision_proposed');
      const own = await act(world, world.adjudicator, ref, 'approve');
      expect(own.status).toBe(403);
      expect(own.body.type).toBe('/problems/four-eyes');
      await step(world.adjudicator2, ref, 'approve', 'decided');
      const published = await step(world.adjudicator2, ref, 'publish', 'published');
      expect(published.allowedActions).toEqual(['close']);
      // The complainant now reads the decision.
      expect((await http.get(`/api/v1/cases/${ref}/decision`).set(world.cnrp.headers)).body.outcome).toBe(
        'partially_upheld',
      );
    });

    it('published --close--> closed in a commune election (no appeal)', async () => {
      const ref = await caseIn('published');
      const appeal = await act(world, world.cnrp, ref, 'appeal', { reason: 'We disagree.' });
      expect(appeal.status).toBe(422);
      expect(appeal.body.detail).toContain('final');
      await step(world.officer, ref, 'close', 'closed');
    });

    it('published --appeal--> appealed --record_appeal_outcome--> appeal_decided --close--> closed (national assembly)', async () => {
      const code = 'KH-2018-NA';
      const res = await http
        .post('/api/v1/elections')
        .set(world.admin.headers)
        .send({
          code,
          name: 'National Assembly 2018',
          kind: 'national_assembly',
          pollingDate: '2018-07-29',
          seatMethod: 'dhondt',
          contestLevel: 'province',
          parties: [
            { code: 'CPP', name: "Cambodian People's Party" },
            { code: 'CNRP', name: 'Cambodia National Rescue Party' },
          ],
        });
      expect(res.status).toBe(201);
      const filed = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .send({ ...complaint(code, { stationCodes: [] }), submit: true });
      expect(filed.status).toBe(201);
      const ref = filed.body.reference;
      expect(ref).toBe('KH-2018-NA-000001'); // each election has its own sequence
      await step(world.officer, ref, 'register', 'registered');
      await step(world.officer, ref, 'assign', 'under_review', { assignee: world.officer.username });
      expect(
        (
          await http
            .put(`/api/v1/cases/${ref}/decision`)
            .set(world.officer.headers)
            .send({ ...DECISION_DRAFT, remedies: [] })
        ).status,
      ).toBe(200);
      await step(world.officer, ref, 'propose_decision', 'decision_proposed');
      await step(world.adjudicator, ref, 'approve', 'decided');
      const published = await step(world.adjudicator, ref, 'publish', 'published');
      expect(published.nextDeadline).toMatchObject({ window: 'appeal' });
      const early = await act(world, world.officer, ref, 'close');
      expect(early.status).toBe(422);
      expect(early.body.type).toBe('/problems/appeal-window-open');
      // The respondent party may appeal too; here the respondent (CPP) does.
      const appealed = await step(world.cpp, ref, 'appeal', 'appealed', {
        reason: 'The decision misreads the sheets.',
      });
      expect(appealed.appeal).toMatchObject({ reason: 'The decision misreads the sheets.' });
      const decided = await step(world.officer, ref, 'record_appeal_outcome', 'appeal_decided', {
        outcome: 'dismissed',
        appellateReference: 'CC-2018-017',
      });
      expect(decided.appeal).toMatchObject({ outcome: 'dismissed', appellateReference: 'CC-2018-017' });
      await step(world.officer, ref, 'close', 'closed');
    });

    it.each([
      'draft',
      'filed',
      'registered',
      'under_review',
      'awaiting_information',
      'hearing_scheduled',
      'decision_proposed',
    ])('%s --withdraw--> withdrawn', async (state) => {
      const ref = await caseIn(state);
      const withdrawn = await step(world.cnrp, ref, 'withdraw', 'withdrawn', { reason: 'Resolved with the commune.' });
      expect(withdrawn).toMatchObject({ closingReason: 'Resolved with the commune.', allowedActions: [] });
    });

    it.each(['filed', 'registered', 'under_review'])('%s --merge--> merged into its lead case', async (state) => {
      const lead = await caseIn('filed');
      const ref = await caseIn(state);
      const duplicates = (await http.get(`/api/v1/cases/${ref}/duplicates`).set(world.officer.headers)).body;
      expect(duplicates.items.map((d: { reference: string }) => d.reference)).toContain(lead);
      expect(duplicates.items.find((d: { reference: string }) => d.reference === lead).sharedStations).toEqual([
        'S01',
        'S02',
      ]);
      const merged = await step(world.officer, ref, 'merge', 'merged', { targetReference: lead });
      expect(merged.mergedInto).toBe(lead);
    });
  });

  describe('refusals', () => {
    it('a role that may not act answers 403; an illegal step 409; a stale version 409', async () => {
      const ref = await caseIn('filed');
      expect((await act(world, world.cnrp, ref, 'register')).status).toBe(403);
      const illegal = await act(world, world.officer, ref, 'publish');
      expect(illegal.status).toBe(403); // officers may never publish
      const wrongState = await act(world, world.officer, ref, 'assign', { assignee: world.officer.username });
      expect(wrongState.status).toBe(409);
      expect(wrongState.body.type).toBe('/problems/illegal-transition');
      const stale = await http
        .post(`/api/v1/cases/${ref}/transitions`)
        .set(world.officer.headers)
        .send({ action: 'register', expectedVersion: 99 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
      expect((await get(ref)).state).toBe('filed');
    });

    it('of 50 concurrent requests on one version exactly one succeeds', async () => {
      const ref = await caseIn('filed');
      const { version } = await get(ref);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          http
            .post(`/api/v1/cases/${ref}/transitions`)
            .set(world.officer.headers)
            .send({ action: 'register', expectedVersion: version }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const history = (await http.get(`/api/v1/cases/${ref}/history`).set(world.officer.headers)).body.items;
      expect(history.filter((e: { action: string }) => e.action === 'register')).toHaveLength(1);
    });

    it('an audit entry committed while a transition waits for the case (a note) is followed, not forked', async () => {
      const ref = await caseIn('under_review');
      const { id, version } = await get(ref);
      // What a note does: the case's row lock, an entry, no new version.
      const noter = await connect(env.DATABASE_URL);
      try {
        await noter.query('BEGIN');
        await noter.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [id]);
        const note = auditInsert({
          subjectType: 'case',
          subjectId: id,
          actorId: world.officer.id,
          actorRole: 'officer',
          action: 'add_note',
        });
        await noter.query(note.sql, note.params);
        const moving = act(world, world.officer, ref, 'request_information', { message: 'Send the copies.' });
        // The transition's statement has read the chain's head and waits for the row.
        for (let waited = 0; ; waited += 20) {
          await noter.query('SELECT pg_stat_clear_snapshot()'); // else the view stays as this transaction first read it
          const [{ waiting }] = (
            await noter.query(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'WITH moved AS%'`,
            )
          ).rows;
          if (waiting > 0) break;
          if (waited > 10_000) throw new Error('the transition never waited for the row lock');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await noter.query('COMMIT');
        const moved = await moving;
        expect(moved.status).toBe(200);
        expect(moved.body).toMatchObject({ state: 'awaiting_information', version: version + 1 });
      } finally {
        await noter.end();
      }
      const trail = world.api.app.get(AuditTrail);
      expect((await trail.verifyChains({ subjectId: id })).broken).toEqual([]);
      const actions = (await trail.history('case', id)).map((e) => e.action);
      expect(actions.slice(-2)).toEqual(['add_note', 'request_information']);
    });

    it('missing fields and another action’s fields are 400 naming them', async () => {
      const ref = await caseIn('filed');
      const missing = await act(world, world.officer, ref, 'reject');
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ field: 'reason', message: 'is required by reject' }]);
      const foreign = await act(world, world.officer, ref, 'register', { assignee: world.officer.username });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors).toEqual([{ field: 'assignee', message: 'is not a field of register' }]);
      const unknown = await act(world, world.officer, ref, 'register', { colour: 'red' });
      expect(unknown.status).toBe(400);
      expect((await get(ref)).version).toBe(2);
    });

    it('an assignee outside the case’s jurisdiction is 422', async () => {
      const ref = await caseIn('registered');
      const res = await act(world, world.officer, ref, 'assign', { assignee: world.provincialOfficer.username });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('assignee');
    });

    it('a reference that does not exist is 404, for every route', async () => {
      for (const path of ['', '/history', '/duplicates', '/decision']) {
        const res = await http.get(`/api/v1/cases/${world.electionCode}-999999${path}`).set(world.officer.headers);
        expect(res.status).toBe(404);
      }
      const transition = await http
        .post(`/api/v1/cases/${world.electionCode}-999999/transitions`)
        .set(world.officer.headers)
        .send({ action: 'register', expectedVersion: 1 });
      expect(transition.status).toBe(404);
    });
  });

  describe('filing', () => {
    it('unknown stations and stations of another election are 422 naming each, and nothing is written', async () => {
      const before = (await http.get('/api/v1/cases').set(world.cnrp.headers)).body.items.length;
      const res = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .send(complaint(world.electionCode, { stationCodes: ['S01', 'NOPE', 'S99'] }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { field: 'stationCodes[1]', message: 'station NOPE is not a station of this election' },
        { field: 'stationCodes[2]', message: 'station S99 is not a station of this election' },
      ]);
      expect((await http.get('/api/v1/cases').set(world.cnrp.headers)).body.items.length).toBe(before);
    });

    it('missing or malformed fields are 400; an unknown election is 422; officers may not file', async () => {
      const bad = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .send({ electionCode: world.electionCode, kind: 'grievance' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['kind', 'category']),
      );
      const unknown = await http.post('/api/v1/cases').set(world.cnrp.headers).send(complaint('XX-0000'));
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([{ field: 'electionCode', message: 'no election has code XX-0000' }]);
      expect(
        (await http.post('/api/v1/cases').set(world.officer.headers).send(complaint(world.electionCode))).status,
      ).toBe(403);
    });

    it('an incomplete draft cannot be submitted until it is completed', async () => {
      const res = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .send({ electionCode: world.electionCode, kind: 'complaint', category: 'intimidation' });
      expect(res.status).toBe(201);
      const refused = await act(world, world.cnrp, res.body.id, 'submit');
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain('title, description, incidentDate, requestedRemedy');
      const patched = await http
        .patch(`/api/v1/cases/${res.body.id}`)
        .set(world.cnrp.headers)
        .send({ ...complaint(world.electionCode), electionCode: undefined, expectedVersion: 1 });
      expect(patched.status).toBe(200);
      expect(patched.body.linkedStations).toHaveLength(2);
      await step(world.cnrp, res.body.id, 'submit', 'filed');
    });

    it('references are gap-free under concurrency', async () => {
      const filed = await Promise.all(Array.from({ length: 20 }, () => fileCase(world)));
      const numbers = filed.map((c) => Number(c.reference.slice(-6))).sort((a, b) => a - b);
      expect(numbers.at(-1)! - numbers[0]).toBe(19);
      expect(new Set(numbers).size).toBe(20);
    });

    it('the same Idempotency-Key and body return the first case; another body is 422', async () => {
      const key = `file-${Date.now()}`;
      const body = { ...complaint(world.electionCode), submit: true };
      const first = await http.post('/api/v1/cases').set(world.cnrp.headers).set('Idempotency-Key', key).send(body);
      const again = await http.post('/api/v1/cases').set(world.cnrp.headers).set('Idempotency-Key', key).send(body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.reference).toBe(first.body.reference);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await http
        .post('/api/v1/cases')
        .set(world.cnrp.headers)
        .set('Idempotency-Key', key)
        .send({ ...body, title: 'Another complaint altogether' });
      expect(other.status).toBe(422);
      // A transition retried with its key is not applied twice.
      const tkey = `register-${Date.now()}`;
      const send = () =>
        http
          .post(`/api/v1/cases/${first.body.reference}/transitions`)
          .set(world.officer.headers)
          .set('Idempotency-Key', tkey)
          .send({ action: 'register', expectedVersion: first.body.version });
      const [a, b] = [await send(), await send()];
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(b.body.version).toBe(a.body.version);
    });

    it('keeps the snapshot of filing beside today’s figures after a correction', async () => {
      const ref = (await fileCase(world, world.cnrp, { stationCodes: ['S03'] })).reference;
      const corrected = csv([
        ['station_code', 'registered_voters', 'ballots_cast', 'invalid_ballots', 'valid_ballots', 'CPP', 'CNRP', 'FUN'],
        ['S03', 500, 400, 8, 392, 202, 150, 40],
      ]);
      const report = await importFile(world.api, world.electionCode, corrected, {
        kind: 'sheets',
        source: 'official_final',
        token: world.admin.accessToken,
      });
      expect(report.status).toBe('succeeded');
      const [station] = (await get(ref)).linkedStations;
      expect(station.changedSinceFiling).toBe(true);
      expect(station.snapshot.find((s: { source: string }) => s.source === 'official_final')).toMatchObject({
        validBallots: 390,
        version: 1,
      });
      expect(station.current.find((s: { source: string }) => s.source === 'official_final')).toMatchObject({
        validBallots: 392,
        version: 2,
      });
    });

    it('measures materiality against the seat-swing margin, and officers sort by it', async () => {
      const unit = (await http.get(`/api/v1/elections/${world.electionCode}/contest-units/120101`)).body;
      const c = await get((await fileCase(world, world.cnrp, { stationCodes: ['S01', 'S02'] })).reference);
      const cast = c.linkedStations.reduce(
        (sum: number, s: { current: { isCurrentOfficial: boolean; ballotsCast: number }[] }) =>
          sum + (s.current.find((x) => x.isCurrentOfficial)?.ballotsCast ?? 0),
        0,
      );
      expect(c.materiality.units).toEqual([
        {
          areaCode: '120101',
          ballotsCast: cast,
          marginVotes: unit.seatSwingMargin.votes,
          ratio: cast / unit.seatSwingMargin.votes,
        },
      ]);
      expect(c.materiality.material).toBe(cast / unit.seatSwingMargin.votes >= 1);
      const small = await get((await fileCase(world, world.cnrp, { stationCodes: ['S10'] })).reference); // no ballots cast
      expect(small.materiality.ratio).toBe(0);
      const list = (await http.get('/api/v1/cases?sort=materiality&limit=500').set(world.officer.headers)).body.items;
      const ratios = list.map((i: { materiality: number | null }) => i.materiality ?? -1);
      expect(ratios).toEqual([...ratios].sort((a: number, b: number) => b - a));
      // Keyset pages join up to the whole list.
      const page1 = (await http.get('/api/v1/cases?sort=materiality&limit=5').set(world.officer.headers)).body;
      const page2 = (
        await http.get(`/api/v1/cases?sort=materiality&limit=5&cursor=${page1.nextCursor}`).set(world.officer.headers)
      ).body;
      expect([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).toEqual(
        list.slice(0, 10).map((i: { id: string }) => i.id),
      );
    });
  });

  describe('bulk transitions', () => {
    it('transitions each case on its own and reports each', async () => {
      const a = await caseIn('filed');
      const b = await caseIn('filed');
      const c = await caseIn('under_review');
      const res = await http
        .post('/api/v1/cases/bulk-transitions')
        .set(world.officer.headers)
        .send({
          references: [a, b, c, `${world.electionCode}-999999`],
          action: 'reject',
          reason: 'Filed after the deadline.',
        });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { status: number }) => i.status)).toEqual([200, 200, 409, 404]);
      expect((await get(a)).state).toBe('inadmissible');
      expect((await get(c)).state).toBe('under_review');
      expect(
        (
          await http
            .post('/api/v1/cases/bulk-transitions')
            .set(world.cnrp.headers)
            .send({ references: [a], action: 'register' })
        ).status,
      ).toBe(403);
    });
  });
});
