import fc from 'fast-check';
import { allocateSeats, PartyVotes, SeatMethod } from './seat-allocation';
import { SeatSwingMargin, seatSwingMargin } from './seat-swing-margin';

const METHODS: SeatMethod[] = ['dhondt', 'sainte_lague', 'largest_remainder_hare'];
const CODES = ['CPP', 'CNRP', 'FUNCINPEC', 'KNUP', 'LDP'];

// Votes drawn mostly from a few values, so that quotients and remainders tie often.
const voteCounts = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 6, 10, 12, 20, 30, 60), fc.integer({ min: 0, max: 60 }));
const smallElections = fc.record({
  votes: fc.dictionary(fc.constantFrom(...CODES), voteCounts, { minKeys: 1, maxKeys: 5 }),
  seats: fc.integer({ min: 1, max: 6 }),
});

/**
 * Every x from 1 up, every party in code order, until the allocation changes: the first hit is the
 * fewest votes, and among parties needing as few, the smallest code. Beyond `limit` no answer can
 * lie: a divisor method yields to x > (largest total)·(2·seats + 1); under Hare a party takes every
 * seat once the others' shares sum below 1/2, by x > 2·total·seats.
 */
function bruteForceMargin(votes: PartyVotes, seats: number, method: SeatMethod): SeatSwingMargin | null {
  const before = allocateSeats(votes, seats, method).seats;
  const codes = Object.keys(votes).sort();
  const total = codes.reduce((sum, code) => sum + votes[code], 0);
  const limit = 2 * (total + 1) * (2 * seats + 1);
  for (let x = 1; x <= limit; x++) {
    for (const party of codes) {
      const after = allocateSeats({ ...votes, [party]: votes[party] + x }, seats, method).seats;
      const gained = codes.filter((code) => after[code] > before[code]);
      if (gained.length === 0) continue;
      return {
        votes: x,
        receivingParty: party,
        gainingParty: gained.includes(party) ? party : gained[0],
        losingParty: codes.filter((code) => after[code] < before[code])[0],
      };
    }
  }
  return null;
}

describe.each(METHODS)('seatSwingMargin by %s', (method) => {
  it('equals an exhaustive search over every party and every x, named parties included', () => {
    fc.assert(
      fc.property(smallElections, ({ votes, seats }) => {
        expect(seatSwingMargin(votes, seats, method)).toEqual(bruteForceMargin(votes, seats, method));
      }),
      { numRuns: 500 },
    );
  });

  it('equals the exhaustive search on mid-sized contest units too', () => {
    const midSized = fc.record({
      votes: fc.dictionary(
        fc.constantFrom(...CODES),
        fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom(0, 100, 500, 1_000, 1_500)),
        { minKeys: 2, maxKeys: 5 },
      ),
      seats: fc.integer({ min: 1, max: 15 }),
    });
    fc.assert(
      fc.property(midSized, ({ votes, seats }) => {
        expect(seatSwingMargin(votes, seats, method)).toEqual(bruteForceMargin(votes, seats, method));
      }),
      { numRuns: 100 },
    );
  });
});

describe.each(['dhondt', 'sainte_lague'] as const)('seatSwingMargin by %s on large contest units', (method) => {
  // A divisor method is monotone in one party's votes, so "x changes the allocation and x − 1 changes
  // it for no party" proves x minimal without searching every smaller x.
  it('changes the allocation with its votes, and with one vote fewer changes it for no party', () => {
    const large = fc.record({
      votes: fc.dictionary(
        fc.string({ minLength: 1, maxLength: 4 }),
        fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1_000, 60_000, 120_000)),
        { minKeys: 2, maxKeys: 30 },
      ),
      seats: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(large, ({ votes, seats }) => {
        const margin = seatSwingMargin(votes, seats, method)!;
        const before = allocateSeats(votes, seats, method).seats;
        const plus = (party: string, x: number) =>
          allocateSeats({ ...votes, [party]: votes[party] + x }, seats, method).seats;

        const after = plus(margin.receivingParty, margin.votes);
        expect(margin.gainingParty).toBe(margin.receivingParty);
        expect(after[margin.gainingParty]).toBeGreaterThan(before[margin.gainingParty]);
        expect(after[margin.losingParty]).toBeLessThan(before[margin.losingParty]);
        for (const party of Object.keys(votes)) {
          if (margin.votes > 1) expect(plus(party, margin.votes - 1)).toEqual(before);
        }
      }),
      { numRuns: 100 },
    );
  });
});
