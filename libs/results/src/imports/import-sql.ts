import { ElectionThresholds } from '@app/elections';
import { ColumnMap } from './import-columns';

/** Runs one statement in the import's transaction. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** What every step of one import needs to know. */
export interface ImportContext {
  importId: string;
  electionId: number;
  contestLevel: 'commune' | 'province';
  thresholds: ElectionThresholds;
  partyCodes: string[];
  source: string | null;
  userId: string | null;
  columns: ColumnMap;
  /**
   * The count columns of the staging table are `int`: COPY parsed them, several times faster than
   * SQL can, and right for almost every file. One cell that is no integer makes that COPY fail; the
   * runner then copies the file again into text columns and parses it with `typedCounts` false,
   * checking each cell against a pattern, which names every bad cell.
   */
  typedCounts: boolean;
}

/**
 * One kind of import, in two set-based steps over the staging table: `validate` builds
 * `import_rows` (one per file row, values parsed, `problems` listed) with `buildImportRows`; the
 * runner then drops the rows with problems, and `merge` applies the rest, returning how many
 * changed something.
 */
export interface KindImport {
  validate(sql: Sql, ctx: ImportContext): Promise<void>;
  merge(sql: Sql, ctx: ImportContext): Promise<number>;
}

/** The trimmed cell of a column of the staging row `row`, null when empty or absent. */
export const cell = (column: string | undefined, row = 's') =>
  column ? `nullif(btrim(${row}.${column}), '')` : 'NULL::text';

/**
 * The cell's whole number, or null when it is missing (or, in text columns, not one: negative,
 * decimal, too large). With `typed` the staging column is already an int (ImportContext.typedCounts).
 */
export const countOf = (column: string | undefined, typed: boolean) => {
  if (!column) return 'NULL::int';
  return typed ? `s.${column}` : `CASE WHEN ${cell(column)} ~ '^[0-9]{1,9}$' THEN ${cell(column)}::int END`;
};

/**
 * Why a cell (of the parsed row `r`) cannot be a count, or null. `parsed` is the value `countOf`
 * gave: when it is set the cell is a number, which spares the patterns for rows that are all fine.
 */
export function countProblem(column: string | undefined, parsed: string, required: boolean, typed: boolean): string {
  if (!column) return 'NULL::text';
  const missingWords = required ? "'is missing'" : 'NULL';
  if (typed) {
    // COPY read the cell as an int: only the sign and the size are left to check.
    return `CASE WHEN ${parsed} IS NULL THEN ${missingWords}
      WHEN ${parsed} < 0 THEN format('is negative: "%s"', ${parsed})
      WHEN ${parsed} > 999999999 THEN format('is too large: "%s"', ${parsed}) END`;
  }
  const value = cell(column, 'r');
  const shown = (what: string) => `format('${what}: "%s"', left(${value}, 40))`;
  return `CASE WHEN ${parsed} IS NOT NULL THEN NULL
    WHEN ${value} IS NULL THEN ${missingWords}
    WHEN ${value} ~ '^-[0-9]+$' THEN ${shown('is negative')}
    WHEN ${value} ~ '^[0-9]+$' THEN ${shown('is too large')}
    ELSE ${shown('is not a whole number')} END`;
}

/**
 * SQL over the parsed row `r` that is true when every count is fine, for ImportRowsSpec.fine: in
 * typed staging a count is null only when the cell is empty, so this is exact there.
 */
export function countsFine(counts: { parsed: string; required: boolean }[]): string {
  const all = counts.map((c) => c.parsed);
  return [
    ...counts.filter((c) => c.required).map((c) => `${c.parsed} IS NOT NULL`),
    `least(${all.join(', ')}) >= 0`,
    `greatest(${all.join(', ')}) <= 999999999`,
  ].join(' AND ');
}

export const missing = (value: string) => `CASE WHEN ${value} IS NULL THEN 'is missing' END`;

/** A repeated key: the rows after the first are rejected, naming the line that came first. */
export const duplicate = (key: string, what: string) =>
  `CASE WHEN d.first_line < r.line THEN format('${what} "%s" is already on line %s', r.${key}, d.first_line) END`;

export interface ImportRowsSpec {
  /** The row's key (station or area code): in SQL over the staging row `s`, and its parsed column. */
  key: { staging: string; column: string };
  /** A query over the staging rows giving every staging column plus the parsed values. */
  parsed: string;
  /** The columns of `import_rows`, in SQL over the parsed row `r`. */
  columns: string[];
  /** One check per field: SQL over `r` (and `d`, the key's first line when repeated) giving a message or null. */
  checks: { field: string; problem: string }[];
  /**
   * Optional SQL over `r` and `d`, true only for rows that every check would pass: those skip the
   * checks (their `problems` is null), which is most of the statement's work on a clean file.
   */
  fine?: string;
  params?: unknown[];
}

/**
 * Builds `import_rows` (the file's rows parsed, each with its `problems`) in one pass over the
 * staging table, then `import_errors` (`line, ord, field, message`) from the few rows with problems
 * (`problems` is null or all null on a row that is fine):
 * almost every row is fine, and checking rows one field at a time would cost ten times more.
 */
export async function buildImportRows(sql: Sql, spec: ImportRowsSpec): Promise<void> {
  // A hash aggregate, where a window over the rows would sort them all.
  await sql(
    `CREATE TEMP TABLE import_duplicates ON COMMIT DROP AS
     SELECT ${spec.key.staging} AS key, min(s.line) AS first_line FROM import_staging s
      WHERE ${spec.key.staging} IS NOT NULL GROUP BY 1 HAVING count(*) > 1`,
  );
  // Usually empty: once the planner knows, it stops sorting every row to merge-join with it.
  await sql('ANALYZE import_duplicates');
  const problems = `ARRAY[${spec.checks.map((c) => c.problem).join(',\n')}]::text[]`;
  await sql(
    `CREATE TEMP TABLE import_rows ON COMMIT DROP AS
     SELECT ${spec.columns.join(', ')},
            ${spec.fine ? `CASE WHEN ${spec.fine} THEN NULL ELSE ${problems} END` : problems} AS problems
       FROM (${spec.parsed} OFFSET 0) r -- parse each cell once, though checks read it again
       LEFT JOIN import_duplicates d ON d.key = r.${spec.key.column}`,
    spec.params ?? [],
  );
  await sql(
    `CREATE TEMP TABLE import_errors ON COMMIT DROP AS
     SELECT r.line, u.ord::int AS ord, ($1::text[])[u.ord] AS field, u.message
       FROM import_rows r CROSS JOIN LATERAL unnest(r.problems) WITH ORDINALITY AS u(message, ord)
      WHERE r.problems IS NOT NULL AND u.message IS NOT NULL`,
    [spec.checks.map((c) => c.field)],
  );
}

/** Runs a data-changing statement with RETURNING and gives how many rows it touched. */
export async function countTouched(sql: Sql, statement: string, params: unknown[]): Promise<number> {
  const [row] = await sql<{ n: number }>(
    `WITH touched AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM touched`,
    params,
  );
  return row.n;
}
