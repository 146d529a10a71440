import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeDeadline, Deadline, RunningDeadline } from './deadline-calculator';
import { Pause } from './deadline-pauses';
import { DeadlinePolicy } from './deadline-policy';
import { WithinUnit } from './deadline-within';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Zones with odd offsets and DST rules; all change their clocks at night, so cut-offs from
// 08:00 on always exist (a cut-off inside a DST gap is moved by design and tested elsewhere).
const zones = fc.constantFrom(
  'Asia/Phnom_Penh',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'UTC',
);
const cutOffs = fc
  .record({ hour: fc.integer({ min: 8, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) })
  .map(({ hour, minute }) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
const starts = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2040-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const windowOf = (unit: WithinUnit) =>
  fc.integer({ min: 1, max: unit === 'h' ? 240 : 30 }).map((amount) => ({ amount, unit, within: `${amount}${unit}` }));
const anyWindow = fc.constantFrom<WithinUnit>('h', 'd', 'wd').chain(windowOf);
/** Holidays as day offsets from the start's local date, so they land inside the windows. */
const holidayOffsets = fc.uniqueArray(fc.integer({ min: -1, max: 60 }), { maxLength: 20 });
/** Closed pauses as offsets from the start, some before it, some long after the due instant. */
const pauseOffsets = fc.array(
  fc.record({
    offset: fc.integer({ min: -2 * DAY, max: 40 * DAY }),
    length: fc.integer({ min: 0, max: 3 * DAY }),
  }),
  { maxLength: 5 },
);

function policy(timeZone: string, cutOff: string, within: string, holidays: string[] = []): DeadlinePolicy {
  return { timeZone, cutOff, holidays, windows: { decision: { within } } };
}

function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** Calendar arithmetic on ISO dates, independent of any zone. */
function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate()!;
}

function holidaysFrom(start: Date, zone: string, offsets: number[]): string[] {
  return offsets.map((offset) => addDays(localDate(start, zone), offset));
}

function pausesFrom(start: Date, offsets: Array<{ offset: number; length: number }>): Pause[] {
  return offsets.map(({ offset, length }) => ({
    from: new Date(start.getTime() + offset),
    to: new Date(start.getTime() + offset + length),
  }));
}

function due(deadline: Deadline | null): Date {
  if (!deadline || deadline.paused) throw new Error('expected a running deadline');
  return deadline.dueAt;
}

function runningDeadline(deadline: Deadline | null): RunningDeadline {
  if (!deadline || deadline.paused) throw new Error('expected a running deadline');
  return deadline;
}

describe('computeDeadline properties', () => {
  it('the due instant is after the start, with or without pauses', () => {
    fc.assert(
      fc.property(
        zones,
        cutOffs,
        anyWindow,
        starts,
        holidayOffsets,
        pauseOffsets,
        (zone, cutOff, w, start, hol, ps) => {
          const dueAt = due(
            computeDeadline(
              policy(zone, cutOff, w.within, holidaysFrom(start, zone, hol)),
              'decision',
              start,
              pausesFrom(start, ps),
            ),
          );
          expect(dueAt.getTime()).toBeGreaterThan(start.getTime());
        },
      ),
    );
  });

  it('for hours, due − start − paused time is exactly N hours', () => {
    fc.assert(
      fc.property(zones, windowOf('h'), starts, pauseOffsets, (zone, w, start, ps) => {
        const deadline = runningDeadline(
          computeDeadline(policy(zone, '17:00', w.within), 'decision', start, pausesFrom(start, ps)),
        );
        expect(deadline.dueAt.getTime() - start.getTime() - deadline.explanation.pausedMs).toBe(w.amount * HOUR);
      }),
    );
  });

  it('for working days, the due date is a working day at the cut-off, the N-th after the start’s date', () => {
    fc.assert(
      fc.property(zones, cutOffs, windowOf('wd'), starts, holidayOffsets, (zone, cutOff, w, start, hol) => {
        const holidays = holidaysFrom(start, zone, hol);
        const deadline = runningDeadline(computeDeadline(policy(zone, cutOff, w.within, holidays), 'decision', start));
        const isWorkingDay = (date: string) =>
          DateTime.fromISO(date, { zone: 'utc' }).weekday <= 5 && !holidays.includes(date);
        const dueLocal = DateTime.fromJSDate(deadline.dueAt, { zone });
        const dueDate = dueLocal.toISODate()!;
        expect(isWorkingDay(dueDate)).toBe(true);
        expect(dueLocal.toFormat('HH:mm')).toBe(cutOff);
        let workingDays = 0;
        let calendarDays = 0;
        for (let date = addDays(localDate(start, zone), 1); date <= dueDate; date = addDays(date, 1)) {
          calendarDays++;
          if (isWorkingDay(date)) workingDays++;
        }
        expect(workingDays).toBe(w.amount); // working days in (start date, due date]
        expect(deadline.explanation.skippedDays).toHaveLength(calendarDays - w.amount);
      }),
    );
  });

  it('for calendar days, the due instant is the cut-off, local time, on the start’s local date + N', () => {
    fc.assert(
      fc.property(zones, cutOffs, windowOf('d'), starts, (zone, cutOff, w, start) => {
        const dueLocal = DateTime.fromJSDate(due(computeDeadline(policy(zone, cutOff, w.within), 'decision', start)), {
          zone,
        });
        expect(dueLocal.toISODate()).toBe(addDays(localDate(start, zone), w.amount));
        expect(dueLocal.toFormat('HH:mm:ss.SSS')).toBe(`${cutOff}:00.000`);
      }),
    );
  });

  it('a pause of length L that begins inside the window moves the due instant by exactly L', () => {
    fc.assert(
      fc.property(
        zones,
        cutOffs,
        anyWindow,
        starts,
        holidayOffsets,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 5 * DAY }),
        (zone, cutOff, w, start, hol, where, length) => {
          const p = policy(zone, cutOff, w.within, holidaysFrom(start, zone, hol));
          const base = due(computeDeadline(p, 'decision', start)).getTime();
          const from = start.getTime() + Math.floor(where * (base - start.getTime()));
          const paused = due(
            computeDeadline(p, 'decision', start, [{ from: new Date(from), to: new Date(from + length) }]),
          );
          expect(paused.getTime() - base).toBe(length);
        },
      ),
    );
  });

  it('a running pause keeps the remaining time: ending it after X makes the deadline due X + remaining later', () => {
    fc.assert(
      fc.property(
        zones,
        anyWindow,
        starts,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 10 * DAY }),
        (zone, w, start, where, waited) => {
          const p = policy(zone, '17:00', w.within);
          const base = due(computeDeadline(p, 'decision', start)).getTime();
          const since = new Date(start.getTime() + Math.floor(where * (base - start.getTime())));
          const frozen = computeDeadline(p, 'decision', start, [{ from: since, to: null }]);
          if (!frozen?.paused) throw new Error('expected a paused deadline');
          expect(frozen.remainingMs).toBe(base - since.getTime());
          const ended = new Date(since.getTime() + waited);
          expect(due(computeDeadline(p, 'decision', start, [{ from: since, to: ended }])).getTime()).toBe(
            ended.getTime() + frozen.remainingMs,
          );
        },
      ),
    );
  });

  it('the order in which pauses are listed does not matter', () => {
    fc.assert(
      fc.property(zones, anyWindow, starts, pauseOffsets, (zone, w, start, ps) => {
        const p = policy(zone, '17:00', w.within);
        const pauses = pausesFrom(start, ps);
        expect(due(computeDeadline(p, 'decision', start, [...pauses].reverse()))).toEqual(
          due(computeDeadline(p, 'decision', start, pauses)),
        );
      }),
    );
  });

  it('a later start never yields an earlier due instant', () => {
    fc.assert(
      fc.property(
        zones,
        cutOffs,
        anyWindow,
        starts,
        fc.integer({ min: 0, max: 10 * DAY }),
        holidayOffsets,
        (zone, cutOff, w, start, later, hol) => {
          const p = policy(zone, cutOff, w.within, holidaysFrom(start, zone, hol));
          const first = due(computeDeadline(p, 'decision', start));
          const second = due(computeDeadline(p, 'decision', new Date(start.getTime() + later)));
          expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
        },
      ),
    );
  });
});
