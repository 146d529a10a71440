import { DateTime } from 'luxon';
import { computeDeadline, Deadline, isLate, reminderAt, RunningDeadline, timeLeft } from './deadline-calculator';
import { DeadlinePolicyError } from './deadline-policy.error';
import { DeadlinePolicy, defaultDeadlinePolicy } from './deadline-policy';

const PHNOM_PENH = 'Asia/Phnom_Penh';
const HOUR = 3_600_000;

/** An instant written as local time in `zone`. */
function at(local: string, zone = PHNOM_PENH): Date {
  return DateTime.fromISO(local, { zone }).toJSDate();
}

function running(deadline: Deadline | null): RunningDeadline {
  if (!deadline || deadline.paused) throw new Error(`expected a running deadline, got ${JSON.stringify(deadline)}`);
  return deadline;
}

function policyWith(windows: DeadlinePolicy['windows'], overrides: Partial<DeadlinePolicy> = {}): DeadlinePolicy {
  return { timeZone: PHNOM_PENH, cutOff: '17:00', holidays: [], windows, ...overrides };
}

describe('computeDeadline — Cambodian examples', () => {
  it('commune election: results published Monday 2017-06-05 10:00 → filing due Thursday 2017-06-08 17:00 Phnom Penh (10:00Z)', () => {
    const deadline = running(
      computeDeadline(defaultDeadlinePolicy('commune_council'), 'filing', at('2017-06-05T10:00')),
    );
    expect(deadline.dueAt.toISOString()).toBe('2017-06-08T10:00:00.000Z');
    expect(deadline.explanation).toMatchObject({
      startEvent: 'preliminary_results_published',
      startAt: at('2017-06-05T10:00'),
      within: '3d',
      unit: 'd',
      amount: 3,
      timeZone: PHNOM_PENH,
      cutOff: '17:00',
      lastDay: '2017-06-08',
      skippedDays: [],
      pauses: [],
      pausedMs: 0,
    });
  });

  it('national-assembly election: filing is due exactly 72 clock hours after publication, ignoring the cut-off', () => {
    const deadline = running(
      computeDeadline(defaultDeadlinePolicy('national_assembly'), 'filing', at('2018-07-30T09:30')),
    );
    expect(deadline.dueAt).toEqual(at('2018-08-02T09:30'));
    expect(deadline.explanation).toMatchObject({
      unit: 'h',
      amount: 72,
      cutOff: null,
      lastDay: null,
    });
  });

  it('a day window started after the cut-off still counts from the start’s own date', () => {
    const deadline = running(
      computeDeadline(defaultDeadlinePolicy('commune_council'), 'filing', at('2017-06-05T18:30')),
    );
    expect(deadline.dueAt).toEqual(at('2017-06-08T17:00'));
  });

  it('a day window started just after midnight local time ends on the local date + N, not the UTC date + N', () => {
    // 00:30 in Phnom Penh is still the previous day in UTC.
    const deadline = running(
      computeDeadline(defaultDeadlinePolicy('commune_council'), 'filing', at('2017-06-05T00:30')),
    );
    expect(deadline.dueAt).toEqual(at('2017-06-08T17:00'));
  });

  it('working days skip a weekend and a holiday and end at the cut-off', () => {
    const policy = policyWith({ decision: { within: '2wd' } }, { holidays: ['2017-06-05'] });
    // Friday 2017-06-02; Sat, Sun and the Monday holiday are skipped: Tuesday is day 1, Wednesday day 2.
    const deadline = running(computeDeadline(policy, 'decision', at('2017-06-02T11:00')));
    expect(deadline.dueAt).toEqual(at('2017-06-07T17:00'));
    expect(deadline.explanation.skippedDays).toEqual([
      { date: '2017-06-03', reason: 'weekend' },
      { date: '2017-06-04', reason: 'weekend' },
      { date: '2017-06-05', reason: 'holiday' },
    ]);
  });

  it('asked again, gives the same answer, for the policy as it is then, whatever the first caller did with its own', () => {
    const policy = policyWith({ decision: { within: '2wd' } }, { holidays: ['2017-06-05'] });
    const first = running(computeDeadline(policy, 'decision', at('2017-06-02T11:00')));
    first.explanation.skippedDays.length = 0;
    const again = running(computeDeadline(policy, 'decision', at('2017-06-02T11:00')));
    expect(again.dueAt).toEqual(at('2017-06-07T17:00'));
    expect(again.explanation.skippedDays).toHaveLength(3);
    // Another holiday, another cut-off: not the answer remembered for the first policy.
    const moved = { ...policy, holidays: ['2017-06-05', '2017-06-06'], cutOff: '16:00' };
    expect(running(computeDeadline(moved, 'decision', at('2017-06-02T11:00'))).dueAt).toEqual(at('2017-06-08T16:00'));
  });

  it('a holiday falling on a weekend is reported as weekend and does not cost an extra day', () => {
    const policy = policyWith({ decision: { within: '1wd' } }, { holidays: ['2017-06-03'] });
    const deadline = running(computeDeadline(policy, 'decision', at('2017-06-02T11:00')));
    expect(deadline.dueAt).toEqual(at('2017-06-05T17:00'));
    expect(deadline.explanation.skippedDays.map((d) => d.reason)).toEqual(['weekend', 'weekend']);
  });

  it('a working-day window started on a Saturday counts from the next Monday', () => {
    const deadline = running(
      computeDeadline(policyWith({ decision: { within: '1wd' } }), 'decision', at('2017-06-03T09:00')),
    );
    expect(deadline.dueAt).toEqual(at('2017-06-05T17:00'));
  });

  it('calendar days do not skip weekends or holidays', () => {
    const policy = policyWith({ recount: { within: '3d' } }, { holidays: ['2017-06-05'] });
    const deadline = running(computeDeadline(policy, 'recount', at('2017-06-02T11:00')));
    expect(deadline.dueAt).toEqual(at('2017-06-05T17:00'));
    expect(deadline.explanation.skippedDays).toEqual([]);
  });

  it('uses the policy’s own cut-off', () => {
    const policy = policyWith({ filing: { within: '3d' } }, { cutOff: '23:59' });
    expect(running(computeDeadline(policy, 'filing', at('2017-06-05T10:00'))).dueAt).toEqual(at('2017-06-08T23:59'));
  });

  it('returns null for a window the law does not provide (no appeal in commune elections)', () => {
    expect(computeDeadline(defaultDeadlinePolicy('commune_council'), 'appeal', at('2017-06-20T10:00'))).toBeNull();
  });

  it('refuses an invalid policy with every problem listed', () => {
    const policy = policyWith({ filing: { within: '3x' } }, { timeZone: 'Asia/Nowhere' });
    expect(() => computeDeadline(policy, 'filing', at('2017-06-05T10:00'))).toThrow(DeadlinePolicyError);
    expect(() => computeDeadline(policy, 'filing', at('2017-06-05T10:00'))).toThrow(
      /timeZone.*windows\.filing\.within/,
    );
  });

  it('refuses an invalid start instant', () => {
    expect(() => computeDeadline(defaultDeadlinePolicy('commune_council'), 'filing', new Date(NaN))).toThrow(
      RangeError,
    );
  });
});

describe('computeDeadline — daylight saving time (Europe/Berlin, clocks forward on 2024-03-31)', () => {
  const berlin = (within: string) => policyWith({ decision: { within } }, { timeZone: 'Europe/Berlin' });
  const start = at('2024-03-29T12:00', 'Europe/Berlin'); // CET, UTC+1

  it('72h is 72 real hours, so it ends at 13:00 local summer time', () => {
    const dueAt = running(computeDeadline(berlin('72h'), 'decision', start)).dueAt;
    expect(dueAt.getTime() - start.getTime()).toBe(72 * HOUR);
    expect(dueAt.toISOString()).toBe('2024-04-01T11:00:00.000Z');
  });

  it('3d ends at the 17:00 local cut-off, which is 15:00Z in summer time', () => {
    const dueAt = running(computeDeadline(berlin('3d'), 'decision', start)).dueAt;
    expect(dueAt.toISOString()).toBe('2024-04-01T15:00:00.000Z');
  });

  it('3d across the autumn change ends at 17:00 local winter time', () => {
    const dueAt = running(computeDeadline(berlin('3d'), 'decision', at('2024-10-25T12:00', 'Europe/Berlin'))).dueAt;
    expect(dueAt.toISOString()).toBe('2024-10-28T16:00:00.000Z');
  });
});

describe('computeDeadline — pauses', () => {
  const policy = defaultDeadlinePolicy('national_assembly'); // decision 72h
  const start = at('2018-08-01T09:00');
  const base = at('2018-08-04T09:00');
  const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);
  const decision = (pauses: Array<{ from: Date; to: Date | null }>) =>
    computeDeadline(policy, 'decision', start, pauses);

  it('a 5h pause while awaiting information moves the decision deadline by exactly 5h', () => {
    const pause = { from: plus(start, 10 * HOUR), to: plus(start, 15 * HOUR) };
    const deadline = running(decision([pause]));
    expect(deadline.dueAt).toEqual(plus(base, 5 * HOUR));
    expect(deadline.explanation).toMatchObject({
      baseDueAt: base,
      pausedMs: 5 * HOUR,
      pauses: [{ ...pause, ms: 5 * HOUR }],
    });
  });

  it('a 5h pause moves a day-based deadline by exactly 5h too, off the cut-off', () => {
    const commune = defaultDeadlinePolicy('commune_council');
    const pause = { from: at('2017-06-06T10:00'), to: at('2017-06-06T15:00') };
    const deadline = running(computeDeadline(commune, 'decision', at('2017-06-05T10:00'), [pause]));
    expect(deadline.dueAt).toEqual(at('2017-06-08T22:00'));
  });

  it('pauses before the start or from the due instant on do not count', () => {
    const before = { from: plus(start, -10 * HOUR), to: plus(start, -1 * HOUR) };
    const atDue = { from: base, to: plus(base, 3 * HOUR) };
    const after = { from: plus(base, 1 * HOUR), to: plus(base, 2 * HOUR) };
    const deadline = running(decision([before, atDue, after]));
    expect(deadline.dueAt).toEqual(base);
    expect(deadline.explanation.pauses).toEqual([]);
  });

  it('only the part of a pause after the start counts', () => {
    const deadline = running(decision([{ from: plus(start, -4 * HOUR), to: plus(start, 2 * HOUR) }]));
    expect(deadline.dueAt).toEqual(plus(base, 2 * HOUR));
    expect(deadline.explanation.pauses).toEqual([{ from: start, to: plus(start, 2 * HOUR), ms: 2 * HOUR }]);
  });

  it('a pause that begins before the due instant counts in full, even past the original due instant', () => {
    const deadline = running(decision([{ from: plus(base, -1 * HOUR), to: plus(base, 9 * HOUR) }]));
    expect(deadline.dueAt).toEqual(plus(base, 10 * HOUR));
  });

  it('a pause after the original due instant counts when an earlier pause had already extended it', () => {
    const first = { from: plus(start, 1 * HOUR), to: plus(start, 6 * HOUR) }; // due → base + 5h
    const second = { from: plus(base, 2 * HOUR), to: plus(base, 3 * HOUR) };
    expect(running(decision([second, first])).dueAt).toEqual(plus(base, 6 * HOUR));
  });

  it('overlapping pauses count their union once', () => {
    const deadline = running(
      decision([
        { from: plus(start, 1 * HOUR), to: plus(start, 4 * HOUR) },
        { from: plus(start, 3 * HOUR), to: plus(start, 5 * HOUR) },
      ]),
    );
    expect(deadline.explanation.pausedMs).toBe(4 * HOUR);
    expect(deadline.dueAt).toEqual(plus(base, 4 * HOUR));
  });

  it('a running pause freezes the clock: no due instant, the remaining time is kept', () => {
    const since = plus(start, 30 * HOUR);
    const deadline = decision([
      { from: plus(start, 1 * HOUR), to: plus(start, 3 * HOUR) },
      { from: since, to: null },
    ]);
    expect(deadline).toMatchObject({
      paused: true,
      dueAt: null,
      pausedSince: since,
      remainingMs: 44 * HOUR,
    });
    expect(deadline!.explanation.pauses[1]).toEqual({ from: since, to: null, ms: null });
    expect(deadline!.explanation.pausedMs).toBe(2 * HOUR);
  });

  it('once the running pause ends, the deadline falls due the remaining time later', () => {
    const since = plus(start, 30 * HOUR);
    const ended = plus(since, 7 * HOUR);
    const deadline = running(decision([{ from: since, to: ended }]));
    expect(deadline.dueAt).toEqual(plus(ended, 42 * HOUR));
  });

  it('a running pause that began after the due instant leaves the deadline breached, not paused', () => {
    expect(running(decision([{ from: plus(base, 1 * HOUR), to: null }])).dueAt).toEqual(base);
  });

  it('refuses a pause that ends before it begins', () => {
    expect(() => decision([{ from: plus(start, 2 * HOUR), to: plus(start, 1 * HOUR) }])).toThrow(RangeError);
  });
});

describe('timeLeft, isLate, reminderAt', () => {
  const due = at('2017-06-08T17:00');

  it('timeLeft is positive before the due instant and negative once breached', () => {
    expect(timeLeft(due, at('2017-06-08T16:00'))).toBe(HOUR);
    expect(timeLeft(due, at('2017-06-08T18:30'))).toBe(-1.5 * HOUR);
  });

  it('a filing at the due instant is in time; a millisecond later it is late', () => {
    expect(isLate(due, due)).toBe(false);
    expect(isLate(new Date(due.getTime() + 1), due)).toBe(true);
    expect(isLate(at('2017-06-05T10:00'), due)).toBe(false);
  });

  it('reminds 24h before the due instant of a 72h window', () => {
    expect(reminderAt(at('2017-06-05T17:00'), due)).toEqual(at('2017-06-07T17:00'));
  });

  it('reminds at half-time in a window shorter than 24h', () => {
    expect(reminderAt(at('2017-06-08T05:00'), due)).toEqual(at('2017-06-08T11:00'));
  });

  it('reminds at half-time in a window of exactly 24h rather than at its start', () => {
    expect(reminderAt(at('2017-06-07T17:00'), due)).toEqual(at('2017-06-08T05:00'));
  });
});
