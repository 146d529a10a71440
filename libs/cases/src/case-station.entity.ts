import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PollingStation } from '@app/elections';
import { Case } from './case.entity';

/** One sheet as the complainant saw it when filing. */
export interface SheetSnapshot {
  sheetId: string;
  source: string;
  version: number;
  registeredVoters: number;
  ballotsCast: number;
  invalidBallots: number;
  validBallots: number;
  /** In the election's party order, as result_sheets keeps them. */
  votes: number[];
  findings: string[];
  certified: boolean;
}

/** A station a case is about, with the snapshot of its current sheets at filing. */
@Entity('case_stations')
@Index('case_stations_station', ['stationId'])
export class CaseStation {
  @PrimaryColumn('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @PrimaryColumn('int')
  stationId: number;

  @ManyToOne(() => PollingStation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id' })
  station?: PollingStation;

  @Column('jsonb', { default: () => "'[]'" })
  snapshot: SheetSnapshot[];

  @Column('timestamptz', { nullable: true })
  snapshotAt: Date | null;
}
