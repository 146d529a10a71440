import { act, caseWorld, CaseWorld, closeWorld, DECISION_DRAFT, fileCase } from './support/case-fixtures';
import { createTestEnvironment, destroyTestEnvironment, TestEnvironment } from './support/test-app';

describe('cases smoke', () => {
  let env: TestEnvironment;
  let world: CaseWorld;
  beforeAll(async () => {
    env = await createTestEnvironment();
    world = await caseWorld(env);
  }, 120_000);
  afterAll(async () => {
    await closeWorld(world);
    await destroyTestEnvironment(env);
  });

  it('walks a complaint from filing to publication', async () => {
    const filed = await fileCase(world);
    expect(filed).toMatchObject({ reference: 'KH-2017-CC-000001', state: 'filed' });
    const ref = filed.reference;
    expect((await act(world, world.officer, ref, 'register')).status).toBe(200);
    const assigned = await act(world, world.officer, ref, 'assign', { assignee: world.officer.username });
    expect(assigned.body).toMatchObject({ state: 'under_review', assignee: world.officer.username });
    const put = await world.api.http.put(`/api/v1/cases/${ref}/decision`).set(world.officer.headers).send(DECISION_DRAFT);
    expect(put.status).toBe(200);
    expect((await act(world, world.officer, ref, 'propose_decision')).body.state).toBe('decision_proposed');
    expect((await act(world, world.adjudicator, ref, 'approve')).body.state).toBe('decided');
    const published = await act(world, world.adjudicator, ref, 'publish');
    expect(published.body.state).toBe('published');
    const history = await world.api.http.get(`/api/v1/cases/${ref}/history`).set(world.officer.headers);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'submit',
      'register',
      'assign',
      'draft_decision',
      'propose_decision',
      'approve',
      'publish',
    ]);
  });
});
