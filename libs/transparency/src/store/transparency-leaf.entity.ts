import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const LEAF_KINDS = ['decision', 'amendment', 'recount'] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

/**
 * One leaf of the transparency log: the canonical JSON (RFC 8785) of a public record, numbered
 * 0, 1, 2… without gaps. Only ever inserted: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity('transparency_leaves')
@Check('transparency_leaves_kind', `kind IN ('decision', 'amendment', 'recount')`)
@Index('transparency_leaves_leaf_hash', ['leafHash'])
export class TransparencyLeaf {
  @PrimaryColumn('bigint')
  index: string;

  @Column('text')
  kind: LeafKind;

  /** What the record is, for its public page: a decision's or amendment's reference, a recount's. */
  @Column('text')
  reference: string;

  /** The canonical JSON of the record, exactly the bytes that are hashed. */
  @Column('text')
  leaf: string;

  /** SHA-256(0x00 ‖ leaf). */
  @Column('bytea')
  leafHash: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
