import type { ElectionThresholds } from '@app/elections';
import { formatCount, formatShare, SheetFigures } from './sheet-figures';

/*
 * Findings are stored as check codes (DOMAIN.md, "Arithmetic checks"); readers get them in words,
 * with the sheet's own figures, so that nobody has to redo the sum to see what is wrong.
 */

export interface Finding {
  code: string;
  message: string;
}

const DESCRIBE: Record<string, (s: SheetFigures, t: ElectionThresholds) => string> = {
  VOTES_SUM: (s) =>
    `party votes add up to ${formatCount(sum(s.votes))} but valid ballots are ${formatCount(s.validBallots)}`,
  BALLOTS_SUM: (s) =>
    `valid and invalid ballots add up to ${formatCount(s.validBallots + s.invalidBallots)} ` +
    `but ballots cast are ${formatCount(s.ballotsCast)}`,
  OVER_REGISTERED: (s) =>
    `ballots cast (${formatCount(s.ballotsCast)}) exceed registered voters (${formatCount(s.registeredVoters)})`,
  BALLOT_ACCOUNT: (s) =>
    `ballots cast, unused and spoiled add up to ` +
    `${formatCount(s.ballotsCast + (s.ballotsUnused ?? 0) + (s.ballotsSpoiled ?? 0))} ` +
    `but ballots received are ${formatCount(s.ballotsReceived ?? 0)}`,
  HIGH_INVALID: (s, t) => {
    const share = s.ballotsCast > 0 ? s.invalidBallots / s.ballotsCast : 0;
    // The check has two grounds; only the election's threshold can be told from the sheet alone.
    const ground =
      share > t.highInvalidShare
        ? `above the election's threshold of ${formatShare(t.highInvalidShare)}`
        : `more than three times the median of its contest unit`;
    return (
      `invalid ballots are ${formatShare(share)} of ballots cast ` +
      `(${formatCount(s.invalidBallots)} of ${formatCount(s.ballotsCast)}), ${ground}`
    );
  },
  HIGH_TURNOUT: (s, t) => {
    const turnout = s.registeredVoters > 0 ? s.ballotsCast / s.registeredVoters : 0;
    return (
      `turnout is ${formatShare(turnout)} (${formatCount(s.ballotsCast)} of ` +
      `${formatCount(s.registeredVoters)} registered voters), above the election's threshold of ${formatShare(t.highTurnout)}`
    );
  },
};

export function describeFinding(code: string, sheet: SheetFigures, thresholds: ElectionThresholds): Finding {
  const describe = DESCRIBE[code];
  return { code, message: describe ? describe(sheet, thresholds) : `fails the ${code} check` };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
