import { mulDivMod } from './exact-fraction';
import { firstHareChange } from './hare-margin-sweep';
import {
  allocateContest,
  compareQuotients,
  Contest,
  divisor,
  PartyVotes,
  SeatMethod,
  toContest,
} from './seat-allocation';

/*
 * Seat-swing margin of a contest unit (DOMAIN.md): the fewest votes that, added to one party's total
 * with all else unchanged, change the allocation (tie rule included) — the smallest over all
 * parties. When several parties need the same fewest votes, the one with the smaller code receives.
 */

export interface SeatSwingMargin {
  /** The fewest votes that change the allocation. */
  votes: number;
  /** The party the votes are added to. */
  receivingParty: string;
  /**
   * The party that gains a seat: the receiving party itself, except under Hare, where votes added to
   * one party can move a seat between two others (population paradox) — then the smallest code
   * among the parties gaining one.
   */
  gainingParty: string;
  /** The party that loses a seat; should several lose one, the smallest code among them. */
  losingParty: string;
}

/** Votes added to one party (by index). */
interface Swing {
  party: number;
  votes: number;
}

/** Null when no addition can change anything: no seats, or fewer than two parties. */
export function seatSwingMargin(votes: PartyVotes, seats: number, method: SeatMethod): SeatSwingMargin | null {
  const contest = toContest(votes, seats);
  if (contest.seats === 0 || contest.codes.length < 2) return null;
  const base = allocateContest(contest.votes, contest.seats, method).seats;
  const swing = method === 'largest_remainder_hare' ? hareSwing(contest, base) : divisorSwing(contest, base, method);
  return swing && describe(contest, method, base, swing);
}

/**
 * Divisor methods are monotone: votes added to p never cost p a seat, and the others share the seats
 * p does not hold exactly as before. So the allocation changes exactly when p's next quotient
 * (v_p + x) / d(s_p) outranks the lowest winning quotient of another party, v_w / d(s_w − 1):
 * x ≈ ⌈v_w · d(s_p) / d(s_w − 1)⌉ − v_p. Whether that x or x + 1 is the answer depends on the tie
 * rule (totals, codes), so the last vote is settled on the allocation itself.
 */
function divisorSwing(contest: Contest, base: readonly number[], method: 'dhondt' | 'sainte_lague'): Swing | null {
  const { votes, seats } = contest;
  const holdersWeakestFirst = votes
    .map((_, i) => i)
    .filter((i) => base[i] > 0)
    .sort((i, j) => compareQuotients(votes, method, j, base[j] - 1, i, base[i] - 1));
  const near: Swing[] = [];
  votes.forEach((v, p) => {
    if (base[p] === seats) return;
    // Someone else holds a seat, since p does not hold them all.
    const w = holdersWeakestFirst[0] !== p ? holdersWeakestFirst[0] : holdersWeakestFirst[1];
    const [whole, remainder] = mulDivMod(votes[w], divisor(method, base[p]), divisor(method, base[w] - 1));
    near.push({ party: p, votes: Math.max(1, whole + (remainder > 0 ? 1 : 0) - v) });
  });
  near.sort((a, b) => a.votes - b.votes || a.party - b.party);

  let best: Swing | null = null;
  for (const guess of near) {
    // The settled answer is never below the closed form, so later guesses cannot do better.
    if (best && guess.votes > best.votes) break;
    const settled = settle(contest, base, method, guess);
    if (!best || settled.votes < best.votes || (settled.votes === best.votes && settled.party < best.party)) {
      best = settled;
    }
  }
  return best;
}

function settle(contest: Contest, base: readonly number[], method: SeatMethod, guess: Swing): Swing {
  for (const x of [guess.votes - 1, guess.votes, guess.votes + 1]) {
    if (x >= 1 && changesAllocation(contest, base, method, { party: guess.party, votes: x })) {
      return { party: guess.party, votes: x };
    }
  }
  throw new Error(`seat-swing closed form missed for party ${contest.codes[guess.party]} near ${guess.votes} votes`);
}

/** Hare is not monotone, so each party gets an exact sweep over x (see hare-margin-sweep.ts). */
function hareSwing(contest: Contest, base: readonly number[]): Swing | null {
  let best: Swing | null = null;
  contest.votes.forEach((_, p) => {
    // A party holding every seat keeps them all, whatever it gains: its remainder only grows.
    if (base[p] === contest.seats) return;
    const changedAt = (x: number) => changesAllocation(contest, base, 'largest_remainder_hare', { party: p, votes: x });
    // Parties come in code order, so only a strictly smaller x can replace the best.
    const x = firstHareChange(contest, base, p, best ? best.votes : Infinity, changedAt);
    if (x !== null) best = { party: p, votes: x };
  });
  return best;
}

function changesAllocation(contest: Contest, base: readonly number[], method: SeatMethod, swing: Swing): boolean {
  return allocateAfter(contest, method, swing).some((seats, i) => seats !== base[i]);
}

function allocateAfter(contest: Contest, method: SeatMethod, swing: Swing): number[] {
  const votes = contest.votes.map((v, i) => (i === swing.party ? v + swing.votes : v));
  return allocateContest(votes, contest.seats, method).seats;
}

function describe(contest: Contest, method: SeatMethod, base: readonly number[], swing: Swing): SeatSwingMargin {
  const after = allocateAfter(contest, method, swing);
  const gainer = after[swing.party] > base[swing.party] ? swing.party : after.findIndex((s, i) => s > base[i]);
  const loser = after.findIndex((s, i) => s < base[i]);
  const { codes } = contest;
  return {
    votes: swing.votes,
    receivingParty: codes[swing.party],
    gainingParty: codes[gainer],
    losingParty: codes[loser],
  };
}
