import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { canonicalJson } from '@app/platform';
import { AuditEntry } from './audit-entry.entity';
import { auditHash, canonicalAround, GENESIS_HASH } from './audit-hash';

/** What a caller says about a change; the trail adds the seq, the time (unless given) and the hashes. */
export interface NewAuditEntry {
  subjectType: string;
  subjectId: string;
  /** Null when the system acted. */
  actorId: string | null;
  actorRole: string | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  /** JSON values (a Date becomes its ISO string); undefined is stored as null. */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Defaults to now; stored and hashed to the millisecond. */
  at?: Date;
}

export interface VerifyOptions {
  /** Only this kind of subject. */
  subjectType?: string;
  /** Only this subject. */
  subjectId?: string;
  /** Entries read per round trip (default 5,000). */
  pageSize?: number;
}

export interface BrokenEntry {
  subjectType: string;
  subjectId: string;
  seq: number;
  reason: string;
}

export interface ChainReport {
  subjectsChecked: number;
  entriesChecked: number;
  broken: BrokenEntry[];
}

/** Entries read per round trip by verifyChains: memory stays flat however large the table. */
const VERIFY_PAGE = 5_000;

const COLUMNS = `id, subject_type, subject_id, seq, actor_id, actor_role, action, from_state, to_state, at, before, after,
  reason, prev_hash, hash, extract(microseconds FROM at)::int % 1000 AS at_micros`;

/** The unique index that keeps a subject's chain from forking. */
const CHAIN_INDEX = 'audit_entries_subject_seq';

/**
 * `append`'s INSERT, for a statement of the caller's own: its parameters are numbered from `first`, and
 * with `source` (a CTE of that statement) the entry is inserted once per row of it — none when it has
 * none, as after a guarded `UPDATE … RETURNING` that matched nothing. The last entry is read with the
 * statement's snapshot: a caller that takes the subject's row lock in the same statement can miss an
 * entry committed by a transaction it waited for, which the unique index then refuses
 * (`isAuditChainRace`); tried again, the statement sees it.
 */
export function auditInsert(entry: NewAuditEntry, first = 1, source?: string): { sql: string; params: unknown[] } {
  const fields = {
    subjectType: entry.subjectType,
    subjectId: entry.subjectId.toLowerCase(), // PostgreSQL writes uuids in lower case; hash what it will return
    actorId: entry.actorId?.toLowerCase() ?? null,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    fromState: entry.fromState ?? null,
    toState: entry.toState ?? null,
    at: new Date((entry.at ?? new Date()).getTime()),
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  };
  if (Number.isNaN(fields.at.getTime())) throw new TypeError('AuditTrail.append: at is not a valid date');
  const { prefix, suffix } = canonicalAround(fields);
  const $ = (n: number) => `$${first + n - 1}`;
  const sql = `INSERT INTO audit_entries (subject_type, subject_id, seq, actor_id, actor_role, action, from_state, to_state,
                                  at, before, after, reason, prev_hash, hash)
       SELECT ${$(1)}, ${$(2)}::uuid, next.seq, ${$(3)}::uuid, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)}, ${$(8)}::timestamptz,
              ${$(9)}::jsonb, ${$(10)}::jsonb, ${$(11)}, next.prev_hash,
              encode(sha256(convert_to(next.prev_hash || E'\\n' || ${$(12)}::text || next.seq::text || ${$(13)}::text, 'UTF8')), 'hex')
       FROM ${source ? `${source}, ` : ''}(
         SELECT coalesce(last.seq, 0) + 1 AS seq, coalesce(last.hash, '${GENESIS_HASH}') AS prev_hash
         FROM (VALUES (1)) AS one
         LEFT JOIN LATERAL (
           SELECT seq, hash FROM audit_entries
           WHERE subject_type = ${$(1)} AND subject_id = ${$(2)}::uuid
           ORDER BY seq DESC LIMIT 1
         ) AS last ON true
       ) AS next`;
  const params = [
    fields.subjectType,
    fields.subjectId,
    fields.actorId,
    fields.actorRole,
    fields.action,
    fields.fromState,
    fields.toState,
    fields.at.toISOString(),
    fields.before === null ? null : canonicalJson(fields.before),
    fields.after === null ? null : canonicalJson(fields.after),
    fields.reason,
    prefix,
    suffix,
  ];
  return { sql, params };
}

/** The unique index refused an entry: another one of its subject was committed after the statement's snapshot. */
export function isAuditChainRace(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  const constraint = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && constraint === CHAIN_INDEX;
}

interface AuditRow {
  id: string;
  subject_type: string;
  subject_id: string;
  seq: number;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  at: Date;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string;
  hash: string;
  at_micros: number;
}

/**
 * The hash-chained audit trail of cases, recounts and whatever else needs one. Appends join the
 * caller's transaction, so an entry exists exactly when the change it records was committed.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Appends the subject's next entry in one statement: it reads the last entry (the unique
   * (subject_type, subject_id, seq) index, backwards), and the database computes the hash from the
   * canonical JSON cut around the seq it assigns. The caller must hold the subject's row lock (its
   * guarded UPDATE), which orders concurrent appends; the unique index refuses any that slip by.
   */
  @Transactional(Propagation.Mandatory)
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const { sql, params } = auditInsert(entry);
    const rows: AuditRow[] = await this.txHost.tx.query(`${sql} RETURNING ${COLUMNS}`, params);
    return toEntry(rows[0]);
  }

  /** A subject's entries, oldest first. */
  async history(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq`,
      [subjectType, subjectId.toLowerCase()],
    );
    return rows.map(toEntry);
  }

  /**
   * Recomputes every hash of the chosen chains (all of them by default) and checks that each
   * entry follows the one before it: seq without gaps from 1, prev_hash equal to the previous
   * entry's hash, hash equal to what the entry says. Reads in pages along the unique index.
   */
  async verifyChains(options: VerifyOptions = {}): Promise<ChainReport> {
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? VERIFY_PAGE));
    const report: ChainReport = { subjectsChecked: 0, entriesChecked: 0, broken: [] };
    const filters: string[] = [];
    const params: unknown[] = [];
    if (options.subjectType !== undefined) filters.push(`subject_type = $${params.push(options.subjectType)}`);
    if (options.subjectId !== undefined) filters.push(`subject_id = $${params.push(options.subjectId.toLowerCase())}`);
    let previous: AuditRow | undefined;
    for (;;) {
      const after = previous
        ? [`(subject_type, subject_id, seq) > ($${params.length + 1}, $${params.length + 2}, $${params.length + 3})`]
        : [];
      const where = [...filters, ...after];
      const rows: AuditRow[] = await this.txHost.tx.query(
        `SELECT ${COLUMNS} FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY subject_type, subject_id, seq LIMIT ${pageSize}`,
        previous ? [...params, previous.subject_type, previous.subject_id, previous.seq] : params,
      );
      for (const row of rows) {
        const sameSubject = previous?.subject_type === row.subject_type && previous.subject_id === row.subject_id;
        if (!sameSubject) report.subjectsChecked += 1;
        report.entriesChecked += 1;
        const reason = brokenLink(sameSubject ? previous : undefined, row);
        if (reason) {
          report.broken.push({ subjectType: row.subject_type, subjectId: row.subject_id, seq: row.seq, reason });
        }
        previous = row;
      }
      if (rows.length < pageSize) return report;
    }
  }
}

/** Why an entry does not follow its predecessor (undefined for a subject's first), or null. */
function brokenLink(previous: AuditRow | undefined, row: AuditRow): string | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (row.seq !== expectedSeq) {
    return previous
      ? `seq ${row.seq} follows seq ${previous.seq}: entries are missing`
      : `the first entry is seq ${row.seq}: entries are missing`;
  }
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (row.prev_hash !== expectedPrev) {
    return previous
      ? `prev_hash is not the hash of seq ${previous.seq}`
      : 'prev_hash of the first entry is not the genesis hash';
  }
  // A Date holds milliseconds; an `at` changed below them would otherwise go unseen.
  if (row.at_micros !== 0) return 'hash does not match the entry (at has been altered)';
  let hash: string;
  try {
    hash = auditHash(row.prev_hash, toEntry(row));
  } catch (error) {
    return `its contents cannot be hashed: ${(error as Error).message}`;
  }
  return hash === row.hash ? null : 'hash does not match the entry';
}

function toEntry(row: AuditRow): AuditEntry {
  return Object.assign(new AuditEntry(), {
    id: String(row.id),
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    seq: row.seq,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    at: row.at,
    before: row.before,
    after: row.after,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}
