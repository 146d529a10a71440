import { describeFinding } from './finding-messages';
import { SheetFigures } from './sheet-figures';

const THRESHOLDS = { highInvalidShare: 0.05, highTurnout: 0.98 };

const sheet = (overrides: Partial<SheetFigures> = {}): SheetFigures => ({
  registeredVoters: 1500,
  ballotsReceived: null,
  ballotsCast: 1300,
  ballotsUnused: null,
  ballotsSpoiled: null,
  invalidBallots: 60,
  validBallots: 1240,
  votes: [700, 534],
  ...overrides,
});

const message = (code: string, overrides: Partial<SheetFigures> = {}) =>
  describeFinding(code, sheet(overrides), THRESHOLDS).message;

describe('describeFinding', () => {
  it('VOTES_SUM gives both sums', () => {
    expect(describeFinding('VOTES_SUM', sheet(), THRESHOLDS)).toEqual({
      code: 'VOTES_SUM',
      message: 'party votes add up to 1,234 but valid ballots are 1,240',
    });
  });

  it('BALLOTS_SUM gives valid + invalid against ballots cast', () => {
    expect(message('BALLOTS_SUM', { ballotsCast: 1310 })).toBe(
      'valid and invalid ballots add up to 1,300 but ballots cast are 1,310',
    );
  });

  it('OVER_REGISTERED gives ballots cast and registered voters', () => {
    expect(message('OVER_REGISTERED', { ballotsCast: 1510 })).toBe(
      'ballots cast (1,510) exceed registered voters (1,500)',
    );
  });

  it('BALLOT_ACCOUNT gives cast + unused + spoiled against received', () => {
    expect(message('BALLOT_ACCOUNT', { ballotsReceived: 1500, ballotsUnused: 190, ballotsSpoiled: 5 })).toBe(
      'ballots cast, unused and spoiled add up to 1,495 but ballots received are 1,500',
    );
  });

  it("HIGH_INVALID names the election's threshold when the share is above it", () => {
    expect(message('HIGH_INVALID', { invalidBallots: 80, ballotsCast: 1000 })).toBe(
      "invalid ballots are 8% of ballots cast (80 of 1,000), above the election's threshold of 5%",
    );
  });

  it("HIGH_INVALID below the threshold can only be the contest unit's median ground", () => {
    expect(message('HIGH_INVALID', { invalidBallots: 30, ballotsCast: 1000 })).toBe(
      'invalid ballots are 3% of ballots cast (30 of 1,000), more than three times the median of its contest unit',
    );
  });

  it('HIGH_TURNOUT gives the turnout and the threshold', () => {
    expect(message('HIGH_TURNOUT', { ballotsCast: 1490 })).toBe(
      "turnout is 99.3% (1,490 of 1,500 registered voters), above the election's threshold of 98%",
    );
  });

  it('a code this reader does not know is still reported', () => {
    expect(message('SOMETHING_NEW')).toBe('fails the SOMETHING_NEW check');
  });
});
