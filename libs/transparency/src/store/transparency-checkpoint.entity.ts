import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The signed checkpoint of each tree size, kept for ever (append-only). */
@Entity('transparency_checkpoints')
export class TransparencyCheckpoint {
  @PrimaryColumn('bigint')
  treeSize: string;

  @Column('bytea')
  rootHash: Buffer;

  /** The C2SP signed note, as served. */
  @Column('text')
  note: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
