import { DateTime } from 'luxon';
import { DeadlinePolicyError } from './deadline-policy.error';
import { DeadlinePolicy, validateDeadlinePolicy, WINDOW_START_EVENTS, WindowName } from './deadline-policy';
import { applyPauses, CountedPause, Pause } from './deadline-pauses';
import { parseWithin, Within, WithinUnit } from './deadline-within';

export interface SkippedDay {
  /** Local ISO date in the policy's zone. */
  date: string;
  reason: 'weekend' | 'holiday';
}

/** How a deadline was computed, for people and the API (`nextDeadline.explanation`). */
export interface DeadlineExplanation {
  startEvent: string;
  startAt: Date;
  within: string;
  amount: number;
  unit: WithinUnit;
  timeZone: string;
  /** null for clock-hour windows, which the cut-off does not touch. */
  cutOff: string | null;
  /** Local ISO date of the window's last day; null for clock-hour windows. */
  lastDay: string | null;
  skippedDays: SkippedDay[];
  /** The due instant before any pause. */
  baseDueAt: Date;
  pauses: CountedPause[];
  /** Paused time already added to the due instant (a running pause is not in it yet). */
  pausedMs: number;
}

interface DeadlineBase {
  window: WindowName;
  explanation: DeadlineExplanation;
}

export interface RunningDeadline extends DeadlineBase {
  paused: false;
  dueAt: Date;
}

/**
 * The clock is stopped by a pause that has not ended: there is no due instant yet. When the
 * pause ends at `t`, the deadline falls due at `t + remainingMs`.
 */
export interface PausedDeadline extends DeadlineBase {
  paused: true;
  dueAt: null;
  pausedSince: Date;
  remainingMs: number;
}

export type Deadline = RunningDeadline | PausedDeadline;

/**
 * When `window` of `policy`, started at `startAt`, falls due. Returns null when the policy has no
 * such window (the law allows none, e.g. no appeal in commune elections).
 *
 * - `h`: start + N real hours (a DST change does not shorten or lengthen it).
 * - `d`: the cut-off, local time, on the local date of the start + N days.
 * - `wd`: the cut-off on the N-th working day after the local date of the start, skipping
 *   Saturdays, Sundays and the policy's holidays.
 * For `d` and `wd` the start's own day never counts, whatever the hour, and a start after the
 * cut-off is not moved to the next day: simple to explain, and a late start still leaves N−1 whole
 * days plus the last day up to the cut-off.
 * A cut-off inside a DST gap moves forward with the clocks, as Luxon resolves it.
 *
 * Paused time then moves the due instant later by exactly its length (see applyPauses), so a
 * paused day-based window may no longer end at the cut-off: the time given back is the time taken.
 */
export function computeDeadline(
  policy: DeadlinePolicy,
  window: WindowName,
  startAt: Date,
  pauses: readonly Pause[] = [],
): Deadline | null {
  const problems = validateDeadlinePolicy(policy);
  if (problems.length > 0) throw new DeadlinePolicyError(problems);
  const windowPolicy = policy.windows[window];
  if (!windowPolicy) return null;
  if (Number.isNaN(startAt.getTime())) throw new RangeError(`start of ${window} is not a valid instant`);

  const within = parseWithin(windowPolicy.within);
  const base = rememberedBaseDue(policy, windowPolicy.within, within, startAt);
  const clock = applyPauses(startAt.getTime(), base.dueMs, pauses);
  const explanation: DeadlineExplanation = {
    startEvent: WINDOW_START_EVENTS[window],
    startAt,
    within: windowPolicy.within,
    amount: within.amount,
    unit: within.unit,
    timeZone: policy.timeZone,
    cutOff: within.unit === 'h' ? null : policy.cutOff,
    lastDay: base.lastDay,
    skippedDays: base.skippedDays.map((day) => ({ ...day })),
    baseDueAt: new Date(base.dueMs),
    pauses: clock.counted,
    pausedMs: clock.pausedMs,
  };
  if (clock.running) {
    return {
      window,
      paused: true,
      dueAt: null,
      pausedSince: clock.running.since,
      remainingMs: clock.running.remainingMs,
      explanation,
    };
  }
  return { window, paused: false, dueAt: new Date(clock.dueMs), explanation };
}

interface BaseDue {
  dueMs: number;
  lastDay: string | null;
  skippedDays: readonly SkippedDay[];
}

/** Base due instants computed lately, by everything they depend on; a bound all the same. */
const baseDues = new Map<string, BaseDue>();
const MAX_REMEMBERED_BASE_DUES = 1_000;

/**
 * `baseDue`, remembered: a transition and its answer ask for the same windows of the same instants
 * several times (before, after, the view), and each asks Luxon for the zone's offsets, which is most
 * of a deadline's cost. The key holds every input of `baseDue`, so a remembered value is what it
 * would compute.
 */
function rememberedBaseDue(policy: DeadlinePolicy, withinText: string, within: Within, startAt: Date): BaseDue {
  const key = `${policy.timeZone}|${policy.cutOff}|${withinText}|${startAt.getTime()}|${within.unit === 'wd' ? policy.holidays.join(',') : ''}`;
  let base = baseDues.get(key);
  if (!base) {
    const computed = baseDue(policy, within, startAt);
    base = { dueMs: computed.dueAt.toMillis(), lastDay: computed.lastDay, skippedDays: computed.skippedDays };
    if (baseDues.size >= MAX_REMEMBERED_BASE_DUES) baseDues.clear();
    baseDues.set(key, base);
  }
  return base;
}

function baseDue(
  policy: DeadlinePolicy,
  within: Within,
  startAt: Date,
): { dueAt: DateTime; lastDay: string | null; skippedDays: SkippedDay[] } {
  const start = DateTime.fromJSDate(startAt, { zone: policy.timeZone });
  if (within.unit === 'h') {
    return { dueAt: start.plus({ hours: within.amount }), lastDay: null, skippedDays: [] };
  }
  const startDay = start.startOf('day');
  const skippedDays: SkippedDay[] = [];
  let lastDay: DateTime;
  if (within.unit === 'd') {
    lastDay = startDay.plus({ days: within.amount });
  } else {
    const holidays = new Set(policy.holidays);
    lastDay = startDay;
    for (let counted = 0; counted < within.amount;) {
      lastDay = lastDay.plus({ days: 1 });
      const date = lastDay.toISODate()!;
      // A holiday on a weekend is reported as weekend: it would be skipped without the holiday.
      if (lastDay.weekday >= 6) skippedDays.push({ date, reason: 'weekend' });
      else if (holidays.has(date)) skippedDays.push({ date, reason: 'holiday' });
      else counted++;
    }
  }
  const [hour, minute] = policy.cutOff.split(':').map(Number);
  return {
    dueAt: lastDay.set({ hour, minute, second: 0, millisecond: 0 }),
    lastDay: lastDay.toISODate(),
    skippedDays,
  };
}

/** Milliseconds until `dueAt`; negative once the deadline is breached. */
export function timeLeft(dueAt: Date, now: Date): number {
  return dueAt.getTime() - now.getTime();
}

/** A filing exactly at the due instant is in time. */
export function isLate(filedAt: Date, filingDueAt: Date): boolean {
  return filedAt.getTime() > filingDueAt.getTime();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When to remind the assignee: 24h before the due instant, or at half-time for windows of 24h
 * or less (a 24h window would otherwise remind at its very start).
 */
export function reminderAt(startAt: Date, dueAt: Date): Date {
  const length = dueAt.getTime() - startAt.getTime();
  if (length <= DAY_MS) return new Date(startAt.getTime() + Math.floor(length / 2));
  return new Date(dueAt.getTime() - DAY_MS);
}
