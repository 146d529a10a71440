import { Deadline, DeadlinePolicy } from '@app/elections';
import { CaseClock, decisionDeadline, nextDeadline } from './case-deadline';

export interface DeadlineState {
  window: string;
  /** null while the clock is paused. */
  dueAt: string | null;
}

/** A change of the deadline a case runs against, as the audit trail records it. */
export interface DeadlineChange {
  before: { deadline: DeadlineState | null };
  /** The reason is recorded beside the new deadline, in the transition's own audit entry. */
  after: { deadline: DeadlineState | null; deadlineChange: string };
  reason: string;
}

/**
 * What a transition did to the running deadline, in words (DOMAIN.md: every change of a deadline
 * is in the audit trail with its reason); null when it stayed the same. The transition records it
 * in its own audit entry, in the same transaction: the change and its cause are one entry.
 */
export function deadlineChange(
  action: string,
  before: CaseClock,
  after: CaseClock,
  policy: DeadlinePolicy,
): DeadlineChange | null {
  const from = nextDeadline(before, policy);
  const to = nextDeadline(after, policy);
  if (from?.window === to?.window && from?.dueAt?.getTime() === to?.dueAt?.getTime()) return null;
  const words = action.replace(/_/g, ' ');
  const parts: string[] = [];
  if (from && from.window !== to?.window) parts.push(`${words} ended the ${from.window} window (${due(from)})`);
  if (after.state === 'awaiting_information' && before.state !== 'awaiting_information') {
    const decision = decisionDeadline(after, policy);
    if (decision?.paused) {
      parts.push(`the decision clock is paused while awaiting information, ${hours(decision.remainingMs)} left`);
    }
  }
  if (before.state === 'awaiting_information' && after.state !== 'awaiting_information') {
    const last = after.pauses[after.pauses.length - 1];
    if (last?.to) {
      const pausedMs = new Date(last.to).getTime() - new Date(last.from).getTime();
      parts.push(`the decision clock resumed after ${hours(pausedMs)} awaiting information`);
    }
  }
  if (to && to.window !== from?.window) {
    parts.push(
      `the ${to.window} window (${to.explanation.within} from ${to.explanation.startEvent.replace(/_/g, ' ')}) runs: ${due(to)}`,
    );
  } else if (to) {
    parts.push(`the ${to.window} deadline moved from ${due(from!)} to ${due(to)}`);
  } else {
    parts.push(`no deadline runs while the case is ${after.state.replace(/_/g, ' ')}`);
  }
  const reason = capitalise(parts.join('; ')) + '.';
  return { before: { deadline: state(from) }, after: { deadline: state(to), deadlineChange: reason }, reason };
}

function state(d: Deadline | null): DeadlineState | null {
  return d ? { window: d.window, dueAt: d.dueAt?.toISOString() ?? null } : null;
}

function due(d: Deadline): string {
  return d.paused ? 'paused' : `due ${d.dueAt.toISOString()}`;
}

function hours(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h}h` : `${h}h ${m}min`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
