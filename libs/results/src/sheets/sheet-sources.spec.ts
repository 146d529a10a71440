import { IMPORTABLE_SOURCE, organisationSource, SHEET_SOURCE } from './sheet-sources';

describe('sheet sources', () => {
  it('an organisation name becomes its observer source: upper case, accents dropped, hyphens between words', () => {
    expect(organisationSource('Situation Room (KH)')).toBe('observer:SITUATION-ROOM-KH');
    expect(organisationSource('  Comité   électoral ')).toBe('observer:COMITE-ELECTORAL');
    expect(organisationSource('nicfec')).toBe('observer:NICFEC');
  });

  it('a long name is cut at 40 characters, never ending on a hyphen', () => {
    const source = organisationSource('The Committee for Free and Fair Elections in Cambodia');
    expect(source).toBe('observer:THE-COMMITTEE-FOR-FREE-AND-FAIR-ELECTION');
    expect(organisationSource(`${'A'.repeat(39)} B`)).toBe(`observer:${'A'.repeat(39)}`);
  });

  it('a name without Latin letters or digits gets a stable hashed slug', () => {
    const khmer = organisationSource('គណៈកម្មាធិការ');
    expect(khmer).toMatch(/^observer:ORG-[0-9A-F]{12}$/);
    expect(organisationSource('គណៈកម្មាធិការ')).toBe(khmer);
    expect(organisationSource('ខុសគ្នា')).not.toBe(khmer);
  });

  it('every organisation source is a valid and importable source; recount is not importable', () => {
    for (const name of ['Situation Room', 'គណៈកម្មាធិការ', 'x'.repeat(80)]) {
      expect(organisationSource(name)).toMatch(SHEET_SOURCE);
      expect(organisationSource(name)).toMatch(IMPORTABLE_SOURCE);
    }
    expect('observer').toMatch(IMPORTABLE_SOURCE);
    expect('recount').not.toMatch(IMPORTABLE_SOURCE);
    expect('observer:bad slug').not.toMatch(SHEET_SOURCE);
    expect('observer:').not.toMatch(SHEET_SOURCE);
  });
});
