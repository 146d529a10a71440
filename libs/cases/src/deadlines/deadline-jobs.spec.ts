import { computeDeadline, defaultDeadlinePolicy } from '@app/elections';
import { deadlineJobId, deadlineJobs, jobUuid } from './deadline-jobs';

const policy = defaultDeadlinePolicy('national_assembly');
const start = new Date('2026-03-02T02:00:00Z');
const now = new Date('2026-03-02T03:00:00Z');

describe('deadlineJobs', () => {
  it('schedules a reminder 24h before and a breach at the due instant of a 72h window', () => {
    const deadline = computeDeadline(policy, 'decision', start)!;
    const jobs = deadlineJobs('c1', deadline, now);
    expect(jobs.map((j) => j.name)).toEqual(['reminder', 'breach']);
    const due = start.getTime() + 72 * 3600_000;
    expect(jobs[0].opts.delay).toBe(due - 24 * 3600_000 - now.getTime());
    expect(jobs[1].opts.delay).toBe(due - now.getTime());
    expect(jobs[1].data).toEqual({ caseId: 'c1', window: 'decision', dueAt: new Date(due).toISOString() });
  });

  it('reminds at half-time in a window under 24h', () => {
    const short = { ...policy, windows: { ...policy.windows, decision: { within: '4h' } } };
    const [reminder] = deadlineJobs('c1', computeDeadline(short, 'decision', start)!, start);
    expect(reminder).toMatchObject({ name: 'reminder', opts: { delay: 2 * 3600_000 } });
  });

  it('derives the same ids for the same deadline and new ids for a moved one', () => {
    const a = deadlineJobs('c1', computeDeadline(policy, 'decision', start)!, now);
    const b = deadlineJobs('c1', computeDeadline(policy, 'decision', start)!, new Date(now.getTime() + 60_000));
    const moved = deadlineJobs('c1', computeDeadline(policy, 'decision', new Date(start.getTime() + 1))!, now);
    expect(b.map((j) => j.opts.jobId)).toEqual(a.map((j) => j.opts.jobId));
    expect(moved.map((j) => j.opts.jobId).some((id) => a.some((j) => j.opts.jobId === id))).toBe(false);
    expect(a[0].opts.jobId).not.toContain(':');
  });

  it('fires a past deadline at once, without a reminder', () => {
    const jobs = deadlineJobs('c1', computeDeadline(policy, 'decision', start)!, new Date('2026-03-09T00:00:00Z'));
    expect(jobs).toEqual([expect.objectContaining({ name: 'breach', opts: expect.objectContaining({ delay: 0 }) })]);
  });

  it('closes after the appeal window, reminds nobody, and schedules nothing for a paused clock or none', () => {
    const appeal = deadlineJobs('c1', computeDeadline(policy, 'appeal', start)!, now);
    expect(appeal.map((j) => j.name)).toEqual(['close']);
    expect(appeal[0].opts.delay).toBe(72 * 3600_000 + 1_000 - 3600_000);
    const paused = computeDeadline(policy, 'decision', start, [{ from: now, to: null }])!;
    expect(deadlineJobs('c1', paused, now)).toEqual([]);
    expect(deadlineJobs('c1', null, now)).toEqual([]);
  });

  it('turns a job id into a stable UUID', () => {
    const id = deadlineJobId('c1', 'decision', start, 'reminder');
    expect(jobUuid(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobUuid(id)).toBe(jobUuid(id));
    expect(jobUuid(id)).not.toBe(jobUuid(deadlineJobId('c1', 'decision', start, 'breach')));
  });
});
