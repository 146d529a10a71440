import { allocateSeats } from '@app/results';
import { allocationChange, parseRecountSheet } from './recount-sheet';

const PARTIES = ['CPP', 'CNRP', 'FUN'];
const SHEET = {
  registeredVoters: 500,
  ballotsCast: 400,
  invalidBallots: 8,
  validBallots: 392,
  votes: { CPP: 200, CNRP: 150, FUN: 42 },
};

describe('parseRecountSheet', () => {
  it('reads a full sheet, votes in ballot order, optional figures absent as null', () => {
    expect(parseRecountSheet(SHEET, PARTIES)).toEqual({
      ok: true,
      figures: {
        registeredVoters: 500,
        ballotsCast: 400,
        invalidBallots: 8,
        validBallots: 392,
        ballotsReceived: null,
        ballotsUnused: null,
        ballotsSpoiled: null,
        votes: [200, 150, 42],
      },
    });
  });

  it('accepts a sheet that does not add up: that is a finding, not a refusal', () => {
    expect(parseRecountSheet({ ...SHEET, validBallots: 1 }, PARTIES).ok).toBe(true);
  });

  it('names every field that keeps it from being a sheet', () => {
    const parsed = parseRecountSheet(
      {
        registeredVoters: -1,
        ballotsCast: 12.5,
        validBallots: '392',
        ballotsUnused: -2,
        stamp: 'x',
        votes: { CPP: 200, XYZ: 3, FUN: 1 },
      },
      PARTIES,
    );
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        'sheet.stamp',
        'sheet.registeredVoters',
        'sheet.ballotsCast',
        'sheet.invalidBallots',
        'sheet.validBallots',
        'sheet.ballotsUnused',
        'sheet.votes.XYZ',
        'sheet.votes.CNRP',
      ].sort(),
    );
  });

  it('refuses a sheet without votes, or that is no object', () => {
    const { votes: _votes, ...noVotes } = SHEET;
    expect(parseRecountSheet(noVotes, PARTIES)).toMatchObject({ ok: false, errors: [{ field: 'sheet.votes' }] });
    expect(parseRecountSheet([1, 2], PARTIES)).toMatchObject({ ok: false, errors: [{ field: 'sheet' }] });
  });
});

describe('allocationChange', () => {
  // A unit of 5 seats whose current totals include the station's official 200/150/42.
  const unitTotals = { CPP: 750, CNRP: 550, FUN: 148 };
  const base = { areaCode: '120101', seats: 5, method: 'dhondt' as const, partyCodes: PARTIES, unitTotals };

  it('says nothing changed when the recount confirms the sheet', () => {
    const change = allocationChange({
      ...base,
      stationNow: [200, 150, 42],
      replaced: [200, 150, 42],
      recount: [200, 150, 42],
    });
    expect(change.changed).toBe(false);
    expect(change.before).toEqual(allocateSeats(unitTotals, 5, 'dhondt').seats);
  });

  it('swaps only the station: the others stay as the unit totals have them', () => {
    // 750 − 200 + 90 = 640 and 550 − 150 + 260 = 660: D'Hondt quotients 660, 640, 330, 320, 220.
    const change = allocationChange({
      ...base,
      stationNow: [200, 150, 42],
      replaced: [200, 150, 42],
      recount: [90, 260, 42],
    });
    expect(change.before).toEqual({ CPP: 3, CNRP: 2, FUN: 0 });
    expect(change.after).toEqual({ CPP: 2, CNRP: 3, FUN: 0 });
    expect(change.changed).toBe(true);
  });

  it('gives the same answer once certified, when the totals already hold the recount', () => {
    const recount = [130, 220, 42];
    const before = allocationChange({ ...base, stationNow: [200, 150, 42], replaced: [200, 150, 42], recount });
    const certified = allocationChange({
      ...base,
      unitTotals: { CPP: 680, CNRP: 620, FUN: 148 },
      stationNow: recount,
      replaced: [200, 150, 42],
      recount,
    });
    expect(certified).toEqual(before);
  });
});
