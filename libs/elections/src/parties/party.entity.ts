import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Election } from '../elections/election.entity';

/** A contestant of one election. `position` orders the votes array of every result sheet. */
@Entity('parties')
@Index('parties_position', ['electionId', 'position'], { unique: true })
export class Party {
  @PrimaryColumn('int')
  electionId: number;

  @PrimaryColumn('text')
  code: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  nameKm: string | null;

  @Column('smallint')
  position: number;
}
