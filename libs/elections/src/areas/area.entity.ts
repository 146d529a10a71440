import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import { Election } from '../elections/election.entity';
import { AREA_LEVELS, AreaLevel } from '../elections/election-terms';

/**
 * One node of an election's area hierarchy (province → district → commune). Areas belong to an
 * election, so that countries whose codes overlap never collide.
 */
@Entity('areas')
@Check('areas_level', `level IN (${sqlList(AREA_LEVELS)})`)
@Index('areas_parent', ['electionId', 'parentCode'])
@Index('areas_by_level', ['electionId', 'level', 'code'])
export class Area {
  @PrimaryColumn('int')
  electionId: number;

  @PrimaryColumn('text')
  code: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  @Column('text')
  level: AreaLevel;

  @Column('text', { nullable: true })
  parentCode: string | null;

  @Column('text')
  nameEn: string;

  @Column('text', { nullable: true })
  nameKm: string | null;

  /** Seats when the area is a contest unit of the election, else null. */
  @Column('int', { nullable: true })
  seats: number | null;
}
