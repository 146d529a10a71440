import { seatSwingMargin } from '../seats';
import { ContestUnitTotals, summariseContestUnit } from './contest-unit-summary';

const PARTIES = ['CPP', 'CNRP', 'FUNCINPEC'];

const unit = (votes: number[], overrides: Partial<ContestUnitTotals> = {}): ContestUnitTotals => ({
  areaCode: '120101',
  name: 'Tonle Basak',
  nameKm: null,
  seats: 5,
  stationsTotal: 2,
  stationsCounted: 2,
  validBallots: votes.reduce((a, b) => a + b, 0),
  invalidBallots: 50,
  ballotsCast: votes.reduce((a, b) => a + b, 50),
  votes,
  ...overrides,
});

describe('summariseContestUnit', () => {
  it('names the totals by party in ballot order and allocates by D’Hondt', () => {
    // Quotients 710, 610, 355, 305, 236.7 win: CPP 3, CNRP 2.
    const summary = summariseContestUnit(unit([710, 610, 130]), PARTIES, 'dhondt');
    expect(summary.totals).toEqual({ CPP: 710, CNRP: 610, FUNCINPEC: 130 });
    expect(Object.keys(summary.totals)).toEqual(PARTIES);
    expect(summary.allocation).toEqual({ CPP: 3, CNRP: 2, FUNCINPEC: 0 });
    expect(Object.keys(summary.allocation!)).toEqual(PARTIES);
    expect(summary.tieBroken).toBe(false);
  });

  it('gives the seat-swing margin with its parties, the tie rule included', () => {
    // 100 more for CNRP ties CPP's lowest winning quotient (710/3) with equal totals; the smaller
    // code, CNRP, takes the seat. FUNCINPEC would need 107.
    const summary = summariseContestUnit(unit([710, 610, 130]), PARTIES, 'dhondt');
    expect(summary.seatSwingMargin).toEqual({
      votes: 100,
      gainingParty: 'CNRP',
      losingParty: 'CPP',
      receivingParty: 'CNRP',
    });
    expect(summary.seatSwingMargin).toEqual(seatSwingMargin({ CPP: 710, CNRP: 610, FUNCINPEC: 130 }, 5, 'dhondt'));
  });

  it('uses the election’s method', () => {
    // Sainte-Laguë divisors 1, 3, 5: 710, 610, 236.7, 203.3, 142 → CPP 3, CNRP 2 still, but
    // FUNCINPEC's 130 is now within reach of 142.
    const summary = summariseContestUnit(unit([710, 610, 130]), PARTIES, 'sainte_lague');
    expect(summary.allocation).toEqual({ CPP: 3, CNRP: 2, FUNCINPEC: 0 });
    expect(summary.seatSwingMargin).toEqual(seatSwingMargin(summary.totals, 5, 'sainte_lague'));
    expect(summary.seatSwingMargin!.votes).toBe(13);
  });

  it('says when the tie rule gave the last seat', () => {
    const summary = summariseContestUnit(unit([200, 200, 100], { seats: 3 }), PARTIES, 'dhondt');
    expect(summary.allocation).toEqual({ CPP: 1, CNRP: 2, FUNCINPEC: 0 });
    expect(summary.tieBroken).toBe(true);
  });

  it('a unit with no counted station has totals of zero and no allocation or margin', () => {
    const summary = summariseContestUnit(unit([0, 0, 0], { stationsCounted: 0, invalidBallots: 0 }), PARTIES, 'dhondt');
    expect(summary).toMatchObject({
      totals: { CPP: 0, CNRP: 0, FUNCINPEC: 0 },
      allocation: null,
      tieBroken: false,
      seatSwingMargin: null,
    });
  });
});
