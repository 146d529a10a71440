import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import { Case } from '../case.entity';

export const DECISION_OUTCOMES = ['upheld', 'partially_upheld', 'dismissed', 'inadmissible'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const REMEDY_KINDS = ['recount', 'result_correction', 'annulment'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

/** A remedy the decision orders; `figures` are the corrected sheets of a result correction. */
export interface Remedy {
  kind: RemedyKind;
  stationCodes: string[];
  figures?: Record<string, unknown>[];
}

/** The decision on a case: drafted, proposed, approved by another, published and then immutable. */
@Entity('decisions')
@Check('decisions_outcome', `outcome IN (${sqlList(DECISION_OUTCOMES)})`)
@Index('decisions_case', ['caseId'], { unique: true, where: 'amends_id IS NULL' })
export class Decision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column('text')
  outcome: DecisionOutcome;

  @Column('text')
  findings: string;

  @Column('text')
  reasoning: string;

  @Column('text', { array: true, default: () => "'{}'" })
  legalBasis: string[];

  @Column('jsonb', { default: () => "'[]'" })
  remedies: Remedy[];

  /** Set when this decision corrects a published one. */
  @Column('uuid', { nullable: true })
  amendsId: string | null;

  /** An amendment's why, and its number among the case's published amendments (…/A1, …/A2). */
  @Column('text', { nullable: true })
  amendmentReason: string | null;

  @Column('int', { nullable: true })
  amendmentNumber: number | null;

  @Column('uuid')
  draftedBy: string;

  @Column('uuid', { nullable: true })
  proposedBy: string | null;

  @Column('timestamptz', { nullable: true })
  proposedAt: Date | null;

  @Column('uuid', { nullable: true })
  approvedBy: string | null;

  @Column('timestamptz', { nullable: true })
  approvedAt: Date | null;

  @Column('uuid', { nullable: true })
  publishedBy: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  /** The adjudicator's comments when it returned the proposal. */
  @Column('text', { nullable: true })
  returnComments: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
