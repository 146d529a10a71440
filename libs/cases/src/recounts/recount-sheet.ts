import type { FieldError } from '@app/platform';
import { allocateSeats, type SeatMethod, type SheetFigures } from '@app/results';

/*
 * The figures of a recount as they are entered, and what they do to the contest unit's seats.
 * Pure: the service reads the sheets and the unit's totals, these judge and compute.
 */

const REQUIRED = ['registeredVoters', 'ballotsCast', 'invalidBallots', 'validBallots'] as const;
const OPTIONAL = ['ballotsReceived', 'ballotsUnused', 'ballotsSpoiled'] as const;
/** The figures are stored as int4. */
const MAX_COUNT = 2_147_483_647;

export type ParsedSheet = { ok: true; figures: SheetFigures } | { ok: false; errors: FieldError[] };

/**
 * A full sheet or the reasons it is not one (DOMAIN.md "Imports": what makes a row rejected): a
 * count missing, not a whole number or negative, an unknown party, a party's votes missing.
 * Arithmetic that does not add up is no reason to refuse: it becomes a finding.
 */
export function parseRecountSheet(input: unknown, partyCodes: readonly string[]): ParsedSheet {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'sheet', message: 'must be an object with the figures of a sheet' }] };
  }
  const sheet = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const count = (field: string, value: unknown, required: boolean): number | null => {
    if (value === undefined || value === null) {
      if (required) errors.push({ field, message: 'is required' });
      return null;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({ field, message: 'must be a whole number' });
      return null;
    }
    if (value < 0) errors.push({ field, message: 'must not be negative' });
    else if (value > MAX_COUNT) errors.push({ field, message: `must not exceed ${MAX_COUNT}` });
    return value;
  };
  const known = new Set<string>([...REQUIRED, ...OPTIONAL, 'votes']);
  for (const key of Object.keys(sheet)) {
    if (!known.has(key)) errors.push({ field: `sheet.${key}`, message: 'is not a figure of a result sheet' });
  }
  const figures = { votes: [] as number[] } as unknown as Record<string, number | null | number[]>;
  for (const field of REQUIRED) figures[field] = count(`sheet.${field}`, sheet[field], true);
  for (const field of OPTIONAL) figures[field] = count(`sheet.${field}`, sheet[field], false);
  const votes = sheet.votes;
  if (typeof votes !== 'object' || votes === null || Array.isArray(votes)) {
    errors.push({ field: 'sheet.votes', message: 'is required: an object of votes by party code' });
  } else {
    const byParty = votes as Record<string, unknown>;
    for (const code of Object.keys(byParty)) {
      if (!partyCodes.includes(code)) {
        errors.push({ field: `sheet.votes.${code}`, message: `${code} is not a party of this election` });
      }
    }
    figures.votes = partyCodes.map((code) => count(`sheet.votes.${code}`, byParty[code], true) ?? 0);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, figures: figures as unknown as SheetFigures };
}

export interface AllocationChange {
  areaCode: string;
  seats: number;
  before: Record<string, number>;
  after: Record<string, number>;
  changed: boolean;
}

/**
 * The unit's allocation with the station counted as the sheet the recount replaces, and with the
 * recount's figures instead, all else as the unit's current official totals stand. The station's
 * own part of those totals (`stationNow`, its current official votes) is taken out first, so the
 * answer is the same before and after the recount is certified.
 */
export function allocationChange(input: {
  areaCode: string;
  seats: number;
  method: SeatMethod;
  partyCodes: readonly string[];
  unitTotals: Readonly<Record<string, number>>;
  stationNow: readonly number[] | null;
  replaced: readonly number[] | null;
  recount: readonly number[];
}): AllocationChange {
  const { partyCodes, unitTotals, stationNow, replaced, recount } = input;
  const totalsWith = (votes: readonly number[] | null) => {
    const totals: Record<string, number> = {};
    partyCodes.forEach((code, i) => {
      totals[code] = (unitTotals[code] ?? 0) - (stationNow?.[i] ?? 0) + (votes?.[i] ?? 0);
    });
    return totals;
  };
  const inOrder = (seats: Record<string, number>) =>
    Object.fromEntries(partyCodes.map((code) => [code, seats[code] ?? 0]));
  const before = inOrder(allocateSeats(totalsWith(replaced), input.seats, input.method).seats);
  const after = inOrder(allocateSeats(totalsWith(recount), input.seats, input.method).seats);
  return {
    areaCode: input.areaCode,
    seats: input.seats,
    before,
    after,
    changed: partyCodes.some((code) => before[code] !== after[code]),
  };
}
