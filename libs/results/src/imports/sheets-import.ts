import { IMPORT_COLUMNS } from './import-columns';
import {
  buildImportRows,
  cell,
  countOf,
  countProblem,
  countsFine,
  duplicate,
  ImportContext,
  KindImport,
  Sql,
} from './import-sql';
import { findingsSql } from './sheet-findings';

const COUNTS = IMPORT_COLUMNS.sheets.filter((c) => c.type === 'count');
/** What makes two versions of a sheet different: every figure, the votes and the note. */
const FIGURES = [...COUNTS.map((c) => c.name), 'votes', 'note'];

const unitOf = (ctx: ImportContext, station: string) =>
  ctx.contestLevel === 'commune' ? `${station}.commune_code` : `${station}.province_code`;

/**
 * `sheets`: one source's copy of each station's count. A row that differs from the current version
 * of (station, source) retires it and adds the next version; an identical row changes nothing.
 */
export const sheetsImport: KindImport = {
  async validate(sql: Sql, ctx: ImportContext): Promise<void> {
    const col = (name: string) => ctx.columns.of(name);
    const code = cell(col('station_code'));
    const votes = ctx.columns.parties.map((_, i) => `v${i + 1}`);
    const counts = [
      ...COUNTS.map((c) => ({ column: col(c.name), parsed: `r.${c.name}`, required: c.required })),
      ...votes.map((v, i) => ({ column: ctx.columns.parties[i], parsed: `r.${v}`, required: true })),
    ].filter((c) => c.column !== undefined);
    // The current version of each station's sheet of this source is looked up in the same pass,
    // so that the merge reads only the rows that change something.
    await buildImportRows(sql, {
      key: { staging: code, column: 'station_code' },
      parsed: `SELECT s.*, ${code} AS station_code, st.id AS station_id, ${unitOf(ctx, 'st')} AS unit_code,
                      ${COUNTS.map((c) => `${countOf(col(c.name), ctx.typedCounts)} AS ${c.name}`).join(', ')},
                      ${cell(col('note'))} AS note,
                      ${votes.length > 0 ? `ARRAY[${ctx.columns.parties.map((column) => countOf(column, ctx.typedCounts)).join(', ')}]` : "'{}'"}::int[] AS votes
                      ${ctx.columns.parties.map((column, i) => `, ${countOf(column, ctx.typedCounts)} AS ${votes[i]}`).join('')},
                      cur.id AS current_id, cur.version AS current_version,
                      ${FIGURES.map((f) => `cur.${f} AS current_${f}`).join(', ')}
                 FROM import_staging s
                 LEFT JOIN polling_stations st ON st.election_id = $1 AND st.code = ${code}
                 LEFT JOIN result_sheets cur
                   ON cur.election_id = $1 AND cur.source = $2 AND cur.station_id = st.id AND cur.is_current`,
      columns: [
        ...['line', 'station_code', 'station_id', 'unit_code', ...COUNTS.map((c) => c.name), 'note', 'votes'].map(
          (c) => `r.${c}`,
        ),
        `${votes.length > 0 ? votes.map((v) => `r.${v}::bigint`).join(' + ') : '0'} AS votes_sum`,
        'r.current_id',
        'coalesce(r.current_version, 0) + 1 AS version',
        `r.current_id IS NULL OR (${FIGURES.map((f) => `r.current_${f}`).join(', ')})
           IS DISTINCT FROM (${FIGURES.map((f) => `r.${f}`).join(', ')}) AS changed`,
      ],
      checks: [
        {
          field: 'station_code',
          problem: `CASE WHEN r.station_code IS NULL THEN 'is missing'
                         WHEN r.station_id IS NULL THEN format('no polling station "%s" in this election', left(r.station_code, 60))
                         ELSE ${duplicate('station_code', 'station')} END`,
        },
        ...COUNTS.map((c) => ({
          field: c.name,
          problem: countProblem(col(c.name), `r.${c.name}`, c.required, ctx.typedCounts),
        })),
        ...ctx.partyCodes.map((party, i) => ({
          field: party,
          problem: countProblem(ctx.columns.parties[i], `r.${votes[i]}`, true, ctx.typedCounts),
        })),
      ],
      fine: ctx.typedCounts ? `r.station_id IS NOT NULL AND d.first_line IS NULL AND ${countsFine(counts)}` : undefined,
      params: [ctx.electionId, ctx.source],
    });
  },

  async merge(sql: Sql, ctx: ImportContext): Promise<number> {
    const [{ changed, replacing }] = await sql<{ changed: number; replacing: number }>(
      `SELECT count(*)::int AS changed, count(current_id)::int AS replacing FROM import_rows WHERE changed`,
    );
    if (changed === 0) return 0;
    if (replacing > 0) {
      await sql(
        `UPDATE result_sheets s SET is_current = false FROM import_rows c
          WHERE c.changed AND s.id = c.current_id`,
      );
    }

    // The contest units' median invalid shares once this import is in: its rows and the other current sheets.
    await sql(
      `CREATE TEMP TABLE import_unit_medians ON COMMIT DROP AS
       SELECT unit_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY share) AS median
         FROM (SELECT unit_code, invalid_ballots::float8 / ballots_cast AS share
                 FROM import_rows WHERE changed AND ballots_cast > 0
               UNION ALL
               SELECT ${unitOf(ctx, 'p')}, s.invalid_ballots::float8 / s.ballots_cast
                 FROM result_sheets s JOIN polling_stations p ON p.id = s.station_id
                WHERE s.election_id = $1 AND s.source = $2 AND s.is_current AND s.ballots_cast > 0
                  AND ${unitOf(ctx, 'p')} IN (SELECT unit_code FROM import_rows WHERE changed)) shares
        GROUP BY unit_code`,
      [ctx.electionId, ctx.source],
    );
    const thresholds = [ctx.thresholds.highInvalidShare, ctx.thresholds.highTurnout];
    await sql(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current,
              ${COUNTS.map((c) => c.name).join(', ')}, votes, note, findings, import_id, row_number, created_by)
       SELECT $1, c.station_id, $2, c.version, true,
              ${COUNTS.map((col) => `c.${col.name}`).join(', ')}, c.votes, c.note,
              ${findingsSql(figures('c', 'c.votes_sum'), '$5::float8', '$6::float8')}, $3, c.line, $4
         FROM import_rows c LEFT JOIN import_unit_medians m USING (unit_code)
        WHERE c.changed`,
      [ctx.electionId, ctx.source, ctx.importId, ctx.userId, ...thresholds],
    );
    // A new median can change HIGH_INVALID on the unit's other current sheets of this source.
    const findings = findingsSql(
      figures('s', '(SELECT coalesce(sum(v), 0) FROM unnest(s.votes) v)'),
      '$4::float8',
      '$5::float8',
    );
    await sql(
      `UPDATE result_sheets s SET findings = ${findings}
         FROM polling_stations p, import_unit_medians m
        WHERE s.election_id = $1 AND s.source = $2 AND s.is_current AND s.import_id IS DISTINCT FROM $3
          AND p.id = s.station_id AND ${unitOf(ctx, 'p')} = m.unit_code
          AND s.findings IS DISTINCT FROM ${findings}`,
      [ctx.electionId, ctx.source, ctx.importId, ...thresholds],
    );
    return changed;
  },
};

/** The figures of a sheet row aliased `sheet`, as findingsSql reads them; the unit median comes from `m`. */
/**
 * The findings of a sheet already stored in result_sheets (alias `sheet`), judged by its election's
 * thresholds (alias `e`) and its unit's median invalid share (alias `m.median`): the expression a
 * thresholds change, a recount and a corrected sheet all re-check with.
 */
export function storedSheetFindingsSql(sheet: string): string {
  return findingsSql(
    figures(sheet, `(SELECT coalesce(sum(v), 0) FROM unnest(${sheet}.votes) v)`),
    "(e.thresholds->>'highInvalidShare')::float8",
    "(e.thresholds->>'highTurnout')::float8",
  );
}

export function figures(sheet: string, votesSum: string) {
  return {
    registered: `${sheet}.registered_voters`,
    received: `${sheet}.ballots_received`,
    cast: `${sheet}.ballots_cast`,
    unused: `${sheet}.ballots_unused`,
    spoiled: `${sheet}.ballots_spoiled`,
    invalid: `${sheet}.invalid_ballots`,
    valid: `${sheet}.valid_ballots`,
    votesSum,
    unitMedianInvalidShare: 'm.median',
  };
}
