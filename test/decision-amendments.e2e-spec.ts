import { AddressInfo } from 'node:net';
import { verifyLog } from '@app/transparency';
import { Account, act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase } from './support/case-fixtures';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';
import { waitFor } from './support/wait-for';

/*
 * A published decision's remedies applied and tracked to completion, its immutability, and its
 * correction by an amendment under four eyes — up to the public record and log:verify.
 */
const CORRECTED_S02 = {
  stationCode: 'S02',
  registeredVoters: 500,
  ballotsCast: 400,
  invalidBallots: 24,
  validBallots: 376,
  votes: { CPP: 180, CNRP: 170, FUN: 26 },
};

const REMEDIES = [
  { kind: 'recount', stationCodes: ['S01'] },
  { kind: 'result_correction', stationCodes: ['S02'], figures: [CORRECTED_S02] },
  { kind: 'annulment', stationCodes: ['S03'] },
];

interface Version {
  version: number;
  isCurrent: boolean;
  isCurrentOfficial: boolean;
  ballotsCast: number;
  votes: Record<string, number>;
}

describe('decisions: remedies and amendments', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let http: CaseWorld['api']['http'];
  let reference: string;
  let baseUrl: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as JSON
  const ok = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const officialFinal = async (code: string): Promise<Version[]> => {
    const res = await http.get(`/api/v1/elections/${world.electionCode}/stations/${code}/sheets`);
    return res.body.sources.find((s: { source: string }) => s.source === 'official_final').versions;
  };
  const remedies = async (who: Account = world.officer) =>
    (await ok(http.get(`/api/v1/cases/${reference}/remedies`).set(who.headers))).body.items as {
      kind: string;
      stationCodes: string[];
      status: string;
      recountIds: string[];
    }[];
  const recountStep = (id: string, body: Record<string, unknown>, who: Account = world.officer) =>
    ok(http.post(`/api/v1/recounts/${id}/transitions`).set(who.headers).send(body));

  beforeAll(async () => {
    env = await createTestEnvironment();
    world = await caseWorld(env);
    http = world.api.http;
    await world.api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(world.api.app.getHttpServer().address() as AddressInfo).port}`;
    reference = (await fileCase(world)).reference;
    await ok(act(world, world.officer, reference, 'register'));
    await ok(act(world, world.officer, reference, 'assign', { assignee: world.officer.username }));
  }, 180_000);

  afterAll(async () => {
    await closeWorld(world);
    await destroyTestEnvironment(env);
  });

  it('a result correction without a full sheet per station is refused by field (422)', async () => {
    const missing = await http
      .put(`/api/v1/cases/${reference}/decision`)
      .set(world.officer.headers)
      .send({ ...DECISION_DRAFT, remedies: [{ kind: 'result_correction', stationCodes: ['S02'] }] });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { field: 'remedies[0].figures', message: expect.stringContaining('required') },
    ]);
    const partial = await http
      .put(`/api/v1/cases/${reference}/decision`)
      .set(world.officer.headers)
      .send({
        ...DECISION_DRAFT,
        remedies: [
          { kind: 'result_correction', stationCodes: ['S02'], figures: [{ ...CORRECTED_S02, ballotsCast: undefined }] },
        ],
      });
    expect(partial.status).toBe(422);
    expect(partial.body.errors).toEqual([{ field: 'remedies[0].figures[0].ballotsCast', message: 'is required' }]);
  });

  it('publishing applies the remedies: new official versions, a recount task, close refused while it is pending', async () => {
    await ok(
      http
        .put(`/api/v1/cases/${reference}/decision`)
        .set(world.officer.headers)
        .send({ ...DECISION_DRAFT, remedies: REMEDIES }),
    );
    await ok(act(world, world.officer, reference, 'propose_decision'));
    await ok(act(world, world.adjudicator, reference, 'approve'));
    await ok(act(world, world.adjudicator, reference, 'publish'));

    const s02 = await officialFinal('S02');
    expect(s02).toHaveLength(2);
    expect(s02.find((v) => v.isCurrent)).toMatchObject({
      version: 2,
      isCurrentOfficial: true,
      votes: { CPP: 180, CNRP: 170, FUN: 26 },
    });
    const s03 = await officialFinal('S03');
    expect(s03.find((v) => v.isCurrent)).toMatchObject({ version: 2, isCurrentOfficial: true, ballotsCast: 0 });
    expect(s03.find((v) => !v.isCurrent)).toMatchObject({ version: 1, isCurrentOfficial: false });

    const items = await remedies();
    const byKind = [...items].sort(
      (a, b) => REMEDIES.findIndex((r) => r.kind === a.kind) - REMEDIES.findIndex((r) => r.kind === b.kind),
    );
    expect(byKind.map(({ kind, stationCodes, status }) => ({ kind, stationCodes, status }))).toEqual([
      { kind: 'recount', stationCodes: ['S01'], status: 'pending' },
      { kind: 'result_correction', stationCodes: ['S02'], status: 'done' },
      { kind: 'annulment', stationCodes: ['S03'], status: 'done' },
    ]);
    const recounts = await ok(http.get(`/api/v1/cases/${reference}/recounts`).set(world.officer.headers));
    expect(recounts.body.items).toEqual([expect.objectContaining({ id: byKind[0].recountIds[0], state: 'ordered' })]);

    const close = await act(world, world.officer, reference, 'close');
    expect(close.status).toBe(422);
    expect(close.body.type).toBe('/problems/remedies-outstanding');
  });

  it('a published decision never changes: PUT …/decision answers 409', async () => {
    const res = await http.put(`/api/v1/cases/${reference}/decision`).set(world.officer.headers).send(DECISION_DRAFT);
    expect(res.status).toBe(409);
  });

  it('an amendment approved by another adjudicator is published (its proposer’s approval is 403)', async () => {
    const body = {
      ...DECISION_DRAFT,
      findings: 'The observer copy and the official sheet of S01 differ by 30 CNRP votes, and S02 by 20.',
      remedies: [],
      reason: 'The findings omitted the difference at S02.',
    };
    const early = await http
      .post(`/api/v1/cases/${reference}/amendments/00000000-0000-0000-0000-000000000000/approve`)
      .set(world.adjudicator2.headers);
    expect(early.status).toBe(404);
    const byParty = await http.post(`/api/v1/cases/${reference}/amendments`).set(world.cnrp.headers).send(body);
    expect(byParty.status).toBe(403);
    const proposed = await http.post(`/api/v1/cases/${reference}/amendments`).set(world.adjudicator.headers).send(body);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ reason: body.reason, publishedAt: null, reference: null });
    const id = proposed.body.id as string;

    const own = await http.post(`/api/v1/cases/${reference}/amendments/${id}/approve`).set(world.adjudicator.headers);
    expect(own.status).toBe(403);
    expect(own.body.type).toBe('/problems/four-eyes');
    const approved = await http
      .post(`/api/v1/cases/${reference}/amendments/${id}/approve`)
      .set(world.adjudicator2.headers);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ number: 1, reference: `${reference}/A1`, publishedAt: expect.any(String) });
    const again = await http
      .post(`/api/v1/cases/${reference}/amendments/${id}/approve`)
      .set(world.adjudicator2.headers);
    expect(again.status).toBe(409);

    const list = await ok(http.get(`/api/v1/cases/${reference}/amendments`).set(world.cnrp.headers));
    expect(list.body.items).toEqual([expect.objectContaining({ id, reference: `${reference}/A1` })]);
    const history = await ok(http.get(`/api/v1/cases/${reference}/history`).set(world.officer.headers));
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['propose_amendment', 'approve_amendment']),
    );
    const inbox = await waitFor(
      () => http.get('/api/v1/me/notifications').set(world.cnrp.headers),
      (r) => r.body.items?.some((n: { kind: string }) => n.kind === 'notice.amendment'),
    );
    expect(inbox.body.items.find((n: { kind: string }) => n.kind === 'notice.amendment').body).toContain('Reasons:');

    const record = await waitFor(
      () => http.get(`/api/v1/public/decisions/${reference}/amendments/1`),
      (r) => r.status === 200,
    );
    expect(record.body).toMatchObject({
      kind: 'amendment',
      reference: `${reference}/A1`,
      decision: { findings: body.findings, amends: reference },
      transparency: { leafIndex: 1 },
    });
    const published = await ok(http.get(`/api/v1/public/decisions/${reference}/amendments`));
    expect(published.body.items).toEqual([
      expect.objectContaining({ reference: `${reference}/A1`, transparency: { leafIndex: 1 } }),
    ]);
  });

  it('once the recount is certified the case closes, and log:verify checks every leaf', async () => {
    const recount = (await remedies()).find((r) => r.kind === 'recount')!;
    const id = recount.recountIds[0];
    await recountStep(id, {
      action: 'schedule',
      expectedVersion: 1,
      at: '2017-06-10T02:00:00Z',
      place: 'Chamkar Mon hall',
    });
    await recountStep(id, {
      action: 'enter_figures',
      expectedVersion: 2,
      sheet: {
        registeredVoters: 500,
        ballotsCast: 400,
        invalidBallots: 8,
        validBallots: 392,
        votes: { CPP: 190, CNRP: 160, FUN: 42 },
      },
    });
    await recountStep(id, { action: 'certify', expectedVersion: 3 }, world.adjudicator);
    expect((await remedies()).find((r) => r.kind === 'recount')!.status).toBe('done');
    const closed = await act(world, world.officer, reference, 'close');
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');

    await waitFor(
      () => http.get(`/api/v1/public/recounts/${id}`),
      (r) => r.status === 200,
    );
    const report = await verifyLog({ baseUrl });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, treeSize: 3, recordsChecked: 3 });
  });
});
