import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PollingStation } from '@app/elections';
import { sqlList } from '@app/platform/database/sql-text';
import { Case } from '../case.entity';
import { RECOUNT_STATES, RecountState } from './recount-workflow';

/** A recount of one station, ordered during review: ordered → scheduled → counted → certified. */
@Entity('recounts')
@Check('recounts_state', `state IN (${sqlList(RECOUNT_STATES)})`)
@Index('recounts_case', ['caseId'])
export class Recount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column('int')
  stationId: number;

  @ManyToOne(() => PollingStation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id' })
  station?: PollingStation;

  @Column('text')
  state: RecountState;

  @Column('int', { default: 1 })
  version: number;

  @Column('uuid')
  orderedBy: string;

  @Column('timestamptz', { nullable: true })
  scheduledAt: Date | null;

  @Column('text', { nullable: true })
  place: string | null;

  /** The `recount` sheet version its figures were entered as. */
  @Column('bigint', { nullable: true })
  sheetId: string | null;

  /** The current official sheet the recount replaces, as it stood when the figures were entered. */
  @Column('bigint', { nullable: true })
  replacedSheetId: string | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @Column('timestamptz', { nullable: true })
  certifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
