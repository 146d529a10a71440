import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { seatSwingMargin } from '@app/results';
import {
  bearer,
  createTestEnvironment,
  destroyTestEnvironment,
  signIn,
  startApi,
  TestApi,
  TestEnvironment,
} from './support/test-app';

/*
 * The read side of the results over a small election built by hand, every expected figure worked
 * out in the comments. Votes are [CPP, CNRP, FUNCINPEC].
 *
 *   12 Phnom Penh / 1201 Chamkar Mon
 *     120101 (5 seats)  S1 120101-01  official_final v2 (corrects v1), observer v2 (differs on CPP, CNRP),
 *                                    party:CNRP (agrees), official_preliminary v1
 *                       S2 120101-02  recount v1 certified = official; recount v2 counted, not certified;
 *                                    official_final v1; observer (agrees with the recount)
 *     120102 (3 seats)  S3 120102-01  official_preliminary only, failing VOTES_SUM and BALLOTS_SUM;
 *                                    observer differs on validBallots
 *   01 Banteay Meanchey / 0102 Mongkol Borey
 *     010201 (3 seats)  S4 010201-01  official_final over-registered; observer agrees; party:CPP differs
 *                       S5 010201-02  no sheet yet
 */
const ELECTION = 'KH-2017-CC';
const base = `/api/v1/elections/${ELECTION}`;

interface Sheet {
  station: string;
  source: string;
  version: number;
  current: boolean;
  figures: [registered: number, cast: number, invalid: number, valid: number];
  votes: [number, number, number];
  account?: [received: number | null, unused: number | null, spoiled: number | null];
  findings?: string[];
  certifiedAt?: string;
  reason?: string;
  row?: number;
}

const SHEETS: Sheet[] = [
  {
    station: '120101-01',
    source: 'official_preliminary',
    version: 1,
    current: true,
    figures: [1000, 800, 20, 780],
    votes: [400, 300, 80],
  },
  {
    station: '120101-01',
    source: 'official_final',
    version: 1,
    current: false,
    figures: [1000, 800, 20, 780],
    votes: [400, 300, 80],
    row: 2,
  },
  {
    station: '120101-01',
    source: 'official_final',
    version: 2,
    current: true,
    figures: [1000, 800, 20, 780],
    votes: [410, 290, 80],
    reason: 'Tally corrected by the commune election commission',
  },
  {
    station: '120101-01',
    source: 'observer',
    version: 1,
    current: false,
    figures: [1000, 800, 25, 775],
    votes: [400, 295, 80],
  },
  {
    station: '120101-01',
    source: 'observer',
    version: 2,
    current: true,
    figures: [1000, 800, 20, 780],
    votes: [400, 300, 80],
  },
  {
    station: '120101-01',
    source: 'party:CNRP',
    version: 1,
    current: true,
    figures: [1000, 800, 20, 780],
    votes: [410, 290, 80],
  },

  {
    station: '120101-02',
    source: 'official_final',
    version: 1,
    current: true,
    figures: [900, 700, 50, 650],
    votes: [300, 300, 50],
    account: [900, 195, 5],
  },
  {
    station: '120101-02',
    source: 'recount',
    version: 1,
    current: false,
    figures: [900, 700, 30, 670],
    votes: [300, 320, 50],
    certifiedAt: '2017-06-20T03:00:00Z',
  },
  {
    station: '120101-02',
    source: 'recount',
    version: 2,
    current: true,
    figures: [900, 700, 30, 670],
    votes: [290, 330, 50],
  },
  // Gives ballots received, which the recount does not: not compared, so the two agree.
  {
    station: '120101-02',
    source: 'observer',
    version: 1,
    current: true,
    figures: [900, 700, 30, 670],
    votes: [300, 320, 50],
    account: [905, null, null],
  },

  {
    station: '120102-01',
    source: 'official_preliminary',
    version: 1,
    current: true,
    figures: [600, 550, 60, 480],
    votes: [250, 200, 40],
    findings: ['VOTES_SUM', 'BALLOTS_SUM'],
  },
  {
    station: '120102-01',
    source: 'observer',
    version: 1,
    current: true,
    figures: [600, 550, 60, 490],
    votes: [250, 200, 40],
  },

  {
    station: '010201-01',
    source: 'official_final',
    version: 1,
    current: true,
    figures: [500, 510, 10, 500],
    votes: [200, 200, 100],
    findings: ['OVER_REGISTERED', 'HIGH_TURNOUT'],
  },
  {
    station: '010201-01',
    source: 'observer',
    version: 1,
    current: true,
    figures: [500, 510, 10, 500],
    votes: [200, 200, 100],
    findings: ['OVER_REGISTERED', 'HIGH_TURNOUT'],
  },
  {
    station: '010201-01',
    source: 'party:CPP',
    version: 1,
    current: true,
    figures: [500, 510, 10, 500],
    votes: [210, 190, 100],
  },
];

describe('results: sheets, comparisons, contest units and recount triggers', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let importId: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env);
    const admin = (await signIn(api, { role: 'admin' })).accessToken;
    const created = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        code: ELECTION,
        name: 'Commune council elections 2017',
        kind: 'commune_council',
        pollingDate: '2017-06-04',
        seatMethod: 'dhondt',
        contestLevel: 'commune',
        parties: [
          { code: 'CPP', name: "Cambodian People's Party" },
          { code: 'CNRP', name: 'Cambodia National Rescue Party' },
          { code: 'FUNCINPEC', name: 'FUNCINPEC' },
        ],
      });
    expect(created.status).toBe(201);
    importId = await insertResults(api.app.get(getDataSourceToken()));
  });

  afterAll(async () => {
    await api?.close();
    await destroyTestEnvironment(env);
  });

  describe('a station’s sheets', () => {
    it('lists every source and version newest first, and marks the current official one', async () => {
      const res = await api.http.get(`${base}/stations/120101-01/sheets`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toMatch(/public/);
      expect(res.headers['etag']).toMatch(/^".+"$/);
      expect(res.body.station).toEqual({
        code: '120101-01',
        name: 'Station 120101-01',
        communeCode: '120101',
        districtCode: '1201',
        provinceCode: '12',
        registeredVoters: 1000,
      });
      expect(res.body.currentOfficial).toEqual({ source: 'official_final', version: 2 });
      const shape = res.body.sources.map((s: { source: string; versions: Version[] }) => [
        s.source,
        s.versions.map((v) => [v.version, v.isCurrent, v.isCurrentOfficial]),
      ]);
      expect(shape).toEqual([
        [
          'official_final',
          [
            [2, true, true],
            [1, false, false],
          ],
        ],
        ['official_preliminary', [[1, true, false]]],
        [
          'observer',
          [
            [2, true, false],
            [1, false, false],
          ],
        ],
        ['party:CNRP', [[1, true, false]]],
      ]);
      const [newest, first] = res.body.sources[0].versions;
      expect(newest).toMatchObject({
        registeredVoters: 1000,
        ballotsReceived: null,
        ballotsCast: 800,
        invalidBallots: 20,
        validBallots: 780,
        votes: { CPP: 410, CNRP: 290, FUNCINPEC: 80 },
        findings: [],
        certifiedAt: null,
        provenance: {
          importId: null,
          rowNumber: null,
          reason: 'Tally corrected by the commune election commission',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      });
      expect(first.provenance).toMatchObject({ importId, rowNumber: 2, reason: null });
    });

    it('a certified recount is the current official sheet, even after a newer uncertified count', async () => {
      const res = await api.http.get(`${base}/stations/120101-02/sheets`);
      expect(res.body.currentOfficial).toEqual({ source: 'recount', version: 1 });
      const recount = res.body.sources[0];
      expect(recount.source).toBe('recount');
      expect(
        recount.versions.map((v: Version) => [v.version, v.isCurrent, v.isCurrentOfficial, v.certifiedAt]),
      ).toEqual([
        [2, true, false, null],
        [1, false, true, '2017-06-20T03:00:00.000Z'],
      ]);
      expect(res.body.sources.map((s: { source: string }) => s.source)).toEqual([
        'recount',
        'official_final',
        'observer',
      ]);
      expect(res.body.sources[1].versions[0]).toMatchObject({
        ballotsReceived: 900,
        ballotsUnused: 195,
        ballotsSpoiled: 5,
      });
    });

    it('findings come in words, with the sheet’s own figures', async () => {
      const res = await api.http.get(`${base}/stations/120102-01/sheets`);
      expect(res.body.currentOfficial).toEqual({ source: 'official_preliminary', version: 1 });
      expect(res.body.sources[0].versions[0].findings).toEqual([
        { code: 'VOTES_SUM', message: 'party votes add up to 490 but valid ballots are 480' },
        { code: 'BALLOTS_SUM', message: 'valid and invalid ballots add up to 540 but ballots cast are 550' },
      ]);
      const over = await api.http.get(`${base}/stations/010201-01/sheets`);
      expect(over.body.sources[0].versions[0].findings).toEqual([
        { code: 'OVER_REGISTERED', message: 'ballots cast (510) exceed registered voters (500)' },
        {
          code: 'HIGH_TURNOUT',
          message: "turnout is 102% (510 of 500 registered voters), above the election's threshold of 98%",
        },
      ]);
    });

    it('a station without sheets has none and no official figure; an unknown one is 404', async () => {
      const empty = await api.http.get(`${base}/stations/010201-02/sheets`);
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ currentOfficial: null, sources: [] });
      const unknown = await api.http.get(`${base}/stations/999999-99/sheets`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await api.http.get('/api/v1/elections/NOPE/stations/120101-01/sheets')).status).toBe(404);
    });
  });

  describe('discrepancies', () => {
    it('lists, by station code, each field where the source differs from the current official sheet', async () => {
      const res = await api.http.get(`${base}/discrepancies?source=observer`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          {
            stationCode: '120101-01',
            officialSource: 'official_final',
            fields: [
              { field: 'CPP', official: 410, other: 400, difference: -10 },
              { field: 'CNRP', official: 290, other: 300, difference: 10 },
            ],
          },
          {
            stationCode: '120102-01',
            officialSource: 'official_preliminary',
            fields: [{ field: 'validBallots', official: 480, other: 490, difference: 10 }],
          },
        ],
        nextCursor: null,
      });
    });

    it('compares against the certified recount, and any source against it, including a newer recount', async () => {
      const res = await api.http.get(`${base}/discrepancies?source=recount`);
      expect(res.body.items).toEqual([
        {
          stationCode: '120101-02',
          officialSource: 'recount',
          fields: [
            { field: 'CPP', official: 300, other: 290, difference: -10 },
            { field: 'CNRP', official: 320, other: 330, difference: 10 },
          ],
        },
      ]);
      const party = await api.http.get(`${base}/discrepancies?source=party:CPP`);
      expect(party.body.items.map((i: { stationCode: string }) => i.stationCode)).toEqual(['010201-01']);
    });

    it('filters by area and pages by station code', async () => {
      const commune = await api.http.get(`${base}/discrepancies?source=observer&area=120102`);
      expect(commune.body.items.map((i: { stationCode: string }) => i.stationCode)).toEqual(['120102-01']);
      const province = await api.http.get(`${base}/discrepancies?source=observer&area=01`);
      expect(province.body.items).toEqual([]);

      const first = await api.http.get(`${base}/discrepancies?source=observer&area=1201&limit=1`);
      expect(first.body.items.map((i: { stationCode: string }) => i.stationCode)).toEqual(['120101-01']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api.http
        .get(`${base}/discrepancies`)
        .query({ source: 'observer', area: '1201', limit: 1, cursor: first.body.nextCursor });
      expect(second.body.items.map((i: { stationCode: string }) => i.stationCode)).toEqual(['120102-01']);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('match rate', () => {
    it('is the share of stations with both sheets that agree on every field', async () => {
      // Compared: S1 (differs), S2 (agrees with the recount), S3 (differs), S4 (agrees).
      const res = await api.http.get(`${base}/match-rate?source=observer`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ source: 'observer', area: null, stationsCompared: 4, stationsMatching: 2, rate: 0.5 });
    });

    it('works for any source and area, and is null with nothing to compare', async () => {
      const district = await api.http.get(`${base}/match-rate?source=observer&area=1201`);
      expect(district.body).toMatchObject({ area: '1201', stationsCompared: 3, stationsMatching: 1, rate: 1 / 3 });
      const party = await api.http.get(`${base}/match-rate?source=party:CNRP`);
      expect(party.body).toMatchObject({ stationsCompared: 1, stationsMatching: 1, rate: 1 });
      const recount = await api.http.get(`${base}/match-rate?source=recount`);
      expect(recount.body).toMatchObject({ stationsCompared: 1, stationsMatching: 0, rate: 0 });
      const none = await api.http.get(`${base}/match-rate?source=party:FUNCINPEC`);
      expect(none.body).toMatchObject({ stationsCompared: 0, stationsMatching: 0, rate: null });
    });

    it('breaks down by province in the same answer', async () => {
      const res = await api.http.get(`${base}/match-rate?source=observer&by=province`);
      expect(res.body).toEqual({
        source: 'observer',
        area: null,
        stationsCompared: 4,
        stationsMatching: 2,
        rate: 0.5,
        by: 'province',
        areas: [
          {
            areaCode: '01',
            name: 'Banteay Meanchey',
            nameKm: 'បន្ទាយមានជ័យ',
            stationsCompared: 1,
            stationsMatching: 1,
            rate: 1,
          },
          {
            areaCode: '12',
            name: 'Phnom Penh',
            nameKm: 'ភ្នំពេញ',
            stationsCompared: 3,
            stationsMatching: 1,
            rate: 1 / 3,
          },
        ],
      });
      const communes = await api.http.get(`${base}/match-rate?source=observer&area=01&by=commune`);
      expect(communes.body.areas).toEqual([
        { areaCode: '010201', name: 'Kampong Svay', nameKm: null, stationsCompared: 1, stationsMatching: 1, rate: 1 },
      ]);
    });
  });

  describe('contest units', () => {
    it('sums the current official sheets, allocates the seats and gives the seat-swing margin', async () => {
      // S1 official_final v2 [410, 290, 80] + S2 certified recount [300, 320, 50].
      const res = await api.http.get(`${base}/contest-units/120101`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        areaCode: '120101',
        name: 'Tonle Basak',
        nameKm: 'ទន្លេបាសាក់',
        seats: 5,
        seatMethod: 'dhondt',
        stationsTotal: 2,
        stationsCounted: 2,
        validBallots: 1450,
        invalidBallots: 50,
        ballotsCast: 1500,
        totals: { CPP: 710, CNRP: 610, FUNCINPEC: 130 },
        // Quotients 710, 610, 355, 305, 236.7 win.
        allocation: { CPP: 3, CNRP: 2, FUNCINPEC: 0 },
        tieBroken: false,
        // 100 more for CNRP: 710/3 against CPP's 710/3, equal totals, CNRP wins on code.
        seatSwingMargin: { votes: 100, gainingParty: 'CNRP', losingParty: 'CPP', receivingParty: 'CNRP' },
      });
      expect(res.body.seatSwingMargin).toEqual(seatSwingMargin(res.body.totals, 5, 'dhondt'));
    });

    it('counts only stations with a sheet, and says when the tie rule gave a seat', async () => {
      const res = await api.http.get(`${base}/contest-units/010201`);
      expect(res.body).toMatchObject({
        stationsTotal: 2,
        stationsCounted: 1,
        totals: { CPP: 200, CNRP: 200, FUNCINPEC: 100 },
        allocation: { CPP: 1, CNRP: 2, FUNCINPEC: 0 },
        tieBroken: true,
        seatSwingMargin: { votes: 1, gainingParty: 'CPP', losingParty: 'CNRP', receivingParty: 'CPP' },
      });
    });

    it('lists every unit with its margin, by code, filtered by area and page by page', async () => {
      const all = await api.http.get(`${base}/contest-units`);
      expect(all.status).toBe(200);
      expect(all.body.items.map((u: Unit) => [u.areaCode, u.seatSwingMargin?.votes])).toEqual([
        ['010201', 1],
        ['120101', 100],
        ['120102', 50],
      ]);
      const single = await api.http.get(`${base}/contest-units/120102`);
      expect(all.body.items[2]).toEqual(single.body);

      const inPhnomPenh = await api.http.get(`${base}/contest-units?area=12`);
      expect(inPhnomPenh.body.items.map((u: Unit) => u.areaCode)).toEqual(['120101', '120102']);
      const page = await api.http.get(`${base}/contest-units?area=1201&limit=1`);
      expect(page.body.items.map((u: Unit) => u.areaCode)).toEqual(['120101']);
      const next = await api.http
        .get(`${base}/contest-units`)
        .query({ area: '1201', limit: 1, cursor: page.body.nextCursor });
      expect(next.body.items.map((u: Unit) => u.areaCode)).toEqual(['120102']);
      expect(next.body.nextCursor).toBeNull();
    });

    it('an area that is not a contest unit, or unknown, is 404', async () => {
      expect((await api.http.get(`${base}/contest-units/1201`)).status).toBe(404);
      expect((await api.http.get(`${base}/contest-units/999999`)).status).toBe(404);
      expect((await api.http.get('/api/v1/elections/NOPE/contest-units/120101')).status).toBe(404);
      expect((await api.http.get(`${base}/contest-units?area=77`)).status).toBe(404);
    });
  });

  it('in a national-assembly election provinces are the units, and an area inside one filters to it', async () => {
    const db: DataSource = api.app.get(getDataSourceToken());
    const admin = (await signIn(api, { role: 'admin' })).accessToken;
    const created = await api.http
      .post('/api/v1/elections')
      .set(bearer(admin))
      .send({
        code: 'KH-2018-NA',
        name: 'National assembly elections 2018',
        kind: 'national_assembly',
        pollingDate: '2018-07-29',
        seatMethod: 'largest_remainder_hare',
        contestLevel: 'province',
        parties: [
          { code: 'CPP', name: "Cambodian People's Party" },
          { code: 'FUNCINPEC', name: 'FUNCINPEC' },
        ],
      });
    expect(created.status).toBe(201);
    const [{ id }] = await db.query(`SELECT id FROM elections WHERE code = 'KH-2018-NA'`);
    await db.query(
      `INSERT INTO areas (election_id, code, level, parent_code, name_en, seats) VALUES
       ($1, '12', 'province', NULL, 'Phnom Penh', 12), ($1, '1201', 'district', '12', 'Chamkar Mon', NULL),
       ($1, '120101', 'commune', '1201', 'Tonle Basak', NULL), ($1, '01', 'province', NULL, 'Banteay Meanchey', 6)`,
      [id],
    );
    await db.query(
      `INSERT INTO polling_stations (election_id, code, name, commune_code, district_code, province_code, registered_voters)
       VALUES ($1, '120101-01', 'Wat Lanka', '120101', '1201', '12', 1000)`,
      [id],
    );
    await db.query(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current, registered_voters, ballots_cast,
         invalid_ballots, valid_ballots, votes)
       SELECT $1, id, 'official_final', 1, true, 1000, 900, 0, 900, '{800,100}' FROM polling_stations WHERE election_id = $1`,
      [id],
    );
    const units = await api.http.get('/api/v1/elections/KH-2018-NA/contest-units?area=120101');
    expect(units.body.items.map((u: Unit) => u.areaCode)).toEqual(['12']);
    // Hare, 12 seats on 800/100: shares 10.67 and 1.33 → CPP 11, FUNCINPEC 1.
    expect(units.body.items[0]).toMatchObject({
      seatMethod: 'largest_remainder_hare',
      totals: { CPP: 800, FUNCINPEC: 100 },
      allocation: { CPP: 11, FUNCINPEC: 1 },
    });
    expect((await api.http.get('/api/v1/elections/KH-2018-NA/contest-units/120101')).status).toBe(404);
  });

  describe('recount triggers', () => {
    const UNIT_010201 = {
      level: 'contest_unit',
      code: '010201',
      trigger: 'INVALID_EXCEEDS_MARGIN',
      reason:
        '10 invalid ballots are at least the seat-swing margin of 1 vote: 1 more vote for CPP would move a seat ' +
        'from CNRP to CPP.',
    };
    const S4_ARITHMETIC = {
      level: 'station',
      code: '010201-01',
      trigger: 'ARITHMETIC',
      checks: ['OVER_REGISTERED'],
      reason:
        'The official sheet (official_final, version 1) fails OVER_REGISTERED (ballots cast (510) exceed ' +
        'registered voters (500)).',
    };
    const S4_PARTY = {
      level: 'station',
      code: '010201-01',
      trigger: 'SOURCES_DISAGREE',
      source: 'party:CPP',
      reason:
        'The party:CPP sheet differs from the official sheet (official_final, version 1) on the votes of ' +
        'CPP (official 200, party:CPP 210) and CNRP (official 200, party:CPP 190).',
    };

    it('gives each trigger with its reason: units by stake first, then stations by code', async () => {
      const res = await api.http.get(`${base}/recount-triggers`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        UNIT_010201, // 10 invalid for a margin of 1
        {
          level: 'contest_unit',
          code: '120102',
          trigger: 'INVALID_EXCEEDS_MARGIN',
          reason:
            '60 invalid ballots are at least the seat-swing margin of 50 votes: 50 more votes for CNRP would ' +
            'move a seat from CPP to CNRP.',
        },
        // 120101 has 50 invalid ballots for a margin of 100: no trigger.
        S4_ARITHMETIC,
        S4_PARTY,
        {
          level: 'station',
          code: '120101-01',
          trigger: 'SOURCES_DISAGREE',
          source: 'observer',
          reason:
            'The observer sheet differs from the official sheet (official_final, version 2) on the votes of ' +
            'CPP (official 410, observer 400) and CNRP (official 290, observer 300).',
        },
        // S2's uncounted recount differs from its certified one: a recount in progress, not a dispute.
        {
          level: 'station',
          code: '120102-01',
          trigger: 'ARITHMETIC',
          checks: ['VOTES_SUM', 'BALLOTS_SUM'],
          reason:
            'The official sheet (official_preliminary, version 1) fails VOTES_SUM (party votes add up to 490 but ' +
            'valid ballots are 480) and BALLOTS_SUM (valid and invalid ballots add up to 540 but ballots cast are 550).',
        },
      ]);
    });

    it('filters by area', async () => {
      const res = await api.http.get(`${base}/recount-triggers?area=01`);
      expect(res.body.items).toEqual([UNIT_010201, S4_ARITHMETIC, S4_PARTY]);
    });
  });

  describe('bad input', () => {
    it('a missing or unknown source is 400 naming `source`', async () => {
      for (const query of ['', '?source=observers', '?source=party:cpp', '?source=party:NOPE']) {
        const res = await api.http.get(`${base}/match-rate${query}`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['source']);
      }
      const discrepancies = await api.http.get(`${base}/discrepancies?source=official`);
      expect(discrepancies.status).toBe(400);
      expect(discrepancies.body.errors[0]).toEqual({
        field: 'source',
        message: 'must be one of official_preliminary, official_final, observer, observer:<ORG>, party:<CODE>, recount',
      });
    });

    it('other bad parameters are 400 naming the field', async () => {
      const by = await api.http.get(`${base}/match-rate?source=observer&by=village`);
      expect(by.status).toBe(400);
      expect(by.body.errors[0].field).toBe('by');
      const cursor = await api.http.get(`${base}/discrepancies?source=observer&cursor=nonsense`);
      expect(cursor.status).toBe(400);
      expect(cursor.body.errors[0].field).toBe('cursor');
      const unknownField = await api.http.get(`${base}/recount-triggers?province=12`);
      expect(unknownField.status).toBe(400);
    });

    it('an unknown election or area is 404', async () => {
      expect((await api.http.get('/api/v1/elections/NOPE/match-rate?source=observer')).status).toBe(404);
      expect((await api.http.get('/api/v1/elections/NOPE/discrepancies?source=observer')).status).toBe(404);
      expect((await api.http.get('/api/v1/elections/NOPE/recount-triggers')).status).toBe(404);
      expect((await api.http.get('/api/v1/elections/NOPE/contest-units')).status).toBe(404);
      expect((await api.http.get(`${base}/match-rate?source=observer&area=99`)).status).toBe(404);
      expect((await api.http.get(`${base}/discrepancies?source=observer&area=99`)).status).toBe(404);
      expect((await api.http.get(`${base}/recount-triggers?area=99`)).status).toBe(404);
    });
  });

  it('every endpoint is in the OpenAPI document', async () => {
    const doc = (await api.http.get('/api/docs-json')).body;
    for (const path of [
      '/api/v1/elections/{code}/stations/{stationCode}/sheets',
      '/api/v1/elections/{code}/discrepancies',
      '/api/v1/elections/{code}/match-rate',
      '/api/v1/elections/{code}/contest-units',
      '/api/v1/elections/{code}/contest-units/{areaCode}',
      '/api/v1/elections/{code}/recount-triggers',
    ]) {
      expect(doc.paths[path]?.get?.responses?.['200']).toBeDefined();
    }
  });
});

interface Version {
  version: number;
  isCurrent: boolean;
  isCurrentOfficial: boolean;
  certifiedAt: string | null;
}

interface Unit {
  areaCode: string;
  seatSwingMargin: { votes: number } | null;
}

/** Areas, stations, one import and the sheets above, straight into the tables; returns the import id. */
async function insertResults(db: DataSource): Promise<string> {
  const [{ id }] = await db.query('SELECT id FROM elections WHERE code = $1', [ELECTION]);
  await db.query(
    `INSERT INTO areas (election_id, code, level, parent_code, name_en, name_km, seats) VALUES
     ($1, '12', 'province', NULL, 'Phnom Penh', 'ភ្នំពេញ', NULL),
     ($1, '1201', 'district', '12', 'Chamkar Mon', NULL, NULL),
     ($1, '120101', 'commune', '1201', 'Tonle Basak', 'ទន្លេបាសាក់', 5),
     ($1, '120102', 'commune', '1201', 'Boeng Keng Kang Ti Muoy', NULL, 3),
     ($1, '01', 'province', NULL, 'Banteay Meanchey', 'បន្ទាយមានជ័យ', NULL),
     ($1, '0102', 'district', '01', 'Mongkol Borey', NULL, NULL),
     ($1, '010201', 'commune', '0102', 'Kampong Svay', NULL, 3)`,
    [id],
  );
  await db.query(
    `INSERT INTO polling_stations (election_id, code, name, commune_code, district_code, province_code, registered_voters)
     SELECT $1, code, 'Station ' || code, left(code, 6), left(code, 4), left(code, 2), voters
     FROM (VALUES ('120101-01', 1000), ('120101-02', 900), ('120102-01', 600), ('010201-01', 500), ('010201-02', 400))
       AS s(code, voters)`,
    [id],
  );
  const [{ id: importId }] = await db.query(
    `INSERT INTO result_imports (election_id, kind, source, status, file_name, file_sha256, file_size, stored_as)
     VALUES ($1, 'sheets', 'official_final', 'succeeded', 'final.csv', repeat('0', 64), 100, 'final.csv') RETURNING id`,
    [id],
  );
  for (const s of SHEETS) {
    const [registered, cast, invalid, valid] = s.figures;
    const [received, unused, spoiled] = s.account ?? [null, null, null];
    await db.query(
      `INSERT INTO result_sheets (election_id, station_id, source, version, is_current, registered_voters,
         ballots_received, ballots_cast, ballots_unused, ballots_spoiled, invalid_ballots, valid_ballots, votes,
         findings, import_id, row_number, reason, certified_at)
       SELECT $1, st.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18
       FROM polling_stations st WHERE st.election_id = $1 AND st.code = $2`,
      [
        id,
        s.station,
        s.source,
        s.version,
        s.current,
        registered,
        received,
        cast,
        unused,
        spoiled,
        invalid,
        valid,
        s.votes,
        s.findings ?? [],
        s.row ? importId : null,
        s.row ?? null,
        s.reason ?? null,
        s.certifiedAt ?? null,
      ],
    );
  }
  return importId;
}
