import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PUBLIC_RECORD_KINDS = ['decision', 'amendment', 'recount'] as const;
export type PublicRecordKind = (typeof PUBLIC_RECORD_KINDS)[number];

/**
 * One public record as it was published: the redacted JSON the transparency log holds a leaf of,
 * and the document served to readers. Never changed once written (a trigger refuses it), except
 * that the worker stamps the leaf index once, after appending it to the log.
 */
@Entity('public_records')
@Check('public_records_kind', `kind IN ('decision', 'amendment', 'recount')`)
@Index('public_records_identity', ['kind', 'reference'], { unique: true })
@Index('public_records_published', ['publishedAt', 'id'])
@Index('public_records_search', { synchronize: false })
@Index('public_records_search_text', { synchronize: false })
export class PublicRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('text')
  kind: PublicRecordKind;

  /** A decision's case reference, an amendment's `REF/A1`, a recount's id. */
  @Column('text')
  reference: string;

  @Column('uuid')
  caseId: string;

  @Column('int')
  electionId: number;

  @Column('text')
  electionCode: string;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('text', { nullable: true })
  category: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  areaCodes: string[];

  /** The record: what the log's leaf is the canonical JSON of. */
  @Column('jsonb')
  record: Record<string, unknown>;

  /** RFC 8785 canonical JSON of `record`, exactly the leaf appended to the log. */
  @Column('text')
  leaf: string;

  /** Everything searchable, in every language, for full text and trigram search. */
  @Column('text')
  searchText: string;

  @Column('tsvector', { select: false, nullable: true })
  search: string | null;

  @Column('bigint', { nullable: true })
  leafIndex: string | null;

  /** The JSON served to readers (the record and its leaf index), prepared once; and its ETag. */
  @Column('text', { nullable: true })
  document: string | null;

  @Column('text', { nullable: true })
  etag: string | null;

  @Column('timestamptz')
  publishedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
