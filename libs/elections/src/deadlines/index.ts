export { DeadlinePolicyError } from './deadline-policy.error';
export type { DeadlinePolicyProblem } from './deadline-policy.error';
export { isValidWithin, parseWithin } from './deadline-within';
export type { Within, WithinUnit } from './deadline-within';
export { defaultDeadlinePolicy, validateDeadlinePolicy, WINDOW_NAMES, WINDOW_START_EVENTS } from './deadline-policy';
export type { DeadlinePolicy, DeadlineWindows, Window, WindowName } from './deadline-policy';
export type { CountedPause, Pause } from './deadline-pauses';
export { computeDeadline, isLate, reminderAt, timeLeft } from './deadline-calculator';
export type { Deadline, DeadlineExplanation, PausedDeadline, RunningDeadline, SkippedDay } from './deadline-calculator';
