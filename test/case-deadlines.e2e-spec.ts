import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import { QUEUES } from '@app/platform';
import { DeadlinesProcessor } from '@app/cases/deadlines/deadlines.processor';
import { deadlineJobId, DeadlineJobKind } from '@app/cases/deadlines/deadline-jobs';
import { DeadlineSchedulerConsumer } from '@app/cases/deadlines/deadline-scheduler.consumer';
import { Account, act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase } from './support/case-fixtures';
import { createTestEnvironment, destroyTestEnvironment, startWorker, TestEnvironment } from './support/test-app';
import { sleep, waitFor } from './support/wait-for';

/*
 * The engine's smallest window is an hour, so the tests move time the honest way: the election's
 * windows are two hours, and a case's start instant is set back in the database to leave seconds
 * before its deadline. A transition (or the scheduler) then schedules real BullMQ delayed jobs,
 * which fire in a real worker.
 */
describe('case deadlines: reminders, breaches and closing, as delayed jobs', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  let db: Client;
  let queue: Queue;

  beforeAll(async () => {
    env = await createTestEnvironment();
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    world = await caseWorld(env);
    queue = world.api.app.get<Queue>(getQueueToken(QUEUES.deadlines));
    const res = await world.api.http
      .patch(`/api/v1/elections/${world.electionCode}`)
      .set(world.admin.headers)
      .send({
        preliminaryResultsAt: new Date().toISOString(),
        deadlinePolicy: {
          windows: { admissibility: { within: '2h' }, decision: { within: '2h' }, appeal: { within: '2h' } },
        },
      });
    expect(res.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await closeWorld(world);
    await db?.end();
    await destroyTestEnvironment(env);
  });

  const get = async (ref: string) => (await world.api.http.get(`/api/v1/cases/${ref}`).set(world.officer.headers)).body;
  const history = async (ref: string) =>
    (await world.api.http.get(`/api/v1/cases/${ref}/history`).set(world.officer.headers)).body.items as {
      action: string;
      reason: string | null;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }[];
  const inbox = async (who: Account, ref: string, kind: string) => {
    const res = await world.api.http.get('/api/v1/me/notifications?limit=100').set(who.headers);
    expect(res.status).toBe(200);
    return (res.body.items as { kind: string; caseReference: string; title: string; body: string }[]).filter(
      (n) => n.caseReference === ref && n.kind === kind,
    );
  };
  /** Sets `column` back so that a 2h window started there leaves `secondsLeft`. */
  const setBack = (ref: string, column: string, secondsLeft: number) =>
    db.query(
      `UPDATE cases SET ${column} = now() - interval '2 hours' + make_interval(secs => $2) WHERE reference = $1`,
      [ref, secondsLeft],
    );
  const ok = (res: { status: number; body: unknown }) => {
    expect(res).toMatchObject({ status: 200 });
    return res.body as { id: string; nextDeadline: { window: string; dueAt: string } };
  };
  /** Files a case, registers it, leaves `secondsLeft` on the decision clock and assigns the officer. */
  const assignedWithSecondsLeft = async (secondsLeft: number) => {
    const { reference } = await fileCase(world);
    const registered = ok(await act(world, world.officer, reference, 'register'));
    // Let the worker schedule the real deadline first, or it could read the case already set back.
    await job(deadlineJobId(registered.id, 'decision', new Date(registered.nextDeadline.dueAt), 'breach'));
    await setBack(reference, 'registered_at', secondsLeft);
    const assigned = ok(await act(world, world.officer, reference, 'assign', { assignee: world.officer.username }));
    expect(assigned.nextDeadline.window).toBe('decision');
    const dueAt = new Date(assigned.nextDeadline.dueAt);
    expect(dueAt.getTime() - Date.now()).toBeLessThanOrEqual(secondsLeft * 1000);
    const jobId = (kind: DeadlineJobKind) => deadlineJobId(assigned.id, 'decision', dueAt, kind);
    return { reference, id: assigned.id, dueAt, jobId };
  };
  const job = async (id: string) =>
    waitFor(
      () => queue.getJob(id),
      (j) => j !== undefined,
      10_000,
    ) as Promise<Job>;
  const settled = async (id: string) => {
    const j = await job(id);
    await waitFor(
      () => j.getState(),
      (s) => s === 'completed' || s === 'failed',
      20_000,
    );
    return (await queue.getJob(id))!;
  };

  it('reminds the assignee once, then marks the breached case overdue and tells the supervisors once', async () => {
    const { reference, jobId } = await assignedWithSecondsLeft(4);

    // A 2h window reminds at half-time, already past here: the reminder fires at once.
    const reminders = await waitFor(
      () => inbox(world.officer, reference, 'case.deadline_reminder'),
      (n) => n.length > 0,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toBe(`Case ${reference}: the decision deadline is near`);
    expect((await get(reference)).overdue).toBe(false);

    const breached = await waitFor(
      () => get(reference),
      (c) => c.overdue === true,
      20_000,
    );
    expect(breached).toMatchObject({ overdue: true, state: 'under_review' });
    const overdue = await world.api.http.get('/api/v1/cases?overdue=true&limit=100').set(world.officer.headers);
    expect(overdue.body.items.map((c: { reference: string }) => c.reference)).toContain(reference);
    const notOverdue = await world.api.http.get('/api/v1/cases?overdue=false&limit=100').set(world.officer.headers);
    expect(notOverdue.body.items.map((c: { reference: string }) => c.reference)).not.toContain(reference);

    // Supervisors of Phnom Penh: the national adjudicators, not the Banteay Meanchey officer.
    const toSupervisor = await waitFor(
      () => inbox(world.adjudicator, reference, 'case.deadline_breached'),
      (n) => n.length > 0,
    );
    expect(toSupervisor).toHaveLength(1);
    expect(await inbox(world.adjudicator2, reference, 'case.deadline_breached')).toHaveLength(1);
    expect(await inbox(world.provincialOfficer, reference, 'case.deadline_breached')).toHaveLength(0);

    const entries = (await history(reference)).filter((e) => e.action === 'deadline_breached');
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ overdue: true, deadline: { window: 'decision' } });
    expect(entries[0].reason).toMatch(
      /^The decision deadline \(2h from registered at .+\) fell due at .+ while the case was under review\.$/,
    );

    // The same jobs delivered again (a crash after the work, before BullMQ heard of it) change nothing.
    const processor = world.worker.get(DeadlinesProcessor);
    expect(await processor.process(await settled(jobId('reminder')))).toBe('skipped: already reminded');
    expect(await processor.process(await settled(jobId('breach')))).toBe('skipped: already overdue');
    await sleep(1_000);
    expect(await inbox(world.officer, reference, 'case.deadline_reminder')).toHaveLength(1);
    expect(await inbox(world.adjudicator, reference, 'case.deadline_breached')).toHaveLength(1);
    expect((await history(reference)).filter((e) => e.action === 'deadline_breached')).toHaveLength(1);

    // A transition that keeps the same deadline keeps the case overdue.
    ok(await act(world, world.officer, reference, 'schedule_hearing', { at: '2026-12-01T09:00:00Z', place: 'NEC' }));
    expect((await get(reference)).overdue).toBe(true);
  }, 60_000);

  it('reminds the supervisors when nobody is assigned', async () => {
    const { reference, id } = await fileCase(world);
    await setBack(reference, 'filed_at', 20 * 60);
    const ids = await world.worker.get(DeadlineSchedulerConsumer).schedule(id);
    expect(ids).toHaveLength(2);
    const reminders = await waitFor(
      () => inbox(world.adjudicator, reference, 'case.deadline_reminder'),
      (n) => n.length > 0,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toBe(`Case ${reference}: the admissibility deadline is near`);
    // Scheduling the same deadline again is a no-op: still one reminder job, already done.
    expect(await world.worker.get(DeadlineSchedulerConsumer).schedule(id)).toEqual(ids);
    await sleep(500);
    expect(await inbox(world.adjudicator, reference, 'case.deadline_reminder')).toHaveLength(1);
  });

  it('a case that moved on before its deadline is not marked, and its history says why the deadline moved', async () => {
    const { reference, jobId } = await assignedWithSecondsLeft(5);
    ok(await act(world, world.officer, reference, 'request_information', { message: 'Send the agents’ copies.' }));

    const breach = await settled(jobId('breach'));
    expect(breach.returnvalue).toMatch(
      /^skipped: the case moved on \(awaiting_information; deadline informationResponse due /,
    );
    const c = await get(reference);
    expect(c).toMatchObject({
      overdue: false,
      state: 'awaiting_information',
      nextDeadline: { window: 'informationResponse' },
    });
    expect(await inbox(world.adjudicator, reference, 'case.deadline_breached')).toHaveLength(0);

    const asked = (await history(reference)).find((e) => e.action === 'request_information')!;
    expect(asked.before.deadline).toMatchObject({ window: 'decision' });
    expect(asked.after.deadline).toMatchObject({ window: 'informationResponse', dueAt: c.nextDeadline.dueAt });
    expect(asked.after.deadlineChange).toMatch(
      /^Request information ended the decision window \(due .+\); the decision clock is paused while awaiting information, \d+s left; the informationResponse window \(48h from request information\) runs: due .+\.$/,
    );
    const register = (await history(reference)).find((e) => e.action === 'register')!;
    expect(register.after.deadlineChange).toMatch(/the decision window \(2h from registered\) runs/);
  }, 60_000);

  it('a delayed breach survives a worker restart', async () => {
    const { reference, jobId } = await assignedWithSecondsLeft(8);
    const breach = await job(jobId('breach'));
    expect(await breach.getState()).toBe('delayed');
    await world.worker.close();
    expect(await breach.getState()).toBe('delayed');
    await sleep(1_000);
    expect((await get(reference)).overdue).toBe(false);

    world.worker = await startWorker(env);
    const c = await waitFor(
      () => get(reference),
      (b) => b.overdue === true,
      25_000,
    );
    expect(c.overdue).toBe(true);
    expect((await queue.getJob(jobId('breach')))!.returnvalue).toBe('marked overdue');
  }, 60_000);

  it("a change of the election's deadline policy moves open cases' deadlines, their jobs and their overdue flag", async () => {
    const { reference, id } = await assignedWithSecondsLeft(2);
    await waitFor(
      () => get(reference),
      (c) => c.overdue === true,
      20_000,
    );
    const policy = (decision: string) => ({
      deadlinePolicy: {
        windows: { admissibility: { within: '2h' }, decision: { within: decision }, appeal: { within: '2h' } },
      },
    });
    const stored = async () =>
      (await db.query('SELECT due_at, overdue, registered_at FROM cases WHERE reference = $1', [reference]))
        .rows[0] as {
        due_at: Date;
        overdue: boolean;
        registered_at: Date;
      };
    try {
      const res = await world.api.http
        .patch(`/api/v1/elections/${world.electionCode}`)
        .set(world.admin.headers)
        .send(policy('4h'));
      expect(res.status).toBe(200);

      // Four hours from registration: two hours left, so the case is no longer overdue.
      const moved = await waitFor(stored, (row) => row.overdue === false, 20_000);
      const due = new Date(moved.registered_at.getTime() + 4 * 3_600_000);
      expect(moved.due_at.toISOString()).toBe(due.toISOString());
      const queue = await world.api.http.get('/api/v1/cases?overdue=true&limit=100').set(world.officer.headers);
      expect(queue.body.items.map((c: { reference: string }) => c.reference)).not.toContain(reference);
      const breach = await job(deadlineJobId(id, 'decision', due, 'breach'));
      expect(await breach.getState()).toBe('delayed');
      expect(breach.data).toEqual({ caseId: id, window: 'decision', dueAt: due.toISOString() });

      const entries = (await history(reference)).filter((e) => e.action === 'deadline_rescheduled');
      expect(entries).toHaveLength(1);
      expect(entries[0].before).toMatchObject({ overdue: true });
      expect(entries[0].after).toEqual({ dueAt: due.toISOString(), overdue: false, window: 'decision' });
      expect(entries[0].reason).toMatch(
        /^The election's deadline policy changed: the decision deadline is now 4h from registered at .+\.$/,
      );

      // The same policy again changes nothing: no event, no second entry.
      const again = await world.api.http
        .patch(`/api/v1/elections/${world.electionCode}`)
        .set(world.admin.headers)
        .send(policy('4h'));
      expect(again.status).toBe(200);
      await sleep(1_500);
      expect((await history(reference)).filter((e) => e.action === 'deadline_rescheduled')).toHaveLength(1);
    } finally {
      const restored = await world.api.http
        .patch(`/api/v1/elections/${world.electionCode}`)
        .set(world.admin.headers)
        .send(policy('2h'));
      expect(restored.status).toBe(200);
    }
  }, 90_000);

  it('closes a published case when its appeal window is over', async () => {
    const { reference, id } = await fileCase(world);
    ok(await act(world, world.officer, reference, 'register'));
    ok(await act(world, world.officer, reference, 'assign', { assignee: world.officer.username }));
    const put = await world.api.http
      .put(`/api/v1/cases/${reference}/decision`)
      .set(world.officer.headers)
      .send(DECISION_DRAFT);
    expect(put.status).toBe(200);
    ok(await act(world, world.officer, reference, 'propose_decision'));
    ok(await act(world, world.adjudicator, reference, 'approve'));
    const published = ok(await act(world, world.adjudicator, reference, 'publish'));
    expect(published.nextDeadline.window).toBe('appeal');
    await setBack(reference, 'published_at', 2);
    expect(await world.worker.get(DeadlineSchedulerConsumer).schedule(id)).toHaveLength(1);

    const closed = await waitFor(
      () => get(reference),
      (c) => c.state === 'closed',
      20_000,
    );
    expect(closed.state).toBe('closed');
    expect((await history(reference)).at(-1)).toMatchObject({ action: 'close' });
  }, 60_000);

  it('flags a case filed after the filing window as late, and not a timely one', async () => {
    const timely = await world.api.http
      .get(`/api/v1/cases/${(await fileCase(world)).reference}`)
      .set(world.officer.headers);
    expect(timely.body.late).toBe(false);

    const res = await world.api.http
      .patch(`/api/v1/elections/${world.electionCode}`)
      .set(world.admin.headers)
      .send({ preliminaryResultsAt: '2017-06-05T10:00:00Z' });
    expect(res.status).toBe(200);
    const late = await fileCase(world);
    expect((await get(late.reference)).late).toBe(true);
  });
});
