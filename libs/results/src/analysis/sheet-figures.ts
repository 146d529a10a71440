/*
 * The figures of a result sheet that two sources are compared on (DOMAIN.md, "Comparing sources").
 * Pure: the SQL that finds discrepant stations is generated from the same list (current-sheets.sql.ts), so
 * the stations it selects and the fields listed here never disagree.
 */

export interface SheetFigures {
  registeredVoters: number;
  ballotsReceived: number | null;
  ballotsCast: number;
  ballotsUnused: number | null;
  ballotsSpoiled: number | null;
  invalidBallots: number;
  validBallots: number;
  /** Votes per party, in the election's party order. */
  votes: number[];
}

type FigureField = Exclude<keyof SheetFigures, 'votes'>;

export interface ComparedFigure {
  column: string;
  field: FigureField;
  /** Optional figures are compared only when both sheets give them. */
  optional: boolean;
}

/** In form 1102 order; the party votes follow, named by party code. */
export const COMPARED_FIGURES: readonly ComparedFigure[] = [
  { column: 'registered_voters', field: 'registeredVoters', optional: false },
  { column: 'ballots_received', field: 'ballotsReceived', optional: true },
  { column: 'ballots_cast', field: 'ballotsCast', optional: false },
  { column: 'ballots_unused', field: 'ballotsUnused', optional: true },
  { column: 'ballots_spoiled', field: 'ballotsSpoiled', optional: true },
  { column: 'invalid_ballots', field: 'invalidBallots', optional: false },
  { column: 'valid_ballots', field: 'validBallots', optional: false },
];

export interface FieldDifference {
  /** A figure in camelCase (`validBallots`) or a party code (`CNRP`). */
  field: string;
  official: number;
  other: number;
  /** other − official. */
  difference: number;
}

/** Every field on which `other` differs from `official`; empty when the two sheets agree. */
export function sheetDifferences(
  official: SheetFigures,
  other: SheetFigures,
  partyCodes: readonly string[],
): FieldDifference[] {
  const differences: FieldDifference[] = [];
  const compare = (field: string, a: number | null | undefined, b: number | null | undefined) => {
    if (a === null || a === undefined || b === null || b === undefined || a === b) return;
    differences.push({ field, official: a, other: b, difference: b - a });
  };
  for (const { field } of COMPARED_FIGURES) compare(field, official[field], other[field]);
  partyCodes.forEach((code, i) => compare(code, official.votes[i], other.votes[i]));
  return differences;
}

/** The parties whose votes differ, with both counts. */
export function voteDifferences(
  official: readonly number[],
  other: readonly number[],
  partyCodes: readonly string[],
): FieldDifference[] {
  return sheetDifferences({ ...NO_FIGURES, votes: [...official] }, { ...NO_FIGURES, votes: [...other] }, partyCodes);
}

const NO_FIGURES: Omit<SheetFigures, 'votes'> = {
  registeredVoters: 0,
  ballotsReceived: null,
  ballotsCast: 0,
  ballotsUnused: null,
  ballotsSpoiled: null,
  invalidBallots: 0,
  validBallots: 0,
};

/**
 * Whole numbers with thousands separators, as the reasons and messages print them. By hand, since
 * toLocaleString costs microseconds a call and a trigger list prints thousands.
 */
export function formatCount(n: number): string {
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** A share as a percentage with one decimal (0.0523 → "5.2%"). */
export function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
