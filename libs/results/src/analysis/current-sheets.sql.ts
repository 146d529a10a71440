import type { AreaLevel } from '@app/elections';
import { COMPARED_FIGURES, SheetFigures } from './sheet-figures';

/*
 * SQL shared by every read of the results: which sheet is a station's current official one, the
 * current sheets of one source, and when two sheets agree. Statements stay set-based (whole-table
 * hash joins over int[] votes), which is what keeps them fast at tens of thousands of stations.
 */

/** Collects parameters and hands out their placeholders, so optional filters number themselves. */
export class QueryParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The columns every analysis reads: the compared figures, the votes and the findings. */
const SHEET_COLUMNS = [
  'id',
  'station_id',
  'source',
  'version',
  ...COMPARED_FIGURES.map((f) => f.column),
  'votes',
  'findings',
];

const columnsOf = (alias: string) => SHEET_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/**
 * Common table expressions defining `official`: the current official sheet of each station
 * (DOMAIN.md) — the newest certified `recount` version, else the current `official_final`, else the
 * current `official_preliminary`. Place them first in a WITH list.
 *
 * The priority is written as exclusions (`NOT IN` a higher-ranked set) rather than one DISTINCT ON
 * over every candidate: that would sort twice the stations' rows, where this reads each source
 * once through its index and probes hashed sets — and NOT IN stays a hashed lookup however few
 * certified recounts the planner guesses there are. `stations`, when given, is SQL selecting the
 * station ids to consider.
 */
export function currentOfficialCtes(election: string, stations?: string): string {
  const inScope = (alias: string) => (stations ? ` AND ${alias}.station_id IN (${stations})` : '');
  const current = (source: string, columns = columnsOf('r')) =>
    `SELECT ${columns} FROM result_sheets r
      WHERE r.election_id = ${election} AND r.source = '${source}' AND r.is_current${inScope('r')}`;
  // Every station with recount versions has a current one. Finding those stations first lets both
  // steps use an index; certified_at alone has none, and would scan every election's sheets.
  return `certified_recounts AS MATERIALIZED (
      SELECT ${columnsOf('v')} FROM result_sheets v
      WHERE v.source = 'recount' AND v.certified_at IS NOT NULL
        AND v.station_id IN (${current('recount', 'r.station_id')})
    ),
    official AS (
      (SELECT DISTINCT ON (c.station_id) ${columnsOf('c')} FROM certified_recounts c ORDER BY c.station_id, c.version DESC)
      UNION ALL
      ${current('official_final')}
        AND r.station_id NOT IN (SELECT c.station_id FROM certified_recounts c)
      UNION ALL
      ${current('official_preliminary')}
        AND r.station_id NOT IN (SELECT c.station_id FROM certified_recounts c)
        AND r.station_id NOT IN (
          SELECT f.station_id FROM result_sheets f
          WHERE f.election_id = ${election} AND f.source = 'official_final' AND f.is_current${inScope('f')})
    )`;
}

/** The current version of one source's sheet of each station. */
export function currentSheetsOf(election: string, source: string, stations?: string): string {
  return `SELECT ${columnsOf('r')}
    FROM result_sheets r
    WHERE r.election_id = ${election} AND r.source = ${source} AND r.is_current${
      stations ? ` AND r.station_id IN (${stations})` : ''
    }`;
}

/**
 * True when sheets `a` and `b` agree on every compared figure and every party's votes; optional
 * figures count only when both sheets give them (the same rule as sheetDifferences).
 */
export function sheetsAgree(a: string, b: string): string {
  const figures = COMPARED_FIGURES.map(({ column, optional }) =>
    optional
      ? `(${a}.${column} IS NULL OR ${b}.${column} IS NULL OR ${a}.${column} = ${b}.${column})`
      : `${a}.${column} = ${b}.${column}`,
  );
  return `(${[...figures, `${a}.votes = ${b}.votes`].join(' AND ')})`;
}

/** The compared figures of sheet `alias`, selected as `<prefix><column>` (see figuresFrom). */
export function selectFigures(alias: string, prefix: string): string {
  return [...COMPARED_FIGURES.map((f) => f.column), 'votes']
    .map((column) => `${alias}.${column} AS ${prefix}${column}`)
    .join(', ');
}

export function figuresFrom(row: Record<string, unknown>, prefix = ''): SheetFigures {
  const figures = { votes: row[`${prefix}votes`] as number[] } as SheetFigures;
  for (const { column, field } of COMPARED_FIGURES) {
    (figures as unknown as Record<string, number | null>)[field] = row[`${prefix}${column}`] as number | null;
  }
  return figures;
}

/** The polling_stations column holding a station's area of each level (denormalised for filters). */
export const STATION_AREA_COLUMN: Record<AreaLevel, string> = {
  province: 'province_code',
  district: 'district_code',
  commune: 'commune_code',
};

/** SQL selecting the ids of the election's stations inside an area. */
export function stationsInArea(
  params: QueryParams,
  election: string,
  area: { code: string; level: AreaLevel },
): string {
  return `SELECT s.id FROM polling_stations s
    WHERE s.election_id = ${election} AND s.${STATION_AREA_COLUMN[area.level]} = ${params.add(area.code)}`;
}

/**
 * Copies counted apart from the official count — observers' (the shared `observer` and each
 * organisation's `observer:<ORG>`) and parties' — whose disagreement calls
 * for a recount. The official sources and recounts supersede one another; a difference between them
 * is a correction already made, not a dispute. Listed, not matched by pattern, so that the
 * (election, source) index finds them.
 */
export function independentSources(partyCodes: readonly string[], observerSources: readonly string[] = []): string[] {
  return ['observer', ...observerSources, ...partyCodes.map((code) => `party:${code}`)];
}
