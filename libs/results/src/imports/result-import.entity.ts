import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import { Election } from '@app/elections';

export const IMPORT_KINDS = ['stations', 'seats', 'sheets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Who runs it: the worker (an upload, through the queue) or the CLI, in-process. */
export const IMPORT_RUNNERS = ['worker', 'cli'] as const;
export type ImportRunnerKind = (typeof IMPORT_RUNNERS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface RejectedRow {
  /** Line in the file; the header is line 1. */
  row: number;
  field: string | null;
  message: string;
}

/** One uploaded file and its report: what was accepted, what was rejected and why. */
@Entity('result_imports')
@Check('result_imports_kind', `kind IN (${sqlList(IMPORT_KINDS)})`)
@Check('result_imports_runner', `runner IN (${sqlList(IMPORT_RUNNERS)})`)
@Check('result_imports_status', `status IN (${sqlList(IMPORT_STATUSES)})`)
@Index('result_imports_election', ['electionId', 'createdAt'])
export class ResultImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('int')
  electionId: number;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id' })
  election?: Election;

  @Column('text')
  kind: ImportKind;

  /** For sheets: the source every row of the file belongs to. */
  @Column('text', { nullable: true })
  source: string | null;

  @Column('text', { default: 'queued' })
  status: ImportStatus;

  /** A CLI import whose process died is failed by the worker's sweeper (ImportSweeper). */
  @Column('text', { default: 'worker' })
  runner: ImportRunnerKind;

  /** 0 to 1. */
  @Column('real', { default: 0 })
  progress: number;

  @Column('int', { nullable: true })
  rowsTotal: number | null;

  @Column('int', { default: 0 })
  rowsAccepted: number;

  @Column('int', { default: 0 })
  rowsRejected: number;

  /** Accepted rows that changed something (a new station, a new sheet version…). */
  @Column('int', { default: 0 })
  rowsChanged: number;

  @Column('jsonb', { default: () => "'[]'" })
  errors: RejectedRow[];

  /** Why the whole file failed, when it did. */
  @Column('text', { nullable: true })
  failure: string | null;

  @Column('text')
  fileName: string;

  @Column('text')
  fileSha256: string;

  @Column('bigint')
  fileSize: string;

  /** Where the uploaded file is kept, relative to STORAGE_DIR. */
  @Column('text')
  storedAs: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
