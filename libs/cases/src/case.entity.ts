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
import { Election } from '@app/elections';
import {
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_STATES,
  CaseCategory,
  CaseKind,
  CaseState,
  COMPLAINANT_KINDS,
  ComplainantKind,
  REQUESTED_REMEDIES,
  RequestedRemedy,
} from './workflow/case-terms';

/** A scheduled hearing, as `schedule_hearing` set it and `record_hearing` completed it. */
export interface Hearing {
  at: string;
  place: string;
  minutes?: string;
}

/** An appeal against the published decision, and what the appellate body made of it. */
export interface Appeal {
  reason: string;
  filedAt: string;
  filedBy: string;
  outcome?: string;
  appellateReference?: string;
  decidedAt?: string;
}

/** A complaint or a recount request (DOMAIN.md "Cases"), moved only by the workflow table. */
@Entity('cases')
@Check('cases_state', `state IN (${sqlList(CASE_STATES)})`)
@Check('cases_kind', `kind IN (${sqlList(CASE_KINDS)})`)
@Check('cases_category', `category IN (${sqlList(CASE_CATEGORIES)})`)
@Check('cases_requested_remedy', `requested_remedy IS NULL OR requested_remedy IN (${sqlList(REQUESTED_REMEDIES)})`)
@Check('cases_complainant_kind', `complainant_kind IN (${sqlList(COMPLAINANT_KINDS)})`)
// A draft withdrawn before it was filed never had a reference.
@Check('cases_filed_has_reference', `state IN ('draft', 'withdrawn') OR reference IS NOT NULL`)
@Index('cases_reference', ['reference'], { unique: true })
@Index('cases_election_number', ['electionId', 'number'], { unique: true })
// The officers' queue: (coalesce(materiality, -1) DESC, id DESC), an expression TypeORM cannot declare.
@Index('cases_materiality_queue', { synchronize: false })
@Index('cases_due', ['dueAt', 'id'])
@Index('cases_provinces', { synchronize: false })
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('int')
  electionId: number;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  /** `CODE-000123`, from the election's gap-free sequence; null while a draft. */
  @Column('text', { nullable: true })
  reference: string | null;

  @Column('int', { nullable: true })
  number: number | null;

  @Column('text')
  kind: CaseKind;

  @Column('text')
  category: CaseCategory;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('date', { nullable: true })
  incidentDate: string | null;

  @Column('text', { nullable: true })
  requestedRemedy: RequestedRemedy | null;

  @Column('text')
  complainantKind: ComplainantKind;

  @Column('text', { nullable: true })
  complainantPartyCode: string | null;

  @Column('text', { nullable: true })
  complainantOrganisation: string | null;

  @Column('text', { nullable: true })
  respondentPartyCode: string | null;

  @Column('uuid')
  createdBy: string;

  @Column('text')
  state: CaseState;

  /** Optimistic concurrency: every transition bumps it, and a stale one gets 409. */
  @Column('int', { default: 1 })
  version: number;

  /** Provinces of the linked stations: officers see the cases of their jurisdiction. */
  @Column('text', { array: true, default: () => "'{}'" })
  provinceCodes: string[];

  /** Largest ballots-cast-to-seat-swing-margin ratio over the units of the linked stations. */
  @Column('float8', { nullable: true })
  materiality: number | null;

  /** The units behind the ratio: ballots cast at the linked stations and each unit's margin. */
  @Column('jsonb', { default: () => "'[]'" })
  materialityUnits: { areaCode: string; ballotsCast: number; marginVotes: number | null; ratio: number | null }[];

  @Column('boolean', { default: false })
  late: boolean;

  @Column('boolean', { default: false })
  overdue: boolean;

  /** When the deadline it runs against now falls due (null: none, or paused): the queue sorts by it. */
  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @Column('jsonb', { nullable: true })
  hearing: Hearing | null;

  @Column('jsonb', { nullable: true })
  appeal: Appeal | null;

  /** Why the case was rejected or withdrawn. */
  @Column('text', { nullable: true })
  closingReason: string | null;

  @Column('uuid', { nullable: true })
  mergedIntoId: string | null;

  /** Stretches the decision clock stood still (awaiting information). */
  @Column('jsonb', { default: () => "'[]'" })
  pauses: { from: string; to: string | null }[];

  @Column('timestamptz', { nullable: true })
  filedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  registeredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  informationRequestedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
