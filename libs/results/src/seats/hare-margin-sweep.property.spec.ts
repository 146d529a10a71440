import fc from 'fast-check';
import { firstHareChange } from './hare-margin-sweep';
import { allocateContest, toContest } from './seat-allocation';

// Votes drawn mostly from a few values, so that remainders tie often.
const voteCounts = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 6, 10, 12, 20, 30, 60), fc.integer({ min: 0, max: 60 }));
const elections = fc.record({
  votes: fc.array(voteCounts, { minLength: 2, maxLength: 6 }),
  seats: fc.integer({ min: 1, max: 10 }),
});

describe('firstHareChange', () => {
  // The seat-swing margin only needs each party's first change up to the best found so far, and the
  // cheapest change is nearly always votes to the party that gains. This checks the sweep for every
  // party on its own, so that a seat moving between two others is found at the right x too.
  it('finds, for every party without all the seats, the first x at which the allocation changes', () => {
    fc.assert(
      fc.property(elections, ({ votes, seats }) => {
        const contest = toContest(Object.fromEntries(votes.map((v, i) => [`P${i}`, v])), seats);
        const base = allocateContest(contest.votes, seats, 'largest_remainder_hare').seats;
        const total = contest.votes.reduce((a, b) => a + b, 0);
        contest.votes.forEach((_, party) => {
          if (base[party] === seats) return;
          const changedAt = (x: number) => {
            const after = contest.votes.map((v, i) => (i === party ? v + x : v));
            return allocateContest(after, seats, 'largest_remainder_hare').seats.some((s, i) => s !== base[i]);
          };
          // By x = 2·total·seats + 1 the party holds every seat, which it does not now.
          let expected = 1;
          while (!changedAt(expected) && expected <= 2 * total * seats + 1) expected++;
          expect(firstHareChange(contest, base, party, Infinity, changedAt)).toBe(expected);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('looks no further than the bound it is given', () => {
    const contest = toContest({ A: 47_000, B: 16_000, C: 15_800, D: 12_000, E: 6_100, F: 3_100 }, 10);
    const base = allocateContest(contest.votes, 10, 'largest_remainder_hare').seats;
    const tried: number[] = [];
    const changedAt = (x: number) => {
      tried.push(x);
      const after = contest.votes.map((v, i) => (i === 2 ? v + x : v));
      return allocateContest(after, 10, 'largest_remainder_hare').seats.some((s, i) => s !== base[i]);
    };
    // 201 votes to C is its first change (see seat-swing-margin.spec.ts).
    expect(firstHareChange(contest, base, 2, 201, changedAt)).toBeNull();
    expect(tried.every((x) => x < 201)).toBe(true);
    expect(firstHareChange(contest, base, 2, 202, changedAt)).toBe(201);
  });
});
