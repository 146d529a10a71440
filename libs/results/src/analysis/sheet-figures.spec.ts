import { formatCount, formatShare, sheetDifferences, SheetFigures, voteDifferences } from './sheet-figures';

const PARTIES = ['CPP', 'CNRP', 'FUNCINPEC'];

const sheet = (overrides: Partial<SheetFigures> = {}): SheetFigures => ({
  registeredVoters: 1000,
  ballotsReceived: 1000,
  ballotsCast: 800,
  ballotsUnused: 195,
  ballotsSpoiled: 5,
  invalidBallots: 20,
  validBallots: 780,
  votes: [400, 300, 80],
  ...overrides,
});

describe('sheetDifferences', () => {
  it('two equal sheets have no differences', () => {
    expect(sheetDifferences(sheet(), sheet(), PARTIES)).toEqual([]);
  });

  it('names each differing figure in camelCase and each differing party by code, difference = other − official', () => {
    const other = sheet({ registeredVoters: 1010, validBallots: 790, votes: [390, 320, 80] });
    expect(sheetDifferences(sheet(), other, PARTIES)).toEqual([
      { field: 'registeredVoters', official: 1000, other: 1010, difference: 10 },
      { field: 'validBallots', official: 780, other: 790, difference: 10 },
      { field: 'CPP', official: 400, other: 390, difference: -10 },
      { field: 'CNRP', official: 300, other: 320, difference: 20 },
    ]);
  });

  it('compares the optional ballot figures only when both sheets give them', () => {
    const withoutAccount = sheet({ ballotsReceived: null, ballotsUnused: null, ballotsSpoiled: null });
    expect(sheetDifferences(sheet(), withoutAccount, PARTIES)).toEqual([]);
    expect(sheetDifferences(withoutAccount, sheet({ ballotsReceived: 990 }), PARTIES)).toEqual([]);
    expect(sheetDifferences(sheet(), sheet({ ballotsSpoiled: 7 }), PARTIES)).toEqual([
      { field: 'ballotsSpoiled', official: 5, other: 7, difference: 2 },
    ]);
  });

  it('lists figures in form order, then parties in ballot order', () => {
    const other = sheet({ votes: [401, 301, 81], ballotsCast: 801, ballotsReceived: 1001 });
    expect(sheetDifferences(sheet(), other, PARTIES).map((d) => d.field)).toEqual([
      'ballotsReceived',
      'ballotsCast',
      'CPP',
      'CNRP',
      'FUNCINPEC',
    ]);
  });
});

describe('voteDifferences', () => {
  it('lists only the parties whose votes differ', () => {
    expect(voteDifferences([200, 200, 100], [210, 200, 100], PARTIES)).toEqual([
      { field: 'CPP', official: 200, other: 210, difference: 10 },
    ]);
  });
});

describe('formatting', () => {
  it('prints counts with thousands separators', () => {
    expect([0, 7, 999, 1234, 1240, 1000000, 34684, 123456, -1240].map(formatCount)).toEqual([
      '0',
      '7',
      '999',
      '1,234',
      '1,240',
      '1,000,000',
      '34,684',
      '123,456',
      '-1,240',
    ]);
  });

  it('prints shares as percentages with at most one decimal', () => {
    expect([0.05, 0.98, 0.0523, 1.02, 0].map(formatShare)).toEqual(['5%', '98%', '5.2%', '102%', '0%']);
  });
});
