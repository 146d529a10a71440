import { allocateSeats, SeatMethod } from './seat-allocation';

const METHODS: SeatMethod[] = ['dhondt', 'sainte_lague', 'largest_remainder_hare'];

describe('allocateSeats', () => {
  describe('textbook elections', () => {
    it("D'Hondt gives 100k/80k/30k/20k four, three, one and no seat of 8", () => {
      const result = allocateSeats({ A: 100_000, B: 80_000, C: 30_000, D: 20_000 }, 8, 'dhondt');
      expect(result).toEqual({ seats: { A: 4, B: 3, C: 1, D: 0 }, tieBroken: false });
    });

    it('Sainte-Laguë gives the same election 3/3/1/1: the small parties fare better', () => {
      // Quotients 100k, 80k, 33.3k, 30k, 26.7k, 20k (A), 20k (D), 16k — next is 14.3k.
      const result = allocateSeats({ A: 100_000, B: 80_000, C: 30_000, D: 20_000 }, 8, 'sainte_lague');
      expect(result).toEqual({ seats: { A: 3, B: 3, C: 1, D: 1 }, tieBroken: false });
    });

    it("53k/24k/23k over 7 seats is 4/2/1 by D'Hondt and 3/2/2 by Sainte-Laguë", () => {
      const votes = { A: 53_000, B: 24_000, C: 23_000 };
      expect(allocateSeats(votes, 7, 'dhondt').seats).toEqual({ A: 4, B: 2, C: 1 });
      expect(allocateSeats(votes, 7, 'sainte_lague').seats).toEqual({ A: 3, B: 2, C: 2 });
    });

    it('Hare gives 47k/16k/15.8k/12k/6.1k/3.1k 5/2/1/1/1/0 of 10: remainders .70, .61 and .60 win', () => {
      const votes = { A: 47_000, B: 16_000, C: 15_800, D: 12_000, E: 6_100, F: 3_100 };
      expect(allocateSeats(votes, 10, 'largest_remainder_hare')).toEqual({
        seats: { A: 5, B: 2, C: 1, D: 1, E: 1, F: 0 },
        tieBroken: false,
      });
    });
  });

  describe.each(METHODS)('%s', (method) => {
    it('with 0 seats gives every party 0 and breaks no tie', () => {
      expect(allocateSeats({ A: 5, B: 3 }, 0, method)).toEqual({ seats: { A: 0, B: 0 }, tieBroken: false });
    });

    it('with no votes at all gives every seat to the smallest code and reports the tie', () => {
      expect(allocateSeats({ C: 0, A: 0, B: 0 }, 3, method)).toEqual({
        seats: { A: 3, B: 0, C: 0 },
        tieBroken: true,
      });
    });

    it('gives a party without votes no seat while another party has votes', () => {
      expect(allocateSeats({ A: 0, B: 7 }, 3, method)).toEqual({ seats: { A: 0, B: 3 }, tieBroken: false });
    });

    it('gives a lone party every seat, without a tie', () => {
      expect(allocateSeats({ CPP: 0 }, 4, method)).toEqual({ seats: { CPP: 4 }, tieBroken: false });
      expect(allocateSeats({ CPP: 9 }, 4, method)).toEqual({ seats: { CPP: 4 }, tieBroken: false });
    });

    it('gives a tied last seat between equal totals to the smaller code, by plain string order', () => {
      expect(allocateSeats({ CPP: 10, CNRP: 10 }, 1, method)).toEqual({
        seats: { CNRP: 1, CPP: 0 },
        tieBroken: true,
      });
      expect(allocateSeats({ b: 10, B: 10 }, 1, method).seats).toEqual({ B: 1, b: 0 });
    });

    it('does not report a tie between two parties that both win', () => {
      expect(allocateSeats({ A: 10, B: 10, C: 1 }, 2, method)).toEqual({
        seats: { A: 1, B: 1, C: 0 },
        tieBroken: false,
      });
    });

    it('rejects votes or seats that are not whole numbers ≥ 0', () => {
      expect(() => allocateSeats({ A: -1 }, 1, method)).toThrow(RangeError);
      expect(() => allocateSeats({ A: 1.5 }, 1, method)).toThrow(RangeError);
      expect(() => allocateSeats({ A: 1 }, -1, method)).toThrow(RangeError);
      expect(() => allocateSeats({ A: 1 }, 2.5, method)).toThrow(RangeError);
    });
  });

  describe('a tied last seat goes to the larger party total before the code is looked at', () => {
    it("D'Hondt: B's 6/2 ties A's 3/1 and B, with 6 votes, wins", () => {
      expect(allocateSeats({ A: 3, B: 6 }, 2, 'dhondt')).toEqual({ seats: { A: 0, B: 2 }, tieBroken: true });
    });

    it("Sainte-Laguë: B's 9/3 ties A's 3/1 and B, with 9 votes, wins", () => {
      expect(allocateSeats({ A: 3, B: 9 }, 2, 'sainte_lague')).toEqual({ seats: { A: 0, B: 2 }, tieBroken: true });
    });

    it('Hare: shares 0.5 and 1.5 leave equal remainders and B, with 3 votes, wins', () => {
      expect(allocateSeats({ A: 1, B: 3 }, 2, 'largest_remainder_hare')).toEqual({
        seats: { A: 0, B: 2 },
        tieBroken: true,
      });
    });
  });
});
