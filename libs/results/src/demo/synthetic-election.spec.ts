import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKhAreas, syntheticElection } from './synthetic-election';

const areas = parseKhAreas(readFileSync(join(__dirname, '../../../../data/kh-areas.csv'), 'utf8'));

describe('the synthetic demo election', () => {
  const election = syntheticElection(areas, 3);

  it("covers Cambodia's 1,652 communes with their Khmer names", () => {
    expect(areas.filter((a) => a.level === 'commune')).toHaveLength(1652);
    expect(election.seats).toHaveLength(1 + 1652);
    expect(election.stations).toHaveLength(1 + 1652 * 3);
    expect(election.stations[1]).toMatch(/,ប/u);
  });

  it('is the same election every time for the same seed', () => {
    expect(syntheticElection(areas, 3)).toEqual(election);
    expect(syntheticElection(areas, 3, 7).official).not.toEqual(election.official);
  });

  it('official sheets add up except where an error was planted', () => {
    const broken = election.official.slice(1).filter((line) => {
      const [, , cast, invalid, valid, ...votes] = line.split(',').map(Number);
      return votes.reduce((a, b) => a + b, 0) !== valid || valid + invalid !== cast;
    });
    expect(broken).toHaveLength(election.planted.arithmeticErrors);
    expect(broken.length).toBeGreaterThan(0);
  });

  it('observers disagree at a few percent of stations, as in 2017', () => {
    const differing = election.observer.slice(1).filter((line, i) => {
      const official = election.official[i + 1].split(',');
      const observed = line.split(',');
      return official.slice(5).join() !== observed.slice(5).join() && official[0] === observed[0];
    });
    const rate = 1 - differing.length / election.planted.stations;
    expect(rate).toBeGreaterThan(0.88);
    expect(rate).toBeLessThan(0.97);
  });
});
