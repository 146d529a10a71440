import { IMPORT_COLUMNS } from './import-columns';
import {
  cell,
  buildImportRows,
  countOf,
  countProblem,
  countTouched,
  duplicate,
  ImportContext,
  KindImport,
  missing,
  Sql,
} from './import-sql';

const TEXTS = IMPORT_COLUMNS.stations.filter((c) => c.type === 'text').map((c) => c.name);
const STATION_FIELDS = ['name', 'commune_code', 'district_code', 'province_code', 'registered_voters'];

/** A row whose area sits under another parent than on the first line naming that area. */
const parentConflict = (area: string, parent: string, parentLabel: string) =>
  `CASE WHEN r.${area}_parent IS NOT NULL AND r.${parent}_code IS DISTINCT FROM r.${area}_parent
     THEN format('${area} %s is in ${parentLabel} %s on line %s', r.${area}_code, r.${area}_parent, r.${area}_first) END`;

/** A code naming areas of two levels, in this file or against the election's existing areas. */
const levelConflict = (level: string) =>
  `CASE WHEN r.${level}_code IN (SELECT code FROM import_area_conflicts)
     THEN format('area code "%s" names areas of more than one level', r.${level}_code) END`;

/**
 * `stations`: polling stations and the three levels of areas above them. Areas and stations are
 * upserted by code: new ones added, changed ones updated, identical ones left alone.
 */
export const stationsImport: KindImport = {
  async validate(sql: Sql, ctx: ImportContext): Promise<void> {
    const col = (name: string) => ctx.columns.of(name);
    const value = (name: string) => cell(col(name));
    const firstOf = (key: string, of: string) =>
      `first_value(${value(of)}) OVER (PARTITION BY ${value(key)} ORDER BY s.line)`;
    await sql(
      `CREATE TEMP TABLE import_area_conflicts ON COMMIT DROP AS
       WITH named AS (
         SELECT DISTINCT v.code, v.level FROM import_staging s
          CROSS JOIN LATERAL (VALUES (${value('commune_code')}, 'commune'), (${value('district_code')}, 'district'),
                                     (${value('province_code')}, 'province')) AS v(code, level)
          WHERE v.code IS NOT NULL)
       SELECT code FROM (SELECT code, level FROM named
                         UNION SELECT a.code, a.level FROM areas a
                                WHERE a.election_id = $1 AND a.code IN (SELECT code FROM named)) levels
        GROUP BY code HAVING count(*) > 1`,
      [ctx.electionId],
    );
    await buildImportRows(sql, {
      key: { staging: value('station_code'), column: 'station_code' },
      parsed: `SELECT s.*, ${TEXTS.map((t) => `${value(t)} AS ${t}`).join(', ')},
                      ${countOf(col('registered_voters'), ctx.typedCounts)} AS registered_voters,
                      ${firstOf('commune_code', 'district_code')} AS commune_parent,
                      min(s.line) OVER (PARTITION BY ${value('commune_code')}) AS commune_first,
                      ${firstOf('district_code', 'province_code')} AS district_parent,
                      min(s.line) OVER (PARTITION BY ${value('district_code')}) AS district_first
                 FROM import_staging s`,
      columns: ['r.line', ...TEXTS.map((t) => `r.${t}`), 'r.registered_voters'],
      checks: [
        {
          field: 'station_code',
          problem: `coalesce(${missing('r.station_code')}, ${duplicate('station_code', 'station')})`,
        },
        { field: 'station_name', problem: missing('r.station_name') },
        {
          field: 'commune_code',
          problem: `coalesce(${missing('r.commune_code')}, ${levelConflict('commune')},
                             ${parentConflict('commune', 'district', 'district')})`,
        },
        { field: 'commune_name_en', problem: missing('r.commune_name_en') },
        {
          field: 'district_code',
          problem: `coalesce(${missing('r.district_code')}, ${levelConflict('district')},
                             ${parentConflict('district', 'province', 'province')})`,
        },
        { field: 'district_name_en', problem: missing('r.district_name_en') },
        { field: 'province_code', problem: `coalesce(${missing('r.province_code')}, ${levelConflict('province')})` },
        { field: 'province_name_en', problem: missing('r.province_name_en') },
        {
          field: 'registered_voters',
          problem: countProblem(col('registered_voters'), 'r.registered_voters', true, ctx.typedCounts),
        },
      ],
    });
  },

  async merge(sql: Sql, ctx: ImportContext): Promise<number> {
    // Each area as the first accepted row naming it describes it.
    await sql(
      `INSERT INTO areas (election_id, code, level, parent_code, name_en, name_km)
       SELECT $1::int, code, level, parent_code, name_en, name_km FROM (
         SELECT DISTINCT ON (province_code) province_code AS code, 'province' AS level, NULL::text AS parent_code,
                province_name_en AS name_en, province_name_km AS name_km
           FROM import_rows ORDER BY province_code, line) provinces
       UNION ALL
       SELECT $1::int, code, level, parent_code, name_en, name_km FROM (
         SELECT DISTINCT ON (district_code) district_code AS code, 'district' AS level, province_code AS parent_code,
                district_name_en AS name_en, district_name_km AS name_km
           FROM import_rows ORDER BY district_code, line) districts
       UNION ALL
       SELECT $1::int, code, level, parent_code, name_en, name_km FROM (
         SELECT DISTINCT ON (commune_code) commune_code AS code, 'commune' AS level, district_code AS parent_code,
                commune_name_en AS name_en, commune_name_km AS name_km
           FROM import_rows ORDER BY commune_code, line) communes
       ON CONFLICT (election_id, code) DO UPDATE
          SET parent_code = excluded.parent_code, name_en = excluded.name_en, name_km = excluded.name_km
        WHERE (areas.parent_code, areas.name_en, areas.name_km)
              IS DISTINCT FROM (excluded.parent_code, excluded.name_en, excluded.name_km)`,
      [ctx.electionId],
    );
    const target = STATION_FIELDS.map((f) => `polling_stations.${f}`).join(', ');
    const incoming = STATION_FIELDS.map((f) => `excluded.${f}`).join(', ');
    return countTouched(
      sql,
      `INSERT INTO polling_stations (election_id, code, ${STATION_FIELDS.join(', ')})
       SELECT $1, station_code, station_name, commune_code, district_code, province_code, registered_voters
         FROM import_rows
       ON CONFLICT (election_id, code) DO UPDATE
          SET ${STATION_FIELDS.map((f) => `${f} = excluded.${f}`).join(', ')}
        WHERE (${target}) IS DISTINCT FROM (${incoming})`,
      [ctx.electionId],
    );
  },
};
