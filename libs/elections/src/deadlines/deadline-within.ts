import { DeadlinePolicyError } from './deadline-policy.error';

/** `h` clock hours, `d` calendar days, `wd` working days (weekends and holidays skipped). */
export type WithinUnit = 'h' | 'd' | 'wd';

/** A parsed window length such as `72h` → `{ amount: 72, unit: 'h' }`. */
export interface Within {
  readonly amount: number;
  readonly unit: WithinUnit;
}

// Strict on purpose: no signs, fractions, spaces, leading zeros or capitals, so that what is
// stored is exactly what the law's text says and one spelling means one window.
const WITHIN_PATTERN = /^([1-9][0-9]*)(h|d|wd)$/;

// A window longer than a year is a typo; the bound also keeps the working-day walk short.
const MAX_AMOUNT: Record<WithinUnit, number> = { h: 366 * 24, d: 366, wd: 366 };

/** Why `text` is not a window length, or null when it is one. */
export function withinProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'must be a string such as "72h", "3d" or "5wd"';
  const match = WITHIN_PATTERN.exec(text);
  if (!match) {
    return `"${text}" is not a window length: expected a positive whole number followed by h (clock hours), d (calendar days) or wd (working days), e.g. "72h", "3d", "5wd"`;
  }
  const amount = Number(match[1]);
  const unit = match[2] as WithinUnit;
  if (amount > MAX_AMOUNT[unit]) {
    return `"${text}" is too long: at most ${MAX_AMOUNT[unit]}${unit}`;
  }
  return null;
}

/** Parses `"72h"`, `"3d"`, `"5wd"`; throws DeadlinePolicyError on anything else. */
export function parseWithin(text: string): Within {
  const problem = withinProblem(text);
  if (problem) throw new DeadlinePolicyError([{ field: 'within', message: problem }]);
  const match = WITHIN_PATTERN.exec(text)!;
  return { amount: Number(match[1]), unit: match[2] as WithinUnit };
}

/** For DTO validation (e.g. a class-validator constraint). */
export function isValidWithin(text: unknown): text is string {
  return withinProblem(text) === null;
}
