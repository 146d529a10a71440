import { summariseContestUnit } from './contest-unit-summary';
import { joinWords, recountTriggers, StationSheets } from './recount-triggers';

const PARTIES = ['CPP', 'CNRP', 'FUNCINPEC'];
const THRESHOLDS = { highInvalidShare: 0.05, highTurnout: 0.98 };

const unit = (areaCode: string, seats: number, votes: number[], invalidBallots: number) =>
  summariseContestUnit(
    {
      areaCode,
      name: areaCode,
      nameKm: null,
      seats,
      stationsTotal: 1,
      stationsCounted: 1,
      validBallots: 0,
      invalidBallots,
      ballotsCast: 0,
      votes,
    },
    PARTIES,
    'dhondt',
  );

const station = (
  stationCode: string,
  overrides: Partial<StationSheets['official']> = {},
  disagreeing: StationSheets['disagreeing'] = [],
): StationSheets => ({
  stationCode,
  official: {
    source: 'official_final',
    version: 1,
    findings: [],
    registeredVoters: 600,
    ballotsReceived: null,
    ballotsCast: 550,
    ballotsUnused: null,
    ballotsSpoiled: null,
    invalidBallots: 60,
    validBallots: 480,
    votes: [250, 200, 40],
    ...overrides,
  },
  disagreeing,
});

const triggers = (input: Partial<Parameters<typeof recountTriggers>[0]>) =>
  recountTriggers({ units: [], stations: [], partyCodes: PARTIES, thresholds: THRESHOLDS, ...input });

describe('recountTriggers', () => {
  it('INVALID_EXCEEDS_MARGIN when a unit’s invalid ballots reach its seat-swing margin, naming the parties', () => {
    // 3 seats: CPP 2, CNRP 1; 50 more for CNRP ties CPP at 250 and wins on code.
    const [item] = triggers({ units: [unit('120102', 3, [250, 200, 40], 60)] });
    expect(item).toEqual({
      level: 'contest_unit',
      code: '120102',
      trigger: 'INVALID_EXCEEDS_MARGIN',
      reason:
        '60 invalid ballots are at least the seat-swing margin of 50 votes: 50 more votes for CNRP would move a ' +
        'seat from CPP to CNRP.',
    });
  });

  it('invalid ballots equal to the margin trigger; one fewer does not', () => {
    expect(triggers({ units: [unit('A', 3, [250, 200, 40], 50)] })).toHaveLength(1);
    expect(triggers({ units: [unit('A', 3, [250, 200, 40], 49)] })).toEqual([]);
  });

  it('a unit without a margin (nothing counted) never triggers', () => {
    const uncounted = { ...unit('A', 3, [0, 0, 0], 10), allocation: null, seatSwingMargin: null };
    expect(triggers({ units: [uncounted] })).toEqual([]);
  });

  it('speaks of one vote and one invalid ballot in the singular', () => {
    // 3 seats on 200/200/100: the last seat went to CNRP on the tie rule; one vote moves it.
    const [item] = triggers({ units: [unit('010201', 3, [200, 200, 100], 1)] });
    expect(item.reason).toBe(
      '1 invalid ballot is at least the seat-swing margin of 1 vote: 1 more vote for CPP would move a seat from ' +
        'CNRP to CPP.',
    );
  });

  it('ARITHMETIC names each failed triggering check with the figures, and ignores the other findings', () => {
    const items = triggers({
      stations: [
        station('S1', {
          source: 'official_preliminary',
          findings: ['HIGH_INVALID', 'VOTES_SUM', 'BALLOTS_SUM'],
        }),
        station('S2', { findings: ['HIGH_TURNOUT', 'BALLOT_ACCOUNT'] }),
      ],
    });
    expect(items).toEqual([
      {
        level: 'station',
        code: 'S1',
        trigger: 'ARITHMETIC',
        checks: ['VOTES_SUM', 'BALLOTS_SUM'],
        reason:
          'The official sheet (official_preliminary, version 1) fails VOTES_SUM (party votes add up to 490 but ' +
          'valid ballots are 480) and BALLOTS_SUM (valid and invalid ballots add up to 540 but ballots cast are 550).',
      },
    ]);
  });

  it('SOURCES_DISAGREE names the source and every party whose votes differ', () => {
    const [item] = triggers({
      stations: [station('S1', { version: 2 }, [{ source: 'observer', votes: [240, 210, 40] }])],
    });
    expect(item).toEqual({
      level: 'station',
      code: 'S1',
      trigger: 'SOURCES_DISAGREE',
      source: 'observer',
      reason:
        'The observer sheet differs from the official sheet (official_final, version 2) on the votes of ' +
        'CPP (official 250, observer 240) and CNRP (official 200, observer 210).',
    });
  });

  it('contest units first, most invalid ballots per vote of margin first; then stations by code', () => {
    const items = triggers({
      units: [unit('120102', 3, [250, 200, 40], 60), unit('010201', 3, [200, 200, 100], 10)],
      stations: [
        station('S2', {}, [
          { source: 'party:CPP', votes: [251, 200, 40] },
          { source: 'observer', votes: [251, 200, 40] },
        ]),
        station('S1', { findings: ['OVER_REGISTERED'] }, [{ source: 'observer', votes: [1, 2, 3] }]),
      ],
    });
    expect(items.map((i) => [i.code, i.trigger, i.source ?? ''])).toEqual([
      ['010201', 'INVALID_EXCEEDS_MARGIN', ''],
      ['120102', 'INVALID_EXCEEDS_MARGIN', ''],
      ['S1', 'ARITHMETIC', ''],
      ['S1', 'SOURCES_DISAGREE', 'observer'],
      ['S2', 'SOURCES_DISAGREE', 'observer'],
      ['S2', 'SOURCES_DISAGREE', 'party:CPP'],
    ]);
  });
});

describe('joinWords', () => {
  it('joins as English does', () => {
    expect([[], ['A'], ['A', 'B'], ['A', 'B', 'C']].map(joinWords)).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });
});
