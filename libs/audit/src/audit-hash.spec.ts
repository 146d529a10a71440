import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/platform';
import { auditHash, canonicalAround, GENESIS_HASH, HashedFields } from './audit-hash';

const entry: HashedFields = {
  subjectType: 'case',
  subjectId: '6f1c1c0e-3c52-4d7a-9a53-0c4d8b1f9e21',
  seq: 1,
  actorId: '0b3f1e5a-7d2c-4c3e-8f4a-2b6d9e1c7a55',
  actorRole: 'officer',
  action: 'register',
  fromState: 'filed',
  toState: 'registered',
  at: new Date('2017-06-05T03:04:05.678Z'),
  before: { state: 'filed', version: 1 },
  after: { state: 'registered', version: 2 },
  reason: null,
};

describe('the audit hash', () => {
  it('is sha256hex(prev_hash + "\\n" + the canonical JSON of the entry), at as ISO 8601 UTC', () => {
    const canonical =
      '{"action":"register","actorId":"0b3f1e5a-7d2c-4c3e-8f4a-2b6d9e1c7a55","actorRole":"officer",' +
      '"after":{"state":"registered","version":2},"at":"2017-06-05T03:04:05.678Z",' +
      '"before":{"state":"filed","version":1},"fromState":"filed","reason":null,"seq":1,' +
      '"subjectId":"6f1c1c0e-3c52-4d7a-9a53-0c4d8b1f9e21","subjectType":"case","toState":"registered"}';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex');
    expect(auditHash(GENESIS_HASH, entry)).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('changes with any field, and with the previous hash', () => {
    const base = auditHash(GENESIS_HASH, entry);
    const variants: Partial<HashedFields>[] = [
      { seq: 2 },
      { actorId: null },
      { actorRole: 'adjudicator' },
      { action: 'reject' },
      { fromState: null },
      { toState: 'inadmissible' },
      { at: new Date('2017-06-05T03:04:05.679Z') },
      { before: { state: 'filed', version: 2 } },
      { after: null },
      { reason: 'late' },
      { subjectType: 'recount' },
      { subjectId: '6f1c1c0e-3c52-4d7a-9a53-0c4d8b1f9e22' },
    ];
    const hashes = variants.map((v) => auditHash(GENESIS_HASH, { ...entry, ...v }));
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
    expect(auditHash('a'.repeat(64), entry)).not.toBe(base);
  });

  it('does not depend on the order of keys in before and after', () => {
    const reordered = { ...entry, before: { version: 1, state: 'filed' } };
    expect(auditHash(GENESIS_HASH, reordered)).toBe(auditHash(GENESIS_HASH, entry));
  });

  it('treats absent before/after as null', () => {
    expect(auditHash(GENESIS_HASH, { ...entry, before: undefined })).toBe(
      auditHash(GENESIS_HASH, { ...entry, before: null }),
    );
  });

  describe('canonicalAround (what the database hashes with the seq it assigns)', () => {
    const tricky: Omit<HashedFields, 'seq'> = {
      ...entry,
      actorId: null,
      actorRole: null,
      // Names that sort around "seq", nested, and text that looks like JSON, in Khmer too.
      before: { seq: 99, reason: '"seq":1', z: [{ seq: 1 }] },
      after: { nameKm: 'ភ្នំពេញ', note: 'a\nb\u0000', n: 1e21 },
      reason: 'ភស្តុតាងមិនគ្រប់គ្រាន់ "seq":',
    };

    it.each([1, 2, 10, 2147483647])('prefix + %i + suffix is exactly the canonical JSON', (seq) => {
      const { prefix, suffix } = canonicalAround(tricky);
      const { at, ...rest } = tricky;
      expect(`${prefix}${seq}${suffix}`).toBe(canonicalJson({ ...rest, seq, at: at.toISOString() }));
    });

    it('hashes to auditHash of the same entry', () => {
      const { prefix, suffix } = canonicalAround(tricky);
      const sha = createHash('sha256').update(`${GENESIS_HASH}\n${prefix}7${suffix}`, 'utf8').digest('hex');
      expect(sha).toBe(auditHash(GENESIS_HASH, { ...tricky, seq: 7 }));
    });
  });
});
