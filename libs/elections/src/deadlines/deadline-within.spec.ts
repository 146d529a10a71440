import { DeadlinePolicyError } from './deadline-policy.error';
import { isValidWithin, parseWithin } from './deadline-within';

describe('parseWithin', () => {
  it.each([
    ['72h', { amount: 72, unit: 'h' }],
    ['3d', { amount: 3, unit: 'd' }],
    ['5wd', { amount: 5, unit: 'wd' }],
    ['8784h', { amount: 8784, unit: 'h' }],
  ])('reads %s as an amount and a unit', (text, expected) => {
    expect(parseWithin(text)).toEqual(expected);
  });

  it.each(['3x', '0d', '-1h', '1.5d', '', ' 3d', '3d ', '3D', '03d', 'd', '72', '3 wd', '367d', '8785h', '367wd'])(
    'refuses %j with a DeadlinePolicyError naming the field',
    (text) => {
      expect(() => parseWithin(text)).toThrow(DeadlinePolicyError);
      try {
        parseWithin(text);
      } catch (error) {
        expect((error as DeadlinePolicyError).problems[0].field).toBe('within');
        expect((error as DeadlinePolicyError).code).toBe('invalid_deadline_policy');
      }
    },
  );

  it('explains what a valid length looks like', () => {
    expect(() => parseWithin('3x')).toThrow(
      /"3x" is not a window length.*h \(clock hours\), d \(calendar days\) or wd/,
    );
  });
});

describe('isValidWithin', () => {
  it('accepts the three units and refuses anything else, including non-strings', () => {
    expect(['72h', '3d', '5wd'].every(isValidWithin)).toBe(true);
    expect([undefined, null, 3, '0h', '2w', '-3d'].some(isValidWithin)).toBe(false);
  });
});
