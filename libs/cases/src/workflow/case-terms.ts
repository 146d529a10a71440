/** The words of DOMAIN.md "Cases", spelled as the code, the API and the database spell them. */
export const CASE_STATES = [
  'draft',
  'filed',
  'registered',
  'under_review',
  'awaiting_information',
  'hearing_scheduled',
  'decision_proposed',
  'decided',
  'published',
  'appealed',
  'appeal_decided',
  'inadmissible',
  'withdrawn',
  'merged',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMINAL_STATES: readonly CaseState[] = ['inadmissible', 'withdrawn', 'merged', 'closed'];

export const CASE_ACTIONS = [
  'submit',
  'register',
  'reject',
  'assign',
  'request_information',
  'provide_information',
  'schedule_hearing',
  'record_hearing',
  'order_recount',
  'propose_decision',
  'return',
  'approve',
  'publish',
  'appeal',
  'record_appeal_outcome',
  'close',
  'withdraw',
  'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_KINDS = ['complaint', 'recount_request'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_CATEGORIES = [
  'counting_irregularity',
  'invalid_ballots',
  'result_sheet_discrepancy',
  'voter_list',
  'intimidation',
  'vote_buying',
  'campaign_violation',
  'procedure',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const REQUESTED_REMEDIES = ['recount', 'result_correction', 'annulment', 'other'] as const;
export type RequestedRemedy = (typeof REQUESTED_REMEDIES)[number];

/** Who complains: a party (through its agents) or an observer organisation. A voter's identity is private. */
export const COMPLAINANT_KINDS = ['party', 'observer', 'voter'] as const;
export type ComplainantKind = (typeof COMPLAINANT_KINDS)[number];

export const APPEAL_OUTCOMES = ['upheld', 'overturned', 'partially_overturned', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
