import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/platform';

/** The prev_hash of a subject's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: everything it says, nothing the database assigns but its seq. */
export interface HashedFields {
  subjectType: string;
  subjectId: string;
  seq: number;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  at: Date;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** `sha256hex(prevHash + "\n" + canonicalJson(fields))`, `at` as an ISO 8601 UTC string. */
export function auditHash(prevHash: string, fields: HashedFields): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(hashedObject(fields))}`);
}

/**
 * The canonical JSON of an entry cut around its seq, so that the database, which assigns the seq,
 * can compute the hash in the statement that inserts the entry: `prefix + seq + suffix` is
 * exactly `canonicalJson(fields)`. The top-level names are fixed, so their order is written out
 * here (RFC 8785 order: "seq" sorts after "reason" and before "subjectId").
 */
export function canonicalAround(fields: Omit<HashedFields, 'seq'>): { prefix: string; suffix: string } {
  const o = hashedObject({ ...fields, seq: 0 });
  const member = (name: keyof typeof o) => `"${name}":${canonicalJson(o[name])}`;
  return {
    prefix: `{${(['action', 'actorId', 'actorRole', 'after', 'at', 'before', 'fromState', 'reason'] as const).map(member).join(',')},"seq":`,
    suffix: `,${(['subjectId', 'subjectType', 'toState'] as const).map(member).join(',')}}`,
  };
}

function hashedObject(fields: HashedFields) {
  return {
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    seq: fields.seq,
    actorId: fields.actorId,
    actorRole: fields.actorRole,
    action: fields.action,
    fromState: fields.fromState,
    toState: fields.toState,
    at: fields.at.toISOString(),
    before: fields.before ?? null,
    after: fields.after ?? null,
    reason: fields.reason,
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
