import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One entry of a subject's audit trail: who did what to it, when, what it was before and after.
 * Rows are only ever inserted (a trigger refuses UPDATE, DELETE and TRUNCATE); each carries the hash
 * of the previous entry of its subject, so that an altered or removed entry breaks the chain.
 */
@Entity('audit_entries')
@Unique('audit_entries_subject_seq', ['subjectType', 'subjectId', 'seq'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** What the entry is about: 'case', 'recount', … */
  @Column('text')
  subjectType: string;

  @Column('uuid')
  subjectId: string;

  /** 1, 2, 3… per subject. */
  @Column('int')
  seq: number;

  /** Null when the system acted (a deadline, a job). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorRole: string | null;

  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  fromState: string | null;

  @Column('text', { nullable: true })
  toState: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('jsonb', { nullable: true })
  before: unknown;

  @Column('jsonb', { nullable: true })
  after: unknown;

  @Column('text', { nullable: true })
  reason: string | null;

  /** The hash of the subject's previous entry; 64 zeros for the first. */
  @Column('text')
  prevHash: string;

  @Column('text')
  hash: string;
}
