import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase, type Account } from './support/case-fixtures';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';
import { waitFor } from './support/wait-for';

/** D'Hondt written out again for the expectation: the `seats` largest quotients v / 1, v / 2, … */
function dhondt(totals: Record<string, number>, seats: number): Record<string, number> {
  const quotients = Object.entries(totals).flatMap(([party, votes]) =>
    Array.from({ length: seats }, (_, i) => ({ party, q: votes / (i + 1) })),
  );
  quotients.sort((a, b) => b.q - a.q);
  const won: Record<string, number> = Object.fromEntries(Object.keys(totals).map((p) => [p, 0]));
  for (const { party } of quotients.slice(0, seats)) won[party] += 1;
  return won;
}

// import-fixtures: the official_final sheets of commune 120101 (5 seats), S01-S04.
const OFFICIAL_120101 = [
  { CPP: 200, CNRP: 150, FUN: 42 }, // S01
  { CPP: 200, CNRP: 150, FUN: 24 },
  { CPP: 200, CNRP: 150, FUN: 40 },
  { CPP: 150, CNRP: 100, FUN: 50 },
];
const sum = (sheets: Record<string, number>[]) =>
  sheets.reduce<Record<string, number>>((t, s) => {
    for (const [p, v] of Object.entries(s)) t[p] = (t[p] ?? 0) + v;
    return t;
  }, {});

/** S01 recounted: 110 ballots move from CPP to CNRP; the sheet still adds up (90 + 260 + 42 = 392). */
const MOVING_SHEET = {
  registeredVoters: 500,
  ballotsCast: 400,
  invalidBallots: 8,
  validBallots: 392,
  votes: { CPP: 90, CNRP: 260, FUN: 42 },
};

describe('recounts', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let db: DataSource;
  let reference: string;
  let recountId: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    world = await caseWorld(env);
    db = world.worker.get(getDataSourceToken());
    reference = (await fileCase(world)).reference;
    expect((await act(world, world.officer, reference, 'register')).status).toBe(200);
    expect((await act(world, world.officer, reference, 'assign', { assignee: world.officer.username })).status).toBe(
      200,
    );
  }, 120_000);
  afterAll(async () => {
    await closeWorld(world);
    await destroyTestEnvironment(env);
  });

  const list = (who: Account, ref = reference) => world.api.http.get(`/api/v1/cases/${ref}/recounts`).set(who.headers);
  const step = (who: Account, id: string, body: Record<string, unknown>) =>
    world.api.http.post(`/api/v1/recounts/${id}/transitions`).set(who.headers).send(body);
  const stationSheets = (code: string) =>
    world.api.http.get(`/api/v1/elections/${world.electionCode}/stations/${code}/sheets`);
  const recountSheets = async (code: string) =>
    (await stationSheets(code)).body.sources.find((s: { source: string }) => s.source === 'recount');

  it('an order during review creates the recount, listed as ordered beside the sheet it would replace', async () => {
    const ordered = await act(world, world.officer, reference, 'order_recount', { stationCodes: ['S01'] });
    expect(ordered.status).toBe(200);
    const res = await list(world.officer);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [recount] = res.body.items;
    recountId = recount.id;
    expect(recount).toMatchObject({
      stationCode: 'S01',
      state: 'ordered',
      version: 1,
      figures: null,
      differences: [],
      allocationChanged: null,
      allowedActions: ['schedule', 'cancel'],
      replaces: { source: 'official_final', votes: { CPP: 200, CNRP: 150, FUN: 42 } },
    });
    // The complainant sees it, and may not act on it.
    const mine = await list(world.cnrp);
    expect(mine.status).toBe(200);
    expect(mine.body.items[0]).toMatchObject({ id: recountId, allowedActions: [] });
  });

  it('a provincial officer of another province gets 404 for the list and the recount', async () => {
    expect((await list(world.provincialOfficer)).status).toBe(404);
    const res = await step(world.provincialOfficer, recountId, {
      action: 'schedule',
      expectedVersion: 1,
      at: '2017-06-10T02:00:00Z',
      place: 'Chamkar Mon district hall',
    });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(
      (await step(world.officer, 'not-a-uuid', { action: 'cancel', expectedVersion: 1, reason: 'x y z' })).status,
    ).toBe(404);
  });

  it('a party may not schedule (403); fields of another action are 400', async () => {
    const body = { action: 'schedule', expectedVersion: 1, at: '2017-06-10T02:00:00Z', place: 'Chamkar Mon hall' };
    const party = await step(world.cnrp, recountId, body);
    expect(party.status).toBe(403);
    expect(party.body.type).toBe('/problems/forbidden');
    const foreign = await step(world.officer, recountId, { ...body, reason: 'not a field of schedule' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ field: 'reason', message: 'is not a field of schedule' }]);
    const missing = await step(world.officer, recountId, { action: 'schedule', expectedVersion: 1, place: 'hall' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'at', message: 'is required by schedule' }]);
  });

  it('scheduling invites the complainant and the respondent', async () => {
    const res = await step(world.officer, recountId, {
      action: 'schedule',
      expectedVersion: 1,
      at: '2017-06-10T02:00:00Z',
      place: 'Chamkar Mon district hall',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'scheduled',
      version: 2,
      scheduledAt: '2017-06-10T02:00:00.000Z',
      place: 'Chamkar Mon district hall',
      allowedActions: ['enter_figures', 'cancel'],
    });
    for (const party of [world.cnrp, world.cpp]) {
      const inbox = await waitFor(
        () => world.api.http.get('/api/v1/me/notifications').set(party.headers),
        (r) => r.body.items?.some((n: { kind: string }) => n.kind === 'recount.scheduled'),
      );
      const notice = inbox.body.items.find((n: { kind: string }) => n.kind === 'recount.scheduled');
      expect(notice).toMatchObject({ caseReference: reference });
      expect(notice.body).toContain('Chamkar Mon district hall');
    }
  });

  it('a stale version is 409 and changes nothing', async () => {
    const res = await step(world.officer, recountId, {
      action: 'enter_figures',
      expectedVersion: 1,
      sheet: MOVING_SHEET,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
    expect(await recountSheets('S01')).toBeUndefined();
  });

  it('figures that are not a sheet are 422 by field, and leave nothing written', async () => {
    const res = await step(world.officer, recountId, {
      action: 'enter_figures',
      expectedVersion: 2,
      sheet: { registeredVoters: 500, ballotsCast: -1, validBallots: 392, votes: { CPP: 90, CNRP: 260, XYZ: 42 } },
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['sheet.ballotsCast', 'sheet.invalidBallots', 'sheet.votes.FUN', 'sheet.votes.XYZ'].sort(),
    );
    expect(await recountSheets('S01')).toBeUndefined();
    const [row] = await db.query(`SELECT state, version, sheet_id FROM recounts WHERE id = $1`, [recountId]);
    expect(row).toEqual({ state: 'scheduled', version: 2, sheet_id: null });
    const history = await world.api.http.get(`/api/v1/cases/${reference}/history`).set(world.officer.headers);
    expect(history.body.items.map((e: { action: string }) => e.action)).not.toContain('recount_enter_figures');
  });

  it('entering figures adds a recount sheet version with its findings; entering again adds another', async () => {
    const first = await step(world.officer, recountId, {
      action: 'enter_figures',
      expectedVersion: 2,
      sheet: { ...MOVING_SHEET, votes: { CPP: 200, CNRP: 151, FUN: 42 } },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      state: 'counted',
      version: 3,
      figures: { source: 'recount', version: 1, findings: ['VOTES_SUM'], certifiedAt: null },
      differences: [{ field: 'CNRP', official: 150, other: 151, difference: 1 }],
      allocationChanged: false,
    });
    const second = await step(world.officer, recountId, {
      action: 'enter_figures',
      expectedVersion: 3,
      sheet: MOVING_SHEET,
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ state: 'counted', version: 4, figures: { version: 2, findings: [] } });
    const versions = (await recountSheets('S01')).versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const [sheet] = await db.query(`SELECT created_by, reason, certified_at FROM result_sheets WHERE id = $1`, [
      second.body.figures.sheetId,
    ]);
    expect(sheet).toEqual({ created_by: world.officer.id, reason: `recount of case ${reference}`, certified_at: null });
    // Not certified: the official figure is still the official_final sheet.
    expect((await stationSheets('S01')).body.currentOfficial).toEqual({ source: 'official_final', version: 1 });
  });

  it('the list shows the difference and that the seats of 120101 change', async () => {
    const before = sum(OFFICIAL_120101);
    const after = sum([MOVING_SHEET.votes, ...OFFICIAL_120101.slice(1)]);
    expect(dhondt(before, 5)).not.toEqual(dhondt(after, 5));
    const res = await list(world.officer);
    const [recount] = res.body.items;
    expect(recount.differences).toEqual([
      { field: 'CPP', official: 200, other: 90, difference: -110 },
      { field: 'CNRP', official: 150, other: 260, difference: 110 },
    ]);
    expect(recount.allocationChanged).toBe(true);
    expect(recount.allocation).toEqual({
      areaCode: '120101',
      seats: 5,
      before: dhondt(before, 5),
      after: dhondt(after, 5),
      changed: true,
    });
    expect(recount.allowedActions).toEqual(['enter_figures', 'cancel']);
    expect((await list(world.adjudicator)).body.items[0].allowedActions).toEqual([
      'enter_figures',
      'certify',
      'cancel',
    ]);
  });

  it('an officer may not certify (403); an adjudicator does, and the recount becomes the official figure', async () => {
    const unitPath = `/api/v1/elections/${world.electionCode}/contest-units/120101`;
    const marginBefore = (await world.api.http.get(unitPath)).body.seatSwingMargin.votes;
    // Another open case about a station of the same commune, and a withdrawn one: only the first is measured again.
    const neighbour = await fileCase(world, world.cnrp, { stationCodes: ['S03'] });
    const withdrawn = await fileCase(world, world.cnrp, { stationCodes: ['S04'] });
    expect((await act(world, world.cnrp, withdrawn.reference, 'withdraw', { reason: 'filed twice' })).status).toBe(200);
    const stored = async (ref: string) =>
      (await db.query(`SELECT materiality_units FROM cases WHERE reference = $1`, [ref]))[0].materiality_units;
    const withdrawnBefore = await stored(withdrawn.reference);
    expect((await step(world.officer, recountId, { action: 'certify', expectedVersion: 4 })).status).toBe(403);
    const res = await step(world.adjudicator, recountId, { action: 'certify', expectedVersion: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'certified', version: 5, allowedActions: [], allocationChanged: true });
    expect(res.body.certifiedAt).toEqual(expect.any(String));
    expect(res.body.figures.certifiedAt).toEqual(res.body.certifiedAt);

    expect((await stationSheets('S01')).body.currentOfficial).toEqual({ source: 'recount', version: 2 });
    const unit = await world.api.http.get(unitPath);
    const after = sum([MOVING_SHEET.votes, ...OFFICIAL_120101.slice(1)]);
    expect(unit.body.totals).toEqual(after);
    expect(unit.body.allocation).toEqual(dhondt(after, 5));

    // The unit's margin moved, and the case's materiality was measured again against it.
    const c = await world.api.http.get(`/api/v1/cases/${reference}`).set(world.officer.headers);
    const measured = c.body.materiality.units.find((u: { areaCode: string }) => u.areaCode === '120101');
    expect(unit.body.seatSwingMargin.votes).not.toBe(marginBefore);
    expect(measured.marginVotes).toBe(unit.body.seatSwingMargin.votes);
    expect(measured.ratio).toBeCloseTo(measured.ballotsCast / unit.body.seatSwingMargin.votes, 9);
    const other = await world.api.http.get(`/api/v1/cases/${neighbour.reference}`).set(world.officer.headers);
    expect(other.body.materiality.units).toEqual([
      expect.objectContaining({ areaCode: '120101', marginVotes: unit.body.seatSwingMargin.votes }),
    ]);
    expect(await stored(withdrawn.reference)).toEqual(withdrawnBefore);
    expect(withdrawnBefore[0].marginVotes).toBe(marginBefore);

    // The same answer after certification: before and after are about the station's swap.
    const listed = (await list(world.officer)).body.items[0];
    expect(listed.allocation.before).toEqual(dhondt(sum(OFFICIAL_120101), 5));

    const [event] = await db.query(
      `SELECT payload FROM outbox_events WHERE type = 'recounts.recount_certified' AND payload->>'recountId' = $1`,
      [recountId],
    );
    expect(event.payload).toEqual({
      recountId,
      caseId: expect.any(String),
      stationId: expect.any(Number),
      electionId: expect.any(Number),
      sheetId: res.body.figures.sheetId,
    });
    // Certified is final.
    expect(
      (await step(world.adjudicator, recountId, { action: 'cancel', expectedVersion: 5, reason: 'too late' })).status,
    ).toBe(409);
  });

  it("the case's history and the recount's own chain record every step", async () => {
    const history = await world.api.http.get(`/api/v1/cases/${reference}/history`).set(world.officer.headers);
    const actions = history.body.items.map((e: { action: string }) => e.action);
    expect(actions.slice(-5)).toEqual([
      'order_recount',
      'recount_schedule',
      'recount_enter_figures',
      'recount_enter_figures',
      'recount_certify',
    ]);
    const own = await db.query(
      `SELECT action, from_state, to_state FROM audit_entries WHERE subject_type = 'recount' AND subject_id = $1 ORDER BY seq`,
      [recountId],
    );
    expect(own).toEqual([
      { action: 'schedule', from_state: 'ordered', to_state: 'scheduled' },
      { action: 'enter_figures', from_state: 'scheduled', to_state: 'counted' },
      { action: 'enter_figures', from_state: 'counted', to_state: 'counted' },
      { action: 'certify', from_state: 'counted', to_state: 'certified' },
    ]);
  });

  it('a recount is cancelled with a reason, and takes no step after', async () => {
    expect((await act(world, world.officer, reference, 'order_recount', { stationCodes: ['S02'] })).status).toBe(200);
    const s02 = (await list(world.officer)).body.items.find((r: { stationCode: string }) => r.stationCode === 'S02');
    expect(s02).toMatchObject({ state: 'ordered', version: 1 });
    expect((await step(world.officer, s02.id, { action: 'cancel', expectedVersion: 1 })).status).toBe(400);
    const res = await step(world.officer, s02.id, {
      action: 'cancel',
      expectedVersion: 1,
      reason: 'The complainant accepted the official figures of S02.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'cancelled',
      version: 2,
      cancelReason: 'The complainant accepted the official figures of S02.',
      allowedActions: [],
    });
    const again = await step(world.officer, s02.id, {
      action: 'schedule',
      expectedVersion: 2,
      at: '2017-06-10T02:00:00Z',
      place: 'hall',
    });
    expect(again.status).toBe(409);
    expect(await recountSheets('S02')).toBeUndefined();
  });
  it('the case cannot close while a recount is outstanding; cancelling it lets the case close', async () => {
    expect((await act(world, world.officer, reference, 'order_recount', { stationCodes: ['S02'] })).status).toBe(200);
    const open = (await list(world.officer)).body.items.find(
      (r: { stationCode: string; state: string }) => r.stationCode === 'S02' && r.state === 'ordered',
    );
    const put = await world.api.http
      .put(`/api/v1/cases/${reference}/decision`)
      .set(world.officer.headers)
      .send(DECISION_DRAFT);
    expect(put.status).toBe(200);
    expect((await act(world, world.officer, reference, 'propose_decision')).status).toBe(200);
    expect((await act(world, world.adjudicator, reference, 'approve')).status).toBe(200);
    expect((await act(world, world.adjudicator, reference, 'publish')).status).toBe(200);
    const refused = await act(world, world.officer, reference, 'close');
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/remedies-outstanding');
    const cancelled = await step(world.officer, open.id, {
      action: 'cancel',
      expectedVersion: 1,
      reason: 'The decision ordered no recount of S02.',
    });
    expect(cancelled.status).toBe(200);
    const closed = await act(world, world.officer, reference, 'close');
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
  });
});
