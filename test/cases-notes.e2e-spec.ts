import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { act, caseWorld, CaseWorld, closeWorld, fileCase } from './support/case-fixtures';
import { connect } from './support/imports';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

const PNG = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 7)]);

describe('case notes', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let storageDir: string;
  let db: Client;
  let reference: string;
  let caseId: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'recourse-notes-'));
    env = await createTestEnvironment({ STORAGE_DIR: storageDir });
    world = await caseWorld(env);
    db = await connect(env.DATABASE_URL);
    ({ reference, id: caseId } = await fileCase(world));
    expect((await act(world, world.officer, reference, 'register')).status).toBe(200);
    expect((await act(world, world.officer, reference, 'assign', { assignee: world.officer.username })).status).toBe(
      200,
    );
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await closeWorld(world);
    await destroyTestEnvironment(env);
    await rm(storageDir, { recursive: true, force: true });
  });

  const note = (who: { headers: Record<string, string> }, body: unknown, ref = reference) =>
    world.api.http
      .post(`/api/v1/cases/${ref}/notes`)
      .set(who.headers)
      .send(body as object);
  const messages = async (id: string) =>
    (
      await db.query(
        `SELECT payload FROM outbox_events WHERE type = 'notification.requested' AND payload->>'kind' = 'case.message'
           AND payload->>'caseReference' = $1 ORDER BY seq`,
        [id],
      )
    ).rows.map((r) => r.payload);

  it('a caseworker’s message to the complainant is stored, audited and notifies the complainant party', async () => {
    const before = (await messages(reference)).length;
    const res = await note(world.officer, {
      body: 'Please send the photo of the sheet posted at S01.',
      visibility: 'complainant',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseReference: reference,
      visibility: 'complainant',
      body: 'Please send the photo of the sheet posted at S01.',
      author: world.officer.username,
      authorRole: 'officer',
    });
    const sent = await messages(reference);
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)).toMatchObject({
      kind: 'case.message',
      caseReference: reference,
      body: 'Please send the photo of the sheet posted at S01.',
      audience: { partyCodes: ['CNRP'] },
    });
    const history = await world.api.http.get(`/api/v1/cases/${reference}/history`).set(world.officer.headers);
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'add_note',
      actor: world.officer.username,
      after: { noteId: res.body.id, visibility: 'complainant' },
    });
  });

  it('an internal note notifies nobody; the complainant’s answer notifies the assignee', async () => {
    const before = (await messages(reference)).length;
    expect(
      (await note(world.officer, { body: 'The observer copy looks genuine.', visibility: 'internal' })).status,
    ).toBe(201);
    expect((await messages(reference)).length).toBe(before);
    const answer = await note(world.cnrp2, { body: 'Attached as evidence.', visibility: 'complainant' });
    expect(answer.status).toBe(201);
    const sent = await messages(reference);
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)).toMatchObject({ audience: { userIds: [world.officer.id] }, body: 'Attached as evidence.' });
  });

  it('the complainant reads the messages only, oldest first; caseworkers read both; ?visibility= filters', async () => {
    const complainant = await world.api.http.get(`/api/v1/cases/${reference}/notes`).set(world.cnrp.headers);
    expect(complainant.status).toBe(200);
    expect(complainant.body.items.map((n: { visibility: string }) => n.visibility)).toEqual([
      'complainant',
      'complainant',
    ]);
    expect(complainant.body.items.map((n: { body: string }) => n.body)).toEqual([
      'Please send the photo of the sheet posted at S01.',
      'Attached as evidence.',
    ]);
    const officer = await world.api.http.get(`/api/v1/cases/${reference}/notes`).set(world.adjudicator.headers);
    expect(officer.body.items.map((n: { visibility: string }) => n.visibility)).toEqual([
      'complainant',
      'internal',
      'complainant',
    ]);
    const internal = await world.api.http
      .get(`/api/v1/cases/${reference}/notes?visibility=internal`)
      .set(world.adjudicator.headers);
    expect(internal.body.items.map((n: { body: string }) => n.body)).toEqual(['The observer copy looks genuine.']);
    const page = await world.api.http.get(`/api/v1/cases/${reference}/notes?limit=2`).set(world.officer.headers);
    expect(page.body.items).toHaveLength(2);
    const next = await world.api.http
      .get(`/api/v1/cases/${reference}/notes?limit=2&cursor=${page.body.nextCursor}`)
      .set(world.officer.headers);
    expect(next.body.items.map((n: { body: string }) => n.body)).toEqual(['Attached as evidence.']);
    expect(next.body.nextCursor).toBeNull();
  });

  it('the history does not tell the complainant of internal notes, nor the respondent of messages or private evidence', async () => {
    const upload = (isPublic: boolean) =>
      world.api.http
        .post(`/api/v1/cases/${reference}/evidence`)
        .set(world.cnrp.headers)
        .field('public', String(isPublic))
        .attach('file', PNG, { filename: 'sheet.png', contentType: 'image/png' });
    expect((await upload(true)).status).toBe(201);
    expect((await upload(false)).status).toBe(201);
    const actions = async (who: { headers: Record<string, string> }) => {
      const res = await world.api.http.get(`/api/v1/cases/${reference}/history`).set(who.headers);
      expect(res.status).toBe(200);
      return res.body.items.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('add_'));
    };
    expect(await actions(world.officer)).toEqual(['add_note', 'add_note', 'add_note', 'add_evidence', 'add_evidence']);
    expect(await actions(world.cnrp)).toEqual(['add_note', 'add_note', 'add_evidence', 'add_evidence']);
    expect(await actions(world.cpp)).toEqual(['add_evidence']);
  });

  it('bad notes are 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ visibility: 'internal' }, 'body'],
      [{ body: '', visibility: 'internal' }, 'body'],
      [{ body: 'x', visibility: 'public' }, 'visibility'],
      [{ body: 'x' }, 'visibility'],
      [{ body: 'x', visibility: 'internal', urgent: true }, 'urgent'],
    ];
    for (const [body, field] of cases) {
      const res = await note(world.officer, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const count = (await db.query('SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1', [caseId])).rows[0].n;
    expect(count).toBe(3);
  });

  it('the complainant cannot write to a closed case (409); the caseworker still can', async () => {
    const closed = await fileCase(world);
    expect((await act(world, world.cnrp, closed.reference, 'withdraw', { reason: 'settled' })).status).toBe(200);
    const late = await note(world.cnrp, { body: 'one more thing', visibility: 'complainant' }, closed.reference);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/case-closed');
    expect((await note(world.officer, { body: 'noted', visibility: 'complainant' }, closed.reference)).status).toBe(
      201,
    );
  });

  it('Idempotency-Key on a note: the retry gets the first note back, and only one is stored', async () => {
    const send = () =>
      world.api.http
        .post(`/api/v1/cases/${reference}/notes`)
        .set(world.officer.headers)
        .set('Idempotency-Key', 'note-retry-1')
        .send({ body: 'sent twice', visibility: 'internal' });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const rows = await db.query(`SELECT count(*)::int AS n FROM case_notes WHERE body = 'sent twice'`);
    expect(rows.rows[0].n).toBe(1);
  });
});
