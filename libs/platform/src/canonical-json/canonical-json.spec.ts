import { canonicalJson, CanonicalJsonError } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts object members by name at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('orders names by UTF-16 code units, not by code points or locale', () => {
    // RFC 8785 §3.2.3's example: "\r" < "1" < "\u0080" < "ö" < "€" < "😀" (U+1F600, D83D DE00) < "דּ" (U+FB33)
    const names = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const input = Object.fromEntries(names.map((n, i) => [n, i]));
    expect(canonicalJson(input)).toBe('{"\\r":1,"1":3,"\u0080":5,"ö":6,"€":0,"😀":4,"דּ":2}');
    // Upper case sorts before lower case; a prefix before its extensions.
    expect(canonicalJson({ b: 0, B: 0, ab: 0, a: 0 })).toBe('{"B":0,"a":0,"ab":0,"b":0}');
  });

  it('writes numbers the way ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [Number.MIN_VALUE, '5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [333333333.3333333, '333333333.3333333'],
    ];
    for (const [n, text] of cases) expect(canonicalJson(n)).toBe(text);
  });

  it('refuses what is not I-JSON rather than changing it', () => {
    expect(() => canonicalJson(NaN)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [Infinity] })).toThrow('$.a[0]');
    expect(() => canonicalJson(10n)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson('\ud800')).toThrow('lone surrogate');
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow('lone surrogate');
    expect(() => canonicalJson([undefined])).toThrow('undefined');
    expect(() => canonicalJson(undefined)).toThrow('undefined');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('function');
  });

  it('escapes strings minimally, with lower-case \\u escapes for control characters only', () => {
    expect(canonicalJson('"\\\b\f\n\r\t\u0000\u001f\u007f/é')).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f/é"');
  });

  it('keeps Khmer (and any non-ASCII) text as it is, unescaped and unnormalised', () => {
    const khmer = 'ភ្នំពេញ'; // Phnom Penh
    expect(canonicalJson({ nameKm: khmer, name: 'Phnom Penh' })).toBe(`{"name":"Phnom Penh","nameKm":"${khmer}"}`);
    expect(Buffer.from(canonicalJson(khmer), 'utf8').toString('hex')).toBe(
      '22' + Buffer.from(khmer, 'utf8').toString('hex') + '22',
    );
    // Composed and decomposed forms are different strings, and stay different.
    expect(canonicalJson('\u00e9')).not.toBe(canonicalJson('e\u0301'));
    expect(canonicalJson({ '😀': '😀' })).toBe('{"😀":"😀"}');
  });

  it('omits undefined members and honours toJSON, as JSON.stringify does', () => {
    const at = new Date('2017-06-04T10:00:00.000Z');
    expect(canonicalJson({ b: undefined, a: at })).toBe('{"a":"2017-06-04T10:00:00.000Z"}');
  });

  it('agrees with JSON.stringify on values whose members are already sorted', () => {
    const value = { a: [1, 'two', true, null, { b: -3.25 }], c: 'ភ', d: {} };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  it('is the same for a value and its JSON round trip', () => {
    const value = { z: [1e21, 0.5, 'ស'], a: { y: null, x: false } };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});
