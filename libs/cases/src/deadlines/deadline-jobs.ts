import { createHash } from 'node:crypto';
import { Deadline, reminderAt } from '@app/elections';
import type { DeadlineJob } from '@app/platform';

export type DeadlineJobKind = 'reminder' | 'breach' | 'close';
export const DEADLINE_JOB_KINDS: readonly DeadlineJobKind[] = ['reminder', 'breach', 'close'];

export interface PlannedDeadlineJob {
  name: DeadlineJobKind;
  data: DeadlineJob;
  opts: { jobId: string; delay: number };
}

/** Stable for one deadline of one case, so scheduling it again is a no-op in BullMQ. */
export function deadlineJobId(caseId: string, window: string, dueAt: Date, kind: DeadlineJobKind): string {
  return `deadline-${caseId}-${window}-${dueAt.getTime()}-${kind}`;
}

/**
 * The delayed jobs a running deadline needs. The appeal window is the complainant's, not the
 * officers': nobody is reminded and nothing is overdue; when it is over the system closes the case.
 * Every other window gets a reminder (skipped once the deadline itself has passed) and a breach.
 */
export function deadlineJobs(caseId: string, deadline: Deadline | null, now: Date): PlannedDeadlineJob[] {
  if (!deadline || deadline.paused) return [];
  const { window, dueAt } = deadline;
  const at = (kind: DeadlineJobKind, instant: Date): PlannedDeadlineJob => ({
    name: kind,
    data: { caseId, window, dueAt: dueAt.toISOString() },
    opts: { jobId: deadlineJobId(caseId, window, dueAt, kind), delay: Math.max(0, instant.getTime() - now.getTime()) },
  });
  // The appeal window is open up to and including its due instant: close just after it.
  if (window === 'appeal') return [at('close', new Date(dueAt.getTime() + 1_000))];
  const jobs = [at('breach', dueAt)];
  if (dueAt.getTime() > now.getTime()) jobs.unshift(at('reminder', reminderAt(deadline.explanation.startAt, dueAt)));
  return jobs;
}

/** A job id as a UUID (SHA-1 based, RFC 4122 layout), so processed_events can remember a fired job. */
export function jobUuid(jobId: string): string {
  const h = createHash('sha1').update(jobId).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
