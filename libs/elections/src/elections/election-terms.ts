/** The words of DOMAIN.md "Reference data", as the code, the API and the database spell them. */
export const ELECTION_STATUSES = [
  'preparation',
  'polling',
  'preliminary_results',
  'complaints_open',
  'final_results',
  'closed',
] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

export const SEAT_METHODS = ['dhondt', 'sainte_lague', 'largest_remainder_hare'] as const;
export type SeatMethod = (typeof SEAT_METHODS)[number];

/** Communes are the contest units of commune elections; provinces of national-assembly elections. */
export const CONTEST_LEVELS = ['commune', 'province'] as const;
export type ContestLevel = (typeof CONTEST_LEVELS)[number];

export const AREA_LEVELS = ['province', 'district', 'commune'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const DEFAULT_THRESHOLDS = { highInvalidShare: 0.05, highTurnout: 0.98 } as const;

/** The election's status moves forward only, one step or more: results are never "un-published". */
export function isForward(from: ElectionStatus, to: ElectionStatus): boolean {
  return ELECTION_STATUSES.indexOf(to) > ELECTION_STATUSES.indexOf(from);
}
