import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import { Case } from '../case.entity';
import { Decision, REMEDY_KINDS, RemedyKind } from './decision.entity';

/**
 * A remedy of a published decision (or amendment) as it was applied: the recount tasks it is
 * waiting on, or the sheet versions it added. Its status is read from those, never stored.
 */
@Entity('decision_remedies')
@Check('decision_remedies_kind', `kind IN (${sqlList(REMEDY_KINDS)})`)
@Index('decision_remedies_case', ['caseId'])
export class DecisionRemedy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  decisionId: string;

  @ManyToOne(() => Decision, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'decision_id' })
  decision?: Decision;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column('text')
  kind: RemedyKind;

  @Column('text', { array: true })
  stationCodes: string[];

  /** recount: the tasks it ordered, or the open ones of the case it found for its stations. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  recountIds: string[];

  /** result_correction, annulment: the official_final versions it added. */
  @Column('bigint', { array: true, default: () => "'{}'" })
  sheetIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  appliedAt: Date;
}
