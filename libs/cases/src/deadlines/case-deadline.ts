import { computeDeadline, Deadline, DeadlinePolicy, Pause, WindowName } from '@app/elections';
import type { Case } from '../case.entity';
import type { CaseState } from '../workflow/case-terms';

/** Which window runs in each state, and which of the case's instants starts it. */
const WINDOW_OF_STATE: Partial<Record<CaseState, { window: WindowName; startsAt: keyof CaseClock }>> = {
  filed: { window: 'admissibility', startsAt: 'filedAt' },
  registered: { window: 'decision', startsAt: 'registeredAt' },
  under_review: { window: 'decision', startsAt: 'registeredAt' },
  hearing_scheduled: { window: 'decision', startsAt: 'registeredAt' },
  decision_proposed: { window: 'decision', startsAt: 'registeredAt' },
  awaiting_information: { window: 'informationResponse', startsAt: 'informationRequestedAt' },
  published: { window: 'appeal', startsAt: 'publishedAt' },
};

export type CaseClock = Pick<
  Case,
  'state' | 'filedAt' | 'registeredAt' | 'informationRequestedAt' | 'publishedAt' | 'pauses'
>;

export function pausesOf(c: Pick<Case, 'pauses'>): Pause[] {
  return c.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
}

/**
 * The deadline the case is running against now, or null (a draft, a decided or closed case, or a
 * window the law does not set). The decision clock counts the pauses spent awaiting information.
 */
export function nextDeadline(c: CaseClock, policy: DeadlinePolicy): Deadline | null {
  const running = WINDOW_OF_STATE[c.state];
  if (!running) return null;
  const startAt = c[running.startsAt] as Date | null;
  if (!startAt) return null;
  return computeDeadline(policy, running.window, startAt, running.window === 'decision' ? pausesOf(c) : []);
}

/** The decision deadline of a case that has been registered, counting its pauses: for statistics. */
export function decisionDeadline(c: CaseClock, policy: DeadlinePolicy): Deadline | null {
  return c.registeredAt ? computeDeadline(policy, 'decision', c.registeredAt, pausesOf(c)) : null;
}

/** The appeal window of a published decision: `none` when the law allows no appeal. */
export function appealWindow(
  c: Pick<Case, 'publishedAt'>,
  policy: DeadlinePolicy,
  now: Date,
): 'none' | 'open' | 'over' {
  if (!c.publishedAt) return 'none';
  const deadline = computeDeadline(policy, 'appeal', c.publishedAt);
  if (!deadline || deadline.paused) return 'none';
  return now.getTime() <= deadline.dueAt.getTime() ? 'open' : 'over';
}
