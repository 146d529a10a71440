/**
 * The real Uganda 2021 presidential file (../shared/data) as an election's import files, shared by
 * the real-data e2e test and the import benchmark. The file has no communes or provinces: its
 * parishes, sub-counties and districts stand in for communes, districts and provinces, and its
 * candidates are the parties.
 */

export const STATIONS_HEADER = [
  'station_code',
  'station_name',
  'commune_code',
  'commune_name_en',
  'commune_name_km',
  'district_code',
  'district_name_en',
  'district_name_km',
  'province_code',
  'province_name_en',
  'province_name_km',
  'registered_voters',
];

export const SHEET_FIGURES = ['registered_voters', 'ballots_cast', 'invalid_ballots', 'valid_ballots'];

/** One row of the Uganda file, by column name. */
export type UgandaRow = Record<string, string>;

/** The candidates: every column after the eleven descriptive ones. */
export const ugandaCandidates = (rows: UgandaRow[]): string[] => Object.keys(rows[0]).slice(11);

/** The rows (header first) of a stations file for the Uganda stations. */
export function ugandaStationRows(rows: UgandaRow[]): (string | number)[][] {
  return [
    STATIONS_HEADER,
    ...rows.map((r) => {
      const [district, constituency, subcounty, parish] = r.station_code.split('-');
      return [
        r.station_code,
        r.station_name,
        [district, constituency, subcounty, parish].join('-'),
        r.parish_name,
        '',
        [district, constituency, subcounty].join('-'),
        r.subcounty_name,
        '',
        district,
        r.district_name,
        '',
        r.registered_voters,
      ];
    }),
  ];
}

/** The rows (header first) of a sheets file: the station, its figures and each candidate's votes. */
export function ugandaSheetRows(rows: UgandaRow[], candidates: string[]): string[][] {
  const header = ['station_code', ...SHEET_FIGURES, ...candidates];
  return [header, ...rows.map((r) => header.map((h) => r[h]))];
}
