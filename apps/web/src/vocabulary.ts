/** The API's enumerations (libs/cases workflow/case-terms.ts, decision DTOs), for selects. */
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
export const CASE_KINDS = ['complaint', 'recount_request'] as const;
export const REMEDIES = ['recount', 'result_correction', 'annulment', 'other'] as const;
export const OUTCOMES = ['upheld', 'partially_upheld', 'dismissed', 'inadmissible'] as const;
export const APPEAL_OUTCOMES = ['upheld', 'overturned', 'partially_overturned', 'dismissed'] as const;
export const DECISION_REMEDIES = ['recount', 'result_correction', 'annulment'] as const;
export const CASE_STATES = [
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
  'draft',
] as const;
