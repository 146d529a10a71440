import { compareFractions, floorDiv, mulDivMod } from './exact-fraction';
import { Contest, sum } from './seat-allocation';

/*
 * Why a sweep and not a search on x: Hare largest remainder is not monotone (the Alabama and
 * population paradoxes) — votes added to one party can move a seat between two others and back — so
 * "the allocation changed at x" is not monotone in x and bisection could step over the first change.
 *
 * Instead, treat x as real. Party q's share of the seats is v_q·S / (T + x), party p's own is
 * (v_p + x)·S / (T + x). While no share crosses a whole number, the whole parts are fixed and every
 * remainder, over the common denominator T + x, is a line α + β·x. The allocation can then only
 * change at a *moment*: a share reaching a whole number, or a party outside the remainder seats
 * catching up with one inside. Walking from moment to moment, the allocation is known on each open
 * stretch between them, so the only whole x to try are the first one after each moment and the
 * moments that are whole themselves (where the tie rule applies; those are tried on the allocation).
 */

/** x = n / d, d > 0. */
interface Moment {
  n: number;
  d: number;
}

/**
 * First whole x ≥ 1, below `below`, at which adding x votes to `party` changes the allocation
 * `base`; null if there is none. `changedAt` is the allocation itself, the final word at every x tried.
 */
export function firstHareChange(
  contest: Contest,
  base: readonly number[],
  party: number,
  below: number,
  changedAt: (x: number) => boolean,
): number | null {
  const { votes, seats } = contest;
  const total = sum(votes);
  // With no votes at all, any x hands the party every seat.
  if (total === 0) return 1 < below && changedAt(1) ? 1 : null;
  // Bounds every product below (moments stay under 2·T·S over denominators under 2·S).
  if (!Number.isSafeInteger(4 * total * seats * seats)) {
    throw new RangeError('too many votes for an exact Hare seat-swing margin');
  }

  let at: Moment = { n: 0, d: 1 };
  for (;;) {
    const firstWhole = floorDiv(at.n, at.d) + 1;
    if (firstWhole >= below) return null;

    const whole = wholePartsJustAfter(contest, party, total, at);
    const alpha = votes.map((v, i) => v * seats - whole[i] * total);
    const beta = votes.map((_, i) => (i === party ? seats - whole[i] : -whole[i]));
    const value = votes.map((_, i) => alpha[i] * at.d + beta[i] * at.n);
    // Remainders just after `at`: by value there, then by slope; identical lines by the tie rule.
    const order = votes
      .map((_, i) => i)
      .sort((i, j) => value[j] - value[i] || beta[j] - beta[i] || votes[j] - votes[i] || i - j);
    const remainderSeats = seats - sum(whole);
    const winners = order.slice(0, remainderSeats);
    const losers = order.slice(remainderSeats);

    let next = earliest(nextWholeShares(contest, party, total, whole));
    for (const w of winners) {
      for (const l of losers) {
        if (beta[l] <= beta[w]) continue;
        const catchUp = { n: alpha[w] - alpha[l], d: beta[l] - beta[w] };
        if (next === null || compareFractions(catchUp.n, catchUp.d, next.n, next.d) < 0) next = catchUp;
      }
    }

    const held = whole.slice();
    winners.forEach((w) => (held[w] += 1));
    const differs = held.some((s, i) => s !== base[i]);
    if (differs && (next === null || firstWhole * next.d < next.n)) {
      if (!changedAt(firstWhole)) throw new Error('Hare seat-swing sweep disagrees with the allocation');
      return firstWhole;
    }
    if (next === null || below * next.d <= next.n) return null;
    if (compareFractions(next.n, next.d, at.n, at.d) <= 0) throw new Error('Hare seat-swing sweep did not advance');
    if (next.n % next.d === 0) {
      const x = next.n / next.d;
      if (changedAt(x)) return x;
    }
    at = next;
  }
}

/** Whole parts of the shares on the open stretch just after `at`. */
function wholePartsJustAfter(contest: Contest, party: number, total: number, at: Moment): number[] {
  const { votes, seats } = contest;
  const denominator = total * at.d + at.n;
  return votes.map((v, i) => {
    if (i === party) return mulDivMod(v * at.d + at.n, seats, denominator)[0];
    // Other shares shrink as x grows: one exactly whole at `at` is just below it right after.
    const [quotient, remainder] = mulDivMod(v * at.d, seats, denominator);
    return remainder === 0 && quotient > 0 ? quotient - 1 : quotient;
  });
}

/** Where each share next reaches a whole number: the others' falling to their whole part, p's rising. */
function nextWholeShares(contest: Contest, party: number, total: number, whole: readonly number[]): Moment[] {
  const { votes, seats } = contest;
  return votes.flatMap((v, i) => {
    if (i !== party) return whole[i] > 0 ? [{ n: v * seats - whole[i] * total, d: whole[i] }] : [];
    // p's share tends to S and never reaches it while others have votes.
    const target = whole[i] + 1;
    return target < seats && v < total ? [{ n: target * total - v * seats, d: seats - target }] : [];
  });
}

function earliest(moments: Moment[]): Moment | null {
  return moments.reduce<Moment | null>(
    (best, m) => (best === null || compareFractions(m.n, m.d, best.n, best.d) < 0 ? m : best),
    null,
  );
}
