import { ImportKind } from './result-import.entity';

/**
 * One column of an import file (CONTRACT.md "Import files"). A `required` column must be in the
 * header and every row must fill it; an optional one may be absent, or empty in a row.
 */
export interface ColumnSpec {
  name: string;
  type: 'text' | 'count';
  required: boolean;
}

const text = (name: string, required = true): ColumnSpec => ({ name, type: 'text', required });
const count = (name: string, required = true): ColumnSpec => ({ name, type: 'count', required });

export const IMPORT_COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  stations: [
    text('station_code'),
    text('station_name'),
    text('commune_code'),
    text('commune_name_en'),
    // Khmer names may be empty: the hierarchy is whatever the country's is (CONTRACT.md).
    text('commune_name_km', false),
    text('district_code'),
    text('district_name_en'),
    text('district_name_km', false),
    text('province_code'),
    text('province_name_en'),
    text('province_name_km', false),
    count('registered_voters'),
  ],
  seats: [text('area_code'), count('seats')],
  sheets: [
    text('station_code'),
    count('registered_voters'),
    count('ballots_received', false),
    count('ballots_cast'),
    count('ballots_unused', false),
    count('ballots_spoiled', false),
    count('invalid_ballots'),
    count('valid_ballots'),
    text('note', false),
  ],
};

/** Where each column of the file went in the staging table: spec name or party code → `c<n>`. */
export interface ColumnMap {
  /** Staging column of a spec column, or undefined when an optional column is absent. */
  of(name: string): string | undefined;
  /** Staging column of each party, in the election's party order. */
  parties: string[];
  /** How many columns the header has (the staging table has as many). */
  width: number;
}
