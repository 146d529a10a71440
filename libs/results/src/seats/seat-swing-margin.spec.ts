import { allocateSeats, SeatMethod } from './seat-allocation';
import { seatSwingMargin } from './seat-swing-margin';

const METHODS: SeatMethod[] = ['dhondt', 'sainte_lague', 'largest_remainder_hare'];

/** Seats after adding `x` votes to `party`: what the margin claims, checked on the allocation. */
const seatsWith = (votes: Record<string, number>, seats: number, method: SeatMethod, party: string, x: number) =>
  allocateSeats({ ...votes, [party]: votes[party] + x }, seats, method).seats;

describe('seatSwingMargin', () => {
  describe.each(METHODS)('%s', (method) => {
    it('is null when there is no seat, or no other party to take one from', () => {
      expect(seatSwingMargin({ A: 10, B: 5 }, 0, method)).toBeNull();
      expect(seatSwingMargin({ A: 10 }, 3, method)).toBeNull();
      expect(seatSwingMargin({}, 3, method)).toBeNull();
    });

    it('is one vote when no party has any: the receiving party takes every seat', () => {
      // All-zero: A (smallest code) holds all; one vote to B takes them.
      expect(seatSwingMargin({ A: 0, B: 0, C: 0 }, 2, method)).toEqual({
        votes: 1,
        receivingParty: 'B',
        gainingParty: 'B',
        losingParty: 'A',
      });
    });
  });

  describe("D'Hondt, 100k/80k/30k/20k for 8 seats (4/3/1/0)", () => {
    const votes = { A: 100_000, B: 80_000, C: 30_000, D: 20_000 };

    it("is 5,001 votes to D, which takes A's fourth seat (25,000)", () => {
      // D needs 20,000 + x > 25,000; at x = 5,000 the quotients tie and A, with more votes, keeps it.
      expect(seatSwingMargin(votes, 8, 'dhondt')).toEqual({
        votes: 5_001,
        receivingParty: 'D',
        gainingParty: 'D',
        losingParty: 'A',
      });
      expect(seatsWith(votes, 8, 'dhondt', 'D', 5_000)).toEqual({ A: 4, B: 3, C: 1, D: 0 });
      expect(seatsWith(votes, 8, 'dhondt', 'D', 5_001)).toEqual({ A: 3, B: 3, C: 1, D: 1 });
    });
  });

  describe('the tie rule decides whether the closed form x or x + 1 is the margin', () => {
    it('by code: 3 votes bring B level with A for the one seat, but A keeps it; B needs 4', () => {
      const result = seatSwingMargin({ A: 10, B: 7 }, 1, 'dhondt');
      expect(result).toEqual({ votes: 4, receivingParty: 'B', gainingParty: 'B', losingParty: 'A' });
      expect(seatsWith({ A: 10, B: 7 }, 1, 'dhondt', 'B', 3)).toEqual({ A: 1, B: 0 });
    });

    it('by code: with the codes swapped, the same 3 votes win the tie and are the margin', () => {
      expect(seatSwingMargin({ A: 7, B: 10 }, 1, 'dhondt')).toEqual({
        votes: 3,
        receivingParty: 'A',
        gainingParty: 'A',
        losingParty: 'B',
      });
    });

    it("by total: 1 vote brings B's 5/1 level with A's 10/2, but A has more votes; B needs 2", () => {
      expect(seatSwingMargin({ A: 10, B: 4 }, 2, 'dhondt')).toEqual({
        votes: 2,
        receivingParty: 'B',
        gainingParty: 'B',
        losingParty: 'A',
      });
    });

    it("by total: 4 votes bring A's 10/2 level with B's 5/1, and A, with more votes, wins at x", () => {
      // B would need 12 − 5 = 7 for its second quotient; A's 4 is the margin, with the tie won.
      expect(seatSwingMargin({ A: 6, B: 5 }, 2, 'dhondt')).toEqual({
        votes: 4,
        receivingParty: 'A',
        gainingParty: 'A',
        losingParty: 'B',
      });
    });

    it("Sainte-Laguë by total: 1 vote brings B's 3/1 level with A's 9/3, but A keeps the seat; B needs 2", () => {
      expect(seatSwingMargin({ A: 9, B: 2 }, 2, 'sainte_lague')).toEqual({
        votes: 2,
        receivingParty: 'B',
        gainingParty: 'B',
        losingParty: 'A',
      });
    });
  });

  describe('largest remainder (Hare)', () => {
    it('names the party that gains when votes added to another move a seat between two others', () => {
      // B (5.436) and E (2.436) tie on remainder 1152/2640 and B, larger, has the seat. One more vote
      // anywhere grows the quota and shrinks B's remainder more than E's: E takes B's seat.
      const votes = { A: 120, B: 1196, C: 0, D: 276, E: 536, F: 512 };
      expect(allocateSeats(votes, 12, 'largest_remainder_hare')).toEqual({
        seats: { A: 1, B: 6, C: 0, D: 1, E: 2, F: 2 },
        tieBroken: true,
      });
      expect(seatSwingMargin(votes, 12, 'largest_remainder_hare')).toEqual({
        votes: 1,
        receivingParty: 'A',
        gainingParty: 'E',
        losingParty: 'B',
      });
    });

    it('is 201 votes to C in the textbook election: at 200 C ties B on remainder and total, and B keeps by code', () => {
      // Shares 4.70/1.60/1.58/1.20/0.61/0.31 leave 3 remainder seats to A, E and B. With x votes to C,
      // remainders over the new total are B 60,000 − x and C 58,000 + 9x: equal at x = 200, when both
      // also have 16,000 votes.
      const votes = { A: 47_000, B: 16_000, C: 15_800, D: 12_000, E: 6_100, F: 3_100 };
      expect(seatSwingMargin(votes, 10, 'largest_remainder_hare')).toEqual({
        votes: 201,
        receivingParty: 'C',
        gainingParty: 'C',
        losingParty: 'B',
      });
      expect(seatsWith(votes, 10, 'largest_remainder_hare', 'C', 200)).toEqual(
        allocateSeats(votes, 10, 'largest_remainder_hare').seats,
      );
    });
  });
});
