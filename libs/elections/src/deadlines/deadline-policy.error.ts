/** One thing wrong with a deadline policy, shaped like the API's validation `errors` entries. */
export interface DeadlinePolicyProblem {
  field: string;
  message: string;
}

/**
 * Refusal of an unusable deadline policy or window. The stable `code` lets the exception filter
 * map it to a problem+json type without parsing messages.
 */
export class DeadlinePolicyError extends Error {
  readonly code = 'invalid_deadline_policy';

  constructor(readonly problems: DeadlinePolicyProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'DeadlinePolicyError';
  }
}
