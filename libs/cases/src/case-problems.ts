import { Problem } from '@app/platform';

/** 409 for a change based on a version of the case that is no longer current. */
export function staleVersion(current: number): Problem {
  return new Problem({
    status: 409,
    type: 'version-conflict',
    detail: `The case has changed since you read it (it is at version ${current}); reload it and try again.`,
    extensions: { currentVersion: current },
  });
}
