import { DeadlinePolicy, defaultDeadlinePolicy, validateDeadlinePolicy } from './deadline-policy';

describe('defaultDeadlinePolicy', () => {
  it('gives a national-assembly election 72h windows and an appeal to the Constitutional Council', () => {
    expect(defaultDeadlinePolicy('national_assembly')).toEqual({
      timeZone: 'Asia/Phnom_Penh',
      cutOff: '17:00',
      holidays: [],
      windows: {
        filing: { within: '72h' },
        admissibility: { within: '2d' },
        decision: { within: '72h' },
        informationResponse: { within: '48h' },
        appeal: { within: '72h' },
        recount: { within: '3d' },
      },
    });
  });

  it('gives a commune-council election 3-day windows and no appeal', () => {
    const { windows } = defaultDeadlinePolicy('commune_council');
    expect(windows).toEqual({
      filing: { within: '3d' },
      admissibility: { within: '2d' },
      decision: { within: '3d' },
      informationResponse: { within: '48h' },
      appeal: null,
      recount: { within: '3d' },
    });
  });

  it.each(['presidential', 'provincial_council'])('gives a %s election the national-assembly windows', (kind) => {
    expect(defaultDeadlinePolicy(kind)).toEqual(defaultDeadlinePolicy('national_assembly'));
  });

  it('returns a fresh policy each time, so overriding one election does not change the defaults', () => {
    const first = defaultDeadlinePolicy('commune_council');
    first.windows.filing = { within: '5d' };
    first.holidays.push('2017-06-05');
    expect(defaultDeadlinePolicy('commune_council').windows.filing).toEqual({ within: '3d' });
    expect(defaultDeadlinePolicy('commune_council').holidays).toEqual([]);
  });

  it('produces policies that validate', () => {
    for (const kind of ['national_assembly', 'commune_council', 'presidential', 'provincial_council']) {
      expect(validateDeadlinePolicy(defaultDeadlinePolicy(kind))).toEqual([]);
    }
  });
});

describe('validateDeadlinePolicy', () => {
  const valid = (): DeadlinePolicy => defaultDeadlinePolicy('commune_council');

  it('names every bad field of a policy', () => {
    const policy = {
      timeZone: 'Asia/Nowhere',
      cutOff: '24:00',
      holidays: ['2017-06-05', '2017-02-30', '5 June'],
      windows: {
        filing: { within: '3x' },
        appeal: null,
        decision: { within: '0d' },
        hearing: { within: '1d' },
      },
    } as unknown as DeadlinePolicy;
    expect(validateDeadlinePolicy(policy).map((p) => p.field)).toEqual([
      'timeZone',
      'cutOff',
      'holidays[1]',
      'holidays[2]',
      'windows.filing.within',
      'windows.decision.within',
      'windows.hearing',
    ]);
  });

  it.each(['17:00', '00:00', '23:59', '08:30'])('accepts the cut-off %s', (cutOff) => {
    expect(validateDeadlinePolicy({ ...valid(), cutOff })).toEqual([]);
  });

  it.each(['17h', '7:00', '17:60', '24:00', '17:00:00'])('refuses the cut-off %s', (cutOff) => {
    expect(validateDeadlinePolicy({ ...valid(), cutOff })).toEqual([
      { field: 'cutOff', message: expect.stringContaining(cutOff) },
    ]);
  });

  it('accepts other IANA zones', () => {
    expect(validateDeadlinePolicy({ ...valid(), timeZone: 'Europe/Berlin' })).toEqual([]);
  });
});
