/** SQL expressions for the figures of one sheet, as the arithmetic checks read them. */
export interface SheetFigures {
  registered: string;
  received: string;
  cast: string;
  unused: string;
  spoiled: string;
  invalid: string;
  valid: string;
  votesSum: string;
  /** The median invalid share of the sheet's contest unit, for its source. */
  unitMedianInvalidShare: string;
}

/**
 * The arithmetic checks of DOMAIN.md "Result sheets" as one SQL expression: the codes a sheet
 * fails, in the order of the table there. Shares are float8 divisions, so that anyone recomputing
 * them in IEEE doubles gets the same verdicts. `highInvalid` and `highTurnout` are SQL for the
 * election's thresholds. A check whose figures are missing (BALLOT_ACCOUNT), or whose share has a zero
 * denominator, finds nothing; a median of zero makes any invalid ballot "above 3× the median", as written.
 */
export function findingsSql(f: SheetFigures, highInvalid: string, highTurnout: string): string {
  const invalidShare = `(${f.invalid}::float8 / nullif(${f.cast}, 0))`;
  return `array_remove(ARRAY[
    CASE WHEN ${f.votesSum} <> ${f.valid} THEN 'VOTES_SUM' END,
    CASE WHEN ${f.valid}::bigint + ${f.invalid} <> ${f.cast} THEN 'BALLOTS_SUM' END,
    CASE WHEN ${f.cast} > ${f.registered} THEN 'OVER_REGISTERED' END,
    CASE WHEN ${f.cast}::bigint + ${f.unused} + ${f.spoiled} <> ${f.received} THEN 'BALLOT_ACCOUNT' END,
    CASE WHEN ${invalidShare} > ${highInvalid} OR ${invalidShare} > 3 * ${f.unitMedianInvalidShare}
      THEN 'HIGH_INVALID' END,
    CASE WHEN ${f.cast}::float8 / nullif(${f.registered}, 0) > ${highTurnout} THEN 'HIGH_TURNOUT' END
  ], NULL)::text[]`;
}
