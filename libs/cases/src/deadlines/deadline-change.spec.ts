import { defaultDeadlinePolicy } from '@app/elections';
import { CaseClock } from './case-deadline';
import { deadlineChange } from './deadline-change';

const policy = defaultDeadlinePolicy('national_assembly');
const registeredAt = new Date('2026-03-02T02:00:00Z');
const asked = new Date('2026-03-02T12:00:00Z');
const answered = new Date('2026-03-03T12:00:00Z');
const clock = (c: Partial<CaseClock>): CaseClock => ({
  state: 'under_review',
  filedAt: new Date('2026-03-02T01:00:00Z'),
  registeredAt,
  informationRequestedAt: null,
  publishedAt: null,
  pauses: [],
  ...c,
});

describe('deadlineChange', () => {
  it('is null when the running deadline stays the same', () => {
    expect(deadlineChange('assign', clock({ state: 'registered' }), clock({}), policy)).toBeNull();
  });

  it('says a new window started, and when it is due', () => {
    const change = deadlineChange(
      'register',
      clock({ state: 'filed', registeredAt: null }),
      clock({ state: 'registered' }),
      policy,
    )!;
    expect(change.after).toMatchObject({ deadline: { window: 'decision', dueAt: '2026-03-05T02:00:00.000Z' } });
    expect(change.after.deadlineChange).toBe(change.reason);
    expect(change.before.deadline?.window).toBe('admissibility');
    expect(change.reason).toBe(
      'Register ended the admissibility window (due 2026-03-04T10:00:00.000Z); the decision window (72h from registered) runs: due 2026-03-05T02:00:00.000Z.',
    );
  });

  it('names the pause and the time left when information is requested', () => {
    const awaiting = clock({
      state: 'awaiting_information',
      informationRequestedAt: asked,
      pauses: [{ from: asked.toISOString(), to: null }],
    });
    const change = deadlineChange('request_information', clock({}), awaiting, policy)!;
    expect(change.reason).toContain('the decision clock is paused while awaiting information, 62h left');
    expect(change.after.deadline).toEqual({ window: 'informationResponse', dueAt: '2026-03-04T12:00:00.000Z' });
  });

  it('says how long the clock stood still when it resumes, and the moved due instant', () => {
    const awaiting = clock({
      state: 'awaiting_information',
      informationRequestedAt: asked,
      pauses: [{ from: asked.toISOString(), to: null }],
    });
    const resumed = clock({ pauses: [{ from: asked.toISOString(), to: answered.toISOString() }] });
    const change = deadlineChange('provide_information', awaiting, resumed, policy)!;
    expect(change.after.deadline).toEqual({ window: 'decision', dueAt: '2026-03-06T02:00:00.000Z' });
    expect(change.reason).toContain('the decision clock resumed after 24h awaiting information');
  });

  it('says no deadline runs once decided', () => {
    const change = deadlineChange(
      'approve',
      clock({ state: 'decision_proposed' }),
      clock({ state: 'decided' }),
      policy,
    )!;
    expect(change.after.deadline).toBeNull();
    expect(change.reason).toMatch(/no deadline runs while the case is decided\.$/);
  });
});
