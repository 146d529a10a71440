import { Problem } from '@app/platform';
import { DeadlinePolicy, validateDeadlinePolicy } from '../deadlines';

/**
 * Lays what the admin gave over a base policy (the kind's defaults, or the election's current
 * policy): given fields replace, windows merge one by one, and a window set to null is removed.
 * Refuses the result with every problem named under `deadlinePolicy.`.
 */
export function resolveDeadlinePolicy(
  input: Record<string, unknown> | undefined,
  base: DeadlinePolicy,
): DeadlinePolicy {
  if (!input) return base;
  const given = input as Partial<DeadlinePolicy> & Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !['timeZone', 'cutOff', 'holidays', 'windows'].includes(key));
  const windows =
    typeof given.windows === 'object' && given.windows !== null
      ? { ...base.windows, ...given.windows }
      : given.windows === undefined
        ? base.windows
        : (given.windows as never);
  const policy: DeadlinePolicy = {
    timeZone: given.timeZone ?? base.timeZone,
    cutOff: given.cutOff ?? base.cutOff,
    holidays: given.holidays ?? base.holidays,
    windows,
  };
  const problems = [
    ...unknown.map((field) => ({ field, message: 'is not an allowed field' })),
    ...validateDeadlinePolicy(policy),
  ];
  if (problems.length > 0) {
    throw Problem.validation(problems.map((p) => ({ field: `deadlinePolicy.${p.field}`, message: p.message })));
  }
  return policy;
}
