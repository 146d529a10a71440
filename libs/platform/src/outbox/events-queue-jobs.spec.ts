import { OutboxEventJob } from '../queues/queue-catalogue';
import { BATCH_JOB, eventsOf, eventsQueueJobs } from './events-queue-jobs';

const event = (n: number, type: string): OutboxEventJob => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type,
  payload: { n },
  occurredAt: '2017-06-04T00:00:00.000Z',
});

describe('eventsQueueJobs', () => {
  it('gives each event of an unbatched type its own job, its id the event id, in outbox order', () => {
    const events = [event(1, 'case.filed'), event(2, 'notification.requested')];
    expect(eventsQueueJobs(events, new Set())).toEqual([
      { name: 'case.filed', data: events[0], opts: { jobId: events[0].eventId } },
      { name: 'notification.requested', data: events[1], opts: { jobId: events[1].eventId } },
    ]);
  });

  it('puts the events of a batched type in one job, in their order, where the first one was', () => {
    const events = [
      event(1, 'case.filed'),
      event(2, 'log.append'),
      event(3, 'case.filed'),
      event(4, 'log.append'),
      event(5, 'log.append'),
    ];
    const jobs = eventsQueueJobs(events, new Set(['log.append']));
    expect(jobs.map((j) => j.name)).toEqual(['case.filed', BATCH_JOB, 'case.filed']);
    expect(jobs[1].data).toEqual({ type: 'log.append', events: [events[1], events[3], events[4]] });
    expect(eventsOf(jobs[1].data).map((e) => e.eventId)).toEqual([2, 4, 5].map((n) => event(n, '').eventId));
    expect(eventsOf(jobs[0].data)).toEqual([events[0]]);
  });

  it('names a batch by its events: the same events give the same job id, others another', () => {
    const batched = new Set(['log.append']);
    const idOf = (ns: number[]) =>
      eventsQueueJobs(
        ns.map((n) => event(n, 'log.append')),
        batched,
      )[0].opts.jobId;
    expect(idOf([1, 2, 3])).toBe(idOf([1, 2, 3]));
    expect(idOf([1, 2, 3])).not.toBe(idOf([1, 2, 3, 4]));
    expect(idOf([1, 2, 3])).not.toBe(idOf([1, 2]));
    expect(idOf([1, 2, 3])).toMatch(/^batch-[\w-]+$/); // BullMQ refuses ':' in custom ids
  });

  it('makes one batch per batched type', () => {
    const events = [event(1, 'a'), event(2, 'b'), event(3, 'a'), event(4, 'b')];
    const jobs = eventsQueueJobs(events, new Set(['a', 'b']));
    expect(jobs.map((j) => eventsOf(j.data).map((e) => e.payload.n))).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});
