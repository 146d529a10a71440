import { csv, STATIONS_HEADER } from './imports';

/** A commune election with three parties, as an admin creates it. */
export const communeElection = (code: string) => ({
  code,
  name: 'Commune council elections 2017',
  kind: 'commune_council',
  pollingDate: '2017-06-04',
  seatMethod: 'dhondt',
  contestLevel: 'commune',
  parties: [
    { code: 'CPP', name: "Cambodian People's Party" },
    { code: 'CNRP', name: 'Cambodia National Rescue Party' },
    { code: 'FUN', name: 'FUNCINPEC' },
  ],
});

const PP = ['12', 'Phnom Penh', 'ភ្នំពេញ'];
const CHAMKAR_MON = ['1201', 'Chamkar Mon', 'ចំការមន'];
const BMC = ['01', 'Banteay Meanchey', ''];
const MONGKOL_BOREI = ['0102', 'Mongkol Borei', ''];
const TONLE_BASAK = ['120101', 'Tonle Basak', 'ទន្លេបាសាក់'];
const BKK1 = ['120102', 'Boeng Keng Kang Muoy', ''];
const BANTEAY_NEANG = ['010201', 'Banteay Neang', ''];

const station = (
  code: string,
  name: string,
  commune: string[],
  district: string[],
  province: string[],
  voters: number,
) => [code, name, ...commune, ...district, ...province, voters];

/** Fifteen stations in three communes of two provinces; one name holds a comma, some Khmer names are empty. */
export const STATIONS = csv([
  STATIONS_HEADER,
  station('S01', 'Wat Lanka, hall 1', TONLE_BASAK, CHAMKAR_MON, PP, 500),
  station('S02', 'Wat Lanka, hall 2', TONLE_BASAK, CHAMKAR_MON, PP, 500),
  station('S03', 'សាលាបឋមសិក្សា', TONLE_BASAK, CHAMKAR_MON, PP, 500),
  station('S04', 'Tonle Basak school', TONLE_BASAK, CHAMKAR_MON, PP, 300),
  station('S05', 'BKK1 pagoda', BKK1, CHAMKAR_MON, PP, 400),
  station('S06', 'BKK1 school', BKK1, CHAMKAR_MON, PP, 400),
  station('S07', 'Banteay Neang 1', BANTEAY_NEANG, MONGKOL_BOREI, BMC, 400),
  station('S08', 'Banteay Neang 2', BANTEAY_NEANG, MONGKOL_BOREI, BMC, 400),
  station('S09', 'Banteay Neang 3', BANTEAY_NEANG, MONGKOL_BOREI, BMC, 400),
  station('S10', 'Banteay Neang 4', BANTEAY_NEANG, MONGKOL_BOREI, BMC, 400),
  station('S11', 'Banteay Neang 5', BANTEAY_NEANG, MONGKOL_BOREI, BMC, 400),
  station('S12', 'BKK1 market', BKK1, CHAMKAR_MON, PP, 400),
  station('S13', 'BKK1 clinic', BKK1, CHAMKAR_MON, PP, 400),
  station('S14', 'BKK1 hall', BKK1, CHAMKAR_MON, PP, 400),
  station('S15', 'BKK1 library', BKK1, CHAMKAR_MON, PP, 400),
]);

/** The parties' columns out of ballot order, to show votes are stored in ballot order all the same. */
export const SHEET_HEADER = [
  'station_code',
  'FUN',
  'CPP',
  'registered_voters',
  'ballots_cast',
  'invalid_ballots',
  'valid_ballots',
  'CNRP',
  'ballots_received',
  'ballots_unused',
  'ballots_spoiled',
  'note',
];

type Figures = [
  registered: number,
  cast: number,
  invalid: number,
  valid: number,
  cpp: number,
  cnrp: number,
  fun: number,
];
const sheet = (
  code: string,
  [reg, cast, inv, valid, cpp, cnrp, fun]: Figures,
  account: (number | null)[] = [null, null, null],
  note = '',
) => [code, fun, cpp, reg, cast, inv, valid, cnrp, ...account, note];

/** Lines 2-12 accepted, each with the findings in EXPECTED_FINDINGS; lines 13-17 rejected, as in EXPECTED_REJECTIONS. */
export const SHEET_ROWS: (string | number | null)[][] = [
  sheet('S01', [500, 400, 8, 392, 200, 150, 42], [520, 115, 5], 'clean'),
  sheet('S02', [500, 400, 24, 376, 200, 150, 24]),
  sheet('S03', [500, 400, 8, 390, 200, 150, 40]),
  sheet('S04', [300, 310, 10, 300, 150, 100, 50]),
  sheet('S05', [400, 300, 6, 294, 150, 100, 44], [400, 90, 5]),
  sheet('S06', [400, 392, 8, 384, 200, 100, 84]),
  sheet('S07', [400, 300, 3, 297, 150, 100, 47]),
  sheet('S08', [400, 300, 3, 297, 160, 90, 47]),
  sheet('S09', [400, 320, 4, 316, 150, 150, 16]),
  sheet('S10', [400, 0, 0, 0, 0, 0, 0]),
  sheet('S11', [400, 200, 9, 191, 100, 50, 41]),
  sheet('S99', [400, 300, 3, 297, 150, 100, 47]),
  sheet('S01', [500, 400, 8, 392, 200, 150, 42]),
  ['S12', 10, 100, 400, '', 3, 297, 187, null, null, null, ''],
  ['S13', 10, 100, 400, 300, 3, 297, '12.5', null, null, null, ''],
  ['S14', 10, 100, 400, 300, '-3', 297, 187, null, null, null, ''],
];

export const SHEETS = csv([SHEET_HEADER, ...SHEET_ROWS]);

export const EXPECTED_FINDINGS: Record<string, string[]> = {
  S01: [],
  S02: ['VOTES_SUM', 'HIGH_INVALID'], // 24/400 = 6% > 5%
  S03: ['BALLOTS_SUM'],
  S04: ['OVER_REGISTERED', 'HIGH_TURNOUT'],
  S05: ['BALLOT_ACCOUNT'], // 300 + 90 + 5 ≠ 400
  S06: [], // 392/400 = 98% exactly: not above the threshold
  S07: [],
  S08: [],
  S09: [],
  S10: [], // all zeros: no share to judge
  S11: ['HIGH_INVALID'], // 4.5% < 5%, but above 3 × the commune's median of 1.125%
};

export const EXPECTED_REJECTIONS = [
  { row: 13, field: 'station_code', message: 'no polling station "S99" in this election' },
  { row: 14, field: 'station_code', message: 'station "S01" is already on line 2' },
  { row: 15, field: 'ballots_cast', message: 'is missing' },
  { row: 16, field: 'CNRP', message: 'is not a whole number: "12.5"' },
  { row: 17, field: 'invalid_ballots', message: 'is negative: "-3"' },
];
