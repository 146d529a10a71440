import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Election } from '../elections/election.entity';

@Entity('polling_stations')
@Index('polling_stations_code', ['electionId', 'code'], { unique: true })
@Index('polling_stations_commune', ['electionId', 'communeCode'])
export class PollingStation {
  @PrimaryGeneratedColumn('identity')
  id: number;

  @Column('int')
  electionId: number;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  communeCode: string;

  /** Denormalised from the hierarchy: filters by district or province need no join. */
  @Column('text')
  districtCode: string;

  @Column('text')
  provinceCode: string;

  @Column('int')
  registeredVoters: number;
}
