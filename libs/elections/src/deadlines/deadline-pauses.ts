/** A stretch during which the clock stood still (e.g. the case was `awaiting_information`). */
export interface Pause {
  from: Date;
  /** null while the pause is still running. */
  to: Date | null;
}

/** A pause as it counted against a window: clipped to the window's start. */
export interface CountedPause {
  from: Date;
  to: Date | null;
  /** null while the pause is still running. */
  ms: number | null;
}

export interface PausedClock {
  dueMs: number;
  pausedMs: number;
  counted: CountedPause[];
  /** Set when a counted pause is still running: the clock is frozen with `remainingMs` left. */
  running: { since: Date; remainingMs: number } | null;
}

/**
 * Pushes `baseDueMs` later by the paused time that falls in the window. Overlapping pauses count
 * once; only the part after the start counts; a pause counts only if it begins before the due
 * instant as already extended by earlier pauses (a breached deadline stays breached).
 */
export function applyPauses(startMs: number, baseDueMs: number, pauses: readonly Pause[]): PausedClock {
  const clock: PausedClock = { dueMs: baseDueMs, pausedMs: 0, counted: [], running: null };
  for (const pause of mergePauses(pauses)) {
    const from = Math.max(pause.from, startMs);
    if (pause.to <= from) continue; // wholly before the start, or empty
    if (from >= clock.dueMs) break; // sorted: every later pause begins after the due instant too
    if (pause.to === Infinity) {
      clock.counted.push({ from: new Date(from), to: null, ms: null });
      clock.running = { since: new Date(from), remainingMs: clock.dueMs - from };
      break;
    }
    const ms = pause.to - from;
    clock.dueMs += ms;
    clock.pausedMs += ms;
    clock.counted.push({ from: new Date(from), to: new Date(pause.to), ms });
  }
  return clock;
}

/** Sorted, disjoint intervals in epoch ms; a running pause ends at Infinity. */
function mergePauses(pauses: readonly Pause[]): Array<{ from: number; to: number }> {
  const intervals = pauses
    .map((pause, i) => {
      const from = pause.from.getTime();
      const to = pause.to === null ? Infinity : pause.to.getTime();
      if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
        throw new RangeError(`pause ${i} is not an interval: from ${pause.from} to ${pause.to}`);
      }
      return { from, to };
    })
    .sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}
