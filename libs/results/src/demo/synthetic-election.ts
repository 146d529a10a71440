import { SeededRandom } from './seeded-random';

/** One area of the shipped kh-areas.csv (`level,code,parent_code,name_en,name_km`). */
export interface KhArea {
  level: 'province' | 'district' | 'commune';
  code: string;
  parentCode: string;
  nameEn: string;
  nameKm: string;
}

export const DEMO_PARTIES = [
  { code: 'CPP', name: "Cambodian People's Party", nameKm: 'គណបក្សប្រជាជនកម្ពុជា' },
  { code: 'CNRP', name: 'Cambodia National Rescue Party', nameKm: 'គណបក្សសង្គ្រោះជាតិ' },
  { code: 'FUN', name: 'FUNCINPEC', nameKm: 'គណបក្សហ្វ៊ុនស៊ិនប៉ិច' },
  { code: 'LDP', name: 'League for Democracy Party', nameKm: 'គណបក្សសម្ព័ន្ធដើម្បីប្រជាធិបតេយ្យ' },
  { code: 'KNUP', name: 'Khmer National United Party', nameKm: 'គណបក្សសាមគ្គីជាតិខ្មែរ' },
] as const;

export interface SyntheticElectionFiles {
  stations: string[];
  seats: string[];
  official: string[];
  observer: string[];
  partyCopy: string[];
  /** What was planted, so tests and the demo's description can say it. */
  planted: { observerDisagreements: number; invalidClusters: number; arithmeticErrors: number; stations: number };
}

interface Count {
  registered: number;
  cast: number;
  invalid: number;
  votes: number[];
}

const PARTY_CODES = DEMO_PARTIES.map((p) => p.code);
const SHEET_HEADER = [
  'station_code',
  'registered_voters',
  'ballots_cast',
  'invalid_ballots',
  'valid_ballots',
  ...PARTY_CODES,
].join(',');

/**
 * A clearly synthetic commune election on Cambodia's real areas: every commune a contest unit,
 * `stationsPerCommune` stations each, official preliminary sheets, observer copies that disagree
 * at about 7% of stations (the 2017 match rate was 93.1%), a party's copies, clusters of invalid
 * ballots and a few arithmetic errors, so that every results view has something true to show.
 */
export function syntheticElection(areas: KhArea[], stationsPerCommune: number, seed = 2017): SyntheticElectionFiles {
  const random = new SeededRandom(seed);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const communes = areas.filter((a) => a.level === 'commune');
  const csv = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const files: SyntheticElectionFiles = {
    stations: [
      'station_code,station_name,commune_code,commune_name_en,commune_name_km,district_code,district_name_en,district_name_km,province_code,province_name_en,province_name_km,registered_voters',
    ],
    seats: ['area_code,seats'],
    official: [SHEET_HEADER],
    observer: [SHEET_HEADER],
    partyCopy: [SHEET_HEADER],
    planted: { observerDisagreements: 0, invalidClusters: 0, arithmeticErrors: 0, stations: 0 },
  };

  for (const commune of communes) {
    const district = byCode.get(commune.parentCode);
    const province = district && byCode.get(district.parentCode);
    if (!district || !province) continue;
    // A commune's leaning: most are close two-party races, as in 2017.
    const lean = Math.min(0.75, Math.max(0.3, random.normal(0.51, 0.09)));
    const shares = [lean, 0.93 - lean, 0.03, 0.025, 0.015];
    const invalidCluster = random.chance(0.04);
    if (invalidCluster) files.planted.invalidClusters += 1;
    let communeVoters = 0;

    for (let n = 1; n <= stationsPerCommune; n++) {
      const code = `${commune.code}${String(n).padStart(3, '0')}`;
      const registered = random.int(350, 850);
      communeVoters += registered;
      const count = castBallots(random, registered, shares, invalidCluster);
      files.planted.stations += 1;
      files.stations.push(
        [
          code,
          csv(`Polling station ${n}, ${commune.nameEn}`),
          commune.code,
          csv(commune.nameEn),
          csv(commune.nameKm),
          district.code,
          csv(district.nameEn),
          csv(district.nameKm),
          province.code,
          csv(province.nameEn),
          csv(province.nameKm),
          registered,
        ].join(','),
      );

      const official = { ...count, votes: [...count.votes] };
      if (random.chance(0.004)) {
        // A transcription slip on the official sheet: a party's votes no longer add up.
        official.votes[1] += random.int(5, 40);
        files.planted.arithmeticErrors += 1;
      }
      files.official.push(sheetLine(code, official));

      const observed = { ...count, votes: [...count.votes] };
      if (random.chance(0.07)) {
        // The observers' copy differs: votes moved from the second party to the first.
        const moved = random.int(3, 30);
        observed.votes[0] += moved;
        observed.votes[1] = Math.max(0, observed.votes[1] - moved);
        files.planted.observerDisagreements += 1;
      }
      files.observer.push(sheetLine(code, observed));
      if (random.chance(0.5)) files.partyCopy.push(sheetLine(code, count));
    }
    // Commune councils have 5 to 11 seats, by population.
    files.seats.push(`${commune.code},${Math.min(11, Math.max(5, Math.round(communeVoters / 1_000)))}`);
  }
  return files;
}

function castBallots(random: SeededRandom, registered: number, shares: number[], invalidCluster: boolean): Count {
  const turnout = Math.min(1, Math.max(0.6, random.normal(0.86, 0.05)));
  const cast = Math.round(registered * turnout);
  const invalidShare = invalidCluster ? random.normal(0.09, 0.02) : random.normal(0.018, 0.006);
  const invalid = Math.max(0, Math.min(cast, Math.round(cast * invalidShare)));
  const valid = cast - invalid;
  const weights = shares.map((s) => Math.max(0.001, s * random.normal(1, 0.12)));
  const total = weights.reduce((a, b) => a + b, 0);
  const votes = weights.map((w) => Math.floor((valid * w) / total));
  votes[0] += valid - votes.reduce((a, b) => a + b, 0); // rounding remainder to the first party
  return { registered, cast, invalid, votes };
}

function sheetLine(code: string, count: Count): string {
  const valid = count.cast - count.invalid;
  return [code, count.registered, count.cast, count.invalid, valid, ...count.votes].join(',');
}

/** Parses the shipped kh-areas.csv (plain CSV: no quoted fields in it). */
export function parseKhAreas(text: string): KhArea[] {
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [level, code, parentCode, nameEn, nameKm] = line.split(',');
      return { level: level as KhArea['level'], code, parentCode, nameEn, nameKm };
    });
}
