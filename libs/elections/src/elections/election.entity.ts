import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import type { DeadlinePolicy } from '../deadlines';
import {
  CONTEST_LEVELS,
  ContestLevel,
  ELECTION_STATUSES,
  ElectionStatus,
  SEAT_METHODS,
  SeatMethod,
} from './election-terms';

export interface ElectionThresholds {
  /** Invalid share above which a sheet gets a HIGH_INVALID finding. */
  highInvalidShare: number;
  /** Turnout above which a sheet gets a HIGH_TURNOUT finding. */
  highTurnout: number;
}

@Entity('elections')
@Check('elections_status', `status IN (${sqlList(ELECTION_STATUSES)})`)
@Check('elections_seat_method', `seat_method IN (${sqlList(SEAT_METHODS)})`)
@Check('elections_contest_level', `contest_level IN (${sqlList(CONTEST_LEVELS)})`)
export class Election {
  @PrimaryGeneratedColumn('identity')
  id: number;

  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  nameKm: string | null;

  /** `commune_council`, `national_assembly`, `presidential`, `provincial_council`, … */
  @Column('text')
  kind: string;

  @Column('date')
  pollingDate: string;

  @Column('text')
  seatMethod: SeatMethod;

  @Column('text')
  contestLevel: ContestLevel;

  @Column('text', { default: 'preparation' })
  status: ElectionStatus;

  /** Starts the filing window. */
  @Column('timestamptz', { nullable: true })
  preliminaryResultsAt: Date | null;

  @Column('jsonb')
  deadlinePolicy: DeadlinePolicy;

  @Column('jsonb')
  thresholds: ElectionThresholds;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
