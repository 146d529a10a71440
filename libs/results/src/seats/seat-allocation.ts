import { compareFractions, mulDivMod } from './exact-fraction';

/*
 * Seats of one contest unit (DOMAIN.md, "Margins, seats and recount triggers"). Pure: no I/O.
 * A tie for the last seat goes to the larger party total, then to the smaller party code, and the
 * result says so.
 */

export type SeatMethod = 'dhondt' | 'sainte_lague' | 'largest_remainder_hare';

/** Votes per party code, each a whole number ≥ 0. */
export type PartyVotes = Readonly<Record<string, number>>;

export interface Allocation {
  /** Seats per party code; every party of the input is present, 0 included. */
  seats: Record<string, number>;
  /** True when the tie rule, not the votes, decided who got a seat. */
  tieBroken: boolean;
}

/**
 * A validated contest unit. Parties are held in ascending code order, so that comparing indices is
 * comparing codes — the last step of the tie rule.
 */
export interface Contest {
  readonly codes: readonly string[];
  readonly votes: readonly number[];
  readonly seats: number;
}

/** Seats per party index of a Contest. */
export interface SeatCounts {
  seats: number[];
  tieBroken: boolean;
}

type DivisorMethod = Exclude<SeatMethod, 'largest_remainder_hare'>;

export function allocateSeats(votes: PartyVotes, seats: number, method: SeatMethod): Allocation {
  const contest = toContest(votes, seats);
  const result = allocateContest(contest.votes, contest.seats, method);
  const byCode: Record<string, number> = {};
  contest.codes.forEach((code, i) => (byCode[code] = result.seats[i]));
  return { seats: byCode, tieBroken: result.tieBroken };
}

export function toContest(votes: PartyVotes, seats: number): Contest {
  if (!Number.isSafeInteger(seats) || seats < 0) {
    throw new RangeError(`seats must be a whole number ≥ 0, got ${seats}`);
  }
  const codes = Object.keys(votes).sort();
  const counts = codes.map((code) => {
    const count = votes[code];
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`votes of ${code} must be a whole number ≥ 0, got ${count}`);
    }
    return count;
  });
  if (!Number.isSafeInteger(sum(counts))) throw new RangeError('total votes are beyond exact arithmetic');
  return { codes, votes: counts, seats };
}

/** Allocation over party indices; the seat-swing margin settles its answers on this very function. */
export function allocateContest(votes: readonly number[], seats: number, method: SeatMethod): SeatCounts {
  if (seats === 0 || votes.length === 0) return { seats: votes.map(() => 0), tieBroken: false };
  return method === 'largest_remainder_hare'
    ? allocateByLargestRemainder(votes, seats)
    : allocateByDivisors(votes, seats, method);
}

/** Divisor of a party's (seatIndex + 1)-th seat. */
export function divisor(method: DivisorMethod, seatIndex: number): number {
  return method === 'dhondt' ? seatIndex + 1 : 2 * seatIndex + 1;
}

/**
 * Order of two quotients `votes[i] / d(ki)` and `votes[j] / d(kj)`: negative when the first ranks
 * higher. Equal quotients rank by the tie rule; a party's own equal quotients (only possible with 0
 * votes) by seat index.
 */
export function compareQuotients(
  votes: readonly number[],
  method: DivisorMethod,
  i: number,
  ki: number,
  j: number,
  kj: number,
): number {
  const byQuotient = compareFractions(votes[j], divisor(method, kj), votes[i], divisor(method, ki));
  if (byQuotient !== 0) return byQuotient;
  if (votes[i] !== votes[j]) return votes[j] - votes[i];
  return i !== j ? i - j : ki - kj;
}

/**
 * Highest averages: seat after seat goes to the best next quotient. A heap of each party's next
 * quotient keeps this at seats × log(parties), since the margin of every commune calls it.
 */
function allocateByDivisors(votes: readonly number[], seats: number, method: DivisorMethod): SeatCounts {
  const held = votes.map(() => 0);
  const before = (i: number, j: number) => compareQuotients(votes, method, i, held[i], j, held[j]) < 0;
  const heap = votes.map((_, i) => i);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, before);
  let last = heap[0];
  for (let seat = 0; seat < seats; seat++) {
    last = heap[0];
    held[last] += 1;
    siftDown(heap, 0, before);
  }
  return { seats: held, tieBroken: lastSeatWasTied(votes, held, method, last) };
}

/**
 * A tie decided the last seat when the lowest winning quotient equals a losing one, and the parties
 * holding those equal quotients are not all the same party.
 */
function lastSeatWasTied(votes: readonly number[], held: number[], method: DivisorMethod, last: number): boolean {
  const equalsLowest = (party: number, seatIndex: number) =>
    compareFractions(votes[party], divisor(method, seatIndex), votes[last], divisor(method, held[last] - 1)) === 0;
  const tiedParties = new Set<number>();
  let tiedLoser = false;
  votes.forEach((_, party) => {
    if (held[party] > 0 && equalsLowest(party, held[party] - 1)) tiedParties.add(party);
    if (equalsLowest(party, held[party])) {
      tiedParties.add(party);
      tiedLoser = true;
    }
  });
  return tiedLoser && tiedParties.size > 1;
}

function siftDown(heap: number[], start: number, before: (i: number, j: number) => boolean): void {
  let at = start;
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let best = at;
    if (left < heap.length && before(heap[left], heap[best])) best = left;
    if (right < heap.length && before(heap[right], heap[best])) best = right;
    if (best === at) return;
    [heap[at], heap[best]] = [heap[best], heap[at]];
    at = best;
  }
}

/**
 * Hare quota Q = total / seats. Each party's share v / Q = v·seats / total is kept as a whole part
 * and a remainder over the common denominator `total`, so remainders compare exactly.
 */
function allocateByLargestRemainder(votes: readonly number[], seats: number): SeatCounts {
  const total = sum(votes);
  if (total === 0) {
    // No votes, no quota: every seat is a tie among all parties, and the tie rule hands each one to
    // the same party (smallest code) — as the divisor methods do.
    return { seats: votes.map((_, i) => (i === 0 ? seats : 0)), tieBroken: votes.length > 1 };
  }
  const shares = votes.map((v) => mulDivMod(v, seats, total));
  const held = shares.map(([whole]) => whole);
  const left = seats - sum(held);
  const order = votes.map((_, i) => i).sort((i, j) => shares[j][1] - shares[i][1] || votes[j] - votes[i] || i - j);
  for (let k = 0; k < left; k++) held[order[k]] += 1;
  const tieBroken = left > 0 && left < order.length && shares[order[left - 1]][1] === shares[order[left]][1];
  return { seats: held, tieBroken };
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
