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
   * Parse count cells with a plain cast, no pattern: several times faster, and right for almost
   * every file. One cell that is no integer makes the statement fail; the runner then rolls back to
   * a savepoint and parses again with `castCounts` false, checking each cell.
   */
  castCounts: boolean;
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
 * The cell's whole number, or null when it is not one (missing, negative, decimal, too large).
 * With `cast` the cell is cast at once, as `ImportContext.castCounts` explains.
 */
export const countOf = (column: string | undefined, cast: boolean) => {
  if (!column) return 'NULL::int';
  return cast ? `${cell(column)}::int` : `CASE WHEN ${cell(column)} ~ '^[0-9]{1,9}$' THEN ${cell(column)}::int END`;
};

/**
 * Why a cell (of the parsed row `r`) cannot be a count, or null. `parsed` is the value `countOf`
 * gave: when it is set the cell is a number, which spares the patterns for rows that are all fine.
 */
export function countProblem(column: string | undefined, parsed: string, required: boolean): string {
  if (!column) return 'NULL::text';
  const value = cell(column, 'r');
  const shown = (what: string) => `format('${what}: "%s"', left(${value}, 40))`;
  // A cast (see countOf) lets negative and ten-digit numbers through: they are refused here.
  return `CASE WHEN ${parsed} IS NOT NULL THEN
      CASE WHEN ${parsed} < 0 THEN ${shown('is negative')} WHEN ${parsed} > 999999999 THEN ${shown('is too large')} END
    WHEN ${value} IS NULL THEN ${required ? "'is missing'" : 'NULL'}
    WHEN ${value} ~ '^-[0-9]+$' THEN ${shown('is negative')}
    WHEN ${value} ~ '^[0-9]+$' THEN ${shown('is too large')}
    ELSE ${shown('is not a whole number')} END`;
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
  params?: unknown[];
}

/**
 * Builds `import_rows` (the file's rows parsed, each with its `problems`) in one pass over the
 * staging table, then `import_errors` (`line, ord, field, message`) from the few rows with problems:
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
  await sql(
    `CREATE TEMP TABLE import_rows ON COMMIT DROP AS
     SELECT ${spec.columns.join(', ')},
            ARRAY[${spec.checks.map((c) => c.problem).join(',\n')}]::text[] AS problems
       FROM (${spec.parsed} OFFSET 0) r -- parse each cell once, though checks read it again
       LEFT JOIN import_duplicates d ON d.key = r.${spec.key.column}`,
    spec.params ?? [],
  );
  await sql(
    `CREATE TEMP TABLE import_errors ON COMMIT DROP AS
     SELECT r.line, u.ord::int AS ord, ($1::text[])[u.ord] AS field, u.message
       FROM import_rows r CROSS JOIN LATERAL unnest(r.problems) WITH ORDINALITY AS u(message, ord)
      WHERE num_nonnulls(VARIADIC r.problems) > 0 AND u.message IS NOT NULL`,
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
