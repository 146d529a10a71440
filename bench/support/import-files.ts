import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  DEMO_PARTIES,
  parseKhAreas,
  syntheticElection,
  type SyntheticElectionFiles,
} from '@app/results/demo/synthetic-election';
import { ugandaCandidates, ugandaSheetRows, ugandaStationRows, type UgandaRow } from '../../test/support/uganda-files';

/** The import files (CONTRACT.md "Import files") the import benchmark uploads, written to disk once per run. */

const CHUNK_LINES = 10_000;

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
export const csvLine = (cells: (string | number)[]) => cells.map(csvCell).join(',');

/** Writes lines in chunks (a 10× stations file is tens of MB); returns the file's size in bytes. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let chunk: string[] = [];
  const flush = async () => {
    if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
    chunk = [];
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === CHUNK_LINES) await flush();
  }
  if (chunk.length > 0) await flush();
  out.end();
  await once(out, 'finish');
  return out.bytesWritten;
}

export interface UgandaFiles {
  /** Stations (rows of the file). */
  count: number;
  candidates: string[];
  stations: string;
  /** Sheets: the file trimmed to the sheet columns, as test/imports-real-data.e2e-spec.ts makes it. */
  sheets: string;
  /** The same sheets with a few figures changed and a few sums broken (the e2e test's alterations). */
  altered: string;
  /** Stations whose altered sheet differs from the original. */
  alteredStations: string[];
  /** A stand-in for seats, which a presidential file has none of: one per 50,000 registered voters of the district. */
  seats: string;
  districts: number;
}

type Row = UgandaRow;

/**
 * The real Uganda 2021 file turned into the files an election needs, exactly as the e2e test does: its
 * parishes, sub-counties and districts stand in for communes, districts and provinces; districts are the
 * contest units; the candidates are the parties.
 */
export async function ugandaFiles(source: string, dir: string): Promise<UgandaFiles> {
  const rows = parse(await readFile(source, 'utf8'), { columns: true }) as Row[];
  const candidates = ugandaCandidates(rows);
  const stations = join(dir, 'ug-stations.csv');
  await writeLines(stations, ugandaStationRows(rows).map(csvLine));

  const sheetsOf = async (path: string, data: Row[]) => {
    await writeLines(path, ugandaSheetRows(data, candidates).map(csvLine));
    return path;
  };

  const altered = rows.map((r) => ({ ...r }));
  const shifted = [100, 2_000, 9_000, 20_000, 30_000]; // a vote moved between candidates: sums still right
  const votesBroken = [150, 3_000, 12_000]; // a candidate's figure changed alone
  const ballotsBroken = [500, 25_000]; // invalid ballots changed alone
  const plus = (row: Row, column: string, n: number) => (row[column] = String(Number(row[column]) + n));
  for (const i of shifted) {
    plus(altered[i], 'MUSEVENI', 1);
    plus(altered[i], 'KYAGULANYI', 1);
    plus(altered[i], 'valid_ballots', 2);
    plus(altered[i], 'ballots_cast', 2);
  }
  for (const i of votesBroken) plus(altered[i], 'KYAGULANYI', 7);
  for (const i of ballotsBroken) plus(altered[i], 'invalid_ballots', 4);

  const registered = new Map<string, number>();
  for (const r of rows) {
    registered.set(r.district_code, (registered.get(r.district_code) ?? 0) + Number(r.registered_voters));
  }
  const seats = join(dir, 'ug-seats.csv');
  await writeLines(seats, [
    'area_code,seats',
    ...[...registered].map(([district, voters]) => `${district},${Math.max(1, Math.round(voters / 50_000))}`),
  ]);

  return {
    count: rows.length,
    candidates,
    stations,
    sheets: await sheetsOf(join(dir, 'ug-sheets.csv'), rows),
    altered: await sheetsOf(join(dir, 'ug-sheets-altered.csv'), altered),
    alteredStations: [...shifted, ...votesBroken, ...ballotsBroken].map((i) => rows[i].station_code).sort(),
    seats,
    districts: registered.size,
  };
}

export interface SyntheticFiles {
  stations: string;
  seats: string;
  official: string;
  observer: string;
  partyCopy: string;
  /** Rows of each file (its lines but the header). */
  rows: { stations: number; seats: number; official: number; observer: number; partyCopy: number };
  /** The official sheets file's size in bytes. */
  officialBytes: number;
}

export const SYNTHETIC_PARTIES = DEMO_PARTIES.map((p) => ({ code: p.code, name: p.name, nameKm: p.nameKm }));

/** seed:demo's synthetic commune election on Cambodia's real communes, `perCommune` stations each, as files. */
export async function syntheticFiles(areasCsv: string, perCommune: number, dir: string): Promise<SyntheticFiles> {
  const files: SyntheticElectionFiles = syntheticElection(parseKhAreas(await readFile(areasCsv, 'utf8')), perCommune);
  const write = async (name: string, lines: string[]) => {
    const path = join(dir, `kh-${perCommune}-${name}.csv`);
    return { path, bytes: await writeLines(path, lines), rows: lines.length - 1 };
  };
  const stations = await write('stations', files.stations);
  const seats = await write('seats', files.seats);
  const official = await write('official', files.official);
  const observer = await write('observer', files.observer);
  const partyCopy = await write('party-copy', files.partyCopy);
  return {
    stations: stations.path,
    seats: seats.path,
    official: official.path,
    observer: observer.path,
    partyCopy: partyCopy.path,
    rows: {
      stations: stations.rows,
      seats: seats.rows,
      official: official.rows,
      observer: observer.rows,
      partyCopy: partyCopy.rows,
    },
    officialBytes: official.bytes,
  };
}
