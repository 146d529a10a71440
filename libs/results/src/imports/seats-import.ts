import {
  buildImportRows,
  cell,
  countOf,
  countProblem,
  countTouched,
  duplicate,
  ImportContext,
  KindImport,
  Sql,
} from './import-sql';

/** `seats`: the seats of each contest unit (a commune or a province, as the election says). */
export const seatsImport: KindImport = {
  async validate(sql: Sql, ctx: ImportContext): Promise<void> {
    const code = cell(ctx.columns.of('area_code'));
    await buildImportRows(sql, {
      key: { staging: code, column: 'area_code' },
      parsed: `SELECT s.*, ${code} AS area_code, a.level, ${countOf(ctx.columns.of('seats'), ctx.typedCounts)} AS seats
                 FROM import_staging s LEFT JOIN areas a ON a.election_id = $1 AND a.code = ${code}`,
      columns: ['r.line', 'r.area_code', 'r.seats'],
      checks: [
        {
          field: 'area_code',
          problem: `CASE WHEN r.area_code IS NULL THEN 'is missing'
                         WHEN r.level IS NULL THEN format('no area "%s" in this election', left(r.area_code, 60))
                         WHEN r.level <> $2 THEN format('area %s is a %s; the contest units of this election are %ss',
                                                        r.area_code, r.level, $2::text)
                         ELSE ${duplicate('area_code', 'area')} END`,
        },
        { field: 'seats', problem: countProblem(ctx.columns.of('seats'), 'r.seats', true, ctx.typedCounts) },
      ],
      params: [ctx.electionId, ctx.contestLevel],
    });
  },

  async merge(sql: Sql, ctx: ImportContext): Promise<number> {
    return countTouched(
      sql,
      `UPDATE areas a SET seats = r.seats FROM import_rows r
        WHERE a.election_id = $1 AND a.code = r.area_code AND a.seats IS DISTINCT FROM r.seats`,
      [ctx.electionId],
    );
  },
};
