import fc from 'fast-check';
import { allocateSeats, PartyVotes, SeatMethod } from './seat-allocation';

const METHODS: SeatMethod[] = ['dhondt', 'sainte_lague', 'largest_remainder_hare'];
const CODES = ['CPP', 'CNRP', 'FUNCINPEC', 'KNUP', 'LDP', 'a', 'B'];

// Votes drawn mostly from a few values, so that equal quotients and remainders come up often.
const voteCounts = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 6, 10, 12, 20, 30, 60), fc.integer({ min: 0, max: 60 }));
const elections = fc.record({
  entries: fc.uniqueArray(fc.tuple(fc.constantFrom(...CODES), voteCounts), {
    minLength: 1,
    maxLength: 5,
    selector: ([code]) => code,
  }),
  seats: fc.integer({ min: 0, max: 8 }),
});

/**
 * The reference ranks every quotient (or remainder) at once with BigInt fractions, where the
 * allocation hands out seat after seat from a heap: two ways to the same answer.
 */
function referenceAllocation(entries: [string, number][], seats: number, method: SeatMethod) {
  const result: Record<string, number> = Object.fromEntries(entries.map(([code]) => [code, 0]));
  if (seats === 0) return { seats: result, tieBroken: false };
  const byRule = (a: { code: string; votes: number }, b: { code: string; votes: number }) =>
    b.votes - a.votes || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const compare = (an: bigint, ad: bigint, bn: bigint, bd: bigint) =>
    an * bd > bn * ad ? -1 : an * bd < bn * ad ? 1 : 0;
  const total = entries.reduce((t, [, v]) => t + v, 0);

  if (method === 'largest_remainder_hare') {
    if (total === 0) {
      const first = entries.map(([code]) => code).sort()[0];
      return { seats: { ...result, [first]: seats }, tieBroken: entries.length > 1 };
    }
    const parties = entries.map(([code, votes]) => {
      const scaled = BigInt(votes) * BigInt(seats);
      return { code, votes, whole: Number(scaled / BigInt(total)), rest: scaled % BigInt(total) };
    });
    let left = seats;
    parties.forEach((p) => ((result[p.code] = p.whole), (left -= p.whole)));
    parties.sort((a, b) => compare(a.rest, 1n, b.rest, 1n) || byRule(a, b));
    parties.slice(0, left).forEach((p) => (result[p.code] += 1));
    const tieBroken = left > 0 && left < parties.length && parties[left - 1].rest === parties[left].rest;
    return { seats: result, tieBroken };
  }

  const step = method === 'dhondt' ? 1 : 2;
  const quotients = entries.flatMap(([code, votes]) =>
    Array.from({ length: seats }, (_, k) => ({ code, votes, k, d: BigInt(1 + step * k) })),
  );
  quotients.sort((a, b) => compare(BigInt(a.votes), a.d, BigInt(b.votes), b.d) || byRule(a, b) || a.k - b.k);
  quotients.slice(0, seats).forEach((q) => (result[q.code] += 1));
  const [lastIn, firstOut] = [quotients[seats - 1], quotients[seats]];
  const tieBroken =
    firstOut !== undefined &&
    firstOut.code !== lastIn.code &&
    compare(BigInt(lastIn.votes), lastIn.d, BigInt(firstOut.votes), firstOut.d) === 0;
  return { seats: result, tieBroken };
}

describe.each(METHODS)('allocateSeats by %s', (method) => {
  it('hands out exactly the seats on offer', () => {
    fc.assert(
      fc.property(elections, ({ entries, seats }) => {
        const allocated = Object.values(allocateSeats(Object.fromEntries(entries), seats, method).seats);
        expect(allocated.reduce((a, b) => a + b, 0)).toBe(seats);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order in which the parties are listed', () => {
    const reordered = elections.chain(({ entries, seats }) =>
      fc
        .shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length })
        .map((shuffled) => ({ entries, shuffled, seats })),
    );
    fc.assert(
      fc.property(reordered, ({ entries, shuffled, seats }) => {
        const listed: PartyVotes = Object.fromEntries(entries);
        expect(allocateSeats(Object.fromEntries(shuffled), seats, method)).toEqual(
          allocateSeats(listed, seats, method),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never gives a party fewer seats than a party with fewer votes', () => {
    fc.assert(
      fc.property(elections, ({ entries, seats }) => {
        const allocated = allocateSeats(Object.fromEntries(entries), seats, method).seats;
        for (const [p, pv] of entries) {
          for (const [q, qv] of entries) if (pv > qv) expect(allocated[p]).toBeGreaterThanOrEqual(allocated[q]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees, tie flag included, with a reference that ranks every quotient at once', () => {
    fc.assert(
      fc.property(elections, ({ entries, seats }) => {
        expect(allocateSeats(Object.fromEntries(entries), seats, method)).toEqual(
          referenceAllocation(entries, seats, method),
        );
      }),
      { numRuns: 500 },
    );
  });
});
