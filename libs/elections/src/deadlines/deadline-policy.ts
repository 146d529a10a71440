import { DateTime, IANAZone } from 'luxon';
import { DeadlinePolicyProblem } from './deadline-policy.error';
import { withinProblem } from './deadline-within';

export const WINDOW_NAMES = [
  'filing',
  'admissibility',
  'decision',
  'informationResponse',
  'appeal',
  'recount',
] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

/** The event each window's clock starts from (DOMAIN.md, Deadlines); shown in explanations. */
export const WINDOW_START_EVENTS: Record<WindowName, string> = {
  filing: 'preliminary_results_published',
  admissibility: 'filed',
  decision: 'registered',
  informationResponse: 'request_information',
  appeal: 'published',
  recount: 'ordered',
};

export interface Window {
  /** `"72h"` clock hours, `"3d"` calendar days, `"5wd"` working days. */
  within: string;
}

/** A missing or null window means the law sets none (e.g. no appeal from a commune decision). */
export type DeadlineWindows = { [name in WindowName]?: Window | null };

export interface DeadlinePolicy {
  /** IANA zone the day-based arithmetic runs in, e.g. `Asia/Phnom_Penh`. */
  timeZone: string;
  /** Local `HH:mm` at which a day-based window closes on its last day. */
  cutOff: string;
  /** Public holidays as ISO dates in the policy's zone; skipped by `wd` windows. */
  holidays: string[];
  windows: DeadlineWindows;
}

const CUT_OFF_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const ISO_DATE_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

// The law sets no separate time for the formal check (standing, timeliness, completeness).
// Two calendar days to the cut-off leave at least one full office day even for a complaint
// filed late in the day, and keep registration well inside the 3-day/72h statutory rhythm.
// Calendar rather than working days because election bodies sit through weekends while
// complaints are open, as the other statutory windows assume.
const ADMISSIBILITY_DEFAULT = '2d';

/**
 * The defaults of Cambodian law for an election kind (DOMAIN.md, Deadlines). Kinds other than
 * `commune_council` (presidential, provincial_council, …) follow the national-assembly law, the
 * stricter and more general of the two. Returns a fresh object the caller may change.
 */
export function defaultDeadlinePolicy(kind: string): DeadlinePolicy {
  const windows: DeadlineWindows =
    kind === 'commune_council'
      ? {
          filing: { within: '3d' },
          admissibility: { within: ADMISSIBILITY_DEFAULT },
          decision: { within: '3d' },
          informationResponse: { within: '48h' },
          appeal: null, // the NEC's decision on a commune complaint is final
          recount: { within: '3d' },
        }
      : {
          filing: { within: '72h' },
          admissibility: { within: ADMISSIBILITY_DEFAULT },
          decision: { within: '72h' },
          informationResponse: { within: '48h' },
          appeal: { within: '72h' }, // to the Constitutional Council
          recount: { within: '3d' },
        };
  return { timeZone: 'Asia/Phnom_Penh', cutOff: '17:00', holidays: [], windows };
}

/** Every problem with a policy, `field` relative to the policy (`windows.filing.within`). */
export function validateDeadlinePolicy(policy: DeadlinePolicy): DeadlinePolicyProblem[] {
  // Every deadline computed checks its policy: IANAZone.create remembers each zone and whether it is valid
  // (isValidZone builds an Intl.DateTimeFormat per call).
  const problems: DeadlinePolicyProblem[] = [];
  if (typeof policy.timeZone !== 'string' || !IANAZone.create(policy.timeZone).isValid) {
    problems.push({ field: 'timeZone', message: `"${policy.timeZone}" is not an IANA time zone` });
  }
  if (typeof policy.cutOff !== 'string' || !CUT_OFF_PATTERN.test(policy.cutOff)) {
    problems.push({ field: 'cutOff', message: `"${policy.cutOff}" is not a time of day "HH:mm"` });
  }
  if (!Array.isArray(policy.holidays)) {
    problems.push({ field: 'holidays', message: 'must be a list of ISO dates' });
  } else {
    policy.holidays.forEach((holiday, i) => {
      if (!isIsoDate(holiday)) {
        problems.push({ field: `holidays[${i}]`, message: `"${holiday}" is not an ISO date` });
      }
    });
  }
  if (typeof policy.windows !== 'object' || policy.windows === null) {
    problems.push({ field: 'windows', message: 'must be an object of windows' });
    return problems;
  }
  for (const [name, window] of Object.entries(policy.windows)) {
    if (!(WINDOW_NAMES as readonly string[]).includes(name)) {
      problems.push({
        field: `windows.${name}`,
        message: `unknown window; one of ${WINDOW_NAMES.join(', ')}`,
      });
      continue;
    }
    if (window === null || window === undefined) continue;
    const problem = withinProblem((window as Partial<Window>).within);
    if (problem) problems.push({ field: `windows.${name}.within`, message: problem });
  }
  return problems;
}

function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && ISO_DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}
