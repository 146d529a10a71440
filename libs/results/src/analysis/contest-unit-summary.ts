import { allocateSeats, seatSwingMargin, SeatMethod, SeatSwingMargin } from '../seats';

/*
 * One contest unit from the summed current official sheets of its stations (DOMAIN.md, "Margins,
 * seats and recount triggers"). Pure: the SQL sums, this names the parties and allocates.
 */

/** The unit's sums, as one grouped SQL row gives them. */
export interface ContestUnitTotals {
  areaCode: string;
  name: string;
  nameKm: string | null;
  seats: number;
  stationsTotal: number;
  /** Stations with a current official sheet. */
  stationsCounted: number;
  validBallots: number;
  invalidBallots: number;
  ballotsCast: number;
  /** Summed votes per party, in the election's party order. */
  votes: number[];
}

export interface ContestUnitSummary extends Omit<ContestUnitTotals, 'votes'> {
  totals: Record<string, number>;
  /** Null until a station is counted: an allocation of no votes would be the tie rule's alone. */
  allocation: Record<string, number> | null;
  tieBroken: boolean;
  seatSwingMargin: SeatSwingMargin | null;
}

export function summariseContestUnit(
  unit: ContestUnitTotals,
  partyCodes: readonly string[],
  method: SeatMethod,
): ContestUnitSummary {
  const { votes, ...figures } = unit;
  const totals: Record<string, number> = {};
  partyCodes.forEach((code, i) => (totals[code] = votes[i] ?? 0));
  if (unit.stationsCounted === 0) {
    return { ...figures, totals, allocation: null, tieBroken: false, seatSwingMargin: null };
  }
  const allocated = allocateSeats(totals, unit.seats, method);
  // In ballot order, like the totals, rather than the allocator's code order.
  const allocation: Record<string, number> = {};
  for (const code of partyCodes) allocation[code] = allocated.seats[code];
  return {
    ...figures,
    totals,
    allocation,
    tieBroken: allocated.tieBroken,
    seatSwingMargin: seatSwingMargin(totals, unit.seats, method),
  };
}
