import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The hash of a perfect subtree of the log, stored when its last leaf is appended: node
 * `(level, index)` covers leaves `[index·2^level, (index+1)·2^level)`, level 0 being the leaf hashes.
 * Any proof is the fold of O(log n) of them. Append-only, like the leaves.
 */
@Entity('transparency_nodes')
export class TransparencyNode {
  @PrimaryColumn('smallint')
  level: number;

  @PrimaryColumn('bigint')
  index: string;

  @Column('bytea')
  hash: Buffer;
}
