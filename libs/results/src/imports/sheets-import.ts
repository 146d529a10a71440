import { IMPORT_COLUMNS } from './import-columns';
import { buildImportRows, cell, countOf, countProblem, duplicate, ImportContext, KindImport, Sql } from './import-sql';
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
    await buildImportRows(sql, {
      key: { staging: code, column: 'station_code' },
      parsed: `SELECT s.*, ${code} AS station_code, st.id AS station_id, ${unitOf(ctx, 'st')} AS unit_code,
                      ${COUNTS.map((c) => `${countOf(col(c.name), ctx.castCounts)} AS ${c.name}`).join(', ')},
                      ${cell(col('note'))} AS note
                      ${ctx.columns.parties.map((column, i) => `, ${countOf(column, ctx.castCounts)} AS ${votes[i]}`).join('')}
                 FROM import_staging s
                 LEFT JOIN polling_stations st ON st.election_id = $1 AND st.code = ${code}`,
      columns: [
        ...['line', 'station_code', 'station_id', 'unit_code', ...COUNTS.map((c) => c.name), 'note'].map(
          (c) => `r.${c}`,
        ),
        `${votes.length > 0 ? `ARRAY[${votes.map((v) => `r.${v}`).join(', ')}]` : "'{}'"}::int[] AS votes`,
        `${votes.length > 0 ? votes.map((v) => `r.${v}::bigint`).join(' + ') : '0'} AS votes_sum`,
      ],
      checks: [
        {
          field: 'station_code',
          problem: `CASE WHEN r.station_code IS NULL THEN 'is missing'
                         WHEN r.station_id IS NULL THEN format('no polling station "%s" in this election', left(r.station_code, 60))
                         ELSE ${duplicate('station_code', 'station')} END`,
        },
        ...COUNTS.map((c) => ({ field: c.name, problem: countProblem(col(c.name), `r.${c.name}`, c.required) })),
        ...ctx.partyCodes.map((party, i) => ({
          field: party,
          problem: countProblem(ctx.columns.parties[i], `r.${votes[i]}`, true),
        })),
      ],
      params: [ctx.electionId],
    });
  },

  async merge(sql: Sql, ctx: ImportContext): Promise<number> {
    await sql(
      `CREATE TEMP TABLE import_changes ON COMMIT DROP AS
       SELECT r.*, cur.id AS current_id, coalesce(cur.version, 0) + 1 AS version
         FROM import_rows r
         LEFT JOIN result_sheets cur ON cur.station_id = r.station_id AND cur.source = $1 AND cur.is_current
        WHERE cur.id IS NULL
           OR (${FIGURES.map((f) => `cur.${f}`).join(', ')}) IS DISTINCT FROM (${FIGURES.map((f) => `r.${f}`).join(', ')})`,
      [ctx.source],
    );
    const [{ changed, replacing }] = await sql<{ changed: number; replacing: number }>(
      'SELECT count(*)::int AS changed, count(current_id)::int AS replacing FROM import_changes',
    );
    if (changed === 0) return 0;
    await sql('ANALYZE import_changes (line)');
    if (replacing > 0) {
      await sql('UPDATE result_sheets s SET is_current = false FROM import_changes c WHERE s.id = c.current_id');
    }

    // The contest units' median invalid shares once this import is in: its rows and the other current sheets.
    await sql(
      `CREATE TEMP TABLE import_unit_medians ON COMMIT DROP AS
       SELECT unit_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY share) AS median
         FROM (SELECT unit_code, invalid_ballots::float8 / ballots_cast AS share
                 FROM import_changes WHERE ballots_cast > 0
               UNION ALL
               SELECT ${unitOf(ctx, 'p')}, s.invalid_ballots::float8 / s.ballots_cast
                 FROM result_sheets s JOIN polling_stations p ON p.id = s.station_id
                WHERE s.election_id = $1 AND s.source = $2 AND s.is_current AND s.ballots_cast > 0
                  AND ${unitOf(ctx, 'p')} IN (SELECT unit_code FROM import_changes)) shares
        GROUP BY unit_code`,
      [ctx.electionId, ctx.source],
    );
    await sql('ANALYZE import_unit_medians');
    const thresholds = [ctx.thresholds.highInvalidShare, ctx.thresholds.highTurnout];
    await sql(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current,
              ${COUNTS.map((c) => c.name).join(', ')}, votes, note, findings, import_id, row_number, created_by)
       SELECT $1, c.station_id, $2, c.version, true,
              ${COUNTS.map((col) => `c.${col.name}`).join(', ')}, c.votes, c.note,
              ${findingsSql(figures('c', 'c.votes_sum'), '$5::float8', '$6::float8')}, $3, c.line, $4
         FROM import_changes c LEFT JOIN import_unit_medians m USING (unit_code)`,
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
